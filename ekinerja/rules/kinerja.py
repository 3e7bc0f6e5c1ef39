"""Monthly kinerja (productivity) score from approved minutes."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.numbers import as_decimal, round_half_up

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class KinerjaRules:
    """Rule-set values for the kinerja score (defaults: Perka BKN 19/2011 and common practice)."""

    menit_efektif_per_hari: int = 300
    batas_menit_harian: int = 450
    batas_tambahan_persen: Decimal = Decimal(20)

    def __post_init__(self):
        # Stored as Decimal once, so that no computation converts (and a float is refused here).
        object.__setattr__(self, "batas_tambahan_persen", as_decimal(self.batas_tambahan_persen))


class KinerjaResult(NamedTuple):
    """Kinerja score of one employee for one month, with every intermediate figure for the slip."""

    hari_kerja: int
    hari_berketerangan: int
    hari_efektif: int
    menit_standar: int
    menit_utama: int
    menit_tambahan: int
    menit_diakui: int
    capaian_kinerja: Decimal
    # How menit_tambahan came about, for the slip: the approved tambahan minutes left within the daily caps,
    # and the month's limit on them (batas_tambahan_persen of menit_standar).
    menit_tambahan_disetujui: int
    batas_menit_tambahan: int


def credited_day(utama, tambahan, cap, least=min):
    """A day's credited minutes (utama, tambahan) from its approved ones: duties up to the daily cap, extra tasks
    only in what the cap leaves after them.

    least is min for numbers; the recap passes the database's own, so that its query applies this rule to every
    employee-day where the minutes are summed.
    """
    credited_utama = least(utama, cap)
    return credited_utama, least(tambahan, cap - credited_utama)


def kinerja(
    hari_kerja: int,
    hari_berketerangan: int,
    menit_utama: int,
    tambahan_harian: int,
    rules: KinerjaRules = KinerjaRules(),
) -> KinerjaResult:
    """Score a month from the sums over its days of the credited minutes (credited_day) of duties and extra tasks."""
    if hari_kerja < 0 or not 0 <= hari_berketerangan <= hari_kerja:
        raise ValueError("Hari berketerangan harus antara 0 dan jumlah hari kerja.")
    hari_efektif = hari_kerja - hari_berketerangan
    menit_standar = hari_efektif * rules.menit_efektif_per_hari
    batas_tambahan = int(round_half_up(menit_standar * rules.batas_tambahan_persen / _HUNDRED))
    menit_tambahan = min(tambahan_harian, batas_tambahan)
    menit_diakui = menit_utama + menit_tambahan
    if menit_standar == 0:
        capaian = Decimal("0.00")
    else:
        capaian = round_half_up(min(_HUNDRED, Decimal(menit_diakui) / menit_standar * _HUNDRED), 2)
    return KinerjaResult(
        hari_kerja,
        hari_berketerangan,
        hari_efektif,
        menit_standar,
        menit_utama,
        menit_tambahan,
        menit_diakui,
        capaian,
        tambahan_harian,
        batas_tambahan,
    )
