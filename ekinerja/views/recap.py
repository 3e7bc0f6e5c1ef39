"""Recap screens: one's own month explained to the rupiah, a person's month, the SKPD nominatif, the city.

Also their Excel downloads: the nominatif (/rekap/skpd.xlsx) and an employee's LKH (/dokumen/lkh.xlsx).
"""

from io import BytesIO

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_login import current_user, login_required

from ekinerja import clock, settings, web
from ekinerja.auth import roles_required
from ekinerja.services import access, positions, recap
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


@bp.route("/kota")
@roles_required("admin", "verifikator", "keuangan")
def city():
    year, month = _period()
    totals, final = recap.city_totals(year, month)
    grand = {name: sum(t[name] for t in totals) for name in ("pegawai", *recap.PAID, *recap.NET)}
    absent = recap.absent_skpds(year, month)
    return render_template(
        "recap/city.html",
        totals=web.page_of(totals),
        grand=grand,
        final=final,
        year=year,
        month=month,
        absent=absent,
        slip_zip=current_user.has_role(*access.SLIP_ZIP_ROLES),
    )


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
