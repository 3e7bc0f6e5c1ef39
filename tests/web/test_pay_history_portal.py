"""Status and golongan histories edited in the portal: the employee's field follows the latest row, audited."""

import datetime

import pytest

from ekinerja.models import AuditLog, Pegawai, RiwayatGolongan, RiwayatStatus
from tests import factories as f
from tests.conftest import csrf_token


@pytest.fixture
def city():
    own, other = f.skpd(kode="DPKAD", singkatan="DPKAD"), f.skpd(kode="DISDUK", singkatan="DISDUKCAPIL")
    person = f.pegawai(f.jabatan(own), nama="Cut Nyak Anggaran", golongan="III/a", status="CPNS")
    stranger = f.pegawai(f.jabatan(other), nama="Teuku Kependudukan")
    RiwayatGolongan.create(pegawai=person, golongan="III/a", tmt=datetime.date(2024, 1, 1))
    RiwayatStatus.create(pegawai=person, status="CPNS", tmt=datetime.date(2024, 1, 1))
    f.user("admin", roles=("admin",))
    f.user("admin.dpkad", roles=("admin_skpd",), skpd=own)
    return {"own": own, "person": person, "stranger": stranger}


def _add(client, endpoint, **data):
    token = csrf_token(client, f"/admin/{endpoint}/new/")
    return client.post(f"/admin/{endpoint}/new/", data={"csrf_token": token, **data}).get_data(as_text=True)


def test_a_golongan_row_added_in_the_portal_becomes_the_current_golongan_with_an_audit_entry(client, city):
    f.login(client, "admin")
    person = city["person"]
    _add(client, "riwayat_golongan", pegawai=person.id, golongan="III/b", tmt="2026-04-01", nomor_sk="823/4/2026")
    row = RiwayatGolongan.get(RiwayatGolongan.pegawai == person.id, RiwayatGolongan.tmt == datetime.date(2026, 4, 1))
    assert (row.golongan, row.nomor_sk) == ("III/b", "823/4/2026")
    assert Pegawai.get_by_id(person.id).golongan == "III/b"
    (entry,) = AuditLog.select().where(AuditLog.objek == "riwayat_golongan")
    assert (entry.aksi, entry.objek_id, entry.rincian_data["golongan"]) == ("tambah", str(row.id), [None, "III/b"])


def test_a_status_row_dated_before_the_latest_leaves_the_current_status_as_the_latest_says(client, city):
    f.login(client, "admin")
    person = city["person"]
    _add(client, "riwayat_status", pegawai=person.id, status="PNS", tmt="2025-03-01")
    assert Pegawai.get_by_id(person.id).status == "PNS"
    _add(client, "riwayat_status", pegawai=person.id, status="CPNS", tmt="2023-01-01")
    assert Pegawai.get_by_id(person.id).status == "PNS"
    assert RiwayatStatus.select().where(RiwayatStatus.pegawai == person.id).count() == 3


def test_the_same_tmt_twice_is_refused_on_the_field(client, city):
    f.login(client, "admin")
    page = _add(client, "riwayat_golongan", pegawai=city["person"].id, golongan="IV/a", tmt="2024-01-01")
    assert "Pegawai ini sudah memiliki riwayat dengan TMT 01-01-2024." in page
    assert Pegawai.get_by_id(city["person"].id).golongan == "III/a"


def test_deleting_the_latest_row_restores_the_one_before_and_the_only_row_cannot_go(client, city):
    f.login(client, "admin")
    person = city["person"]
    _add(client, "riwayat_golongan", pegawai=person.id, golongan="III/b", tmt="2026-04-01")
    latest = RiwayatGolongan.get(RiwayatGolongan.tmt == datetime.date(2026, 4, 1))
    token = csrf_token(client, "/admin/riwayat_golongan/")
    client.post("/admin/riwayat_golongan/delete/", data={"csrf_token": token, "id": latest.id})
    assert RiwayatGolongan.get_or_none(RiwayatGolongan.id == latest.id) is None
    assert Pegawai.get_by_id(person.id).golongan == "III/a"
    assert AuditLog.select().where(AuditLog.objek == "riwayat_golongan", AuditLog.aksi == "hapus").count() == 1
    (only,) = RiwayatGolongan.select().where(RiwayatGolongan.pegawai == person.id)
    page = client.post(
        "/admin/riwayat_golongan/delete/", data={"csrf_token": token, "id": only.id}, follow_redirects=True
    ).get_data(as_text=True)
    assert "pegawai harus memiliki paling sedikit satu riwayat golongan." in page
    assert RiwayatGolongan.get_or_none(RiwayatGolongan.id == only.id) is not None


def test_the_employee_form_no_longer_edits_status_or_golongan(client, city):
    f.login(client, "admin")
    person = city["person"]
    url = f"/admin/pegawai/edit/?id={person.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="golongan"' not in page and 'name="status"' not in page
    data = {"csrf_token": csrf_token(client, url), "nip": person.nip, "nama": "Cut Nyak Anggaran, S.E."}
    data.update({"tanggal_lahir": "1985-03-12", "jenis_kelamin": "L", "skpd": city["own"].id, "aktif": "y"})
    data["status_ptkp"] = "TK/0"
    client.post(url, data={**data, "golongan": "IV/e", "status": "PNS"})
    saved = Pegawai.get_by_id(person.id)
    assert (saved.nama, saved.golongan, saved.status) == ("Cut Nyak Anggaran, S.E.", "III/a", "CPNS")


def test_a_new_employee_starts_both_histories_at_the_tmt_cpns_in_the_nip(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/pegawai/new/")
    data = {"csrf_token": token, "nip": "198503122010011003", "nama": "Zulfikar Ahmad", "tanggal_lahir": "1985-03-12"}
    data.update({"jenis_kelamin": "L", "golongan": "III/c", "status": "PNS", "skpd": city["own"].id, "aktif": "y"})
    data["status_ptkp"] = "TK/0"
    client.post("/admin/pegawai/new/", data=data)
    person = Pegawai.get(Pegawai.nip == "198503122010011003")
    assert [(r.status, r.tmt) for r in person.riwayat_status] == [("PNS", datetime.date(2010, 1, 1))]
    assert [(r.golongan, r.tmt) for r in person.riwayat_golongan] == [("III/c", datetime.date(2010, 1, 1))]


def test_the_skpd_admin_sees_and_adds_rows_of_their_own_employees_only(client, city):
    f.login(client, "admin.dpkad")
    stranger = city["stranger"]
    RiwayatGolongan.create(pegawai=stranger, golongan="II/a", tmt=datetime.date(2024, 1, 1))
    assert "Teuku Kependudukan" not in client.get("/admin/riwayat_golongan/").get_data(as_text=True)
    _add(client, "riwayat_golongan", pegawai=stranger.id, golongan="IV/a", tmt="2026-04-01")
    assert Pegawai.get_by_id(stranger.id).golongan == "III/a"
    assert not RiwayatGolongan.select().where(RiwayatGolongan.golongan == "IV/a").exists()


def test_the_ptkp_status_is_chosen_on_the_employee_form_and_audited(client, city):
    f.login(client, "admin")
    person = city["person"]
    assert Pegawai.get_by_id(person.id).status_ptkp == "TK/0"  # the default until recorded
    url = f"/admin/pegawai/edit/?id={person.id}"
    data = {"csrf_token": csrf_token(client, url), "nip": person.nip, "nama": person.nama, "status_ptkp": "K/2"}
    data.update({"tanggal_lahir": "1985-03-12", "jenis_kelamin": "L", "skpd": city["own"].id, "aktif": "y"})
    client.post(url, data=data)
    assert Pegawai.get_by_id(person.id).status_ptkp == "K/2"
    entry = AuditLog.select().where(AuditLog.objek == "pegawai", AuditLog.aksi == "ubah").get()
    assert entry.rincian_data["status_ptkp"] == ["TK/0", "K/2"]
    client.post(url, data={**data, "status_ptkp": "K/4"})
    assert Pegawai.get_by_id(person.id).status_ptkp == "K/2"
