"""Values held from a date (TMT) until the next one: an employee's status and golongan history."""

import bisect
from collections.abc import Sequence
from datetime import date

History = Sequence[tuple[date, str]]  # (tmt, value) in tmt order


def value_on(history: History, day: date) -> str | None:
    """The value in force on day: the latest row from on or before it; before the first row, the first row's
    (the earliest known); None without rows."""
    if not history:
        return None
    index = bisect.bisect_right([tmt for tmt, _ in history], day)
    return history[max(index - 1, 0)][1]


def changes_within(history: History, first: date, last: date) -> bool:
    """Whether a row takes effect after first and on or before last: the value may differ between days."""
    return any(first < tmt <= last for tmt, _ in history)
