import copy
import json
import pickle
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from ekinerja.rules.calendar import DaySchedule, day_set
from ekinerja.rules.discipline import (
    DayDiscipline,
    Deduction,
    DisciplineRules,
    MonthDiscipline,
    tier_code,
    total_potongan,
)

DAY = date(2026, 11, 3)  # a Tuesday
SCHEDULE = DaySchedule(time(7, 30), time(16, 0))
RULES = DisciplineRules()


def at(hh, mm, ss=0, day=DAY):
    return datetime.combine(day, time(hh, mm, ss))


def test_default_deduction_percentages():
    assert RULES.tk == Decimal("3.0")
    assert RULES.tl == (Decimal("0.5"), Decimal("1.0"), Decimal("1.25"), Decimal("1.5"))
    assert RULES.psw == (Decimal("0.5"), Decimal("1.0"), Decimal("1.25"), Decimal("1.5"))
    assert (RULES.apel_pagi, RULES.apel_sore, RULES.batas_potongan) == (Decimal(1), Decimal(1), Decimal(100))


@pytest.mark.parametrize(
    ("scan", "minutes"),
    [
        (at(7, 0), 0),
        (at(7, 30), 0),
        (at(7, 30, 59), 0),
        (at(7, 31), 1),
        (at(8, 0), 30),
        (at(8, 0, 59), 30),
        (at(8, 1), 31),
        (at(8, 30), 60),
        (at(8, 31), 61),
        (at(9, 0), 90),
        (at(9, 1), 91),
    ],
)
def test_late_minutes_are_whole_minutes_with_seconds_dropped(scan, minutes):
    assert DayDiscipline(DAY, SCHEDULE, False, RULES).late_minutes(scan) == minutes


@pytest.mark.parametrize(
    ("scan", "minutes"),
    [
        (at(16, 45), 0),
        (at(16, 0), 0),
        (at(15, 59, 30), 0),
        (at(15, 59), 1),
        (at(15, 30), 30),
        (at(15, 29, 59), 30),
        (at(15, 29), 31),
        (at(14, 29), 91),
    ],
)
def test_early_minutes_are_whole_minutes_with_seconds_dropped(scan, minutes):
    assert DayDiscipline(DAY, SCHEDULE, False, RULES).early_minutes(scan) == minutes


@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        (0, None),
        (1, "TL1"),
        (30, "TL1"),
        (31, "TL2"),
        (60, "TL2"),
        (61, "TL3"),
        (90, "TL3"),
        (91, "TL4"),
        (None, "TL4"),
    ],
)
def test_tiers_are_1_to_30_31_to_60_61_to_90_and_over_90_or_missing(minutes, code):
    assert tier_code("TL", minutes) == code


def test_psw_tiers_use_the_psw_prefix():
    assert tier_code("PSW", 45) == "PSW2"
    assert tier_code("PSW", None) == "PSW4"


def deductions(check_in, check_out, pagi=True, sore_required=False, sore=True, schedule=SCHEDULE, rules=RULES, day=DAY):
    """The deductions of one judged working day, its scan times given in full."""
    month = MonthDiscipline({day: DayDiscipline(day, schedule, sore_required, rules)})
    scanned = month.working if check_in or check_out else 0
    times = {day.day: (check_in, check_out)} if scanned else {}
    return month.deductions(month.working, scanned, times, month.working if pagi else 0, month.working if sore else 0)


def test_full_attendance_has_no_deduction():
    assert deductions(at(7, 25), at(16, 2), sore_required=True) == []


def test_a_day_without_any_scan_is_tk_and_nothing_else():
    assert deductions(None, None, pagi=False, sore_required=True, sore=False) == [
        Deduction(DAY, "TK", Decimal("3.0"), None)
    ]


@pytest.mark.parametrize(
    ("check_in", "expected"),
    [
        (at(7, 30), []),
        (at(7, 30, 59), []),
        (at(7, 31), [Deduction(DAY, "TL1", Decimal("0.5"), 1)]),
        (at(8, 0), [Deduction(DAY, "TL1", Decimal("0.5"), 30)]),
        (at(8, 1), [Deduction(DAY, "TL2", Decimal("1.0"), 31)]),
        (at(8, 30), [Deduction(DAY, "TL2", Decimal("1.0"), 60)]),
        (at(8, 31), [Deduction(DAY, "TL3", Decimal("1.25"), 61)]),
        (at(9, 0), [Deduction(DAY, "TL3", Decimal("1.25"), 90)]),
        (at(9, 1), [Deduction(DAY, "TL4", Decimal("1.5"), 91)]),
    ],
)
def test_late_check_in_deduction_by_tier(check_in, expected):
    assert deductions(check_in, at(16, 0)) == expected


@pytest.mark.parametrize(
    ("check_out", "expected"),
    [
        (at(16, 0), []),
        (at(15, 59, 1), []),
        (at(15, 59), [Deduction(DAY, "PSW1", Decimal("0.5"), 1)]),
        (at(15, 15), [Deduction(DAY, "PSW2", Decimal("1.0"), 45)]),
        (at(14, 59), [Deduction(DAY, "PSW3", Decimal("1.25"), 61)]),
        (at(12, 0), [Deduction(DAY, "PSW4", Decimal("1.5"), 240)]),
    ],
)
def test_early_check_out_deduction_by_tier(check_out, expected):
    assert deductions(at(7, 0), check_out) == expected


def test_missing_check_in_or_check_out_is_the_highest_tier_without_minutes():
    assert deductions(at(7, 0), None) == [Deduction(DAY, "PSW4", Decimal("1.5"), None)]
    assert deductions(None, at(16, 30)) == [Deduction(DAY, "TL4", Decimal("1.5"), None)]


def test_friday_schedule_ends_at_1630():
    friday = date(2026, 11, 6)
    schedule = DaySchedule(time(7, 30), time(16, 30))
    result = deductions(at(7, 30, day=friday), at(16, 0, day=friday), schedule=schedule, day=friday)
    assert result == [Deduction(friday, "PSW1", Decimal("0.5"), 30)]


def test_missed_apel_pagi_and_apel_sore_where_held():
    on_time = (at(7, 25), at(16, 0))
    assert deductions(*on_time, pagi=False) == [Deduction(DAY, "APEL_PAGI", Decimal("1.0"), None)]
    assert deductions(*on_time, sore_required=True, sore=False) == [Deduction(DAY, "APEL_SORE", Decimal("1.0"), None)]
    # No apel sore in this SKPD: absence is not a deduction.
    assert deductions(*on_time, sore_required=False, sore=False) == []


def test_all_deductions_of_a_bad_day_add_up():
    result = deductions(at(8, 15), at(15, 0), pagi=False, sore_required=True, sore=False)
    assert [d.kode for d in result] == ["TL2", "PSW2", "APEL_PAGI", "APEL_SORE"]
    assert total_potongan(result, RULES) == Decimal("4.0")


def test_rule_set_percentages_are_used():
    rules = DisciplineRules(tk=Decimal("5"), tl=(Decimal("1"), Decimal("2"), Decimal("3"), Decimal("4")))
    assert deductions(None, None, rules=rules)[0].persen == Decimal(5)
    assert deductions(at(9, 30), at(16, 0), rules=rules)[0].persen == Decimal(4)


def test_scans_within_the_day_limits_never_carry_tl_or_psw_so_their_times_may_be_left_out():
    """Random scans around the schedule's edges, to the microsecond, against the tiers of the minutes late and early:
    scan_deductions agrees with them, and is empty whenever both scans lie within check_in_before and
    check_out_after, the limits under which the recap's query leaves a day's times out."""
    rng = random.Random(20261129)
    start, end = datetime.combine(DAY, SCHEDULE.masuk), datetime.combine(DAY, SCHEDULE.pulang)
    judge = DayDiscipline(DAY, SCHEDULE, True, RULES)

    def near(moment):
        return moment + timedelta(seconds=rng.randint(-150, 150), microseconds=rng.choice((0, 1, 999_999)))

    within = 0
    for _ in range(3000):
        check_in = near(start) if rng.random() < 0.9 else None
        check_out = near(end) if rng.random() < 0.9 else None
        late = (check_in - start) // timedelta(minutes=1) if check_in else None  # whole minutes, floor
        early = (end - check_out) // timedelta(minutes=1) if check_out else None
        codes = [tier_code("TL", late if late is None else max(0, late))]
        codes.append(tier_code("PSW", early if early is None else max(0, early)))
        assert [d.kode for d in judge.scan_deductions(check_in, check_out)] == [c for c in codes if c]
        if check_in and check_out and check_in < judge.check_in_before and check_out > judge.check_out_after:
            within += 1
            assert codes == [None, None]
            with_times = deductions(check_in, check_out, sore_required=True, sore=False)
            month = MonthDiscipline({DAY: judge})
            left_out = month.deductions(month.working, month.working, {}, month.working, 0)
            assert left_out == with_times == [judge.apel_sore_missed]
    assert within > 500


def test_only_judged_days_are_judged_and_in_day_order():
    days = [DAY + timedelta(days=i) for i in range(3)]
    month = MonthDiscipline({day: DayDiscipline(day, SCHEDULE, False, RULES) for day in days})
    judged = day_set([days[0].day, days[2].day])  # the middle day is on leave, say
    result = month.deductions(judged, 0, {}, 0, 0)
    assert [(d.tanggal, d.kode) for d in result] == [(days[0], "TK"), (days[2], "TK")]
    late = {days[2].day: (at(8, 0, day=days[2]), None), days[0].day: (None, at(16, 0, day=days[0]))}
    result = month.deductions(judged, month.working, late, 0, 0)
    assert [(d.tanggal.day, d.kode) for d in result] == [
        (days[0].day, "TL4"),
        (days[0].day, "APEL_PAGI"),
        (days[2].day, "TL1"),
        (days[2].day, "PSW4"),
        (days[2].day, "APEL_PAGI"),
    ]


def test_potongan_is_the_sum_capped_at_100():
    tk = Deduction(DAY, "TK", Decimal("3.0"), None)
    assert total_potongan([tk] * 33, RULES) == Decimal("99.0")
    assert total_potongan([tk] * 34, RULES) == Decimal(100)
    assert total_potongan([], RULES) == Decimal(0)
    assert total_potongan([tk] * 34, DisciplineRules(batas_potongan=Decimal(50))) == Decimal(50)


def test_a_deduction_is_the_item_the_recap_lists_and_cannot_be_changed():
    deduction = Deduction(DAY, "TL2", Decimal("1.0"), 31)
    assert deduction == {"tanggal": "2026-11-03", "kode": "TL2", "persen": Decimal("1.0"), "menit": 31}
    assert (deduction.tanggal, deduction.kode, deduction.persen, deduction.menit) == (DAY, "TL2", Decimal("1.0"), 31)
    assert json.loads(json.dumps(deduction, default=str)) == {
        "tanggal": "2026-11-03",
        "kode": "TL2",
        "persen": "1.0",
        "menit": 31,
    }
    for change in (
        lambda: deduction.__setitem__("persen", Decimal(0)),
        lambda: deduction.update(persen=Decimal(0)),
        lambda: deduction.pop("kode"),
        lambda: deduction.setdefault("x", 1),
        deduction.clear,
        deduction.popitem,
    ):
        with pytest.raises(TypeError):
            change()
    assert deduction["persen"] == Decimal("1.0") and len(deduction) == 4
    pickled = pickle.loads(pickle.dumps(deduction))  # noqa: S301 - its own object, just pickled
    for copied in (copy.copy(deduction), copy.deepcopy(deduction), pickled):
        assert type(copied) is Deduction and copied == deduction


def test_everyone_late_by_as_many_minutes_on_a_day_shares_one_deduction():
    judge = DayDiscipline(DAY, SCHEDULE, False, RULES)
    first, second = judge.scan_deductions(at(7, 45), at(16, 5)), judge.scan_deductions(at(7, 45, 30), at(16, 1))
    assert first == second == [Deduction(DAY, "TL1", Decimal("0.5"), 15)]
    assert first[0] is second[0]
