"""The institutions' tools: SKPD ranking and the Apresiasi list (everyone), anomaly flags (verifikator), norma
waktu calibration (Bagian Organisasi) and the what-if simulation (Sekda, finance)."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ekinerja import clock, settings, web
from ekinerja.auth import roles_required
from ekinerja.models import AturanTpp, Pegawai, Skpd
from ekinerja.models.institutions import AturanInstitusi
from ekinerja.rules.ranking import MEASURE_LABELS, MEASURES
from ekinerja.rules.refusal import Refused
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.services import anomalies, calibration, periods, ranking, whatif
from ekinerja.web import pdf_response, period_or_last_month, show_refusal, year_or
from reports import institutions
from reports.tables import csv_bytes

bp = Blueprint("institutions", __name__)


def _period():
    return period_or_last_month(request.args.get("periode"))


def _csv(content, name):
    response = Response(content, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def month_labels(months):
    """Short labels of (year, month) pairs for a chart's axis: 01/26 ..."""
    return [f"{m:02d}/{y % 100:02d}" for y, m in months]


@bp.route("/peringkat")
@login_required
def ranking_page():
    year, month = _period()
    settings = AturanInstitusi.current()
    weights = settings.weights()
    months, series = ranking.trends(year, month)
    return render_template(
        "institutions/ranking.html",
        year=year,
        month=month,
        rows=ranking.month_scores(year, month),
        yearly=ranking.year_scores(year),
        series=series,
        chart=[(s["nama"], [s["skor"].get(m) for m in months]) for s in series.values()],
        chart_labels=month_labels(months),
        rules=[(MEASURE_LABELS[name], getattr(weights, name)) for name in MEASURES],
        own=ranking.own_band(current_user.pegawai_id, year, month) if current_user.pegawai_id else None,
        locked=periods.period_of(year, month).status == DIKUNCI,
    )


@bp.route("/peringkat/apresiasi")
@login_required
def appreciation():
    year, month = _period()
    return render_template(
        "institutions/appreciation.html", year=year, month=month, rows=ranking.month_scores(year, month)[:5]
    )


@bp.route("/peringkat/apresiasi.pdf")
@login_required
def appreciation_pdf():
    year, month = _period()
    return pdf_response(institutions.appreciation(year, month, heading=settings.heading(current_app)))


@bp.route("/anomali", methods=["GET", "POST"])
@roles_required("verifikator", "admin")
def anomaly_list():
    year, month = _period()
    if request.method == "POST":
        if not current_user.has_role("verifikator"):
            abort(403)
        try:
            anomalies.mark_checked(
                current_user,
                year,
                month,
                request.form.get("jenis"),
                request.form.get("kunci"),
                request.form.get("catatan"),
            )
        except Refused as refused:
            show_refusal(refused)
        else:
            flash("Tanda ditandai sudah diperiksa.", "success")
        return redirect(request.full_path)
    skpd_list = list(Skpd.select().where(Skpd.aktif).order_by(Skpd.kode))
    chosen = web.skpd_or_first_with_work(skpd_list, year, month, skpd_id=request.args.get("skpd"))
    skpd_id = chosen.id if chosen else None
    found = anomalies.month_flags(year, month, skpd_id=skpd_id) if skpd_id else None
    names, flags, presence = {}, None, None
    if found:
        names = dict(Pegawai.select(Pegawai.id, Pegawai.nama).where(Pegawai.id.in_(list(found.presence))).tuples())
        flags = web.page_of(list(found.flags))
        by_minutes = sorted(found.presence.items(), key=lambda item: item[1].menit_luar, reverse=True)
        presence = web.page_of(by_minutes, arg="halaman_presensi")
    return render_template(
        "institutions/anomalies.html",
        year=year,
        month=month,
        skpd_list=skpd_list,
        skpd_id=skpd_id,
        found=found,
        flags=flags,
        presence=presence,
        names=names,
        limits=AturanInstitusi.current().thresholds(),
        presence_counted=anomalies.outside_minutes_count(year, month),
    )


def _skpd_and_year():
    skpd_list = list(Skpd.select().where(Skpd.aktif).order_by(Skpd.kode))
    chosen = next((s for s in skpd_list if s.kode == request.args.get("skpd")), skpd_list[0] if skpd_list else None)
    return skpd_list, chosen, year_or(request.args.get("tahun", type=int), clock.today().year)


@bp.route("/kalibrasi")
@roles_required("admin", "verifikator")
def calibration_page():
    skpd_list, chosen, year = _skpd_and_year()
    rows = calibration.norms(chosen, year) if chosen else []
    settings = AturanInstitusi.current()
    return render_template(
        "institutions/calibration.html", skpd_list=skpd_list, skpd=chosen, year=year, rows=rows, settings=settings
    )


@bp.route("/kalibrasi.csv")
@roles_required("admin", "verifikator")
def calibration_csv():
    _, chosen, year = _skpd_and_year()
    if chosen is None:
        abort(404)
    rows = calibration.norms(chosen, year)
    return _csv(csv_bytes(calibration.COLUMNS, rows), f"kalibrasi-norma-{chosen.kode}-{year}.csv")


def _simulation():
    year, month = _period()
    drafts = list(AturanTpp.select().order_by(AturanTpp.berlaku_mulai.desc()))
    aturan_id = request.args.get("aturan", type=int)
    result, error = None, None
    if aturan_id:
        try:
            result = whatif.simulate(year, month, aturan_id)
        except Refused as refused:
            error = refused
    return year, month, drafts, aturan_id, result, error


@bp.route("/simulasi")
@roles_required("admin", "keuangan")
def simulation_page():
    year, month, drafts, aturan_id, result, error = _simulation()
    if error is not None:
        show_refusal(error)
    return render_template(
        "institutions/simulation.html",
        year=year,
        month=month,
        drafts=drafts,
        aturan_id=aturan_id,
        result=result,
        today=clock.today(),
    )


@bp.route("/simulasi.csv")
@roles_required("admin", "keuangan")
def simulation_csv():
    year, month, _, aturan_id, result, error = _simulation()
    if result is None:
        if error is not None:
            show_refusal(error)
        return redirect(url_for(".simulation_page", periode=f"{year:04d}-{month:02d}", aturan=aturan_id))
    rows = result["skpd"] + result["kelas"] + [result["total"]]
    return _csv(csv_bytes(whatif.COLUMNS, rows), f"simulasi-tpp-{year:04d}-{month:02d}-aturan-{aturan_id}.csv")
