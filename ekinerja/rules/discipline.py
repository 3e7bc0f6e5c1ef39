"""Discipline deductions from fingerprint scans and apel attendance.

Only an employee's working days (days holding a position) that are not berketerangan are judged: leave, sick
leave with a certificate and official travel/training days never produce deductions.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ekinerja.rules.calendar import DaySchedule, day_numbers, day_set
from ekinerja.rules.numbers import as_decimal

NOON = time(12, 0)  # default split: scans before it can be the check-in, scans from it on the check-out
TIER_BOUNDS = (30, 60, 90)  # default upper minutes of the TL/PSW tiers 1, 2 and 3
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
    tier_bounds: tuple[int, int, int] = TIER_BOUNDS

    def __post_init__(self):
        # Stored as Decimal once, so that no deduction converts (and a float is refused here).
        for name in ("tk", "apel_pagi", "apel_sore", "batas_potongan"):
            object.__setattr__(self, name, as_decimal(getattr(self, name)))
        for name in ("tl", "psw"):
            object.__setattr__(self, name, tuple(as_decimal(value) for value in getattr(self, name)))


class Deduction(dict):
    """One deduction, traceable to its day and rule: {"tanggal": the day in ISO form, "kode", "persen", "menit": the
    late or early minutes, None when a scan is missing}, the item the recap lists and a locked month stores.

    Read-only, so that the one Deduction of a day and case serves everyone it applies to (a city's month lists
    about 80,000), as the recap's rows carry them without a copy.
    """

    __slots__ = ()

    def __init__(self, tanggal: date, kode: str, persen: Decimal, menit: int | None):
        super().__init__(tanggal=tanggal.isoformat(), kode=kode, persen=persen, menit=menit)

    @property
    def tanggal(self) -> date:
        return date.fromisoformat(self["tanggal"])

    @property
    def kode(self) -> str:
        return self["kode"]

    @property
    def persen(self) -> Decimal:
        return self["persen"]

    @property
    def menit(self) -> int | None:
        return self["menit"]

    def __reduce__(self):  # copied and pickled through the constructor, not item by item
        return type(self), (self.tanggal, self.kode, self.persen, self.menit)

    def _read_only(self, *args, **kwargs):
        raise TypeError("Potongan disiplin tidak dapat diubah.")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only


def _whole_minutes(earlier: datetime, later: datetime) -> int:
    """Whole minutes from earlier to later, leftover seconds dropped; 0 when not later."""
    return max(0, (later - earlier) // _MINUTE)


def tier_code(prefix: str, minutes: int | None, bounds: tuple[int, int, int] = TIER_BOUNDS) -> str | None:
    """TL/PSW tier with the default bounds: 1-30 -> 1, 31-60 -> 2, 61-90 -> 3, over 90 or missing scan (None) -> 4,
    0 -> no deduction."""
    if minutes is None:
        return f"{prefix}4"
    if minutes <= 0:
        return None
    for tier, bound in enumerate(bounds, start=1):
        if minutes <= bound:
            return f"{prefix}{tier}"
    return f"{prefix}4"


def tier_bounds_error(bounds) -> str | None:
    """Why three tier bounds cannot serve (they must rise from at least 1 minute), else None."""
    if any(b is None or b < 1 for b in bounds) or list(bounds) != sorted(set(bounds)):
        return "Batas tingkat TL/PSW harus naik: tingkat 1 < tingkat 2 < tingkat 3, paling sedikit 1 menit."
    return None


def _tier_deduction(
    day: date, prefix: str, minutes: int | None, table: tuple[Decimal, ...], bounds: tuple[int, int, int]
) -> Deduction | None:
    """The TL or PSW deduction for these minutes, if any."""
    code = tier_code(prefix, minutes, bounds)
    if code is None:
        return None
    return Deduction(day, code, table[int(code[-1]) - 1], minutes)


class DayDiscipline:
    """The discipline rules of one working day on one schedule, built once and asked for every employee on it."""

    def __init__(
        self, day: date, schedule: DaySchedule, apel_sore_required: bool, rules: DisciplineRules = DisciplineRules()
    ):
        self.day, self.schedule, self.apel_sore_required, self.rules = day, schedule, apel_sore_required, rules
        self._start, self._end = datetime.combine(day, schedule.masuk), datetime.combine(day, schedule.pulang)
        # The hours within which a day's scans carry no TL or PSW: a check-in before the first moment is 0 minutes
        # late (07:30:59 against 07:30), a check-out after the second 0 minutes early.
        self.check_in_before = self._start + _MINUTE
        self.check_out_after = self._end - _MINUTE
        # The deductions that do not depend on the time of a scan, the same for everyone on this day.
        self.absent = Deduction(day, "TK", rules.tk, None)  # no scan at all: TK and nothing else
        self.apel_pagi_missed = Deduction(day, "APEL_PAGI", rules.apel_pagi, None)
        self.apel_sore_missed = Deduction(day, "APEL_SORE", rules.apel_sore, None)  # where the SKPD holds it
        # TL and PSW by their minutes: many employees are late or early by as many minutes on the same day.
        self._tiered: dict[tuple[str, int | None], Deduction | None] = {}

    def late_minutes(self, check_in: datetime) -> int:
        """Whole minutes the check-in is after the scheduled start (07:30:59 against 07:30 is 0)."""
        return _whole_minutes(self._start, check_in)

    def early_minutes(self, check_out: datetime) -> int:
        """Whole minutes the check-out is before the scheduled end (15:59:30 against 16:00 is 0)."""
        return _whole_minutes(check_out, self._end)

    def scan_deductions(self, check_in: datetime | None, check_out: datetime | None) -> list[Deduction]:
        """TL and PSW of a day with scans; check_in is its first scan before NOON, check_out its last from NOON on."""
        late = early = None
        if check_in is None or check_in >= self.check_in_before:  # else 0 minutes late
            late = self._tier_deduction("TL", self.late_minutes(check_in) if check_in else None, self.rules.tl)
        if check_out is None or check_out <= self.check_out_after:  # else 0 minutes early
            early = self._tier_deduction("PSW", self.early_minutes(check_out) if check_out else None, self.rules.psw)
        return [deduction for deduction in (late, early) if deduction is not None]

    def _tier_deduction(self, prefix: str, minutes: int | None, table: tuple[Decimal, ...]) -> Deduction | None:
        """The TL or PSW deduction of this day for these minutes, if any: one object for everyone."""
        key = (prefix, minutes)
        if key not in self._tiered:
            self._tiered[key] = _tier_deduction(self.day, prefix, minutes, table, self.rules.tier_bounds)
        return self._tiered[key]


class MonthDiscipline:
    """An employee's working days of one month, each with its DayDiscipline, and the month's deductions.

    Days are given as day sets (rules.calendar.day_set): the month's attendance comes in that form, so that the
    many days without a deduction cost one intersection, not a look each.
    """

    def __init__(self, judges: dict[date, DayDiscipline]):
        self.judges = judges
        self.last_day = max(judges, default=None)
        self._by_number = {day.day: judge for day, judge in judges.items()}
        self.working = day_set(self._by_number)
        self.apel_sore_days = day_set(n for n, judge in self._by_number.items() if judge.apel_sore_required)

    def deductions(
        self,
        judged: int,
        scanned: int,
        scan_times: Mapping[int, tuple[datetime | None, datetime | None]],
        apel_pagi: int,
        apel_sore: int,
    ) -> list[Deduction]:
        """The deductions of the judged days (working days that are not berketerangan), in day order.

        scanned: the days with at least one scan; scan_times: {day number: (check-in, check-out)} of the scanned
        days whose scans may carry TL or PSW, the others being known to lie within check_in_before and
        check_out_after of their day (check-in as of the first scan before NOON, check-out as of the last from NOON
        on, either None when missing); apel_pagi, apel_sore: the days present at each apel.
        """
        absent = judged & ~scanned
        present = judged & scanned
        timed = present & day_set(scan_times)
        pagi_missed = present & ~apel_pagi
        sore_missed = present & self.apel_sore_days & ~apel_sore
        deductions = []
        for number in day_numbers(absent | pagi_missed | sore_missed | timed):
            day = 1 << number  # a city's month judges about eight days per employee: bit tests, not set lookups
            judge = self._by_number[number]
            if absent & day:
                deductions.append(judge.absent)
                continue
            if timed & day:
                deductions += judge.scan_deductions(*scan_times[number])
            if pagi_missed & day:
                deductions.append(judge.apel_pagi_missed)
            if sore_missed & day:
                deductions.append(judge.apel_sore_missed)
        return deductions


def total_potongan(deductions: Iterable[Deduction], rules: DisciplineRules = DisciplineRules()) -> Decimal:
    """Sum of the month's deductions in percent, capped at batas_potongan."""
    total = sum((deduction.persen for deduction in deductions), Decimal(0))
    return min(total, rules.batas_potongan)
