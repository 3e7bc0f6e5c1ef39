"""The apel officer's screen: tick who attended the SKPD's morning or afternoon roll call of a day."""

import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ekinerja import clock, i18n, web
from ekinerja.auth import roles_required
from ekinerja.models import Skpd
from ekinerja.services import attendance
from ekinerja.web import show_refusal

bp = Blueprint("attendance", __name__)

SESI = {"pagi": "Apel pagi", "sore": "Apel sore"}


def _skpd_choices():
    """The SKPDs the user may record apel for: every active one for an admin, else their own."""
    if current_user.has_role("admin"):
        return list(Skpd.select().where(Skpd.aktif).order_by(Skpd.kode))
    if not current_user.skpd_id:
        abort(403)
    return [Skpd.get_by_id(current_user.skpd_id)]


def _choice(values):
    """SKPD, date and session from the request (query or form); bad values fall back to defaults."""
    choices = _skpd_choices()
    wanted = values.get("skpd", type=int)
    skpd = next((s for s in choices if s.id == wanted), choices[0] if choices else None)
    day = web.day_or(values.get("tanggal"), clock.today())
    sesi = values.get("sesi", "pagi")
    if sesi not in SESI or (sesi == "sore" and skpd is not None and not skpd.apel_sore):
        sesi = "pagi"
    return choices, skpd, day, sesi


def _here(skpd, day, sesi):
    return url_for(".apel", skpd=skpd.id if skpd else None, tanggal=day.isoformat(), sesi=sesi)


@bp.route("/apel", methods=["GET", "POST"])
@roles_required("admin", "admin_skpd")
def apel():
    if request.method == "POST":
        return _save()
    choices, skpd, day, sesi = _choice(request.args)
    people, present, problem = [], set(), None
    if skpd is not None:
        people = attendance.roster(skpd.id, day)
        present = attendance.present_ids(skpd.id, day, sesi)
        problem = attendance.refusal(skpd, day, sesi)
    return render_template(
        "attendance/apel.html",
        choices=choices,
        skpd=skpd,
        day=day,
        sesi=sesi,
        sesi_labels=SESI,
        people=people,
        present=present,
        problem=problem,
        today=clock.today(),
    )


def _save():
    form = request.form
    choices = _skpd_choices()
    skpd = next((s for s in choices if s.id == form.get("skpd", type=int)), None)
    if skpd is None:
        abort(403)
    sesi = form.get("sesi", "")
    try:
        day = datetime.date.fromisoformat(form.get("tanggal", ""))
        hadir = {int(value) for value in form.getlist("hadir")}
    except ValueError:
        abort(400)
    if sesi not in SESI:
        abort(400)
    try:
        added, removed = attendance.record_apel(current_user, skpd, day, sesi, hadir)
    except attendance.ApelRefused as refused:
        show_refusal(refused)
    else:
        flash(
            f"{SESI[sesi]} {skpd} {i18n.tanggal(day)} disimpan: {len(hadir)} hadir, "
            f"{len(attendance.roster(skpd.id, day)) - len(hadir)} tidak hadir ({added} ditambah, {removed} dihapus).",
            "success",
        )
    return redirect(_here(skpd, day, sesi))
