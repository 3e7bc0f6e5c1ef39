"""PPh 21 at the monthly TER rates of PP 58/2023 on the gross TPP, by PTKP status: bracket bounds worked by hand."""

from decimal import Decimal

import pytest

from ekinerja.rules.pay import PayRules, net_pay
from ekinerja.rules.ter import PTKP_CATEGORY, STATUS_PTKP, TER_TABLES, ter_category, ter_rate

TER = PayRules(metode_pph21="ter")


@pytest.mark.parametrize(
    ("status", "category"),
    [("TK/0", "A"), ("TK/1", "A"), ("K/0", "A"), ("TK/2", "B"), ("TK/3", "B"), ("K/1", "B"), ("K/2", "B")]
    + [("K/3", "C")],
)
def test_each_ptkp_status_falls_in_the_category_pp_58_2023_gives_it(status, category):
    assert ter_category(status) == category


@pytest.mark.parametrize(
    ("bruto", "status", "percent"),
    [
        (5_400_000, "TK/0", "0"),  # A, bracket 1 "s.d. Rp 5.400.000"
        (5_400_001, "TK/0", "0.25"),  # A, bracket 2 starts at Rp 5.400.001
        (8_550_000, "K/0", "1.5"),
        (8_550_001, "K/0", "1.75"),
        (1_400_000_000, "TK/1", "33"),
        (1_400_000_001, "TK/1", "34"),  # A's last bracket has no upper bound
        (6_200_000, "K/1", "0"),  # B, bracket 1
        (9_200_000, "K/2", "1"),
        (9_200_001, "K/2", "1.5"),  # B jumps from 1 % to 1.5 %
        (1_405_000_001, "TK/3", "34"),
        (6_600_000, "K/3", "0"),  # C, bracket 1
        (6_600_001, "K/3", "0.25"),
        (10_950_001, "K/3", "1.75"),
        (1_419_000_001, "K/3", "34"),
    ],
)
def test_the_rate_at_a_bracket_bound_is_that_brackets_and_one_rupiah_more_is_the_next(bruto, status, percent):
    assert ter_rate(bruto, status) == Decimal(percent)


def test_every_table_rises_and_ends_without_an_upper_bound():
    sizes = {category: len(table) for category, table in TER_TABLES.items()}
    assert sizes == {"A": 44, "B": 40, "C": 41}  # the Lampiran's bracket counts
    for table in TER_TABLES.values():
        bounds = [bound for bound, _ in table[:-1]]
        rates = [rate for _, rate in table]
        assert bounds == sorted(set(bounds)) and rates == sorted(rates) and table[-1] == (None, Decimal(34))
    assert set(PTKP_CATEGORY.values()) == set(TER_TABLES) and STATUS_PTKP[0] == "TK/0"


def test_an_unknown_ptkp_status_is_refused():
    with pytest.raises(ValueError, match="Status PTKP tidak dikenal"):
        ter_rate(5_000_000, "K/4")


@pytest.mark.parametrize(
    ("bruto", "status", "pph", "bpjs", "net"),
    [
        # Rp 8.000.000, TK/0 -> A 7.500.001-8.550.000: 1.5 % = 120.000; BPJS 1 % = 80.000.
        (8_000_000, "TK/0", 120_000, 80_000, 7_800_000),
        # The same gross, K/1 -> B 7.300.001-9.200.000: 1 % = 80.000.
        (8_000_000, "K/1", 80_000, 80_000, 7_840_000),
        # Rp 10.950.001, K/3 -> C 10.950.001-11.200.000: 1.75 % = 191.625,0175 -> 191.625; BPJS 109.500,01 -> 109.500.
        (10_950_001, "K/3", 191_625, 109_500, 10_648_876),
        # Rp 5.400.000, TK/0: no PPh 21 at all.
        (5_400_000, "TK/0", 0, 54_000, 5_346_000),
    ],
)
def test_ter_withholds_the_rate_of_the_gross_tpp_by_ptkp_status(bruto, status, pph, bpjs, net):
    pay = net_pay(bruto, "III/a", TER, status)
    assert [(i.kode, i.rupiah) for i in pay.potongan] == [("PPH21", pph), ("BPJS", bpjs)]
    assert pay.bersih == net == bruto - pph - bpjs


def test_ter_ignores_the_golongan_that_the_default_method_reads():
    assert net_pay(8_000_000, "IV/e", TER, "TK/0").potongan[0].rupiah == 120_000
    assert net_pay(8_000_000, "IV/e", PayRules(), "TK/0").potongan[0].rupiah == 1_200_000  # 15 % by golongan
