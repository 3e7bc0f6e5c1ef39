"""The one place where numbers are rounded: half-up, on Decimal, never float."""

import functools
from decimal import ROUND_HALF_UP, Decimal


def as_decimal(value) -> Decimal:
    """Convert an int, str or Decimal to Decimal; floats are refused."""
    # A float already carries binary rounding error, so it must never reach money or scores.
    if isinstance(value, (bool, float)):
        raise TypeError("Nilai harus berupa Decimal atau bilangan bulat, bukan float.")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, str)):
        return Decimal(value)
    raise TypeError(f"Nilai tidak dapat diubah menjadi Decimal: {value!r}.")


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round to `places` decimals, halves away from zero (Python's round() would go to even)."""
    return as_decimal(value).quantize(_quantum(places), rounding=ROUND_HALF_UP)


@functools.cache
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def file_size(n: int) -> str:
    """A size limit as people read it: whole MB from 1 MB up, else whole KB."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"
