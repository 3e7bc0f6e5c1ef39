"""What-if: a locked month's stored recap recomputed under another rule set, from its stored figures."""

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from ekinerja.rules.discipline import DisciplineRules
from ekinerja.rules.kinerja import KinerjaRules, kinerja
from ekinerja.rules.tpp import TppRules, tpp


def deduction_percent(kode: str, rules: DisciplineRules) -> Decimal:
    """The percent a rule set deducts for a stored deduction code (TK, TL1..4, PSW1..4, APEL_PAGI, APEL_SORE)."""
    if kode == "TK":
        return rules.tk
    if kode.startswith(("TL", "PSW")) and kode[-1] in "1234":
        return (rules.tl if kode.startswith("TL") else rules.psw)[int(kode[-1]) - 1]
    if kode == "APEL_PAGI":
        return rules.apel_pagi
    if kode == "APEL_SORE":
        return rules.apel_sore
    raise ValueError(f"Kode potongan tidak dikenal: {kode}")


def deduction_codes(deductions: Iterable[Mapping]) -> str:
    """The codes of a recap row's itemised deductions as a locked month keeps them: sorted, space-separated."""
    return " ".join(sorted(item["kode"] for item in deductions))


@functools.lru_cache(maxsize=1024)  # a city's month repeats the same few combinations of codes
def deducted(codes: tuple[str, ...], rules: DisciplineRules) -> Decimal:
    """The month's discipline deduction in percent for these codes (one per deduction), within the cap."""
    total = sum((deduction_percent(kode, rules) for kode in codes), Decimal(0))
    return min(total, rules.batas_potongan)


def recompute(
    row: Mapping,
    codes: Iterable[str],
    tarif: Mapping[int, int],
    rules: tuple[KinerjaRules, DisciplineRules, TppRules],
) -> dict:
    """A stored recap row's capaian, potongan and TPP under other rules.

    row: hari_kerja, hari_berketerangan, menit_utama (daily-capped) and menit_tambahan_disetujui, kelas_jabatan,
    status_pegawai; codes: the month's deduction codes, one per deduction.
    """
    kinerja_rules, discipline_rules, tpp_rules = rules
    result = kinerja(
        row["hari_kerja"],
        row["hari_berketerangan"],
        row["menit_utama"],
        row["menit_tambahan_disetujui"],
        kinerja_rules,
    )
    potongan = deducted(tuple(sorted(codes)), discipline_rules)
    pay = tpp(tarif.get(row["kelas_jabatan"], 0), row["status_pegawai"], result.capaian_kinerja, potongan, tpp_rules)
    return {
        "capaian_kinerja": result.capaian_kinerja,
        "potongan_disiplin": potongan,
        "tpp_kinerja": pay.tpp_kinerja,
        "tpp_disiplin": pay.tpp_disiplin,
        "tpp_diterima": pay.tpp_diterima,
    }
