"""Superiors' inbox, the verification unit's screens and the monthly periods."""

import datetime
from itertools import groupby

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ekinerja import background, clock
from ekinerja.auth import roles_required
from ekinerja.models import Aktivitas, Pegawai, Skpd, User
from ekinerja.models.jobs import SELESAI
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.rules.refusal import Refused
from ekinerja.rules.workflow import Status
from ekinerja.services import anomalies, approvals, periods
from ekinerja.web import show_refusal

bp = Blueprint("approvals", __name__)

STATUS_LABELS = {s.value: s.label for s in Status}


def _period_arg():
    try:
        return parse_period(request.args.get("periode", ""))
    except ValueError:
        today = clock.today()
        return today.year, today.month


def _flash_outcomes(results):
    done = [i for i, r in results.items() if r.ok]
    failed = {i: r for i, r in results.items() if not r.ok}
    if done:
        flash(f"{len(done)} kegiatan diproses.", "success")
    if done and failed:  # the decided ones by id, so that only the others are tried again
        flash("Sudah tersimpan: " + ", ".join(f"kegiatan #{i}" for i in done) + ".", "info")
    for entry_id, outcome in failed.items():
        flash(f"Kegiatan #{entry_id}: {outcome.pesan}", "error")


def _decide_from_form():
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    if not ids:
        flash("Pilih paling sedikit satu kegiatan.", "warning")
        return
    try:
        outcomes = approvals.decide(current_user, ids, request.form.get("aksi", ""), request.form.get("catatan"))
    except Refused as refused:
        show_refusal(refused)
        return
    _flash_outcomes(outcomes)


@bp.route("/persetujuan", methods=["GET", "POST"])
@login_required
def inbox():
    if request.method == "POST":
        _decide_from_form()
        return redirect(url_for(".inbox"))
    box = approvals.inbox(current_user, page=request.args.get("halaman", 1, type=int))
    g.waiting_count = box.waiting
    groups = []
    for (_, day), items in groupby(box.entries, key=lambda e: (e.pegawai_id, e.tanggal)):
        items = list(items)
        groups.append(
            {"pegawai": items[0].pegawai, "tanggal": day, "entries": items, "total": sum(e.menit_diakui for e in items)}
        )
    return render_template(
        "approvals/inbox.html",
        groups=groups,
        box=box,
        status_labels=STATUS_LABELS,
        entry_flags=anomalies.entry_flags(box.entries),
    )


@bp.route("/verifikasi", methods=["GET", "POST"])
@roles_required("verifikator")
def verification():
    if request.method == "POST":
        _decide_from_form()
        return redirect(request.full_path)
    skpd_list = list(Skpd.select().where(Skpd.aktif).order_by(Skpd.kode))
    # Without a month or an SKPD asked for, the list opens on those that hold work.
    year, month = _period_arg() if request.args.get("periode") else approvals.latest_month(clock.today())
    skpd_id = request.args.get("skpd", type=int) or approvals.first_skpd_with_work(
        [s.id for s in skpd_list], year, month
    )
    only = []
    status = request.args.get("status") or ""
    if status in STATUS_LABELS:
        only.append(Aktivitas.status == status)
    nip = (request.args.get("nip") or "").strip()
    if nip:
        only.append(Pegawai.nip == nip)
    try:
        day = datetime.date.fromisoformat(request.args.get("tanggal", ""))
        only.append(Aktivitas.tanggal == day)
    except ValueError:
        day = None
    listing = approvals.verification_list(
        skpd_id, *month_bounds(year, month), only, page=request.args.get("halaman", 1, type=int)
    )
    entries = listing.entries
    deciders = {u.id: u for u in _users({e.diputuskan_oleh_id for e in entries if e.diputuskan_oleh_id})}
    # The flags of the page's people (their month in full); an SKPD's month at once is the anomaly screen's.
    people = {e.pegawai_id for e in entries}
    flags = anomalies.month_flags(year, month, pegawai_ids=people).by_entry if people else {}
    filters = {"periode": f"{year:04d}-{month:02d}", "skpd": skpd_id, "status": status, "nip": nip}
    filters["tanggal"] = day.isoformat() if day else ""
    return render_template(
        "approvals/verification.html",
        listing=listing,
        entries=entries,
        filters={key: value for key, value in filters.items() if value},
        deciders=deciders,
        skpd_list=skpd_list,
        skpd_id=skpd_id,
        year=year,
        month=month,
        status=status,
        nip=nip,
        day=day,
        period=periods.period_of(year, month),
        status_labels=STATUS_LABELS,
        entry_flags=flags,
    )


def _users(ids):
    return User.select().where(User.id.in_(list(ids))) if ids else []


@bp.route("/periode", methods=["GET"])
@roles_required("verifikator", "admin")
def period_list():
    today = clock.today()
    months = []
    day = today.replace(day=1)
    for _ in range(12):
        months.append(periods.period_of(day.year, day.month))
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return render_template("approvals/periods.html", months=months)


def _period_path(kode):
    try:
        return parse_period(kode)
    except ValueError:
        abort(404)


@bp.route("/periode/<kode>/kunci", methods=["POST"])
@roles_required("verifikator")
def period_lock(kode):
    year, month = _period_path(kode)
    title = f"Kunci periode {year:04d}-{month:02d}"
    job = background.submit_and_wait(current_user, "kunci", title, {"tahun": year, "bulan": month})
    if not job.finished:  # a city's month takes a while: its page shows when it is done
        return redirect(url_for("jobs.show", job_id=job.id))
    flash(job.pesan, "success" if job.status == SELESAI else "error")
    return redirect(url_for(".period_list"))


@bp.route("/periode/<kode>/buka", methods=["POST"])
@roles_required("admin")
def period_unlock(kode):
    year, month = _period_path(kode)
    try:
        periods.unlock(current_user, year, month, request.form.get("alasan"))
    except periods.PeriodError as refused:
        show_refusal(refused)
    else:
        flash(f"Periode {year:04d}-{month:02d} dibuka kembali.", "success")
    return redirect(url_for(".period_list"))
