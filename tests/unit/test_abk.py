from decimal import Decimal

import pytest

from ekinerja.rules.abk import JAM_KERJA_EFEKTIF_TAHUNAN, StaffingNeed, beban_kerja_menit, staffing_need


def test_effective_working_hours_per_year_are_1250():
    assert JAM_KERJA_EFEKTIF_TAHUNAN == 1250


def test_workload_is_sum_of_annual_volume_times_norma_waktu():
    assert beban_kerja_menit([(1200, 30), (240, 120), (52, 240)]) == 36000 + 28800 + 12480
    assert beban_kerja_menit([]) == 0


def test_worked_example_staffing_need_is_shown_to_two_decimals_and_rounded_half_up():
    # 77280 / (1250 x 60) = 1.0304 -> 1.03 -> 1 person; 3 holders is a surplus of 2.
    assert staffing_need([(1200, 30), (240, 120), (52, 240)], holders=3) == StaffingNeed(
        beban_kerja_menit=77280,
        kebutuhan=Decimal("1.03"),
        kebutuhan_bulat=1,
        ada=3,
        selisih=2,
        keterangan="lebih",
    )


@pytest.mark.parametrize(
    ("duties", "holders", "kebutuhan", "bulat", "selisih", "keterangan"),
    [
        # 187125 / 75000 = 2.495: shown 2.50 (half-up), and whole people follow the shown figure: 3.
        ([(2495, 75)], 2, Decimal("2.50"), 3, -1, "kurang"),
        # 112125 / 75000 = 1.495 -> 1.50 -> 2 (half-up, not to even).
        ([(1495, 75)], 2, Decimal("1.50"), 2, 0, "sesuai"),
        # 111750 / 75000 = 1.49 -> 1.
        ([(1490, 75)], 1, Decimal("1.49"), 1, 0, "sesuai"),
        # 37499 / 75000 = 0.49998... -> 0.50 -> 1.
        ([(37499, 1)], 0, Decimal("0.50"), 1, -1, "kurang"),
        ([], 1, Decimal("0.00"), 0, 1, "lebih"),
    ],
)
def test_staffing_need_rounds_half_up_at_the_boundaries(duties, holders, kebutuhan, bulat, selisih, keterangan):
    result = staffing_need(duties, holders)
    assert result.kebutuhan == kebutuhan
    assert str(result.kebutuhan) == str(kebutuhan)
    assert (result.kebutuhan_bulat, result.selisih, result.keterangan) == (bulat, selisih, keterangan)


def test_other_effective_hours_from_the_rule_set_are_used():
    # 75000 / (1000 x 60) = 1.25 -> 1.
    result = staffing_need([(1000, 75)], holders=1, jam_efektif_tahunan=1000)
    assert (result.kebutuhan, result.kebutuhan_bulat) == (Decimal("1.25"), 1)


def test_zero_effective_hours_are_refused():
    with pytest.raises(ValueError, match="Jam kerja efektif tahunan"):
        staffing_need([(1, 1)], holders=1, jam_efektif_tahunan=0)
