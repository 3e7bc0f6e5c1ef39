"""Superiors' inbox, the verification unit's screens and the monthly periods."""

import datetime
from itertools import groupby

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ekinerja import background, clock, web
from ekinerja.auth import roles_required
from ekinerja.i18n import jam, periode, tanggal
from ekinerja.models import Aktivitas, Pegawai, Skpd, User
from ekinerja.models.jobs import SELESAI
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.rules.refusal import Refused
from ekinerja.rules.workflow import Action, Status
from ekinerja.services import anomalies, approvals, periods
from ekinerja.web import show_refusal
from forms.periods import LOCK_WORD, LockForm

bp = Blueprint("approvals", __name__)

STATUS_LABELS = {s.value: s.label for s in Status}


def _period_arg():
    try:
        return parse_period(request.args.get("periode", ""))
    except ValueError:
        today = clock.today()
        return today.year, today.month


def _entry_names(user, results):
    """{id: "Cut Meutia, 5 November 2026 08:00"} of the entries this user may see among the results: those the
    service judged (it found them visible) and, for the rest, those visible_entry shows; the others stay numbers."""
    judged = [i for i, r in results.items() if r.ok or r.status is not None]
    rest = [i for i, r in results.items() if i not in judged and r.pesan != approvals.NOT_FOUND]
    visible = judged + [i for i in rest if approvals.visible_entry(user, i) is not None]
    if not visible:
        return {}
    found = Aktivitas.select(Aktivitas, Pegawai).join(Pegawai).where(Aktivitas.id.in_(visible))
    return {e.id: f"{e.pegawai.nama_lengkap}, {tanggal(e.tanggal)} {jam(e.jam_mulai)}" for e in found}


def _flash_outcomes(action, results):
    """Say what happened ("3 disetujui, 1 gagal") and why each failed one did, by person and date; the failed ids."""
    done = [i for i, r in results.items() if r.ok]
    failed = {i: r for i, r in results.items() if not r.ok}
    try:
        word = Action(action).done
    except ValueError:
        word = "diproses"
    summary = f"{len(done)} {word}" + (f", {len(failed)} gagal" if failed else "") + "."
    flash(summary, "success" if done and not failed else "warning" if done else "error")
    reasons = {outcome.pesan for outcome in failed.values()} - {approvals.NOT_FOUND}
    if len(failed) > 1 and not done and len(reasons) == 1 and all(o.status is None for o in failed.values()):
        # Refused as a whole before any entry was looked at (an unknown action, a note too long): said once.
        flash(reasons.pop(), "error")
        return set(failed)
    names = _entry_names(current_user, results) if failed else {}
    for entry_id, outcome in failed.items():
        flash(f"{names.get(entry_id, f'Kegiatan #{entry_id}')}: {outcome.pesan}", "error")
    return set(failed)


def _decide_from_form():
    """Apply the form's action to the ticked entries; the ids to keep ticked when the page shows again (those
    refused, or all of them when the request as a whole was)."""
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    if not ids:
        flash("Pilih paling sedikit satu kegiatan.", "warning")
        return set()
    action = request.form.get("aksi", "")
    try:
        outcomes = approvals.decide(current_user, ids, action, request.form.get("catatan"))
    except Refused as refused:
        show_refusal(refused)
        return set(ids)
    return _flash_outcomes(action, outcomes)


@bp.route("/persetujuan", methods=["GET", "POST"])
@login_required
def inbox():
    kept = set()
    if request.method == "POST":
        kept = _decide_from_form()
        if not kept:
            return redirect(url_for(".inbox", halaman=request.args.get("halaman", type=int)))
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
        pages=web.Page(box.entries, box.waiting, box.page, box.pages, approvals.INBOX_PAGE_SIZE),
        entry_flags=anomalies.entry_flags(box.entries),
        checked=kept,  # a refused decision shows the page again with its boxes ticked and its note
        note=request.form.get("catatan", "") if kept else "",
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
    chosen = request.args.get("skpd", type=int)
    skpd_id = chosen or getattr(approvals.first_skpd_with_work(skpd_list, year, month), "id", None)
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
    found = approvals.verification_list(
        skpd_id, *month_bounds(year, month), only, page=request.args.get("halaman", 1, type=int)
    )
    entries = found.entries
    listing = web.Page(entries, found.total, found.page, found.pages, approvals.VERIFICATION_PAGE_SIZE)
    deciders = {u.id: u for u in _users({e.diputuskan_oleh_id for e in entries if e.diputuskan_oleh_id})}
    # The flags of the page's people (their month in full); an SKPD's month at once is the anomaly screen's.
    people = {e.pegawai_id for e in entries}
    flags = anomalies.month_flags(year, month, pegawai_ids=people).by_entry if people else {}
    return render_template(
        "approvals/verification.html",
        listing=listing,
        entries=entries,
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
    return render_template("approvals/periods.html", months=months, this_month=f"{today:%Y-%m}")


def _period_path(kode):
    try:
        return parse_period(kode)
    except ValueError:
        abort(404)


@bp.route("/periode/<kode>/kunci", methods=["GET", "POST"])
@roles_required("verifikator")
def period_lock(kode):
    """What the lock cuts off, then the lock: before the approval deadline with a reason and the month's name typed."""
    year, month = _period_path(kode)
    form = LockForm()
    outlook = periods.lock_outlook(year, month)
    if request.method == "POST" and form.validate_on_submit():
        refusal = _lock_refusal(form, year, month, outlook)
        if refusal is None:
            params = {"tahun": year, "bulan": month, "alasan": (form.alasan.data or "").strip() or None}
            job = background.submit_and_wait(current_user, "kunci", f"Kunci periode {year:04d}-{month:02d}", params)
            if not job.finished:  # a city's month takes a while: its page shows when it is done
                return redirect(url_for("jobs.show", job_id=job.id))
            flash(job.pesan, "success" if job.status == SELESAI else "error")
            return redirect(url_for(".period_list"))
        show_refusal(refusal, form)
    return render_template(
        "approvals/lock.html",
        form=form,
        period=periods.period_of(year, month),
        outlook=outlook,
        ended=(year, month) < (clock.today().year, clock.today().month),
    )


def _lock_refusal(form, year, month, outlook):
    """The service's refusal (a month not ended; no reason before the deadline) and, before the deadline, the
    confirmation typed on the form, in one refusal."""
    refusal = periods.lock_refusal(year, month, form.alasan.data)
    if isinstance(refusal, periods.PeriodError) or not outlook.before_deadline or form.confirms(periode(year, month)):
        return refusal
    errors = dict(refusal.errors) if refusal else {}
    errors["konfirmasi"] = f"Ketik {periode(year, month)} atau {LOCK_WORD} untuk mengunci sebelum batas persetujuan."
    return Refused(errors)


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
