"""What needs a person now, derived from the data on each request: returned entries, decisions waiting, the approval
deadline close, a month locked lately. Nothing is stored; a few small queries per page."""

import datetime
from typing import NamedTuple

from peewee import JOIN, fn

from ekinerja.i18n import periode, tanggal
from ekinerja.models import Aktivitas, Periode, UraianTugas
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.rules.workflow import Status
from ekinerja.services import approvals
from ekinerja.services.calendar import approval_deadline
from ekinerja.services.periods import locked_months

DEADLINE_WARNING_DAYS = 2  # the approval deadline is announced this many days ahead, and on the day
RECENT_LOCK_DAYS = 7  # a lock is news for a week


class Notice(NamedTuple):
    kind: str  # dikembalikan, menunggu, batas, dikunci
    pesan: str
    endpoint: str  # where to act on it (a Flask endpoint, with params)
    params: dict


def returned_entries(pegawai_id):
    """The employee's entries sent back for revision in months still open, oldest first: theirs to fix."""
    query = (
        Aktivitas.select(Aktivitas, UraianTugas)
        .join(UraianTugas, JOIN.LEFT_OUTER)
        .where(Aktivitas.pegawai == pegawai_id, Aktivitas.status == Status.REVISI)
        .order_by(Aktivitas.tanggal, Aktivitas.jam_mulai)
    )
    entries = list(query)
    locked = locked_months(e.tanggal for e in entries)
    return [e for e in entries if (e.tanggal.year, e.tanggal.month) not in locked]


def months_near_deadline(today):
    """(year, month, deadline) of the open months whose approval deadline is today or within DEADLINE_WARNING_DAYS."""
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    candidates = [(last_month.year, last_month.month)]
    if (today + datetime.timedelta(days=DEADLINE_WARNING_DAYS)).month != today.month:
        candidates.append((today.year, today.month))
    found = []
    for year, month in candidates:
        deadline = approval_deadline(year, month)
        if 0 <= (deadline - today).days <= DEADLINE_WARNING_DAYS and not Periode.is_locked(year, month):
            found.append((year, month, deadline))
    return found


def _days_left(deadline, today):
    days = (deadline - today).days
    return "hari ini" if days == 0 else f"{days} hari lagi"


def waiting_by_month(user, today):
    """{(year, month): how many entries wait for the user's decision}, over the inbox window: their sum is the inbox's
    count (approvals.waiting_count), in one query."""
    query = approvals.decidable(user, *approvals.inbox_window(today), today, approvals.WAITING)
    if query is None:
        return {}
    by_month = {}
    grouped = query.select(Aktivitas.tanggal, fn.COUNT(Aktivitas.id)).group_by(Aktivitas.tanggal).order_by()
    for day, count in grouped.tuples():
        day = datetime.date.fromisoformat(day) if isinstance(day, str) else day
        by_month[day.year, day.month] = by_month.get((day.year, day.month), 0) + count
    return by_month


def _deadline_notices(user, near, waiting_by_month, today):
    notices = []
    for year, month, deadline in near:
        when = f"{tanggal(deadline)} ({_days_left(deadline, today)})"
        count = waiting_by_month.get((year, month))
        if count:
            pesan = f"Batas persetujuan {periode(year, month)}: {when}; {count} kegiatan masih menunggu keputusan Anda."
            notices.append(Notice("batas", pesan, "approvals.inbox", {}))
        if user.pegawai_id:
            first, last = month_bounds(year, month)
            own = (
                Aktivitas.select()
                .where(
                    Aktivitas.pegawai == user.pegawai_id,
                    Aktivitas.tanggal.between(first, last),
                    Aktivitas.status == Status.DIAJUKAN,
                )
                .count()
            )
            if own:
                pesan = f"{own} kegiatan Anda bulan {periode(year, month)} belum diputuskan; batas persetujuan {when}."
                params = {"periode": f"{year:04d}-{month:02d}"}
                notices.append(Notice("batas", pesan, "activity.month", params))
    return notices


def _lock_notices(user, now):
    since = now - datetime.timedelta(days=RECENT_LOCK_DAYS)
    recent = Periode.select().where(Periode.status == DIKUNCI, Periode.diubah_pada >= since)
    notices = []
    for period in recent.order_by(Periode.tahun.desc(), Periode.bulan.desc()):
        pesan = f"Periode {periode(period.tahun, period.bulan)} dikunci pada {tanggal(period.diubah_pada.date())}"
        params = {"periode": period.kode}
        if user.pegawai_id:
            notices.append(Notice("dikunci", pesan + ": slip TPP Anda sudah final.", "documents.slip", params))
        elif user.has_role("admin", "admin_skpd", "verifikator", "keuangan"):
            notices.append(Notice("dikunci", pesan + ": rekap TPP sudah final.", "recap.skpd", params))
    return notices


def notices(user, today, now, waiting=None, by_month=None):
    """(the user's notices, most pressing first; how many entries wait for their decision).

    waiting, by_month: that count, or its split by month (waiting_by_month), when the page has it already; else they
    are counted here, by month (one query) as the approval deadline's notice needs them."""
    if by_month is None and waiting is None:
        by_month = waiting_by_month(user, today)
    if waiting is None:
        waiting = sum(by_month.values())
    near = months_near_deadline(today)
    if near and by_month is None:  # the page counted its own list, but not by month
        by_month = waiting_by_month(user, today) if waiting else {}
    found = []
    if user.pegawai_id:
        returned = len(returned_entries(user.pegawai_id))
        if returned:
            pesan = f"{returned} kegiatan dikembalikan atasan untuk diperbaiki."
            found.append(Notice("dikembalikan", pesan, "views.home", {"_anchor": "dikembalikan"}))
    found += _deadline_notices(user, near, by_month or {}, today)
    if waiting:
        found.append(Notice("menunggu", f"{waiting} kegiatan menunggu keputusan Anda.", "approvals.inbox", {}))
    return found + _lock_notices(user, now), waiting
