"""Saving and deleting master data: one transaction, an explicit actor, an audit entry each, no cascades."""

import datetime

import pytest

from ekinerja import clock
from ekinerja.models import AuditLog, Cuti, Pegawai, Pengaturan, Skpd, UnitKerja
from ekinerja.services.masterdata_edits import EditRefused, delete_record, save_record
from tests import factories as f


def test_saving_a_new_row_then_changing_it_audits_what_changed_under_the_actor():
    unit = UnitKerja(skpd=f.skpd(kode="DPKAD"))
    save_record(unit, {"kode": "U1", "nama": "Bidang Anggaran"}, "cli")
    save_record(unit, {"nama": "Bidang Anggaran Daerah"}, "cli")
    trail = list(AuditLog.select().where(AuditLog.objek == "unit_kerja").order_by(AuditLog.id))
    assert [(t.aksi, t.pengguna, t.objek_id) for t in trail] == [
        ("tambah", "cli", str(unit.id)),
        ("ubah", "cli", str(unit.id)),
    ]
    assert trail[1].rincian_data == {"nama": ["Bidang Anggaran", "Bidang Anggaran Daerah"]}


def test_binary_contents_are_audited_by_their_size():
    row = Pengaturan(nama_pemerintah="PEMERINTAH KOTA SABANG", nama_kota="Sabang", diubah_pada=clock.now())
    save_record(row, {"logo": b"\x89PNG" + bytes(96), "logo_mime": "image/png"}, "cli")
    assert AuditLog.get(AuditLog.objek == "pengaturan").rincian_data["logo"] == [None, 100]


def test_a_clash_with_a_unique_key_is_refused_and_nothing_is_audited():
    f.skpd(kode="DPKAD")
    with pytest.raises(EditRefused, match="bentrok dengan data lain"):
        save_record(Skpd(), {"kode": "DPKAD", "nama": "Ganda", "singkatan": "GANDA"}, "cli")
    assert not AuditLog.select().exists()


def test_further_writes_share_the_transaction_of_the_save():
    def fails(record, created):
        raise RuntimeError("sesudah simpan")

    with pytest.raises(RuntimeError):
        save_record(Skpd(), {"kode": "BARU", "nama": "SKPD Baru", "singkatan": "BARU"}, "cli", then=fails)
    assert not Skpd.select().where(Skpd.kode == "BARU").exists() and not AuditLog.select().exists()


def test_a_row_others_refer_to_is_never_deleted_and_nothing_cascades():
    person = f.pegawai(f.jabatan(f.skpd(kode="DPKAD")))
    skpd = Skpd.get(Skpd.kode == "DPKAD")
    with pytest.raises(EditRefused, match="tidak dapat dihapus karena masih dipakai oleh .*pegawai"):
        delete_record(skpd, "cli")
    assert Skpd.get_or_none(Skpd.id == skpd.id) and Pegawai.get_or_none(Pegawai.id == person.id)
    assert not AuditLog.select().where(AuditLog.aksi == "hapus").exists()


def test_a_refusal_is_asked_before_deleting_and_an_unused_row_goes_with_an_audit_entry():
    person = f.pegawai(f.jabatan(f.skpd()))
    leave = Cuti.create(
        pegawai=person,
        jenis="cuti_tahunan",
        mulai=datetime.date(2026, 3, 2),
        selesai=datetime.date(2026, 3, 3),
        nomor_surat="800/12",
    )
    with pytest.raises(EditRefused, match="tidak dapat dihapus: dipakai periode"):
        delete_record(leave, "cli", refusal=lambda record: "dipakai periode 03-2026")
    delete_record(leave, "admin")
    assert Cuti.get_or_none(Cuti.id == leave.id) is None
    entry = AuditLog.get(AuditLog.aksi == "hapus")
    assert (entry.objek, entry.objek_id, entry.pengguna) == ("cuti", str(leave.id), "admin")
