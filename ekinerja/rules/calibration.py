"""Norma waktu calibration: the durations people actually log per unit against the catalogue's norm."""

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ekinerja.rules.numbers import as_decimal

TERLALU_TINGGI, TERLALU_RENDAH, SESUAI, DATA_KURANG = "terlalu tinggi", "terlalu rendah", "sesuai", "data kurang"


def weighted_quantile(counted: Iterable[tuple[Decimal, int]], q: Decimal) -> Decimal | None:
    """The q-quantile (0..1) by nearest rank of values given with their counts; None for no values."""
    pairs = sorted((as_decimal(value), count) for value, count in counted if count > 0)
    total = sum(count for _, count in pairs)
    if not total:
        return None
    rank = max(1, math.ceil(as_decimal(q) * total))
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]


def median(values: Sequence[int | Decimal]) -> Decimal:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        raise ValueError("Median dari data kosong.")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return as_decimal(ordered[middle])
    return (as_decimal(ordered[middle - 1]) + as_decimal(ordered[middle])) / 2


def verdict(norma: int, logged_median: Decimal | None, count: int, tolerance_percent: Decimal, min_count: int) -> str:
    """Whether a norm looks too high (people need clearly less), too low (clearly more), right, or unknown."""
    if logged_median is None or count < min_count:
        return DATA_KURANG
    margin = as_decimal(norma) * as_decimal(tolerance_percent) / 100
    if logged_median < norma - margin:
        return TERLALU_TINGGI
    if logged_median > norma + margin:
        return TERLALU_RENDAH
    return SESUAI
