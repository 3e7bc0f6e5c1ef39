"""TPP (tambahan penghasilan pegawai): the monthly allowance from kinerja and discipline."""

from collections.abc import Callable, Sequence
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
    status_berubah: str = "harian"  # a month with a CPNS -> PNS change: a key of STATUS_CHANGE

    def __post_init__(self):
        # Stored as Decimal once, so that no computation converts (and a float is refused here).
        for name in ("persen_cpns", "bobot_kinerja", "bobot_disiplin"):
            object.__setattr__(self, name, as_decimal(getattr(self, name)))
        if self.status_berubah not in STATUS_CHANGE:
            raise ValueError(f"Aturan perubahan status tidak dikenal: {self.status_berubah!r}.")


def status_percent(status: str, rules: "TppRules") -> Decimal:
    """Percent of the tariff paid as base on a day of this status."""
    return rules.persen_cpns if status == "CPNS" else _HUNDRED


def _per_day(statuses: Sequence[str], rules: "TppRules") -> Decimal:
    return sum((status_percent(s, rules) for s in statuses), Decimal(0)) / len(statuses)


def _last_day(statuses: Sequence[str], rules: "TppRules") -> Decimal:
    return status_percent(statuses[-1], rules)


# How a month whose working days had different statuses is paid: each day at its own percent, or the whole month
# at the status of its last working day.
STATUS_CHANGE: dict[str, Callable[[Sequence[str], "TppRules"], Decimal]] = {
    "harian": _per_day,
    "akhir_bulan": _last_day,
}
STATUS_CHANGE_LABELS = {
    "harian": "Setiap hari kerja menurut statusnya pada hari itu",
    "akhir_bulan": "Seluruh bulan menurut status pada hari kerja terakhir",
}


def base_percent(statuses: Sequence[str], rules: "TppRules") -> Decimal:
    """Percent of the tariff paid as base for a month whose working days had these statuses, in day order."""
    if not statuses:
        raise ValueError("Tidak ada hari kerja.")
    return STATUS_CHANGE[rules.status_berubah](statuses, rules)


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
    persen_dasar: Decimal | None = None,
) -> TppResult:
    """Allowance for one employee and month from the kelas tariff, PNS/CPNS status and both scores.

    persen_dasar: the percent of the tariff paid as base in a month whose status changed (base_percent).
    """
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
    if persen_dasar is not None:
        tpp_dasar = dasar * as_decimal(persen_dasar) / _HUNDRED
    else:
        tpp_dasar = dasar * rules.persen_cpns / _HUNDRED if status == "CPNS" else dasar
    porsi_kinerja = tpp_dasar * rules.bobot_kinerja / _HUNDRED
    porsi_disiplin = tpp_dasar * rules.bobot_disiplin / _HUNDRED
    # Each part is rounded on its own, as the slip shows them separately and they must add up.
    tpp_kinerja = int(round_half_up(porsi_kinerja * capaian / _HUNDRED))
    tpp_disiplin = int(round_half_up(porsi_disiplin * (_HUNDRED - potongan) / _HUNDRED))
    return TppResult(tpp_dasar, porsi_kinerja, porsi_disiplin, tpp_kinerja, tpp_disiplin, tpp_kinerja + tpp_disiplin)
