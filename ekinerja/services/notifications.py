"""What needs a person now, derived from the data on each request: returned entries, decisions waiting, the approval
deadline close, a month locked lately. Nothing is stored; a few small queries per page."""

import datetime
from typing import NamedTuple

from peewee import JOIN

from ekinerja.i18n import periode, tanggal
from ekinerja.models import Aktivitas, Periode, UraianTugas
from ekinerja.rules.calendar import month_bounds, previous_month
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.rules.workflow import Status
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
    return _own_entries(pegawai_id, [])[0]


def months_near_deadline(today):
    """(year, month, deadline) of the open months whose approval deadline is today or within DEADLINE_WARNING_DAYS."""
    last_month = previous_month(today)[0]
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


def _own_entries(pegawai_id, near):
    """(the employee's entries returned to them in months still open, oldest first, {(year, month): how many of
    theirs still wait for a decision} of the months near their deadline), in one query."""
    wanted = Aktivitas.status == Status.REVISI
    for year, month, _ in near:
        wanted |= (Aktivitas.status == Status.DIAJUKAN) & Aktivitas.tanggal.between(*month_bounds(year, month))
    query = (
        Aktivitas.select(Aktivitas, UraianTugas)
        .join(UraianTugas, JOIN.LEFT_OUTER)
        .where(Aktivitas.pegawai == pegawai_id, wanted)
        .order_by(Aktivitas.tanggal, Aktivitas.jam_mulai)
    )
    entries = list(query)
    returned = [e for e in entries if e.status == Status.REVISI]
    locked = locked_months(e.tanggal for e in returned)
    waiting = {}
    for e in entries:
        if e.status == Status.DIAJUKAN:
            waiting[e.tanggal.year, e.tanggal.month] = waiting.get((e.tanggal.year, e.tanggal.month), 0) + 1
    return [e for e in returned if (e.tanggal.year, e.tanggal.month) not in locked], waiting


def _deadline_notices(near, waiting, own_waiting, today):
    notices = []
    for year, month, deadline in near:
        when = f"{tanggal(deadline)} ({_days_left(deadline, today)})"
        if waiting:  # a decider: what still waits on the deadline goes to the verifikator
            pesan = (
                f"Batas persetujuan atasan untuk {periode(year, month)}: {when}; sesudahnya kegiatan bulan itu "
                "yang masih menunggu diputuskan verifikator."
            )
            notices.append(Notice("batas", pesan, "approvals.inbox", {}))
        own = own_waiting.get((year, month))
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


def notices(user, waiting, today, now):
    """The user's notices, most pressing first; waiting: how many entries wait for their decision (the menu's count).

    Besides that count and a few rows of periods and rules, one query of the user's own entries."""
    near = months_near_deadline(today)
    returned, own_waiting = _own_entries(user.pegawai_id, near) if user.pegawai_id else ([], {})
    found = []
    if returned:
        pesan = f"{len(returned)} kegiatan dikembalikan atasan untuk diperbaiki."
        found.append(Notice("dikembalikan", pesan, "views.home", {"_anchor": "dikembalikan"}))
    found += _deadline_notices(near, waiting, own_waiting, today)
    if waiting:
        found.append(Notice("menunggu", f"{waiting} kegiatan menunggu keputusan Anda.", "approvals.inbox", {}))
    return found + _lock_notices(user, now)
