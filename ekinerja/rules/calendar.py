"""Working days, schedules and monthly periods."""

import re
from collections.abc import Callable, Container, Iterable, Iterator
from datetime import date, time, timedelta
from typing import NamedTuple


class DaySchedule(NamedTuple):
    """Scheduled start and end of one working day."""

    masuk: time
    pulang: time


# Perpres 21/2023: 37.5 hours a week on a 5-day week.
DEFAULT_WEEK: dict[int, DaySchedule | None] = {
    0: DaySchedule(time(7, 30), time(16, 0)),
    1: DaySchedule(time(7, 30), time(16, 0)),
    2: DaySchedule(time(7, 30), time(16, 0)),
    3: DaySchedule(time(7, 30), time(16, 0)),
    4: DaySchedule(time(7, 30), time(16, 30)),
    5: None,
    6: None,
}


def working_days(
    start: date,
    end: date,
    schedule_for: Callable[[date], DaySchedule | None],
    holidays: Container[date],
) -> list[date]:
    """Days from start to end inclusive that have a schedule and are not holidays."""
    return [day for day in days_between(start, end) if day not in holidays and schedule_for(day) is not None]


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from start to end inclusive (none when end is before start)."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def clipped(start: date, end: date | None, first: date, last: date) -> tuple[date, date]:
    """The part from first to last of a period from start to end (None: open-ended); empty when end < start after."""
    return max(start, first), min(end or last, last)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    first = date(year, month, 1)
    next_first = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, next_first - timedelta(days=1)


def previous_month(today: date) -> tuple[date, date]:
    """First and last day of the calendar month before today's."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


# The years the app reads from a request: a day or month beside them (the previous day, the next month) stays a
# valid date, where 0001-01 and 9999-12 would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999
OUT_OF_RANGE = f"Tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}."


def parse_period(text: str) -> tuple[int, int]:
    """Parse 'YYYY-MM' into (year, month)."""
    # [0-9] rather than \d: only ASCII digits are a valid period.
    match = re.fullmatch("([0-9]{4})-([0-9]{2})", text) if isinstance(text, str) else None
    if match is None or int(match.group(1)) < 1 or not 1 <= int(match.group(2)) <= 12:
        raise ValueError("Periode harus berformat YYYY-MM.")
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise ValueError(f"Periode di luar rentang. {OUT_OF_RANGE}")
    return int(match.group(1)), int(match.group(2))


def parse_day(text: str) -> date:
    """Parse 'YYYY-MM-DD' into a date within FIRST_YEAR..LAST_YEAR."""
    match = re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", text) if isinstance(text, str) else None
    try:
        day = date.fromisoformat(text) if match else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError("Tanggal harus berformat YYYY-MM-DD.")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"Tanggal di luar rentang. {OUT_OF_RANGE}")
    return day


def working_days_after(day: date, today: date, is_working_day: Callable[[date], bool]) -> int:
    """Number of working days d with day < d <= today (0 when day is today or later)."""
    return sum(1 for current in days_between(day + timedelta(days=1), today) if is_working_day(current))


def input_window_end(day: date, allowed: int, is_working_day: Callable[[date], bool]) -> date:
    """The last day on which an entry dated `day` is still in time: at most `allowed` working days lie after it up
    to that day (working_days_after), so the day before the next working day beyond those. A year without working
    days (a broken calendar) ends the search."""
    current, counted = day, 0
    for _ in range(366):
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
            if counted > allowed:
                return current - timedelta(days=1)
    return current


def day_set(numbers: Iterable[int]) -> int:
    """Days of one month, given by their day-of-month numbers, as a set in an int: bit d is set for day d.

    The month's recap reads its attendance in this form from the database (one number per employee and kind) and
    intersects it with working days and leave without looking at every day.
    """
    bits = 0
    for number in numbers:
        bits |= 1 << number
    return bits


def day_numbers(days: int) -> Iterator[int]:
    """The days of a day_set, as day-of-month numbers in ascending order."""
    while days:
        lowest = days & -days
        yield lowest.bit_length() - 1
        days ^= lowest
