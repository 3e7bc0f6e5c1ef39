"""Deductions from gross TPP and net pay, the status rule of a month with a change, dated values, tier bounds."""

import datetime
from decimal import Decimal

import pytest

from ekinerja.rules.dated import changes_within, value_on
from ekinerja.rules.discipline import DisciplineRules, tier_bounds_error, tier_code
from ekinerja.rules.pay import LocalDeduction, PayRules, net_pay
from ekinerja.rules.tpp import TppRules, base_percent, tpp


@pytest.mark.parametrize(
    ("golongan", "pph", "bpjs", "net"),
    [
        ("I/a", 0, 29_160, 2_886_840),
        ("II/d", 0, 29_160, 2_886_840),
        ("III/a", 145_800, 29_160, 2_741_040),
        ("III/d", 145_800, 29_160, 2_741_040),
        ("IV/a", 437_400, 29_160, 2_449_440),
        ("IV/e", 437_400, 29_160, 2_449_440),
    ],
)
def test_pph21_follows_the_golongan_and_bpjs_takes_one_percent(golongan, pph, bpjs, net):
    """Worked example's Rp 2,916,000 at each golongan: PP 80/2010 rates (IV 15 %, III 5 %, I-II 0 %), BPJS 1 %."""
    pay = net_pay(2_916_000, golongan)
    assert [(i.kode, i.rupiah) for i in pay.potongan] == [("PPH21", pph), ("BPJS", bpjs)]
    assert pay.jumlah_potongan == pph + bpjs and pay.bersih == net == 2_916_000 - pph - bpjs
    assert pay.bpjs_pemberi_kerja == 116_640  # 4 % shown for the budget, not deducted


@pytest.mark.parametrize(
    ("gross", "employee", "employer"),
    [(11_999_999, 120_000, 480_000), (12_000_000, 120_000, 480_000), (15_000_000, 120_000, 480_000)],
)
def test_bpjs_stops_at_the_upper_wage_bound(gross, employee, employer):
    pay = net_pay(gross, "III/a")
    assert pay.potongan[1].rupiah == employee and pay.bpjs_pemberi_kerja == employer
    assert pay.potongan[0].rupiah == int((Decimal(gross) * 5 / 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def test_each_deduction_is_rounded_half_up_on_its_own():
    pay = net_pay(1_010_050, "III/a")  # 5 % = 50,502.5 -> 50,503; 1 % = 10,100.5 -> 10,101
    assert [i.rupiah for i in pay.potongan] == [50_503, 10_101] and pay.bersih == 1_010_050 - 60_604


def test_the_rule_set_may_switch_the_method_and_name_local_deductions():
    rules = PayRules(
        metode_pph21="tarif_tetap",
        pph21_tarif_tetap=Decimal("2.5"),
        lain=(LocalDeduction("Zakat", persen=Decimal("2.5")), LocalDeduction("Koperasi", nominal=50_000)),
    )
    pay = net_pay(2_000_000, "IV/a", rules)
    assert [(i.nama, i.rupiah) for i in pay.potongan] == [
        ("PPh Pasal 21", 50_000),
        ("Iuran BPJS Kesehatan (pegawai)", 20_000),
        ("Zakat", 50_000),
        ("Koperasi", 50_000),
    ]
    assert pay.bersih == 1_830_000


def test_a_fixed_deduction_never_takes_the_net_below_zero():
    pay = net_pay(30_000, "I/a", PayRules(lain=(LocalDeduction("Koperasi", nominal=50_000),)))
    assert pay.potongan[-1].rupiah == 29_700 and pay.bersih == 0


def test_unknown_golongan_and_method_are_refused():
    with pytest.raises(ValueError):
        net_pay(1_000, "V/a")
    with pytest.raises(ValueError):
        PayRules(metode_pph21="tebak")


def test_a_cpns_made_pns_mid_month_is_paid_each_working_day_at_its_status():
    days = ["CPNS"] * 10 + ["PNS"] * 11
    per_day = base_percent(days, TppRules())
    assert per_day == (Decimal(80) * 10 + Decimal(100) * 11) / 21
    assert base_percent(days, TppRules(status_berubah="akhir_bulan")) == 100
    pay = tpp(3_000_000, "PNS", Decimal(100), Decimal(0), persen_dasar=per_day)
    # 3,000,000 x 90.476...%, each part rounded on its own: between the CPNS and the PNS month
    assert (pay.tpp_kinerja, pay.tpp_disiplin, pay.tpp_diterima) == (1_628_571, 1_085_714, 2_714_285)


def test_a_full_month_of_one_status_pays_as_before():
    assert base_percent(["CPNS"] * 21, TppRules()) == 80 and base_percent(["PNS"] * 3, TppRules()) == 100


def test_a_dated_value_holds_from_its_tmt_until_the_next():
    history = [(datetime.date(2026, 1, 1), "III/a"), (datetime.date(2026, 4, 1), "III/b")]
    assert value_on(history, datetime.date(2026, 3, 31)) == "III/a"
    assert value_on(history, datetime.date(2026, 4, 1)) == "III/b"
    assert value_on(history, datetime.date(2025, 6, 1)) == "III/a"  # before the first row: the earliest known
    assert value_on([], datetime.date(2026, 1, 1)) is None
    assert changes_within(history, datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))
    assert not changes_within(history, datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))


def test_tier_bounds_are_settings_with_the_old_defaults():
    assert [tier_code("TL", m) for m in (1, 30, 31, 60, 61, 90, 91)] == [
        "TL1",
        "TL1",
        "TL2",
        "TL2",
        "TL3",
        "TL3",
        "TL4",
    ]
    assert [tier_code("PSW", m, (15, 45, 120)) for m in (15, 16, 45, 120, 121)] == [
        "PSW1",
        "PSW2",
        "PSW2",
        "PSW3",
        "PSW4",
    ]
    assert DisciplineRules().tier_bounds == (30, 60, 90)
    assert tier_bounds_error((30, 60, 90)) is None and tier_bounds_error((30, 30, 90)) and tier_bounds_error((0, 5, 9))
