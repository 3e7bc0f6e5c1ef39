"""Recap screens: one's own month explained to the rupiah, a person's month, the SKPD nominatif, the city.

Also their Excel downloads: the nominatif (/rekap/skpd.xlsx) and an employee's LKH (/dokumen/lkh.xlsx).
"""

import datetime
from io import BytesIO

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user, login_required

from ekinerja import clock
from ekinerja.auth import roles_required
from ekinerja.models import Pegawai, Skpd
from ekinerja.rules.calendar import parse_period
from ekinerja.services import access, positions, recap

bp = Blueprint("recap", __name__, url_prefix="/rekap")


def _period():
    try:
        return parse_period(request.args.get("periode", ""))
    except ValueError:
        last_month = clock.today().replace(day=1) - datetime.timedelta(days=1)
        return last_month.year, last_month.month


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
    pegawai = Pegawai.get_or_none(Pegawai.nip == nip)
    if pegawai is None or not access.can_see_employee(current_user, pegawai, year, month):
        abort(404)
    return _person_page(pegawai, year, month)


@bp.route("/tim")
@login_required
def team():
    """A superior's subordinates, each linked to their month."""
    if not current_user.pegawai_id:
        abort(404)
    year, month = _period()
    people = positions.subordinates(current_user.pegawai_id, clock.today())
    return render_template("recap/team.html", people=people, year=year, month=month)


@bp.route("/skpd")
@roles_required("admin", "admin_skpd", "verifikator", "keuangan")
def skpd():
    year, month = _period()
    choices = [s for s in Skpd.select().where(Skpd.aktif).order_by(Skpd.kode) if access.can_see_skpd(current_user, s)]
    if not choices:
        abort(404)
    chosen = next((s for s in choices if s.kode == request.args.get("skpd")), choices[0])
    rows, final = recap.month_recap(year, month, skpd_kode=chosen.kode)
    return render_template(
        "recap/skpd.html",
        rows=rows,
        final=final,
        skpd=chosen,
        choices=choices,
        year=year,
        month=month,
        total=recap.skpd_totals(rows),
    )


@bp.route("/kota")
@roles_required("admin", "verifikator", "keuangan")
def city():
    year, month = _period()
    rows, final = recap.month_recap(year, month)
    totals = recap.skpd_totals(rows)
    grand = {name: sum(t[name] for t in totals) for name in ("pegawai", "tpp_kinerja", "tpp_disiplin", "tpp_diterima")}
    return render_template("recap/city.html", totals=totals, grand=grand, final=final, year=year, month=month)


# -- Excel downloads ----------------------------------------------------------------------------


def _xlsx_response(export):
    from reports.excel import MIMETYPE

    response = send_file(BytesIO(export.content), mimetype=MIMETYPE, as_attachment=True, download_name=export.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/skpd.xlsx")
@roles_required("admin", "admin_skpd", "verifikator", "keuangan")
def skpd_xlsx():
    """The nominatif of /rekap/skpd as XLSX, for the SKPDs that page shows the user (404 for the others)."""
    from reports import excel

    year, month = _period()
    kode = request.args.get("skpd")
    if kode:
        chosen = Skpd.get_or_none(Skpd.kode == kode)
    else:
        chosen = next(
            (s for s in Skpd.select().where(Skpd.aktif).order_by(Skpd.kode) if access.can_see_skpd(current_user, s)),
            None,
        )
    if chosen is None or not access.can_see_skpd(current_user, chosen):
        abort(404)
    return _xlsx_response(excel.nominatif(chosen, year, month))


@login_required
def lkh_xlsx():
    """An employee's LKH as XLSX (default: one's own), for whoever may see /rekap/pegawai/<nip> (404 otherwise)."""
    from reports import excel

    year, month = _period()
    nip = (request.args.get("nip") or "").strip()
    if nip:
        pegawai = Pegawai.get_or_none(Pegawai.nip == nip)
        if pegawai is not None and not access.can_see_employee(current_user, pegawai, year, month):
            pegawai = None
    else:
        pegawai = current_user.pegawai if current_user.pegawai_id else None
    if pegawai is None:
        abort(404)
    return _xlsx_response(excel.lkh(pegawai, year, month))


@bp.record_once
def _lkh_xlsx_outside_prefix(state):
    """/dokumen/lkh.xlsx sits beside the PDF documents, outside this blueprint's /rekap prefix."""
    state.app.add_url_rule("/dokumen/lkh.xlsx", endpoint="recap.lkh_xlsx", view_func=lkh_xlsx)
