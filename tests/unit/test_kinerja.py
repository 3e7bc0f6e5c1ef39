from decimal import Decimal

import pytest

from ekinerja.rules.kinerja import KinerjaResult, KinerjaRules, credited_day, kinerja

RULES = KinerjaRules()


def days(*pairs, cap=RULES.batas_menit_harian):
    """The month sums (menit_utama, tambahan_harian) of days approved with these (utama, tambahan) minutes."""
    credited = [credited_day(utama, tambahan, cap) for utama, tambahan in pairs]
    return sum(utama for utama, _ in credited), sum(tambahan for _, tambahan in credited)


def test_default_rules_are_300_minutes_a_day_450_daily_cap_and_20_percent_tambahan():
    assert KinerjaRules() == KinerjaRules(300, 450, Decimal(20))


def test_standard_minutes_are_effective_days_times_300():
    result = kinerja(21, 1, 0, 0, RULES)
    assert result == KinerjaResult(21, 1, 20, 6000, 0, 0, 0, Decimal("0.00"), 0, 1200)


@pytest.mark.parametrize(
    ("utama_raw", "tambahan_raw", "utama", "tambahan"),
    [
        (450, 0, 450, 0),
        (451, 0, 450, 0),
        (600, 100, 450, 0),  # the cap is full: tambahan gets nothing
        (400, 100, 400, 50),  # tambahan only fills up to 450
        (0, 500, 0, 450),  # tambahan alone is capped at 450 too
        (300, 150, 300, 150),
    ],
)
def test_daily_minutes_are_capped_at_450_with_tambahan_filling_what_is_left(utama_raw, tambahan_raw, utama, tambahan):
    result = kinerja(21, 0, *days((utama_raw, tambahan_raw)), RULES)
    assert (result.menit_utama, result.menit_tambahan) == (utama, tambahan)


def test_tambahan_minutes_are_capped_at_20_percent_of_standard():
    # 20 effective days: standard 6000, tambahan at most 1200 although 20 x 100 = 2000 were approved.
    result = kinerja(20, 0, *days(*[(200, 100)] * 20), RULES)
    assert (result.menit_utama, result.menit_tambahan, result.menit_diakui) == (4000, 1200, 5200)
    assert (result.menit_tambahan_disetujui, result.batas_menit_tambahan) == (2000, 1200)
    assert result.capaian_kinerja == Decimal("86.67")


def test_tambahan_below_the_20_percent_cap_counts_fully():
    result = kinerja(20, 0, *days(*[(200, 60)] * 20), RULES)
    assert (result.menit_tambahan, result.menit_diakui) == (1200, 5200)
    result = kinerja(20, 0, *days(*[(200, 59)] * 20), RULES)
    assert (result.menit_tambahan, result.menit_diakui) == (1180, 5180)


def test_tambahan_cap_is_rounded_half_up_to_whole_minutes():
    # 300 x 12.5 % = 37.5 -> 38.
    rules = KinerjaRules(batas_tambahan_persen=Decimal("12.5"))
    assert kinerja(1, 0, *days((0, 100)), rules).menit_tambahan == 38


@pytest.mark.parametrize(
    ("hari_kerja", "utama", "expected"),
    [
        (8, 3, Decimal("0.13")),  # 3 / 2400 = 0.125 % -> 0.13 (half-up, not to even)
        (1, 1, Decimal("0.33")),  # 0.3333...
        (1, 2, Decimal("0.67")),  # 0.6666...
        (1, 150, Decimal("50.00")),
        (1, 300, Decimal("100.00")),
        (1, 299, Decimal("99.67")),
    ],
)
def test_capaian_is_rounded_half_up_to_two_decimals(hari_kerja, utama, expected):
    result = kinerja(hari_kerja, 0, *days((utama, 0)), RULES)
    assert result.capaian_kinerja == expected
    assert str(result.capaian_kinerja) == str(expected)


def test_capaian_is_capped_at_100():
    result = kinerja(2, 0, *days((450, 0), (450, 0)), RULES)
    assert result.menit_diakui == 900
    assert str(result.capaian_kinerja) == "100.00"


@pytest.mark.parametrize(("hari_kerja", "hari_berketerangan"), [(0, 0), (5, 5)])
def test_capaian_is_zero_without_standard_minutes(hari_kerja, hari_berketerangan):
    result = kinerja(hari_kerja, hari_berketerangan, *days((300, 0)), RULES)
    assert result.menit_standar == 0
    assert result.menit_tambahan == 0
    assert result.capaian_kinerja == Decimal(0)


def test_other_rule_set_values_are_used():
    rules = KinerjaRules(menit_efektif_per_hari=330, batas_menit_harian=400, batas_tambahan_persen=Decimal(10))
    result = kinerja(2, 0, *days((500, 50), (300, 50), cap=400), rules)
    # standard 660; day 1: 400 + 0, day 2: 300 + 50; tambahan cap 66.
    assert result == KinerjaResult(2, 0, 2, 660, 700, 50, 750, Decimal("100.00"), 50, 66)


@pytest.mark.parametrize(("hari_kerja", "hari_berketerangan"), [(3, 4), (3, -1), (-1, 0)])
def test_impossible_day_counts_are_refused(hari_kerja, hari_berketerangan):
    with pytest.raises(ValueError, match="Hari berketerangan"):
        kinerja(hari_kerja, hari_berketerangan, 0, 0, RULES)
