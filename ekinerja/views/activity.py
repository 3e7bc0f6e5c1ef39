"""Staff's daily log screens: the day with its entries and the add form, the month overview, evidence files."""

import datetime
import os

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user, login_required
from peewee import JOIN

from ekinerja import clock, settings, web
from ekinerja.models import Aktivitas, UraianTugas
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.rules.workflow import EDITABLE, RELEASED
from ekinerja.services import activity, anomalies, approvals, audit, calendar, recap
from ekinerja.web import show_refusal
from forms.activity import ActivityForm

bp = Blueprint("activity", __name__, url_prefix="/kegiatan")


def _own_pegawai():
    if not current_user.pegawai_id:
        abort(403)
    return current_user.pegawai


def _day_arg():
    return web.day_or(request.args.get("tanggal"), clock.today())


def entry_input(form):
    return activity.EntryInput(
        tanggal=form.tanggal.data,
        tugas_kode=None if form.tambahan.data else (form.tugas.data or None),
        tambahan=bool(form.tambahan.data),
        uraian=form.uraian.data if form.tambahan.data else None,
        volume=form.volume.data,
        jam_mulai=form.jam_mulai.data,
        jam_selesai=form.jam_selesai.data,
        keterangan=form.keterangan.data,
    )


def evidence_of(form):
    upload = form.bukti.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return activity.Evidence(upload.filename, upload.read())


def _form(**kwargs):
    """The activity form, its evidence field stating what files it takes and how large."""
    form = ActivityForm(**kwargs)
    form.bukti.description = activity.evidence_limit(settings.evidence_store(current_app))
    return form


def _duty_choices(pegawai_id, day):
    duties = activity.duties_on(pegawai_id, day)
    return {"": "- pilih uraian tugas -"} | {
        d.kode: f"{d.kode} · {d.uraian} ({d.norma_waktu} menit/{d.satuan})" for d in duties
    }


@bp.route("/", methods=["GET", "POST"])
@login_required
def day():
    pegawai = _own_pegawai()
    form = _form()
    selected = form.tanggal.data if request.method == "POST" and form.tanggal.data else _day_arg()
    form.tugas.choices = _duty_choices(pegawai.id, selected)
    if request.method == "GET":
        form.tanggal.data = selected
    if form.validate_on_submit():
        try:
            store = settings.evidence_store(current_app)
            activity.submit(current_user, pegawai, entry_input(form), evidence_of(form), store=store)
        except activity.EntryRejected as rejected:
            show_refusal(rejected, form)
        else:
            flash("Kegiatan diajukan ke atasan.", "success")
            return redirect(url_for(".day", tanggal=selected.isoformat()))
    entries = list(
        Aktivitas.select(Aktivitas, UraianTugas)
        .join(UraianTugas, JOIN.LEFT_OUTER)
        .where(Aktivitas.pegawai == pegawai.id, Aktivitas.tanggal == selected)
        .order_by(Aktivitas.jam_mulai)
    )
    total = sum(e.menit_diakui for e in entries if e.status not in RELEASED)
    return render_template(
        "activity/day.html",
        form=form,
        day=selected,
        entries=entries,
        total=total,
        editable=EDITABLE,
        prev_day=selected - datetime.timedelta(days=1),
        next_day=selected + datetime.timedelta(days=1),
        window=activity.day_open(pegawai, selected),
        today=clock.today(),
        holiday=calendar.holiday_names(selected, selected).get(selected),
    )


def _own_entry(entry_id):
    entry = Aktivitas.get_or_none(Aktivitas.id == entry_id)
    if entry is None or entry.pegawai_id != current_user.pegawai_id:
        abort(404)
    return entry


@bp.route("/<int:entry_id>/ubah", methods=["GET", "POST"])
@login_required
def edit(entry_id):
    entry = _own_entry(entry_id)
    form = _form(obj=None if request.method == "POST" else entry)
    if request.method == "GET":
        form.tugas.data = entry.tugas.kode if entry.tugas_id else ""
        form.tambahan.data = entry.tambahan
    form.tugas.choices = _duty_choices(entry.pegawai_id, form.tanggal.data or entry.tanggal)
    if form.validate_on_submit():
        try:
            store = settings.evidence_store(current_app)
            activity.update(current_user, entry, entry_input(form), evidence_of(form), store=store)
        except activity.EntryRejected as rejected:
            show_refusal(rejected, form)
        else:
            flash("Perubahan disimpan dan diajukan kembali.", "success")
            return redirect(url_for(".day", tanggal=form.tanggal.data.isoformat()))
    return render_template("activity/edit.html", form=form, entry=entry, trail=audit.trail("aktivitas", entry.id))


@bp.route("/<int:entry_id>/hapus", methods=["POST"])
@login_required
def delete(entry_id):
    entry = _own_entry(entry_id)
    try:
        activity.delete(current_user, entry, settings.evidence_store(current_app))
    except activity.EntryRejected as rejected:
        show_refusal(rejected)
    else:
        flash("Kegiatan dihapus.", "success")
    return redirect(url_for(".day", tanggal=entry.tanggal.isoformat()))


@bp.route("/<int:entry_id>")
@login_required
def detail(entry_id):
    entry = approvals.visible_entry(current_user, entry_id)
    if entry is None:
        abort(404)
    return render_template("activity/detail.html", entry=entry, trail=audit.trail("aktivitas", entry.id))


@bp.route("/<int:entry_id>/bukti")
@login_required
def evidence(entry_id):
    entry = approvals.visible_entry(current_user, entry_id)
    if entry is None or not entry.bukti_berkas:
        abort(404)
    name = os.path.basename(entry.bukti_berkas)
    mimetype = activity.EVIDENCE_MIMETYPES.get(os.path.splitext(name)[1].lower())
    if mimetype is None:  # not a stored evidence type: never served under a type a browser might run
        abort(404)
    # Served inline as the type the stored content is (its suffix came from the content), never after the name
    # the uploader chose: a browser shows it as a PDF or an image, never as a page that runs scripts.
    response = send_from_directory(
        settings.evidence_store(current_app).folder, name, mimetype=mimetype, download_name=entry.bukti_nama
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/bulan")
@login_required
def month():
    pegawai = _own_pegawai()
    try:
        year, month_ = parse_period(request.args.get("periode", ""))
    except ValueError:
        today = clock.today()
        year, month_ = today.year, today.month
    summary = recap.employee_month(pegawai, year, month_)
    first, last = month_bounds(year, month_)
    return render_template(
        "activity/month.html",
        summary=summary,
        year=year,
        month=month_,
        prev_period=(first - datetime.timedelta(days=1)).strftime("%Y-%m"),
        next_period=(last + datetime.timedelta(days=1)).strftime("%Y-%m"),
        holidays=calendar.holiday_names(first, last),
        presence=anomalies.presence_of(pegawai.id, year, month_),
    )
