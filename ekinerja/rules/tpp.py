"""TPP (tambahan penghasilan pegawai): the monthly allowance from kinerja and discipline."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.numbers import as_decimal, round_half_up

_HUNDRED = Decimal(100)

# Demo tariff per kelas jabatan (rupiah); each city sets its own by mayor's regulation.
DEMO_TARIF: dict[int, int] = {
    1: 1_500_000,
    2: 1_650_000,
    3: 1_800_000,
    4: 2_000_000,
    5: 2_200_000,
    6: 2_500_000,
    7: 3_000_000,
    8: 3_500_000,
    9: 4_000_000,
    10: 4_750_000,
    11: 5_500_000,
    12: 6_500_000,
    13: 7_500_000,
    14: 9_000_000,
    15: 11_000_000,
    16: 13_000_000,
    17: 15_000_000,
}


@dataclass(frozen=True)
class TppRules:
    """Rule-set values for the allowance, in percent."""

    persen_cpns: Decimal = Decimal(80)
    bobot_kinerja: Decimal = Decimal(60)
    bobot_disiplin: Decimal = Decimal(40)

    def __post_init__(self):
        # Stored as Decimal once, so that no computation converts (and a float is refused here).
        for name in ("persen_cpns", "bobot_kinerja", "bobot_disiplin"):
            object.__setattr__(self, name, as_decimal(getattr(self, name)))


class TppResult(NamedTuple):
    """The allowance and its parts; the three paid amounts are whole rupiah."""

    tpp_dasar: Decimal
    porsi_kinerja: Decimal
    porsi_disiplin: Decimal
    tpp_kinerja: int
    tpp_disiplin: int
    tpp_diterima: int


def tpp(
    tarif: int | Decimal,
    status: str,
    capaian_kinerja: Decimal,
    potongan_disiplin: Decimal,
    rules: TppRules = TppRules(),
) -> TppResult:
    """Allowance for one employee and month from the kelas tariff, PNS/CPNS status and both scores."""
    if status not in ("PNS", "CPNS"):
        raise ValueError("Status kepegawaian harus PNS atau CPNS.")
    dasar = as_decimal(tarif)
    capaian = as_decimal(capaian_kinerja)
    potongan = as_decimal(potongan_disiplin)
    if dasar < 0:
        raise ValueError("Tarif TPP tidak boleh negatif.")
    if not 0 <= capaian <= _HUNDRED:
        raise ValueError("Capaian kinerja harus antara 0 dan 100.")
    if not 0 <= potongan <= _HUNDRED:
        raise ValueError("Potongan disiplin harus antara 0 dan 100.")
    tpp_dasar = dasar * rules.persen_cpns / _HUNDRED if status == "CPNS" else dasar
    porsi_kinerja = tpp_dasar * rules.bobot_kinerja / _HUNDRED
    porsi_disiplin = tpp_dasar * rules.bobot_disiplin / _HUNDRED
    # Each part is rounded on its own, as the slip shows them separately and they must add up.
    tpp_kinerja = int(round_half_up(porsi_kinerja * capaian / _HUNDRED))
    tpp_disiplin = int(round_half_up(porsi_disiplin * (_HUNDRED - potongan) / _HUNDRED))
    return TppResult(tpp_dasar, porsi_kinerja, porsi_disiplin, tpp_kinerja, tpp_disiplin, tpp_kinerja + tpp_disiplin)
