"""Monthly periods: TERBUKA -> DIKUNCI (verifikator), DIKUNCI -> TERBUKA (admin, with a reason)."""

import datetime
import logging
from functools import reduce
from operator import or_
from typing import NamedTuple

from peewee import fn

from ekinerja import clock, i18n
from ekinerja.db import database, is_sqlite, write_transaction
from ekinerja.models import Aktivitas, Pegawai, Periode, Skpd
from ekinerja.rules.calendar import clipped, month_bounds
from ekinerja.rules.refusal import Conflict, Refused
from ekinerja.rules.vocabulary import DIKUNCI, TERBUKA
from ekinerja.rules.workflow import EDITABLE
from ekinerja.services import audit, participation, ranking, recap
from ekinerja.services.calendar import approval_deadline, input_window_end

log = logging.getLogger(__name__)


class PeriodError(Conflict):
    """A lock or unlock the month's state does not allow."""


def period_of(year, month):
    """The stored period, or an unsaved open one: a month nobody has locked is open."""
    return Periode.get_or_none(Periode.tahun == year, Periode.bulan == month) or Periode(tahun=year, bulan=month)


def is_locked(day):
    """Whether the month of a day is locked (within a write transaction, its row held: _hold_months)."""
    return bool(locked_months([day]))


def locked_months(days):
    """The (year, month) pairs among these days' months that are locked (within a write transaction, their rows
    held: _hold_months)."""
    months = {(d.year, d.month) for d in days if d is not None}
    if not months:
        return set()
    _hold_months(months)
    return {pair for pair in Periode.locked() if pair in months}


def _hold_months(months):
    """Within a write transaction on PostgreSQL: hold these months' rows shared until it ends, so that a lock of one
    of them (Periode.held) waits for the write that found it open, and the write for a lock in progress, which it
    then finds locked. Writers hold them together. (SQLite has one writer at a time already.)

    A month without its row yet gets it, open, first: a lock that is storing it makes that insert wait until the
    lock ends, and the write then finds the month locked (with no row to hold, it would read the month open)."""
    if database.in_transaction() and not is_sqlite():
        stored = reduce(or_, [(Periode.tahun == year) & (Periode.bulan == month) for year, month in months])
        held = Periode.select(Periode.tahun, Periode.bulan).where(stored).for_update("FOR SHARE")
        missing = set(months) - set(held.tuples())
        if missing:  # rare: most months are stored by the first write that checks them
            rows = [{"tahun": year, "bulan": month, "status": TERBUKA, "versi": 0} for year, month in sorted(missing)]
            Periode.insert_many(rows).on_conflict_ignore().execute()
            list(held.tuples())


def _change(actor, year, month, expected, target, reason):
    if not 1 <= month <= 12:
        raise PeriodError("Periode harus berformat YYYY-MM.")
    with write_transaction():
        period = Periode.held(year, month)
        if period.status != expected:
            state = "sudah dikunci" if period.status == DIKUNCI else "masih terbuka"
            raise PeriodError(f"Periode {period.kode} {state}.")
        period.status = target
        if target == DIKUNCI:
            period.versi += 1
        period.diubah_oleh = audit.actor_name(actor)
        period.diubah_pada = clock.now()
        period.save()
        if target == DIKUNCI:
            recap.snapshot(period)
            ranking.store_month(period)
        action = "kunci" if target == DIKUNCI else "buka"
        audit.record(actor, action, "periode", period.kode, dari=expected, ke=target, alasan=reason)
    log.info("periode %s: %s -> %s oleh %s (versi %s)", period.kode, expected, target, period.diubah_oleh, period.versi)
    return period


class LockOutlook(NamedTuple):
    """What locking a month now cuts off: entries still waiting (DIAJUKAN, REVISI) per SKPD, which then never
    count, the SKPDs taking part that the readiness gate leaves out of the month's pay, and until when staff could
    still log the month's last days and superiors still decide."""

    waiting: list  # [(skpd name, entries)], most first
    input_until: datetime.date  # the input window of the month's last day, on the SKPDs' schedules
    deadline: datetime.date  # the approval deadline (services.calendar.approval_deadline)
    before_deadline: bool  # today is on or before the deadline: superiors may still decide
    left_out: list  # [(Skpd, reason)]: participation.not_ready_skpds, left out of the locked month's pay

    @property
    def waiting_total(self):
        return sum(count for _, count in self.waiting)


def lock_outlook(year, month, today=None):
    today = today or clock.today()
    first, last = month_bounds(year, month)
    count = fn.COUNT(Aktivitas.id)
    waiting = (
        Aktivitas.select(Skpd.nama, count)
        .join(Pegawai)
        .join(Skpd)
        .where(Aktivitas.tanggal.between(first, last), Aktivitas.status.in_([s.value for s in EDITABLE]))
        .group_by(Skpd.id, Skpd.nama)
        .order_by(count.desc(), Skpd.nama)
    )
    schedules = {jadwal for (jadwal,) in Skpd.select(Skpd.jadwal).where(Skpd.aktif).distinct().tuples()} or {None}
    input_until = max(input_window_end(last, jadwal) for jadwal in schedules)
    deadline = approval_deadline(year, month)
    left_out = participation.not_ready_skpds(year, month, today)
    return LockOutlook(list(waiting.tuples()), input_until, deadline, today <= deadline, left_out)


def lock_refusal(year, month, reason, today=None):
    """Why a month may not be locked now, or None. A month that has not ended never. A reason (kept in the audit
    entry) is needed before its approval deadline, since superiors may still decide and staff may still log, and,
    at any time, when the readiness gate leaves SKPDs taking part out of the month's pay (not_ready_skpds)."""
    today = today or clock.today()
    if (year, month) >= (today.year, today.month):
        return PeriodError("Hanya bulan yang sudah berakhir yang dapat dikunci.")
    if (reason or "").strip():
        return None
    why = []
    deadline = approval_deadline(year, month)
    if today <= deadline:
        why.append(
            f"Batas persetujuan bulan ini baru {i18n.tanggal(deadline)}: atasan masih dapat memutus kegiatan. "
            "Mengunci sebelum itu memerlukan alasan."
        )
    left_out = participation.not_ready_skpds(year, month, today)
    if left_out:
        names = ", ".join(skpd.singkatan for skpd, _ in left_out)
        why.append(
            f"{len(left_out)} SKPD tidak ikut direkap bulan ini ({names}) dan tidak menerima TPP bulan ini bila "
            "dikunci sekarang. Admin dapat mengikutkannya di halaman kesiapan bulan; mengunci tanpa itu memerlukan "
            "alasan."
        )
    return Refused({"alasan": " ".join(why)}) if why else None


def lock(actor, year, month, today=None, reason=None):
    """Close a month after verification; entries still waiting are not counted. Before the approval deadline, or
    when SKPDs would be left out of the month's pay, a reason is required (lock_refusal); it is kept in the audit
    entry."""
    refusal = lock_refusal(year, month, reason, today)
    if refusal is not None:
        raise refusal
    return _change(actor, year, month, TERBUKA, DIKUNCI, (reason or "").strip() or None)


def unlock(actor, year, month, reason):
    if not (reason or "").strip():
        raise PeriodError("Alasan membuka kembali periode wajib diisi.")
    return _change(actor, year, month, DIKUNCI, TERBUKA, reason.strip())


def rule_set_change_error(berlaku_mulai):
    """Why a rule set effective from this date may not be created or changed: it would apply to a locked month."""
    if berlaku_mulai is None:
        return None
    locked = Periode.locked()
    affected = sorted(datetime.date(y, m, 1) for y, m in locked if datetime.date(y, m, 1) >= berlaku_mulai)
    if affected:
        return (
            f"Aturan yang berlaku mulai {berlaku_mulai:%d-%m-%Y} dipakai periode {affected[-1]:%m-%Y} yang sudah "
            "dikunci; buat aturan baru yang berlaku setelah periode terkunci terakhir."
        )
    return None


def _covered(record, first, last):
    """The days from first to last that a dated record (start, end or None, values) covers, as a pair, or None."""
    if record is None:
        return None
    start, end = clipped(record[0], record[1], first, last)
    return (start, end) if start <= end else None


def locked_month_change(old, new):
    """The first locked (year, month) that changing a dated record from old to new would touch, or None.

    old, new: (first day, last day or None when open-ended, the record's other values), None for a record that
    does not exist (before creating, after deleting). A locked month is touched when the days of it that the
    record covers change, or when the record covers some of it and any other value changes.
    """
    for year, month in Periode.locked().order_by(Periode.tahun, Periode.bulan):
        first, last = month_bounds(year, month)
        before, after = _covered(old, first, last), _covered(new, first, last)
        if before != after or (before is not None and old[2] != new[2]):
            return year, month
    return None
