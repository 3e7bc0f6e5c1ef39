"""SKP services: plan and cascade, agree/return, realisation from approved entries, evaluations, curve, objection."""

import datetime
from decimal import Decimal

import pytest

from ekinerja.models import AturanSkp, AuditLog, Evaluasi, PenugasanPlt, Skp
from ekinerja.services import recap
from ekinerja.services import skp as plans
from ekinerja.services import skp_evaluation as evals
from ekinerja.services.skp import IndicatorInput, ResultInput, SkpRejected
from tests import factories as f
from tests.integration.skp_city import PLAN_DAY, approved_plan, build

D = datetime.date


@pytest.fixture
def c(app):
    return build()


def test_a_new_skp_names_the_appraiser_and_their_superior_on_the_plan_date(c):
    skp = plans.create(c.staf_user, PLAN_DAY)
    assert (skp.penilai_id, skp.atasan_penilai_id) == (c.kabid.id, c.kadis.id)
    assert (skp.tahun, skp.mulai, skp.selesai, skp.status) == (2026, D(2026, 1, 1), D(2026, 12, 31), "DRAFT")
    assert skp.metode == "permenpanrb_6_2022" and skp.perilaku.count() == 7
    assert AuditLog.get(AuditLog.objek == "skp").aksi == "buat"
    with pytest.raises(SkpRejected):
        plans.create(c.staf_user, D(2026, 2, 1))  # one per position and year


def test_an_acting_plt_appraises_where_the_superior_position_is_vacant(c):
    from ekinerja.models import RiwayatJabatan

    RiwayatJabatan.update(selesai=D(2025, 12, 31)).where(RiwayatJabatan.pegawai == c.kabid.id).execute()
    PenugasanPlt.create(pegawai=c.kadis, jabatan=c.kabid_user.pegawai.riwayat_jabatan[0].jabatan,
                        mulai=D(2026, 1, 1), selesai=D(2026, 6, 30))  # fmt: skip
    assert plans.create(c.staf_user, PLAN_DAY).penilai_id == c.kadis.id


def test_a_new_position_mid_year_gets_its_own_skp(c):
    from ekinerja.models import RiwayatJabatan

    plans.create(c.staf_user, PLAN_DAY)
    RiwayatJabatan.update(selesai=D(2026, 6, 30)).where(RiwayatJabatan.pegawai == c.staf.id).execute()
    RiwayatJabatan.create(pegawai=c.staf, jabatan=f.jabatan(c.unit, atasan=c.kabid_user.pegawai.riwayat_jabatan[0]
                                                             .jabatan), mulai=D(2026, 7, 1))  # fmt: skip
    second = plans.create(c.staf_user, D(2026, 7, 1))
    assert (second.mulai, second.selesai) == (D(2026, 7, 1), D(2026, 12, 31))
    assert Skp.get(Skp.mulai == D(2026, 1, 1)).selesai == D(2026, 12, 31)  # as stored on its plan date


def test_jpt_results_cascade_from_the_skpd_targets(c):
    skp = plans.create(c.kadis_user, PLAN_DAY)
    with pytest.raises(SkpRejected) as refused:
        plans.add_result(c.kadis_user, skp, ResultInput("Imunisasi meningkat"))
    assert "target_skpd" in refused.value.errors
    hasil = plans.add_result(c.kadis_user, skp, ResultInput("Imunisasi meningkat", c.target.id))
    assert hasil.target_skpd_id == c.target.id


def test_staff_results_cascade_from_the_appraisers_results(c):
    kabid_skp = approved_plan(c, c.kabid_user, c.kadis_user)
    kabid_result = kabid_skp.hasil[0]
    staf_skp = plans.create(c.staf_user, PLAN_DAY)
    hasil = plans.add_result(c.staf_user, staf_skp, ResultInput("Laporan", None, kabid_result.id))
    assert hasil.hasil_atasan_id == kabid_result.id
    other = approved_plan(c, c.staf2_user, c.kabid_user)
    with pytest.raises(SkpRejected):  # not a result of the appraiser's SKP
        plans.add_result(c.staf_user, staf_skp, ResultInput("Laporan", None, other.hasil[0].id))
    with pytest.raises(SkpRejected):  # a superior's result others cascade from stays
        plans.remove_result(c.kabid_user, kabid_result)


def test_submit_needs_results_with_indicators_then_the_appraiser_returns_or_agrees(c):
    skp = plans.create(c.staf_user, PLAN_DAY)
    with pytest.raises(SkpRejected):
        plans.decide(c.staf_user, skp, "ajukan")
    hasil = plans.add_result(c.staf_user, skp, ResultInput("Laporan", c.target.id))
    with pytest.raises(SkpRejected) as refused:
        plans.decide(c.staf_user, skp, "ajukan")
    assert "indikator" in refused.value.errors
    plans.add_indicator(c.staf_user, hasil, IndicatorInput("kuantitas", "Jumlah", 12, "laporan", "T-LAP"))
    plans.decide(c.staf_user, skp, "ajukan")
    with pytest.raises(SkpRejected):
        plans.decide(c.staf2_user, skp, "setujui")  # not the appraiser
    with pytest.raises(SkpRejected):
        plans.decide(c.kabid_user, skp, "kembalikan")  # a note is required
    assert plans.decide(c.kabid_user, skp, "kembalikan", "Tambah indikator kualitas").status == "DIKEMBALIKAN"
    plans.add_indicator(c.staf_user, hasil, IndicatorInput("kualitas", "Mutu", 100, "persen"))
    plans.decide(c.staf_user, skp, "ajukan")
    assert plans.decide(c.kabid_user, skp, "setujui").status == "DISETUJUI"
    with pytest.raises(SkpRejected):
        plans.add_result(c.staf_user, skp, ResultInput("Lagi", c.target.id))
    trail = [(a.aksi, a.ke) for a in AuditLog.select().where(AuditLog.objek == "skp", AuditLog.dari.is_null(False))]
    assert ("kembalikan", "DIKEMBALIKAN") in trail and ("setujui", "DISETUJUI") in trail


def test_indicator_values_are_checked(c):
    skp = plans.create(c.staf_user, PLAN_DAY)
    with pytest.raises(SkpRejected) as refused:
        plans.add_result(c.staf_user, skp, ResultInput("Laporan", c.target.id),
                         [IndicatorInput("rasa", "", "-1", "", "TIDAK-ADA")])  # fmt: skip
    assert set(refused.value.errors) == {f"indikator[1].{n}" for n in ("aspek", "uraian", "target", "satuan", "tugas")}
    assert skp.hasil.count() == 0


def test_linked_duties_fill_realisation_from_approved_entries_month_by_month(c):
    skp = approved_plan(c, c.staf_user, c.kabid_user,
                        indicators=[IndicatorInput("kuantitas", "Laporan", 12, "laporan", "T-LAP")])  # fmt: skip
    indikator = skp.hasil[0].indikator[0]
    f.entry(c.staf, D(2026, 2, 3), minutes=90, status="DISETUJUI", tugas=c.tugas)
    f.entry(c.staf, D(2026, 2, 4), minutes=60, status="DISETUJUI", tugas=c.tugas)
    f.entry(c.staf, D(2026, 3, 2), minutes=30, status="DISETUJUI", tugas=c.tugas)
    f.entry(c.staf, D(2026, 3, 3), minutes=30, status="DIAJUKAN", tugas=c.tugas)  # not approved
    realised = evals.realisation(skp)[indikator.id]
    assert realised[2] == evals.Realised(Decimal(2), 150, None) and realised[3].nilai == 1
    with pytest.raises(SkpRejected):
        evals.record_realisation(c.staf_user, indikator, 4, 3)
    assert evals.progress(skp) == 25


def test_the_employee_fills_other_indicators_with_evidence(c):
    skp = approved_plan(c, c.staf_user, c.kabid_user)
    indikator = skp.hasil[0].indikator[0]
    evals.record_realisation(c.staf_user, indikator, 1, 2, "Laporan Januari")
    evals.record_realisation(c.staf_user, indikator, 1, 3, "Laporan Januari (revisi)")
    assert evals.realisation(skp)[indikator.id] == {1: evals.Realised(Decimal(3), None, "Laporan Januari (revisi)")}
    with pytest.raises(SkpRejected):
        evals.record_realisation(c.kabid_user, indikator, 1, 3)
    with pytest.raises(SkpRejected):
        evals.record_realisation(c.staf_user, indikator, 13, 3)


def test_feedback_and_periodic_evaluation_by_the_appraiser(c):
    skp = approved_plan(c, c.staf_user, c.kabid_user)
    evals.give_feedback(c.kabid_user, skp.hasil[0], 1, "Pertahankan ketepatan waktu.")
    with pytest.raises(SkpRejected):
        evals.give_feedback(c.staf_user, skp.hasil[0], 1, "Bagus")
    row = evals.evaluate(c.kabid_user, skp, evals.EvaluationInput(1, "atas", "sesuai"), today=D(2026, 4, 3))
    assert row.predikat == "Baik"
    with pytest.raises(SkpRejected):
        evals.evaluate(c.kabid_user, skp, evals.EvaluationInput(5, "atas", "sesuai"))  # quarterly: 1..4
    with pytest.raises(SkpRejected):
        evals.evaluate(c.staf_user, skp, evals.EvaluationInput(1, "atas", "atas"))


YEAR_END = D(2027, 1, 10)


def _rate(c, skp, hasil, perilaku, day=YEAR_END):
    return evals.evaluate(c.kabid_user, skp, evals.EvaluationInput(0, hasil, perilaku), today=day)


def test_finalisation_enforces_the_curve_of_the_organisation_predikat(c):
    first = approved_plan(c, c.staf_user, c.kabid_user)
    second = approved_plan(c, c.staf2_user, c.kabid_user)
    _rate(c, first, "sesuai", "sesuai")
    with pytest.raises(SkpRejected) as refused:
        evals.finalise(c.admin_skpd, c.unit, 2026)
    assert "predikat" in refused.value.errors  # no organisation predikat yet
    with pytest.raises(SkpRejected):
        evals.set_organisation_predikat(c.admin_skpd, c.unit, 2026, "Baik")  # the admin sets it
    evals.set_organisation_predikat(c.admin, c.unit, 2026, "Baik")
    with pytest.raises(SkpRejected) as refused:
        evals.finalise(c.admin_skpd, c.unit, 2026)
    assert "evaluasi" in refused.value.errors  # the second is not rated
    _rate(c, second, "sesuai", "atas")
    assert evals.distribution(c.unit, 2026).problems != []  # 100 % Baik, nobody Butuh Perbaikan or Kurang
    with pytest.raises(SkpRejected) as refused:
        evals.finalise(c.admin_skpd, c.unit, 2026)
    assert "kurva" in refused.value.errors
    assert evals.distribution(c.unit, 2026, extra=(second.id, "Butuh Perbaikan")).problems == []
    _rate(c, second, "bawah", "sesuai")
    with pytest.raises(SkpRejected):
        evals.finalise(c.admin_lain, c.unit, 2026)
    evals.finalise(c.admin_skpd, c.unit, 2026)
    with pytest.raises(SkpRejected):
        _rate(c, second, "atas", "atas")  # finalised


def test_objection_within_14_days_decided_by_the_appraisers_superior(c):
    skp = approved_plan(c, c.staf_user, c.kabid_user)
    _rate(c, skp, "bawah", "sesuai", day=D(2027, 1, 10))
    with pytest.raises(SkpRejected):
        evals.file_objection(c.staf_user, skp, "Tidak sesuai", today=D(2027, 1, 25))
    with pytest.raises(SkpRejected):
        evals.file_objection(c.staf2_user, skp, "Tidak sesuai", today=D(2027, 1, 24))
    objection = evals.file_objection(c.staf_user, skp, "Realisasi melebihi target", today=D(2027, 1, 24))
    assert evals.pending_objections(c.kadis_user) == [objection]
    with pytest.raises(SkpRejected):
        evals.decide_objection(c.kabid_user, objection, "diterima", "Ya", "Baik")
    with pytest.raises(SkpRejected):
        evals.decide_objection(c.kadis_user, objection, "diterima", "", "Baik")  # a reason is required
    evals.decide_objection(c.kadis_user, objection, "diterima", "Bukti realisasi lengkap", "Baik")
    assert Evaluasi.get(Evaluasi.skp == skp.id, Evaluasi.periode == 0).predikat == "Baik"
    assert AuditLog.select().where(AuditLog.aksi == "putus_keberatan", AuditLog.ke == "Baik").exists()


def test_pp46_years_compute_the_nilai_prestasi_kerja(c):
    AturanSkp.create(berlaku_mulai=D(2020, 1, 1), metode="pp_46_2011")
    indicators = [
        IndicatorInput("kuantitas", "Laporan", 12, "laporan"),
        IndicatorInput("kualitas", "Mutu", 100, "persen"),
        IndicatorInput("waktu", "Waktu", 12, "bulan"),
        IndicatorInput("biaya", "Biaya", 1000000, "rupiah"),
    ]
    skp = approved_plan(c, c.staf_user, c.kabid_user, indicators=indicators)
    items = {i.aspek: i for i in skp.hasil[0].indikator}
    for aspek, value in (("kuantitas", 12), ("kualitas", 90), ("waktu", 12), ("biaya", 1000000)):
        evals.record_realisation(c.staf_user, items[aspek], 12, value)
    perilaku = {a: 80 for a in ("orientasi_pelayanan", "integritas", "komitmen", "disiplin", "kerja_sama")}
    row = evals.evaluate(c.kabid_user, skp, evals.EvaluationInput(0, perilaku=perilaku), today=D(2027, 1, 5))
    assert row.nilai_data["nilai_skp"] == "85.50" and row.nilai_data["nilai_prestasi_kerja"] == "83.30"
    assert row.predikat == "Baik"


def test_the_pay_link_is_off_by_default_and_reads_the_periodic_predikat_when_on(c):
    f.rule_set(berlaku_mulai=D(2026, 1, 1))
    skp = approved_plan(c, c.staf_user, c.kabid_user)
    f.entry(c.staf, D(2026, 2, 3), minutes=300, status="DISETUJUI")
    evals.evaluate(c.kabid_user, skp, evals.EvaluationInput(1, "bawah", "sesuai"), today=D(2026, 4, 2))
    before = recap.month_recap(2026, 2, nip=c.staf.nip)[0][0]
    assert "persen_tpp_predikat_skp" not in before
    AturanSkp.create(berlaku_mulai=D(2026, 1, 1), tpp_dari_predikat=True)
    row = recap.month_recap(2026, 2, nip=c.staf.nip)[0][0]
    assert row["persen_tpp_predikat_skp"] == 80
    assert row["capaian_kinerja"] == before["capaian_kinerja"]
    assert before["tpp_kinerja"] > 0 and row["tpp_kinerja"] == round(before["tpp_kinerja"] * Decimal("0.8"))
