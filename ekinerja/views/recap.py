"""Recap screens: one's own month explained to the rupiah, a person's month, the SKPD nominatif, the city.

Also their Excel downloads: the nominatif (/rekap/skpd.xlsx) and an employee's LKH (/dokumen/lkh.xlsx).
"""

from io import BytesIO

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ekinerja import background, clock, settings, web
from ekinerja.auth import roles_required
from ekinerja.models import Periode
from ekinerja.models.jobs import STATUS_LABELS
from ekinerja.services import access, city_overview, jobs, positions, recap
from ekinerja.views import payments
from reports import excel

bp = Blueprint("recap", __name__, url_prefix="/rekap")
payments.register(bp)


def _period():
    return web.period_or_last_month(request.args.get("periode"))


def _person_page(pegawai, year, month):
    summary = recap.employee_month(pegawai, year, month)
    return render_template(
        "recap/person.html",
        pegawai=pegawai,
        row=summary["rekap"],
        final=summary["final"],
        days=summary["hari"],
        year=year,
        month=month,
    )


@bp.route("/saya")
@login_required
def own():
    if not current_user.pegawai_id:
        abort(404)
    return _person_page(current_user.pegawai, *_period())


@bp.route("/pegawai/<nip>")
@login_required
def person(nip):
    year, month = _period()
    pegawai = access.employee_for(current_user, nip, year, month)
    if pegawai is None:
        abort(404)
    return _person_page(pegawai, year, month)


@bp.route("/tim")
@login_required
def team():
    """A superior's subordinates, each linked to their month."""
    if not current_user.pegawai_id:
        abort(404)
    year, month = _period()
    people = web.page_of(positions.subordinates(current_user.pegawai_id, clock.today()))
    return render_template("recap/team.html", people=people, year=year, month=month)


@bp.route("/skpd")
@roles_required("admin", "admin_skpd", "verifikator", "keuangan")
def skpd():
    year, month = _period()
    choices = access.visible_skpds(current_user)
    if not choices:
        abort(404)
    chosen = web.skpd_or_first_with_work(choices, year, month, kode=request.args.get("skpd"))
    rows, final = recap.month_recap(year, month, skpd_kode=chosen.kode)
    return render_template(
        "recap/skpd.html",
        rows=web.page_of(rows),
        slip_zip=current_user.has_role(*access.SLIP_ZIP_ROLES),
        final=final,
        skpd=chosen,
        choices=choices,
        year=year,
        month=month,
        total=recap.skpd_totals(rows),
        absent=dict((s.kode, reason) for s, reason in recap.absent_skpds(year, month)).get(chosen.kode),
    )


CITY_ROLES = ("admin", "verifikator", "keuangan")


@bp.route("/kota")
@roles_required(*CITY_ROLES)
def city():
    """A locked month summed from its snapshot; an open one as its totals were last computed in the background."""
    year, month = _period()
    computed = job = None
    if Periode.is_locked(year, month):
        totals, final = recap.city_totals(year, month)
    else:
        final = False
        stored, job = _open_month_totals(year, month)
        totals = stored.totals if stored else []
        computed = stored.dihitung_pada if stored else None
    grand = {name: sum(t[name] for t in totals) for name in ("pegawai", *recap.PAID, *recap.NET)}
    return render_template(
        "recap/city.html",
        totals=web.page_of(totals),
        grand=grand,
        final=final,
        computed=computed,
        job=job,
        job_labels=STATUS_LABELS,
        ahead=city_overview.is_ahead(year, month),
        max_age_minutes=max(1, round(current_app.config["CITY_RECAP_MAX_AGE_SECONDS"] / 60)),
        year=year,
        month=month,
        absent=recap.absent_skpds(year, month),
        slip_zip=current_user.has_role(*access.SLIP_ZIP_ROLES),
    )


def _open_month_totals(year, month):
    """The open month's stored totals (None until a job first stored them) and its latest job, or a new one when
    city_overview.wanted says so. With no totals yet, the page waits JOBS_WAIT_SECONDS for them; stale ones are
    shown at once, with the job's progress."""
    stored = city_overview.stored(year, month)
    job = city_overview.latest_job(year, month)
    if not city_overview.wanted(stored, job, year, month, current_app.config["CITY_RECAP_MAX_AGE_SECONDS"]):
        return stored, job
    job = _city_job(year, month, job)
    if stored is None:
        job = jobs.wait(job.id, current_app.config["JOBS_WAIT_SECONDS"])
        stored = city_overview.stored(year, month)
    return stored, job


def _city_job(year, month, latest):
    """The job computing the month's city totals: the latest if it is under way, else a new one started by the
    current user. (Two processes asking at the same moment may each start one; the later result is kept.)"""
    config = current_app.config
    if city_overview.under_way(latest, config["CITY_RECAP_MAX_AGE_SECONDS"], config["JOBS_TIMEOUT_SECONDS"]):
        return latest
    params = city_overview.job_params(year, month)
    return background.submit(current_user, city_overview.KIND, city_overview.job_title(year, month), params)


@bp.route("/kota/hitung", methods=["POST"])
@roles_required(*CITY_ROLES)
def city_compute():
    """Compute an open month's city totals again now (a locked month's are read from its snapshot)."""
    year, month = _period()
    if Periode.is_locked(year, month):
        flash(city_overview.locked_message(year, month), "info")
    elif city_overview.is_ahead(year, month):
        flash(f"Periode {year:04d}-{month:02d} belum berjalan: belum ada yang dihitung.", "info")
    else:
        job = _city_job(year, month, city_overview.latest_job(year, month))
        jobs.wait(job.id, current_app.config["JOBS_WAIT_SECONDS"])
    return redirect(url_for(".city", periode=f"{year:04d}-{month:02d}"))


@bp.route("/kota/status.json")
@roles_required(*CITY_ROLES)
def city_status():
    """The state of the latest job computing a month's city totals, for the overview's progress bar."""
    year, month = _period()
    job = city_overview.latest_job(year, month)
    if job is None:
        abort(404)
    response = jsonify(background.state(job))
    response.headers["Cache-Control"] = "no-store"
    return response


# -- Excel downloads ----------------------------------------------------------------------------


def _xlsx_response(export):
    response = send_file(
        BytesIO(export.content), mimetype=excel.MIMETYPE, as_attachment=True, download_name=export.filename
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/skpd.xlsx")
@roles_required("admin", "admin_skpd", "verifikator", "keuangan")
def skpd_xlsx():
    """The nominatif of /rekap/skpd as XLSX, for the SKPDs that page shows the user (404 for the others)."""
    year, month = _period()
    chosen = web.skpd_asked(current_user, request.args.get("skpd"), year, month)
    if chosen is None:
        abort(404)
    return _xlsx_response(excel.nominatif(chosen, year, month, heading=settings.heading(current_app)))


@login_required
def lkh_xlsx():
    """An employee's LKH as XLSX (default: one's own), for whoever may see /rekap/pegawai/<nip> (404 otherwise)."""
    year, month = _period()
    pegawai = access.employee_for(current_user, (request.args.get("nip") or "").strip(), year, month)
    if pegawai is None:
        abort(404)
    return _xlsx_response(excel.lkh(pegawai, year, month, heading=settings.heading(current_app)))


@bp.record_once
def _lkh_xlsx_outside_prefix(state):
    """/dokumen/lkh.xlsx sits beside the PDF documents, outside this blueprint's /rekap prefix."""
    state.app.add_url_rule("/dokumen/lkh.xlsx", endpoint="recap.lkh_xlsx", view_func=lkh_xlsx)
