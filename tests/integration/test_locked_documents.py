"""A locked month prints what it was locked with: editing master data afterwards changes none of its documents."""

import datetime

import pytest

from ekinerja.models import Jabatan, JadwalKerja, Pegawai, Skpd, UraianTugas
from ekinerja.services import recap
from reports import documents
from tests import factories as f
from tests.integration import documents_city as c
from tests.integration.test_documents import pdf_pages, squeeze, verify_url


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def printed(city):
    """The text of the staff member's slip and LKH and of the SKPD's nominatif."""
    staff = Pegawai.get_by_id(city.staff.id)
    built = (
        documents.slip(staff, c.YEAR, c.MONTH, verify_url),
        documents.lkh(staff, c.YEAR, c.MONTH),
        documents.nominatif(Skpd.get_by_id(city.dinas.id), c.YEAR, c.MONTH),
    )
    return [squeeze(" ".join(pdf_pages(documents.pdf(document)))) for document in built]


def day_rows(city):
    return recap.employee_month(Pegawai.get_by_id(city.staff.id), c.YEAR, c.MONTH)["hari"]


def edit_everything_printed(city):
    """Every undated field the three documents and the day rows read, changed as the portal or an import would."""
    chief = f.jabatan(city.dinas, nama="Kepala Dinas Baru", jenis="pimpinan_tinggi", kelas_jabatan=14)
    f.pegawai(chief, mulai=datetime.date(2026, 12, 1), nama="Kepala Yang Baru")
    Jabatan.update(atasan=chief, kelas_jabatan=3, aktif=False, nama="Kabid Baru").where(
        Jabatan.id == city.boss_job.id
    ).execute()
    Jabatan.update(atasan=None, kelas_jabatan=9, nama="Jabatan Baru").where(
        Jabatan.id == city.staff.riwayat_jabatan.get().jabatan_id
    ).execute()
    Pegawai.update(nama="Umar Baru", gelar_depan="Dr.").where(Pegawai.id == city.boss.id).execute()
    Pegawai.update(nama="Dhien Baru").where(Pegawai.id == city.clerk.id).execute()
    Pegawai.update(nama="Meutia Baru", golongan="IV/e").where(Pegawai.id == city.staff.id).execute()
    Skpd.update(nama="Badan Keuangan Baru", apel_sore=False).where(Skpd.id == city.dinas.id).execute()
    UraianTugas.update(uraian="Uraian Baru", satuan="berkas").where(UraianTugas.id == city.tugas.id).execute()
    JadwalKerja.update(senin_masuk=datetime.time(9), senin_pulang=None).execute()


def test_editing_master_data_after_the_lock_changes_no_printed_word_of_the_month(city):
    c.lock(city)
    before = printed(city)
    assert "Teuku Umar" in before[0] and "Nyak Dhien" in before[2] and "Memverifikasi daftar gaji" in before[1]
    edit_everything_printed(city)
    after = printed(city)
    for old, new in zip(before, after, strict=True):
        assert new == old


def test_a_locked_month_s_day_rows_come_from_its_snapshot(city):
    c.lock(city)
    before = day_rows(city)
    assert any(row.jadwal for row in before)
    edit_everything_printed(city)
    assert day_rows(city) == before


def test_an_open_month_shows_the_edits(city):
    edit_everything_printed(city)
    slip, lkh, nominatif = printed(city)
    assert "Teuku Umar" not in slip and "Uraian Baru" in lkh and "Kepala Dinas Baru" in nominatif


def test_a_month_locked_before_signatories_were_kept_still_prints(city):
    import json

    from ekinerja.models import Rekap

    c.lock(city)
    for rekap in Rekap.select():
        stored = {k: v for k, v in rekap.rincian_data.items() if k not in recap.DOCUMENT_FIELDS}
        Rekap.update(rincian=json.dumps(stored)).where(Rekap.id == rekap.id).execute()
    slip, lkh, nominatif = printed(city)
    assert "Teuku Umar" in slip and "Memverifikasi daftar gaji" in lkh and "Nyak Dhien" in nominatif
    assert any(row.jadwal for row in day_rows(city))
