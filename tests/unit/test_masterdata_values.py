"""Value rules of master data: the bounds of kelas jabatan, norma waktu, volume, tariff, target year and periods."""

import datetime

import pytest

from ekinerja.rules import masterdata as rules


@pytest.mark.parametrize(("kelas", "valid"), [(None, False), (0, False), (1, True), (17, True), (18, False)])
def test_kelas_jabatan_is_1_to_17(kelas, valid):
    assert (rules.kelas_jabatan_problem(kelas) is None) is valid


@pytest.mark.parametrize(("minutes", "valid"), [(None, False), (-1, False), (0, False), (1, True)])
def test_norma_waktu_is_more_than_0_minutes(minutes, valid):
    assert (rules.norma_waktu_problem(minutes) is None) is valid


@pytest.mark.parametrize(("volume", "valid"), [(None, True), (-1, False), (0, True), (12, True)])
def test_volume_tahunan_may_be_empty_but_never_negative(volume, valid):
    assert (rules.volume_tahunan_problem(volume) is None) is valid


@pytest.mark.parametrize(("rupiah", "valid"), [(None, False), (-1, False), (0, False), (1, True)])
def test_tarif_is_more_than_0_rupiah(rupiah, valid):
    assert (rules.tarif_problem(rupiah) is None) is valid


@pytest.mark.parametrize(("tahun", "valid"), [(None, False), (1999, False), (2000, True), (2100, True), (2101, False)])
def test_target_year_is_2000_to_2100(tahun, valid):
    assert (rules.target_year_problem(tahun) is None) is valid


@pytest.mark.parametrize(
    ("mulai", "selesai", "valid"),
    [(1, 2, True), (1, 1, True), (2, 1, False), (1, None, True), (None, 1, True)],
)
def test_a_period_ends_on_or_after_its_first_day(mulai, selesai, valid):
    def day(d):
        return None if d is None else datetime.date(2026, 1, d)

    assert (rules.period_end_problem(day(mulai), day(selesai)) is None) is valid


def test_messages_are_indonesian():
    assert rules.kelas_jabatan_problem(18) == "Kelas jabatan harus antara 1 dan 17."
    assert rules.period_end_problem(datetime.date(2026, 1, 2), datetime.date(2026, 1, 1)) == (
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    )
