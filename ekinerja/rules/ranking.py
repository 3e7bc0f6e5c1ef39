"""Healthy competition: an SKPD's monthly score, ranks among the city's, and a person's rank band."""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ekinerja.rules.numbers import as_decimal, round_half_up

_HUNDRED = Decimal(100)

# The measures of an SKPD's month, in the order of the weights.
MEASURES = ("rata_capaian", "persen_disiplin", "persen_lkh", "persen_tepat")
MEASURE_LABELS = {
    "rata_capaian": "rata-rata capaian kinerja",
    "persen_disiplin": "hari kerja tanpa potongan disiplin",
    "persen_lkh": "kelengkapan LKH (hari efektif dengan kegiatan disetujui)",
    "persen_tepat": "ketepatan persetujuan (diputuskan atasan sebelum batas)",
}
# (upper percent, label): rank r of n lies in the top p % when r x 100 <= p x n; the first is always in the top band.
BANDS = ((10, "10 % teratas"), (25, "25 % teratas"), (50, "50 % teratas"))
LOWER_BAND = "50 % terbawah"


@dataclass(frozen=True)
class Weights:
    """The weight of each measure in the score, in points (they need not add up to 100)."""

    rata_capaian: Decimal = Decimal(40)
    persen_disiplin: Decimal = Decimal(30)
    persen_lkh: Decimal = Decimal(15)
    persen_tepat: Decimal = Decimal(15)

    def __post_init__(self):
        for name in MEASURES:
            object.__setattr__(self, name, as_decimal(getattr(self, name)))


def percent(part: int, whole: int) -> Decimal | None:
    """part of whole in percent, two decimals; None when there is nothing to measure."""
    if whole <= 0:
        return None
    return round_half_up(Decimal(part) * _HUNDRED / whole, 2)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """Average to two decimals; None for no values."""
    values = [as_decimal(v) for v in values]
    if not values:
        return None
    return round_half_up(sum(values, Decimal(0)) / len(values), 2)


def score(measures: Mapping[str, Decimal | None], weights: Weights = Weights()) -> Decimal:
    """Weighted mean of the measures that were measured (None: not that month), two decimals; 0 with none."""
    pairs = [
        (as_decimal(measures[name]), getattr(weights, name))
        for name in MEASURES
        if measures.get(name) is not None and getattr(weights, name) > 0
    ]
    total = sum((weight for _, weight in pairs), Decimal(0))
    if not total:
        return Decimal("0.00")
    return round_half_up(sum((value * weight for value, weight in pairs), Decimal(0)) / total, 2)


def person_score(capaian: Decimal, potongan: Decimal, weights: Weights = Weights()) -> Decimal:
    """A person's score: capaian and the discipline part kept (100 - potongan), by the SKPD score's weights."""
    return score({"rata_capaian": capaian, "persen_disiplin": _HUNDRED - as_decimal(potongan)}, weights)


def ranks(scores: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """Competition ranking: 1 for the highest score; equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in scores.items()}


def band(rank: int, count: int) -> str:
    """The band a rank falls in among count people ("10 % teratas" ... "50 % terbawah")."""
    if count <= 0 or not 1 <= rank <= count:
        raise ValueError("Peringkat harus antara 1 dan jumlah pegawai.")
    for upper, label in BANDS:
        if rank == 1 or rank * 100 <= upper * count:
            return label
    return LOWER_BAND
