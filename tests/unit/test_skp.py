"""SKP rules: PP 46/2011 formulas (Perka BKN 1/2013), the PermenPANRB 6/2022 matrix, the curve, the objection."""

import datetime
from decimal import Decimal as D

import pytest

from ekinerja.rules import skp
from ekinerja.rules.skp import AppraisalInput, Aspect, Bound, PlanRefused, Predikat, Status

# --- PP 46/2011 ------------------------------------------------------------------------------------------------------

WORKED = {
    "kuantitas": Aspect(D(12), D(12)),  # 100
    "kualitas": Aspect(D(100), D(90)),  # 90
    "waktu": Aspect(D(12), D(12)),  # 76
    "biaya": Aspect(D(1_000_000), D(1_000_000)),  # 76
}


def test_worked_example_one_activity_four_aspects_100_90_76_76_gives_85_50():
    assert [skp.ASPECT_FORMULAS[n](a) for n, a in WORKED.items()] == [100, 90, 76, 76]
    assert skp.activity_value(WORKED) == D("85.50")


def test_time_within_the_24_percent_boundary_scores_more_for_saving():
    # 12 months planned, 10 used: efficiency 16.67 % -> (1.76 x 12 - 10) / 12 x 100 = 92.67
    assert skp.round_half_up(skp.efficiency_value(Aspect(D(12), D(10))), 2) == D("92.67")


def test_time_exactly_at_the_boundary_uses_the_first_formula():
    assert skp.efficiency_value(Aspect(D(100), D(76))) == 100


def test_time_beyond_the_24_percent_boundary_falls_from_76():
    # 12 months planned, 8 used: efficiency 33.33 % -> 76 - ((1.76 x 12 - 8) / 12 x 100 - 100) = 66.67
    assert skp.round_half_up(skp.efficiency_value(Aspect(D(12), D(8))), 2) == D("66.67")
    assert skp.efficiency_value(Aspect(D(100), D(75))) == 75


def test_cost_uses_the_same_formulas_as_time():
    assert skp.ASPECT_FORMULAS["biaya"] is skp.efficiency_value
    assert skp.efficiency_value(Aspect(D(1000), D(900))) == 86


def test_an_activity_not_done_scores_zero():
    assert skp.activity_value({"kuantitas": Aspect(D(10), D(0)), "kualitas": Aspect(D(100), D(0))}) == 0


def test_an_aspect_without_target_is_not_counted():
    aspects = {"kuantitas": Aspect(D(10), D(10)), "kualitas": Aspect(D(100), D(80)), "biaya": Aspect(D(0), D(0))}
    assert skp.activity_value(aspects) == D("90.00")


@pytest.mark.parametrize(("count", "points"), [(0, 0), (1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (12, 3)])
def test_extra_tasks_give_one_to_three_points(count, points):
    assert skp.tugas_tambahan_points(count) == points


@pytest.mark.parametrize(
    ("nilai", "name"),
    [("91", "Sangat Baik"), ("100", "Sangat Baik"), ("90.99", "Baik"), ("76", "Baik"), ("75.99", "Cukup"),
     ("61", "Cukup"), ("60", "Kurang"), ("51", "Kurang"), ("50", "Buruk"), ("0", "Buruk")],
)  # fmt: skip
def test_sebutan_of_the_nilai_prestasi_kerja(nilai, name):
    assert skp.sebutan(D(nilai)) == name


PERILAKU = {a: D(80) for a in skp.PERILAKU_PP46 if a != "kepemimpinan"}


def test_pp46_nilai_prestasi_kerja_is_60_percent_skp_and_40_percent_behaviour():
    result = skp.appraise("pp_46_2011", AppraisalInput(kegiatan=[WORKED], perilaku=PERILAKU))
    assert result.nilai == {"nilai_skp": D("85.50"), "nilai_perilaku": D("80.00"), "nilai_prestasi_kerja": D("83.30")}
    assert result.predikat == "Baik"


def test_pp46_adds_extra_task_and_creativity_points_to_the_skp_value():
    data = AppraisalInput(kegiatan=[WORKED], perilaku=PERILAKU, tugas_tambahan=4, kreativitas=["instansi"])
    assert skp.pp46_2011(data).nilai["nilai_skp"] == D("93.50")


def test_pp46_leadership_is_rated_only_for_structural_positions():
    with pytest.raises(ValueError, match="Kepemimpinan"):
        skp.pp46_2011(AppraisalInput(kegiatan=[WORKED], perilaku=PERILAKU, struktural=True))
    full = dict(PERILAKU, kepemimpinan=D(90))
    assert skp.pp46_2011(AppraisalInput(kegiatan=[WORKED], perilaku=full, struktural=True)).nilai[
        "nilai_perilaku"
    ] == D("81.67")


def test_pp46_averages_the_activities():
    half = {"kuantitas": Aspect(D(10), D(5))}
    data = AppraisalInput(kegiatan=[WORKED, half], perilaku=PERILAKU)
    assert skp.pp46_2011(data).nilai["nilai_skp"] == D("67.75")


def test_pp46_refuses_missing_behaviour_and_out_of_range_scores():
    with pytest.raises(ValueError):
        skp.pp46_2011(AppraisalInput(kegiatan=[WORKED]))
    with pytest.raises(ValueError):
        skp.pp46_2011(AppraisalInput(kegiatan=[WORKED], perilaku=dict(PERILAKU, integritas=D(101))))


@pytest.mark.parametrize(("year", "method"), [(2013, "pp_46_2011"), (2021, "pp_46_2011"), (2022, "permenpanrb_6_2022")])
def test_the_method_follows_the_year_unless_the_rule_set_names_one(year, method):
    assert skp.method_for(year) == method
    assert skp.method_for(year, "pp_46_2011") == "pp_46_2011"


def test_annual_realisation_adds_quantity_averages_quality_and_takes_the_last_time():
    assert skp.annual_realisation("kuantitas", [D(3), D(4)]) == 7
    assert skp.annual_realisation("kualitas", [D(80), D(91)]) == D("85.50")
    assert skp.annual_realisation("waktu", [D(6), D(11)]) == 11
    assert skp.annual_realisation("biaya", []) == 0


# --- PermenPANRB 6/2022 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        ("atas", "atas", Predikat.SANGAT_BAIK),
        ("atas", "sesuai", Predikat.BAIK),
        ("sesuai", "sesuai", Predikat.BAIK),
        ("sesuai", "atas", Predikat.BAIK),
        ("bawah", "sesuai", Predikat.BUTUH_PERBAIKAN),
        ("bawah", "atas", Predikat.BUTUH_PERBAIKAN),
        ("atas", "bawah", Predikat.KURANG),
        ("sesuai", "bawah", Predikat.KURANG),
        ("bawah", "bawah", Predikat.SANGAT_KURANG),
    ],
)
def test_every_cell_of_the_predikat_matrix(hasil, perilaku, expected):
    assert skp.predikat(hasil, perilaku) is expected
    assert skp.appraise("permenpanrb_6_2022", AppraisalInput(hasil, perilaku)).predikat == expected.value


def test_the_matrix_covers_all_nine_cells_and_refuses_unknown_ratings():
    assert len(skp.MATRIX) == 9
    with pytest.raises(ValueError):
        skp.predikat("luar biasa", "sesuai")
    with pytest.raises(ValueError):
        skp.permenpanrb_2022(AppraisalInput(rating_hasil="atas"))


# --- the plan's workflow ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "action", "owner", "appraiser", "note", "expected"),
    [
        ("DRAFT", "ajukan", True, False, None, Status.DIAJUKAN),
        ("DIKEMBALIKAN", "ajukan", True, False, None, Status.DIAJUKAN),
        ("DIAJUKAN", "setujui", False, True, None, Status.DISETUJUI),
        ("DIAJUKAN", "kembalikan", False, True, "Target kurang jelas", Status.DIKEMBALIKAN),
        ("DIAJUKAN", "ajukan", True, False, None, PlanRefused),
        ("DISETUJUI", "ajukan", True, False, None, PlanRefused),
        ("DRAFT", "ajukan", False, True, None, PlanRefused),
        ("DRAFT", "setujui", False, True, None, PlanRefused),
        ("DIAJUKAN", "setujui", True, True, None, PlanRefused),
        ("DIAJUKAN", "setujui", False, False, None, PlanRefused),
        ("DIAJUKAN", "kembalikan", False, True, "  ", PlanRefused),
        ("DIAJUKAN", "hapus", False, True, None, PlanRefused),
    ],
)
def test_plan_transitions(current, action, owner, appraiser, note, expected):
    if expected is PlanRefused:
        with pytest.raises(PlanRefused):
            skp.plan_transition(current, action, is_owner=owner, is_appraiser=appraiser, note=note)
    else:
        assert skp.plan_transition(current, action, is_owner=owner, is_appraiser=appraiser, note=note) is expected


# --- periods ---------------------------------------------------------------------------------------------------------


def test_periods_monthly_and_quarterly():
    assert skp.period_count("bulanan") == 12 and skp.period_count("triwulanan") == 4
    assert skp.period_of_month("triwulanan", 3) == 1 and skp.period_of_month("triwulanan", 4) == 2
    assert list(skp.period_months("triwulanan", 4)) == [10, 11, 12]
    assert list(skp.period_months("bulanan", 5)) == [5]
    assert skp.period_label("triwulanan", 2) == "Triwulan II" and skp.period_label("bulanan", 0) == "Tahunan"


# --- the distribution curve ------------------------------------------------------------------------------------------

SB, B, BP, K, SK = (p.value for p in Predikat)


def test_organisation_baik_allows_exactly_70_percent_baik():
    assert skp.distribution_problems("Baik", {B: 7, BP: 1, SB: 2}) == []
    assert len(skp.distribution_problems("Baik", {B: 8, BP: 1, SB: 1})) == 1


def test_organisation_baik_needs_one_butuh_perbaikan_or_kurang():
    assert skp.distribution_problems("Baik", {B: 7, SB: 3}) == [
        "Harus ada paling sedikit 1 pegawai berpredikat Butuh Perbaikan atau Kurang."
    ]
    assert skp.distribution_problems("Baik", {B: 7, K: 1, SB: 2}) == []


def test_organisation_istimewa_allows_at_most_70_percent_sangat_baik():
    assert skp.distribution_problems("Istimewa", {SB: 7, B: 3}) == []
    assert skp.distribution_problems("Istimewa", {SB: 8, B: 2}) != []


def test_organisation_butuh_perbaikan_needs_60_percent_and_at_most_10_percent_sangat_baik():
    assert skp.distribution_problems("Butuh Perbaikan", {BP: 6, B: 3, SB: 1}) == []
    assert len(skp.distribution_problems("Butuh Perbaikan", {BP: 5, B: 3, SB: 2})) == 2


def test_organisation_kurang_edges():
    assert skp.distribution_problems("Kurang", {K: 6, BP: 1, B: 2, SB: 1}) == []
    assert len(skp.distribution_problems("Kurang", {K: 6, B: 4})) == 1


def test_organisation_sangat_kurang_allows_no_sangat_baik():
    assert skp.distribution_problems("Sangat Kurang", {SK: 6, K: 1, B: 3}) == []
    assert len(skp.distribution_problems("Sangat Kurang", {SK: 6, K: 1, B: 2, SB: 1})) == 1


def test_no_organisation_predikat_or_no_employees_means_no_limits():
    assert skp.distribution_problems(None, {SB: 10}) == []
    assert skp.distribution_problems("Baik", {}) == []


def test_a_curve_stored_as_data_replaces_the_default():
    curve = skp.curve_from_data({"Baik": [{"predikat": [B], "paling_banyak": 50}]})
    assert curve == {"Baik": (Bound((B,), paling_banyak=D(50)),)}
    assert skp.distribution_problems("Baik", {B: 6, BP: 4}, curve) != []
    assert skp.distribution_problems("Baik", {B: 5, SB: 5}, curve) == []


# --- objection and pay -----------------------------------------------------------------------------------------------


def test_an_objection_may_be_filed_up_to_14_days_after_the_annual_predikat():
    set_on = datetime.date(2026, 1, 10)
    assert skp.objection_deadline(set_on) == datetime.date(2026, 1, 24)
    assert skp.objection_open(set_on, datetime.date(2026, 1, 24))
    assert not skp.objection_open(set_on, datetime.date(2026, 1, 25))


def test_pay_percent_by_periodic_predikat_in_full_without_one():
    assert skp.pay_percent(None) == 100
    assert skp.pay_percent(BP) == 80
    assert skp.pay_percent(K, {K: D(50)}) == 50


def test_predikat_names_by_method():
    assert skp.predikat_names("pp_46_2011") == ("Sangat Baik", "Baik", "Cukup", "Kurang", "Buruk")
    assert skp.predikat_names("permenpanrb_6_2022")[2] == "Butuh Perbaikan"
