"""Discipline deductions from fingerprint scans and apel attendance.

Callers pass only the employee's working days (days holding a position) that are not berketerangan:
leave, sick leave with a certificate and official travel/training days never produce deductions.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.calendar import DaySchedule
from ekinerja.rules.numbers import as_decimal

NOON = time(12, 0)


@dataclass(frozen=True)
class DisciplineRules:
    """Rule-set values: percent of the discipline part deducted per case."""

    tk: Decimal = Decimal("3.0")
    tl: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal("0.5"), Decimal("1.0"), Decimal("1.25"), Decimal("1.5"))
    psw: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal("0.5"), Decimal("1.0"), Decimal("1.25"), Decimal("1.5"))
    apel_pagi: Decimal = Decimal("1.0")
    apel_sore: Decimal = Decimal("1.0")
    batas_potongan: Decimal = Decimal(100)


class Deduction(NamedTuple):
    """One deduction, traceable to its day and rule; menit is the late/early minutes (None when missing)."""

    tanggal: date
    kode: str
    persen: Decimal
    menit: int | None


def check_in_out(scans: Iterable[datetime], day: date) -> tuple[datetime | None, datetime | None]:
    """Check-in (first scan of day before 12:00) and check-out (last scan of day at or after 12:00)."""
    of_day = [scan for scan in scans if scan.date() == day]
    mornings = [scan for scan in of_day if scan.time() < NOON]
    afternoons = [scan for scan in of_day if scan.time() >= NOON]
    return (min(mornings) if mornings else None, max(afternoons) if afternoons else None)


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
    return Deduction(day, code, as_decimal(table[int(code[-1]) - 1]), minutes)


def day_deductions(
    day: date,
    schedule: DaySchedule,
    scans: Iterable[datetime],
    apel_pagi_present: bool,
    apel_sore_required: bool,
    apel_sore_present: bool,
    rules: DisciplineRules = DisciplineRules(),
) -> list[Deduction]:
    """Deductions of one non-berketerangan working day; a day without any scan is TK and nothing else."""
    scans = [scan for scan in scans if scan.date() == day]
    if not scans:
        return [Deduction(day, "TK", as_decimal(rules.tk), None)]
    check_in, check_out = check_in_out(scans, day)
    deductions = [
        _tier_deduction(day, "TL", late_minutes(check_in, schedule.masuk) if check_in else None, rules.tl),
        _tier_deduction(day, "PSW", early_minutes(check_out, schedule.pulang) if check_out else None, rules.psw),
    ]
    if not apel_pagi_present:
        deductions.append(Deduction(day, "APEL_PAGI", as_decimal(rules.apel_pagi), None))
    if apel_sore_required and not apel_sore_present:
        deductions.append(Deduction(day, "APEL_SORE", as_decimal(rules.apel_sore), None))
    return [deduction for deduction in deductions if deduction is not None]


def total_potongan(deductions: Iterable[Deduction], rules: DisciplineRules = DisciplineRules()) -> Decimal:
    """Sum of the month's deductions in percent, capped at batas_potongan."""
    total = sum((deduction.persen for deduction in deductions), Decimal(0))
    return min(total, as_decimal(rules.batas_potongan))
