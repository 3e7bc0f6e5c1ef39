from datetime import date, time

import pytest

from ekinerja.rules.calendar import (
    DEFAULT_WEEK,
    DaySchedule,
    clipped,
    day_numbers,
    day_set,
    month_bounds,
    parse_period,
    previous_month,
    working_days,
    working_days_after,
)


def default_schedule(day):
    return DEFAULT_WEEK[day.weekday()]


def test_default_week_is_monday_to_thursday_0730_1600_and_friday_0730_1630():
    assert DEFAULT_WEEK[0] == DaySchedule(time(7, 30), time(16, 0))
    assert DEFAULT_WEEK[3] == DaySchedule(time(7, 30), time(16, 0))
    assert DEFAULT_WEEK[4] == DaySchedule(time(7, 30), time(16, 30))
    assert DEFAULT_WEEK[5] is None
    assert DEFAULT_WEEK[6] is None
    minutes = sum(
        (s.pulang.hour * 60 + s.pulang.minute) - (s.masuk.hour * 60 + s.masuk.minute)
        for s in DEFAULT_WEEK.values()
        if s is not None
    )
    # 43 hours at the office including breaks: 37.5 hours of work per Perpres 21/2023.
    assert minutes == 4 * 510 + 540


def test_november_2026_has_21_working_days_on_the_default_week():
    days = working_days(date(2026, 11, 1), date(2026, 11, 30), default_schedule, set())
    assert len(days) == 21
    assert days[0] == date(2026, 11, 2)
    assert days[-1] == date(2026, 11, 30)


def test_holidays_and_cuti_bersama_are_not_working_days():
    holidays = {date(2026, 12, 25), date(2026, 12, 24), date(2026, 12, 26)}
    days = working_days(date(2026, 12, 21), date(2026, 12, 27), default_schedule, holidays)
    assert days == [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23)]


def test_working_days_range_is_inclusive_and_empty_when_reversed():
    assert working_days(date(2026, 11, 2), date(2026, 11, 2), default_schedule, ()) == [date(2026, 11, 2)]
    assert working_days(date(2026, 11, 3), date(2026, 11, 2), default_schedule, ()) == []


def test_six_day_schedule_counts_saturdays():
    six_days = {**DEFAULT_WEEK, 5: DaySchedule(time(7, 30), time(12, 30))}
    days = working_days(date(2026, 11, 1), date(2026, 11, 30), lambda d: six_days[d.weekday()], ())
    assert len(days) == 25


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (2026, 11, date(2026, 11, 1), date(2026, 11, 30)),
        (2026, 12, date(2026, 12, 1), date(2026, 12, 31)),
        (2028, 2, date(2028, 2, 1), date(2028, 2, 29)),
        (2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
    ],
)
def test_month_bounds_are_first_and_last_day(year, month, first, last):
    assert month_bounds(year, month) == (first, last)


def test_period_yyyy_mm_is_parsed():
    assert parse_period("2026-11") == (2026, 11)
    assert parse_period("2027-01") == (2027, 1)


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11\n", "٢٠٢٦-١١", "0000-01", "", None]
)
def test_malformed_period_is_refused(text):
    with pytest.raises(ValueError, match="^Periode harus berformat YYYY-MM.$"):
        parse_period(text)


def is_working(day):
    return default_schedule(day) is not None


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (date(2026, 11, 5), date(2026, 11, 5), 0),  # today itself
        (date(2026, 11, 6), date(2026, 11, 5), 0),  # future
        (date(2026, 11, 4), date(2026, 11, 5), 1),
        (date(2026, 11, 2), date(2026, 11, 5), 3),  # Mon -> Thu: Tue, Wed, Thu
        (date(2026, 11, 6), date(2026, 11, 9), 1),  # Fri -> Mon: the weekend does not count
        (date(2026, 11, 6), date(2026, 11, 8), 0),  # Fri -> Sun
        (date(2026, 11, 2), date(2026, 11, 6), 4),
    ],
)
def test_working_days_after_counts_working_days_after_the_date_up_to_and_including_today(day, today, expected):
    assert working_days_after(day, today, is_working) == expected


def test_a_day_set_holds_each_day_of_the_month_as_one_bit():
    days = day_set([1, 15, 31, 15])
    assert days == (1 << 1) | (1 << 15) | (1 << 31)
    assert list(day_numbers(days)) == [1, 15, 31]
    assert list(day_numbers(day_set([]))) == []
    assert list(day_numbers(day_set(range(1, 32)) & ~day_set([2, 3]))) == [1, *range(4, 32)]


def test_a_period_is_clipped_to_a_span_and_an_open_end_runs_to_its_last_day():
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert clipped(date(2025, 7, 1), None, *march) == march
    assert clipped(date(2026, 3, 10), date(2026, 4, 2), *march) == (date(2026, 3, 10), date(2026, 3, 31))
    assert clipped(date(2026, 2, 1), date(2026, 3, 5), *march) == (date(2026, 3, 1), date(2026, 3, 5))
    start, end = clipped(date(2026, 4, 1), None, *march)
    assert end < start  # nothing of it in March


@pytest.mark.parametrize(
    "today, first, last",
    [
        (date(2026, 12, 7), date(2026, 11, 1), date(2026, 11, 30)),
        (date(2027, 1, 1), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2028, 3, 31), date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28)),
    ],
)
def test_previous_month_is_the_calendar_month_before_todays(today, first, last):
    assert previous_month(today) == (first, last)
