"""Discipline deductions from fingerprint scans and apel attendance.

Callers pass only the employee's working days (days holding a position) that are not berketerangan:
leave, sick leave with a certificate and official travel/training days never produce deductions.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.calendar import DaySchedule
from ekinerja.rules.numbers import as_decimal

NOON = time(12, 0)  # scans before it can be the check-in, scans from it on the check-out
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class DisciplineRules:
    """Rule-set values: percent of the discipline part deducted per case."""

    tk: Decimal = Decimal("3.0")
    tl: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal("0.5"), Decimal("1.0"), Decimal("1.25"), Decimal("1.5"))
    psw: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal("0.5"), Decimal("1.0"), Decimal("1.25"), Decimal("1.5"))
    apel_pagi: Decimal = Decimal("1.0")
    apel_sore: Decimal = Decimal("1.0")
    batas_potongan: Decimal = Decimal(100)

    def __post_init__(self):
        # Stored as Decimal once, so that no deduction converts (and a float is refused here).
        for name in ("tk", "apel_pagi", "apel_sore", "batas_potongan"):
            object.__setattr__(self, name, as_decimal(getattr(self, name)))
        for name in ("tl", "psw"):
            object.__setattr__(self, name, tuple(as_decimal(value) for value in getattr(self, name)))


class Deduction(NamedTuple):
    """One deduction, traceable to its day and rule; menit is the late/early minutes (None when missing)."""

    tanggal: date
    kode: str
    persen: Decimal
    menit: int | None


def _whole_minutes(earlier: datetime, later: datetime) -> int:
    """Whole minutes from earlier to later, leftover seconds dropped; 0 when not later."""
    return max(0, int((later - earlier).total_seconds() // 60))


def late_minutes(scan: datetime, scheduled: time) -> int:
    """Whole minutes the check-in is after the scheduled start (07:30:59 against 07:30 is 0)."""
    return _whole_minutes(datetime.combine(scan.date(), scheduled, scan.tzinfo), scan)


def early_minutes(scan: datetime, scheduled_end: time) -> int:
    """Whole minutes the check-out is before the scheduled end (15:59:30 against 16:00 is 0)."""
    return _whole_minutes(scan, datetime.combine(scan.date(), scheduled_end, scan.tzinfo))


def tier_code(prefix: str, minutes: int | None) -> str | None:
    """TL/PSW tier: 1-30 -> 1, 31-60 -> 2, 61-90 -> 3, over 90 or missing scan (None) -> 4, 0 -> no deduction."""
    if minutes is None:
        return f"{prefix}4"
    if minutes <= 0:
        return None
    if minutes <= 30:
        return f"{prefix}1"
    if minutes <= 60:
        return f"{prefix}2"
    if minutes <= 90:
        return f"{prefix}3"
    return f"{prefix}4"


def _tier_deduction(day: date, prefix: str, minutes: int | None, table: tuple[Decimal, ...]) -> Deduction | None:
    """The TL or PSW deduction for these minutes, if any."""
    code = tier_code(prefix, minutes)
    if code is None:
        return None
    return Deduction(day, code, table[int(code[-1]) - 1], minutes)


class DayDiscipline:
    """The discipline rules of one working day on one schedule, built once and asked for every employee on it.

    check_in is the first scan of the day before NOON, check_out the last one from NOON on; neither means the
    employee did not scan that day at all.
    """

    def __init__(
        self, day: date, schedule: DaySchedule, apel_sore_required: bool, rules: DisciplineRules = DisciplineRules()
    ):
        self.day, self.schedule, self.apel_sore_required, self.rules = day, schedule, apel_sore_required, rules
        # The most common day has no deduction at all: a check-in before this moment is 0 minutes late
        # (07:30:59 against 07:30), a check-out after that one 0 minutes early.
        self._late_from = datetime.combine(day, schedule.masuk) + _MINUTE
        self._early_until = datetime.combine(day, schedule.pulang) - _MINUTE

    def deductions(
        self,
        check_in: datetime | None,
        check_out: datetime | None,
        apel_pagi_present: bool,
        apel_sore_present: bool,
    ) -> list[Deduction]:
        """Deductions of a non-berketerangan working day; a day without any scan is TK and nothing else."""
        day, rules = self.day, self.rules
        if check_in is None and check_out is None:
            return [Deduction(day, "TK", rules.tk, None)]
        apel_sore_missed = self.apel_sore_required and not apel_sore_present
        on_time = check_in is not None and check_in < self._late_from
        stayed = check_out is not None and check_out > self._early_until
        if on_time and stayed and apel_pagi_present and not apel_sore_missed:
            return []
        deductions = [
            _tier_deduction(day, "TL", late_minutes(check_in, self.schedule.masuk) if check_in else None, rules.tl),
            _tier_deduction(
                day, "PSW", early_minutes(check_out, self.schedule.pulang) if check_out else None, rules.psw
            ),
        ]
        if not apel_pagi_present:
            deductions.append(Deduction(day, "APEL_PAGI", rules.apel_pagi, None))
        if apel_sore_missed:
            deductions.append(Deduction(day, "APEL_SORE", rules.apel_sore, None))
        return [deduction for deduction in deductions if deduction is not None]


def total_potongan(deductions: Iterable[Deduction], rules: DisciplineRules = DisciplineRules()) -> Decimal:
    """Sum of the month's deductions in percent, capped at batas_potongan."""
    total = sum((deduction.persen for deduction in deductions), Decimal(0))
    return min(total, rules.batas_potongan)
