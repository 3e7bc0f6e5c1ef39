from decimal import Decimal

import pytest

from ekinerja.rules.tpp import DEMO_TARIF, TppResult, TppRules, tpp

RULES = TppRules()


def test_demo_tariff_for_kelas_1_to_17():
    assert DEMO_TARIF == {
        1: 1_500_000, 2: 1_650_000, 3: 1_800_000, 4: 2_000_000, 5: 2_200_000, 6: 2_500_000,
        7: 3_000_000, 8: 3_500_000, 9: 4_000_000, 10: 4_750_000, 11: 5_500_000, 12: 6_500_000,
        13: 7_500_000, 14: 9_000_000, 15: 11_000_000, 16: 13_000_000, 17: 15_000_000,
    }  # fmt: skip


def test_default_rules_are_cpns_80_percent_and_60_40_split():
    assert TppRules() == TppRules(Decimal(80), Decimal(60), Decimal(40))


def test_pns_full_scores_receive_the_full_tariff():
    assert tpp(3_000_000, "PNS", Decimal(100), Decimal(0), RULES) == TppResult(
        Decimal(3_000_000), Decimal(1_800_000), Decimal(1_200_000), 1_800_000, 1_200_000, 3_000_000
    )


def test_cpns_receive_80_percent_of_the_tariff():
    result = tpp(3_000_000, "CPNS", Decimal(100), Decimal(0), RULES)
    assert result == TppResult(Decimal(2_400_000), Decimal(1_440_000), Decimal(960_000), 1_440_000, 960_000, 2_400_000)


def test_worked_example_kelas_7_with_potongan_7():
    result = tpp(DEMO_TARIF[7], "PNS", Decimal(100), Decimal("7.0"), RULES)
    assert (result.tpp_kinerja, result.tpp_disiplin, result.tpp_diterima) == (1_800_000, 1_116_000, 2_916_000)


@pytest.mark.parametrize(
    ("tarif", "capaian", "potongan", "kinerja", "disiplin"),
    [
        # 1,000,005 x 50 % = 500,002.5 -> 500,003 (half-up; to-even would give 500,002).
        (1_666_675, Decimal(50), Decimal(0), 500_003, 666_670),
        # 600,002 x 25 % = 150,000.5 -> 150,001.
        (1_500_005, Decimal(100), Decimal(75), 900_003, 150_001),
        # 1,800,000 x 87.53 % = 1,575,540; 1,200,000 x 98.75 % = 1,185,000.
        (3_000_000, Decimal("87.53"), Decimal("1.25"), 1_575_540, 1_185_000),
        # 990,000 x 33.33 % = 329,967; 660,000 x 99.5 % = 656,700.
        (1_650_000, Decimal("33.33"), Decimal("0.5"), 329_967, 656_700),
        # 900,000 x 0.01 % = 90; a potongan of 100 % leaves nothing of the discipline part.
        (1_500_000, Decimal("0.01"), Decimal(100), 90, 0),
    ],
)
def test_each_part_is_rounded_half_up_to_whole_rupiah(tarif, capaian, potongan, kinerja, disiplin):
    result = tpp(tarif, "PNS", capaian, potongan, RULES)
    assert (result.tpp_kinerja, result.tpp_disiplin, result.tpp_diterima) == (kinerja, disiplin, kinerja + disiplin)
    assert type(result.tpp_kinerja) is int and type(result.tpp_disiplin) is int


def test_cpns_rounding_after_the_80_percent():
    # 1,650,000 x 80 % = 1,320,000; kinerja 792,000 x 33.33 % = 263,973.6 -> 263,974.
    result = tpp(1_650_000, "CPNS", Decimal("33.33"), Decimal(0), RULES)
    assert (result.tpp_dasar, result.tpp_kinerja, result.tpp_disiplin) == (Decimal(1_320_000), 263_974, 528_000)


def test_other_rule_set_values_are_used():
    rules = TppRules(persen_cpns=Decimal(75), bobot_kinerja=Decimal(70), bobot_disiplin=Decimal(30))
    result = tpp(2_000_000, "CPNS", Decimal(100), Decimal(10), rules)
    assert (result.tpp_dasar, result.tpp_kinerja, result.tpp_disiplin) == (Decimal(1_500_000), 1_050_000, 405_000)


@pytest.mark.parametrize(
    ("tarif", "capaian", "potongan"),
    [(3_000_000.0, Decimal(100), Decimal(0)), (3_000_000, 99.5, Decimal(0)), (3_000_000, Decimal(100), 7.0)],
)
def test_money_and_scores_refuse_floats(tarif, capaian, potongan):
    with pytest.raises(TypeError):
        tpp(tarif, "PNS", capaian, potongan, RULES)


@pytest.mark.parametrize(
    ("status", "capaian", "potongan", "message"),
    [
        ("PPPK", Decimal(100), Decimal(0), "Status kepegawaian harus PNS atau CPNS."),
        ("pns", Decimal(100), Decimal(0), "Status kepegawaian harus PNS atau CPNS."),
        ("PNS", Decimal("100.01"), Decimal(0), "Capaian kinerja harus antara 0 dan 100."),
        ("PNS", Decimal(-1), Decimal(0), "Capaian kinerja harus antara 0 dan 100."),
        ("PNS", Decimal(100), Decimal("100.5"), "Potongan disiplin harus antara 0 dan 100."),
    ],
)
def test_invalid_inputs_are_refused(status, capaian, potongan, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        tpp(3_000_000, status, capaian, potongan, RULES)
