"""From gross TPP to the amount transferred: PPh 21, the BPJS Kesehatan shares and the city's named deductions.

Every rate is a rule-set value (AturanTpp and its PotonganTpp items); the defaults are those of PP 80/2010 for
honoraria paid from the budget (golongan IV 15 %, III 5 %, I and II 0 %) and of Perpres 64/2020 for BPJS Kesehatan
(1 % from the employee, 4 % from the employer, on wages up to Rp 12,000,000). A rule set may instead withhold PPh 21
at the monthly TER rates of PP 58/2023 (rules.ter) on the gross TPP, by the employee's PTKP status.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.numbers import as_decimal, round_half_up
from ekinerja.rules.ter import DEFAULT_PTKP, ter_rate

_HUNDRED = Decimal(100)
RUANG = ("I", "II", "III", "IV")  # the golongan's roman part, lowest first


def ruang(golongan: str) -> str:
    """The roman part of a golongan code: 'III/b' -> 'III'."""
    head = (golongan or "").split("/", 1)[0]
    if head not in RUANG:
        raise ValueError(f"Golongan tidak dikenal: {golongan!r}.")
    return head


@dataclass(frozen=True)
class LocalDeduction:
    """A deduction the city names (zakat, say): a percent of gross, or a fixed amount in rupiah."""

    nama: str
    persen: Decimal | None = None
    nominal: int | None = None


@dataclass(frozen=True)
class PayRules:
    """Rule-set values of the deductions; percents are of the gross TPP."""

    metode_pph21: str = "golongan"
    pph21_golongan: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal(0), Decimal(0), Decimal(5), Decimal(15))
    pph21_tarif_tetap: Decimal = Decimal(5)
    bpjs_pegawai: Decimal = Decimal(1)
    bpjs_pemberi_kerja: Decimal = Decimal(4)
    bpjs_batas_upah: int = 12_000_000
    lain: tuple[LocalDeduction, ...] = ()

    def __post_init__(self):
        for name in ("pph21_tarif_tetap", "bpjs_pegawai", "bpjs_pemberi_kerja"):
            object.__setattr__(self, name, as_decimal(getattr(self, name)))
        object.__setattr__(self, "pph21_golongan", tuple(as_decimal(v) for v in self.pph21_golongan))
        if self.metode_pph21 not in PPH21_METHODS:
            raise ValueError(f"Metode PPh 21 tidak dikenal: {self.metode_pph21!r}.")


class Taxed(NamedTuple):
    """What a PPh 21 method reads of one employee's month."""

    bruto: int
    golongan: str
    status_ptkp: str


def _pph21_by_golongan(taxed: Taxed, rules: PayRules) -> Decimal:
    return rules.pph21_golongan[RUANG.index(ruang(taxed.golongan))]


def _pph21_flat(taxed: Taxed, rules: PayRules) -> Decimal:
    return rules.pph21_tarif_tetap


def _pph21_ter(taxed: Taxed, rules: PayRules) -> Decimal:
    # The TPP is taxed as the month's whole gross: the salary is paid, and taxed, by another payroll.
    return ter_rate(taxed.bruto, taxed.status_ptkp)


# The PPh 21 methods a rule set may choose: the percent withheld from the gross TPP of one employee.
PPH21_METHODS: dict[str, Callable[[Taxed, PayRules], Decimal]] = {
    "golongan": _pph21_by_golongan,
    "tarif_tetap": _pph21_flat,
    "ter": _pph21_ter,
}
PPH21_LABELS = {
    "golongan": "Tarif menurut golongan (PP 80/2010)",
    "tarif_tetap": "Satu tarif bagi semua pegawai",
    "ter": "Tarif efektif rata-rata bulanan menurut status PTKP (PP 58/2023)",
}


class Item(NamedTuple):
    """One deduction as the slip and the lists print it."""

    kode: str
    nama: str
    persen: Decimal | None
    rupiah: int


class NetPay(NamedTuple):
    bruto: int
    potongan: list[Item]
    jumlah_potongan: int
    bersih: int
    bpjs_pemberi_kerja: int  # paid by the city on top, shown for the budget, never deducted


def _percent_of(base: int | Decimal, persen: Decimal) -> int:
    return int(round_half_up(as_decimal(base) * persen / _HUNDRED))


def net_pay(bruto: int, golongan: str, rules: PayRules = PayRules(), status_ptkp: str = DEFAULT_PTKP) -> NetPay:
    """Each deduction of one employee's gross TPP (whole rupiah, each rounded on its own) and the net paid."""
    if bruto < 0:
        raise ValueError("TPP bruto tidak boleh negatif.")
    pph_rate = PPH21_METHODS[rules.metode_pph21](Taxed(bruto, golongan, status_ptkp), rules)
    bpjs_base = min(bruto, rules.bpjs_batas_upah)
    items = [
        Item("PPH21", "PPh Pasal 21", pph_rate, _percent_of(bruto, pph_rate)),
        Item("BPJS", "Iuran BPJS Kesehatan (pegawai)", rules.bpjs_pegawai, _percent_of(bpjs_base, rules.bpjs_pegawai)),
    ]
    for number, local in enumerate(rules.lain, start=1):
        if local.persen is not None:
            items.append(Item(f"LAIN{number}", local.nama, local.persen, _percent_of(bruto, local.persen)))
        else:
            items.append(Item(f"LAIN{number}", local.nama, None, int(local.nominal or 0)))
    # A fixed amount never takes the net below zero: what is left is what can be withheld.
    left, capped = bruto, []
    for item in items:
        rupiah = min(item.rupiah, left)
        left -= rupiah
        capped.append(item._replace(rupiah=rupiah))
    total = bruto - left
    return NetPay(bruto, capped, total, left, _percent_of(bpjs_base, rules.bpjs_pemberi_kerja))
