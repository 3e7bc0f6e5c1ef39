"""ABK (analisis beban kerja): workload of a position and the staff it needs (PermenPANRB 1/2020)."""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.numbers import round_half_up

JAM_KERJA_EFEKTIF_TAHUNAN = 1250


class StaffingNeed(NamedTuple):
    """Staffing need of one position compared with the people holding it."""

    beban_kerja_menit: int
    kebutuhan: Decimal
    kebutuhan_bulat: int
    ada: int
    selisih: int
    keterangan: str


def beban_kerja_menit(duties: Iterable[tuple[int, int]]) -> int:
    """Annual workload in minutes: sum of volume_tahunan x norma_waktu over the duties."""
    return sum(volume_tahunan * norma_waktu for volume_tahunan, norma_waktu in duties)


def staffing_need(
    duties: Iterable[tuple[int, int]], holders: int, jam_efektif_tahunan: int = JAM_KERJA_EFEKTIF_TAHUNAN
) -> StaffingNeed:
    """Staff needed for (volume_tahunan, norma_waktu) duties versus `holders` people; selisih = ada - kebutuhan."""
    if jam_efektif_tahunan <= 0:
        raise ValueError("Jam kerja efektif tahunan harus lebih dari 0.")
    beban = beban_kerja_menit(duties)
    kebutuhan = round_half_up(Decimal(beban) / Decimal(jam_efektif_tahunan * 60), 2)
    # Whole people are rounded from the 2-decimal figure shown, so 2,50 on screen always means 3 people.
    kebutuhan_bulat = int(round_half_up(kebutuhan))
    selisih = holders - kebutuhan_bulat
    keterangan = "kurang" if selisih < 0 else "lebih" if selisih > 0 else "sesuai"
    return StaffingNeed(beban, kebutuhan, kebutuhan_bulat, holders, selisih, keterangan)
