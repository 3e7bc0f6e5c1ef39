"""API v1 entry rules: every refusal is 422 {"errors": {field: message}} naming the field, nothing saved."""

import contextlib
import datetime
import os
import time
import zoneinfo

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, AuditLog, Cuti
from tests import factories as f

TODAY = clock.today()


@pytest.fixture
def staff(app, client):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    boss_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=10)
    staff_j = f.jabatan(unit, atasan=boss_j)
    person = f.pegawai(staff_j)
    f.pegawai(boss_j)
    f.user(pegawai=person)
    duty = f.tugas(staff_j, kode="ANJ-01", norma_waktu=30)
    token = client.post("/api/v1/token", json={"username": person.nip, "password": f.PASSWORD}).json["token"]
    return {"pegawai": person, "duty": duty, "headers": {"Authorization": f"Bearer {token}"}}


def valid(**changes):
    body = {
        "tanggal": TODAY.isoformat(),
        "tugas_kode": "ANJ-01",
        "volume": 2,
        "jam_mulai": "08:00",
        "jam_selesai": "09:30",
        "keterangan": "2 surat",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def post(client, staff, body):
    return client.post("/api/v1/aktivitas", headers=staff["headers"], json=body)


def test_duties_of_the_day_are_the_active_catalogue_of_the_position_held(client, staff):
    position = staff["duty"].jabatan
    f.tugas(position, kode="ANJ-02", aktif=False)
    f.tugas(f.jabatan(position.skpd), kode="LAIN-01")
    rows = client.get(f"/api/v1/tugas?tanggal={TODAY.isoformat()}", headers=staff["headers"]).json
    assert rows == [{"kode": "ANJ-01", "uraian": staff["duty"].uraian, "satuan": "dokumen", "norma_waktu": 30}]
    assert client.get("/api/v1/tugas", headers=staff["headers"]).json == rows
    assert client.get("/api/v1/tugas?tanggal=2010-01-01", headers=staff["headers"]).json == []
    bad = client.get("/api/v1/tugas?tanggal=kemarin", headers=staff["headers"])
    assert bad.status_code == 422 and "tanggal" in bad.json["errors"]


def test_a_valid_entry_is_201_with_credited_minutes(client, staff):
    response = post(client, staff, valid())
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "DIAJUKAN" and body["menit_diakui"] == 60 and body["tugas_kode"] == "ANJ-01"
    assert body["jam_mulai"] == "08:00" and body["tanggal"] == TODAY.isoformat()
    tambahan = post(
        client, staff, valid(tugas_kode=..., tambahan="Rapat evaluasi", jam_mulai="10:00", jam_selesai="10:45")
    )
    assert tambahan.status_code == 201
    assert (tambahan.json["tugas_kode"], tambahan.json["uraian"], tambahan.json["menit_diakui"]) == (
        None,
        "Rapat evaluasi",
        45,
    )
    assert Aktivitas.select().count() == 2


BROKEN = [
    ({"jam_mulai": "08:00:30"}, "jam_mulai"),  # the screens take HH:MM: no seconds, no time zone
    ({"jam_selesai": "10:00+07:00"}, "jam_selesai"),
    ({"tanggal": "29-11-2026"}, "tanggal"),
    ({"tanggal": "2026-02-30"}, "tanggal"),
    ({"tanggal": ...}, "tanggal"),
    ({"tanggal": (TODAY + datetime.timedelta(days=1)).isoformat()}, "tanggal"),
    ({"volume": 0}, "volume"),
    ({"volume": 1000}, "volume"),
    ({"volume": "3"}, "volume"),
    ({"volume": 2.5}, "volume"),
    ({"volume": True}, "volume"),
    ({"volume": ...}, "volume"),
    ({"jam_mulai": "10:00", "jam_selesai": "09:00"}, "jam_selesai"),
    ({"jam_mulai": "10:00", "jam_selesai": "10:00"}, "jam_selesai"),
    ({"jam_mulai": "jam 8"}, "jam_mulai"),
    ({"jam_selesai": ...}, "jam_selesai"),
    ({"tugas_kode": "TIDAK-ADA"}, "tugas_kode"),
    ({"tambahan": "Rapat"}, "tugas_kode"),
    ({"tugas_kode": ...}, "tugas_kode"),
    ({"tugas_kode": "", "tambahan": ""}, "tugas_kode"),
    ({"keterangan": "x" * 501}, "keterangan"),
    ({"catatan_atasan": "saya sendiri"}, "catatan_atasan"),
]


def test_a_broken_rule_is_422_naming_the_field(client, staff):
    # One database setup for all cases (PostgreSQL setup is slow); every mismatch is listed.
    wrong = []
    for changes, field in BROKEN:
        response = post(client, staff, valid(**changes))
        errors = (response.json or {}).get("errors", {})
        if response.status_code != 422 or not isinstance(errors.get(field), str) or not errors[field]:
            wrong.append((changes, field, response.status_code, response.json))
    assert wrong == []
    assert Aktivitas.select().count() == 0
    assert not AuditLog.select().where(AuditLog.objek == "aktivitas").exists()


def test_a_body_that_is_not_a_json_object_is_422(client, staff):
    response = client.post(
        "/api/v1/aktivitas", headers=staff["headers"], data="tanggal=2026", content_type="text/plain"
    )
    assert response.status_code == 422 and "body" in response.json["errors"]
    assert post(client, staff, [valid()]).status_code == 422
    assert Aktivitas.select().count() == 0


def test_overlap_with_another_entry_of_that_day_names_jam_mulai(client, staff):
    assert post(client, staff, valid()).status_code == 201
    response = post(client, staff, valid(jam_mulai="09:00", jam_selesai="10:00"))
    assert response.status_code == 422
    assert "08:00-09:30" in response.json["errors"]["jam_mulai"]
    # Touching is not overlapping.
    assert post(client, staff, valid(jam_mulai="09:30", jam_selesai="10:00")).status_code == 201
    assert Aktivitas.select().count() == 2


def test_a_day_covered_by_leave_is_refused(client, staff):
    Cuti.create(pegawai=staff["pegawai"], jenis="cuti_tahunan", mulai=TODAY, selesai=TODAY, nomor_surat="800/1/2026")
    response = post(client, staff, valid())
    assert response.status_code == 422
    assert "cuti" in response.json["errors"]["tanggal"]
    assert Aktivitas.select().count() == 0


def test_a_day_before_the_position_start_is_refused(app, client):
    unit = f.skpd()
    newcomer = f.pegawai(f.jabatan(unit), mulai=TODAY)
    f.user(pegawai=newcomer)
    token = client.post("/api/v1/token", json={"username": newcomer.nip, "password": f.PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    yesterday = TODAY - datetime.timedelta(days=1)
    body = {
        "tanggal": yesterday.isoformat(),
        "tambahan": "Orientasi",
        "volume": 1,
        "jam_mulai": "08:00",
        "jam_selesai": "09:00",
    }
    response = client.post("/api/v1/aktivitas", headers=headers, json=body)
    assert response.status_code == 422 and "tanggal" in response.json["errors"]
    assert Aktivitas.select().count() == 0
    assert (
        client.post("/api/v1/aktivitas", headers=headers, json=dict(body, tanggal=TODAY.isoformat())).status_code == 201
    )


def test_a_date_outside_the_input_window_is_refused(client, staff):
    response = post(client, staff, valid(tanggal=(TODAY - datetime.timedelta(days=20)).isoformat()))
    assert response.status_code == 422 and "Batas input" in response.json["errors"]["tanggal"]


def test_patch_errors_name_the_field_and_change_nothing(client, staff):
    created = post(client, staff, valid()).json
    for changes, field in (
        ({"volume": 0}, "volume"),
        ({"jam_selesai": "07:00"}, "jam_selesai"),
        ({"tanggal": "kemarin"}, "tanggal"),
        ({"tugas_kode": "TIDAK-ADA"}, "tugas_kode"),
        ({"status": "DISETUJUI"}, "status"),
    ):
        response = client.patch(f"/api/v1/aktivitas/{created['id']}", headers=staff["headers"], json=changes)
        assert response.status_code == 422 and field in response.json["errors"], (changes, response.json)
    stored = Aktivitas.get_by_id(created["id"])
    assert (stored.volume, stored.jam_selesai, stored.status) == (2, datetime.time(9, 30), "DIAJUKAN")
    ok = client.patch(f"/api/v1/aktivitas/{created['id']}", headers=staff["headers"], json={"volume": 1})
    assert ok.status_code == 200 and ok.json["menit_diakui"] == 30


@contextlib.contextmanager
def server_timezone(name):
    """Run with the server process in another time zone, as a host clock on UTC would be."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_today_is_the_citys_date_whatever_the_server_clock(client, staff):
    city_today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).date()
    with server_timezone("Etc/GMT+12"):
        if datetime.date.today() == city_today:
            pytest.skip("the server zone and Asia/Jakarta share the date at this hour")
        response = post(client, staff, valid(tanggal=city_today.isoformat()))
    assert response.status_code == 201, response.json
