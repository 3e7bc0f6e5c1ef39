"""The portal's machine screens: scoped to the admin_skpd's SKPD on every path, held lines mapped, commands queued,
unknown serial numbers registered, silent machines on the dashboard."""

import datetime

import pytest

from ekinerja import clock
from ekinerja.models import AuditLog, Mesin, MesinTakDikenal, Pegawai, PerintahMesin, Presensi, PresensiTertahan
from ekinerja.services import devices
from tests import factories as f
from tests.conftest import csrf_token


@pytest.fixture
def city():
    own, other = f.skpd(kode="DPKAD", singkatan="DPKAD"), f.skpd(kode="SETDA", singkatan="SETDA")
    own_machine = Mesin.create(nomor_seri="DPKAD-SN-1", skpd=own, lokasi="Lobi Anggaran")
    other_machine = Mesin.create(nomor_seri="SETDA-SN-1", skpd=other, lokasi="Lobi Sekretariat")
    devices.receive(own_machine, "ATTLOG", "1", b"31\t2026-11-05 07:10:00\t0\t1\n")
    devices.receive(other_machine, "ATTLOG", "1", b"41\t2026-11-05 07:11:00\t0\t1\n")
    return {
        "own": own,
        "other": other,
        "own_machine": own_machine,
        "other_machine": other_machine,
        "own_held": PresensiTertahan.get(PresensiTertahan.mesin == own_machine),
        "other_held": PresensiTertahan.get(PresensiTertahan.mesin == other_machine),
        "own_person": f.pegawai(f.jabatan(own), nama="Cut Nyak Anggaran"),
        "other_person": f.pegawai(f.jabatan(other), nama="Teuku Sekretariat"),
        "admin_skpd": f.user("admin.dpkad", roles=("admin_skpd",), skpd=own),
        "admin": f.user("admin", roles=("admin",)),
    }


def test_admin_skpd_sees_and_reaches_only_own_machines(client, city):
    f.login(client, "admin.dpkad")
    listing = client.get("/admin/mesin/").get_data(as_text=True)
    assert "DPKAD-SN-1" in listing and "SETDA-SN-1" not in listing
    own, other = city["own_machine"].id, city["other_machine"].id
    assert client.get(f"/admin/mesin/details/?id={own}").status_code == 200
    assert client.get(f"/admin/mesin/details/?id={other}").status_code == 302
    assert client.get(f"/admin/mesin/edit/?id={other}").status_code == 302
    assert client.get(f"/admin/mesin/perintah/?id={other}").status_code == 404
    export = client.get("/admin/mesin/export/csv/").get_data(as_text=True)
    assert "DPKAD-SN-1" in export and "SETDA-SN-1" not in export
    held = client.get("/admin/tertahan/").get_data(as_text=True)
    assert "31" in held and "\t41" not in held and "SETDA-SN-1" not in held
    assert client.get(f"/admin/tertahan/petakan/?id={city['other_held'].id}").status_code == 404
    assert client.get("/admin/mesin_asing/").status_code == 403


def test_admin_skpd_cannot_change_queue_for_or_move_another_skpds_machine(client, city):
    f.login(client, "admin.dpkad")
    other = city["other_machine"]
    token = csrf_token(client, "/admin/mesin/new/")
    client.post(
        f"/admin/mesin/edit/?id={other.id}",
        data={"csrf_token": token, "nomor_seri": "DIAMBIL", "skpd": city["own"].id, "lokasi": "x", "aktif": "y"},
    )
    client.post(f"/admin/mesin/perintah/?id={other.id}", data={"csrf_token": token, "jenis": "reboot"})
    client.post("/admin/mesin/delete/", data={"csrf_token": token, "id": other.id})
    assert Mesin.get_by_id(other.id).nomor_seri == "SETDA-SN-1"
    assert PerintahMesin.select().count() == 0
    page = client.post(
        "/admin/mesin/new/",
        data={"csrf_token": token, "nomor_seri": "TITIPAN", "skpd": city["other"].id, "lokasi": "x", "aktif": "y"},
    ).get_data(as_text=True)
    assert Mesin.get_or_none(Mesin.nomor_seri == "TITIPAN") is None
    assert "Not a valid choice" in page or "SKPD Anda sendiri" in page or "Pilihan tidak valid" in page


def test_admin_skpd_cannot_map_or_reprocess_another_skpds_held_lines(client, city):
    f.login(client, "admin.dpkad")
    held = city["other_held"]
    token = csrf_token(client, "/admin/mesin/new/")
    client.post(
        f"/admin/tertahan/petakan/?id={held.id}", data={"csrf_token": token, "pegawai": city["other_person"].id}
    )
    client.post("/admin/tertahan/action/", data={"csrf_token": token, "action": "proses", "rowid": [held.id]})
    assert Pegawai.get_by_id(city["other_person"].id).id_mesin is None
    assert PresensiTertahan.get_by_id(held.id).selesai_pada is None and Presensi.select().count() == 0


def test_mapping_an_unknown_pin_on_the_portal_enters_its_scans(client, city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 11, 20))
    f.login(client, "admin.dpkad")
    held = city["own_held"]
    page = client.get(f"/admin/tertahan/petakan/?id={held.id}").get_data(as_text=True)
    assert "Petakan PIN 31" in page and "Cut Nyak Anggaran" in page and "Teuku Sekretariat" not in page
    # An employee of another SKPD is not one of the choices, even posted by id.
    token = csrf_token(client, f"/admin/tertahan/petakan/?id={held.id}")
    response = client.post(
        f"/admin/tertahan/petakan/?id={held.id}",
        data={"csrf_token": token, "pegawai": city["other_person"].id},
        follow_redirects=True,
    )
    assert "Pilih pegawai SKPD mesin ini." in response.get_data(as_text=True)
    response = client.post(
        f"/admin/tertahan/petakan/?id={held.id}",
        data={"csrf_token": token, "pegawai": city["own_person"].id},
        follow_redirects=True,
    )
    assert "PIN 31 dipetakan ke Cut Nyak Anggaran; 1 scan masuk." in response.get_data(as_text=True)
    assert Pegawai.get_by_id(city["own_person"].id).id_mesin == "31"
    assert Presensi.get().pegawai_id == city["own_person"].id
    assert AuditLog.select().where(AuditLog.aksi == "proses_tertahan", AuditLog.pengguna == "admin.dpkad").exists()


def test_a_reupload_from_a_date_is_queued_from_the_portal(client, city):
    f.login(client, "admin.dpkad")
    url = f"/admin/mesin/perintah/?id={city['own_machine'].id}"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "jenis": "ulang", "mulai": "2026-01-05"})
    assert response.status_code == 302
    command = PerintahMesin.get()
    assert command.perintah.startswith("DATA QUERY ATTLOG StartTime=2026-01-05 00:00:00\tEndTime=")
    assert command.dibuat_oleh == "admin.dpkad"
    assert "DATA QUERY ATTLOG" in client.get("/admin/perintah/").get_data(as_text=True)
    page = client.post(url, data={"csrf_token": token, "jenis": "ulang", "mulai": ""}).get_data(as_text=True)
    assert "Isi tanggal mulai." in page and PerintahMesin.select().count() == 1


def test_an_unknown_serial_is_registered_from_its_list_and_leaves_it(client, city):
    devices.admit("BARU-SN-9", None, "10.0.0.9", 120)
    f.login(client, "admin")
    listing = client.get("/admin/mesin_asing/").get_data(as_text=True)
    assert "BARU-SN-9" in listing and "10.0.0.9" in listing and "/admin/mesin/new/?nomor_seri=BARU-SN-9" in listing
    form = client.get("/admin/mesin/new/?nomor_seri=BARU-SN-9").get_data(as_text=True)
    assert 'value="BARU-SN-9"' in form
    token = csrf_token(client, "/admin/mesin/new/")
    response = client.post(
        "/admin/mesin/new/",
        data={
            "csrf_token": token,
            "nomor_seri": "BARU-SN-9",
            "skpd": city["own"].id,
            "lokasi": "Ruang Rapat",
            "aktif": "y",
            "kunci": "pendek",
        },
    )
    assert "Kunci harus 8-100 huruf" in response.get_data(as_text=True)
    response = client.post(
        "/admin/mesin/new/",
        data={
            "csrf_token": token,
            "nomor_seri": "BARU-SN-9",
            "skpd": city["own"].id,
            "lokasi": "Ruang Rapat",
            "aktif": "y",
            "kunci": "kunci-rahasia-99",
        },
    )
    assert response.status_code == 302
    assert Mesin.get(Mesin.nomor_seri == "BARU-SN-9").kunci == "kunci-rahasia-99"
    assert not MesinTakDikenal.select().exists()
    entry = AuditLog.get(AuditLog.objek == "mesin", AuditLog.aksi == "tambah")
    assert "kunci-rahasia-99" not in (entry.rincian or "")
    assert "kunci-rahasia-99" not in client.get("/admin/mesin/export/csv/").get_data(as_text=True)


def test_the_dashboard_names_machines_silent_for_hours(app, client, city):
    long_ago = clock.now() - datetime.timedelta(hours=5)
    Mesin.update(terakhir_terlihat=long_ago).execute()
    devices.admit("DPKAD-SN-1", None, "10.0.0.1", 120)  # heard from just now
    fresh = Mesin.create(nomor_seri="DPKAD-SN-2", skpd=city["own"], lokasi="Gudang")
    f.login(client, "admin")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Mesin sidik jari senyap lebih dari 2 jam" in page
    assert "SETDA-SN-1" in page and "belum pernah terhubung" in page and "DPKAD-SN-1" not in page
    page = f.browser(app, "admin.dpkad").get("/admin/").get_data(as_text=True)
    assert fresh.nomor_seri in page and "SETDA-SN-1" not in page


def test_the_machine_list_shows_last_seen_scans_today_unknown_pins_and_errors(client, city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 11, 20))
    person = f.pegawai(f.jabatan(city["own"]), id_mesin="7")
    devices.receive(city["own_machine"], "ATTLOG", "2", b"7\t2026-11-19 07:00:00\t0\t1\nsampah\n")
    f.login(client, "admin.dpkad")
    listing = client.get("/admin/mesin/").get_data(as_text=True)
    row = listing[listing.index("DPKAD-SN-1") :]
    assert "1 baris rusak" in row and "baris rusak terbuka: 1" in row
    assert Presensi.get().pegawai_id == person.id
    machine = Mesin.get_by_id(city["own_machine"].id)
    assert machine.scan_hari_ini == 1
    counts = Mesin.select(Mesin.nomor_seri, devices.open_held_count("pin"), devices.open_held_count("rusak")).order_by(
        Mesin.nomor_seri
    )
    assert list(counts.tuples()) == [("DPKAD-SN-1", 1, 1), ("SETDA-SN-1", 1, 0)]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/mesin/",
        "/admin/mesin/new/",
        "/admin/tertahan/?flt0_0=pin&flt1_1=terbuka",
        "/admin/mesin_asing/",
        "/admin/perintah/",
    ],
)
def test_every_machine_page_opens_for_the_admin(client, city, url):
    f.login(client, "admin")
    assert client.get(url).status_code == 200
