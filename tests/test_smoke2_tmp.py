import datetime

from ekinerja.models import Aktivitas
from tests import factories as f
from tests.conftest import csrf_token


def test_flow(client, app):
    s = f.skpd()
    boss_j = f.jabatan(s, kelas_jabatan=9, jenis="pengawas")
    staff_j = f.jabatan(s, atasan=boss_j)
    t = f.tugas(staff_j, norma_waktu=30)
    boss = f.pegawai(boss_j)
    staff = f.pegawai(staff_j)
    f.user(pegawai=staff)
    f.user(pegawai=boss)
    f.rule_set()
    today = datetime.date.today()
    r = f.login(client, staff.nip)
    assert r.status_code == 302
    tok = csrf_token(client, "/kegiatan/")
    r = client.post(
        "/kegiatan/",
        data={
            "csrf_token": tok,
            "tanggal": today.isoformat(),
            "tugas": t.kode,
            "volume": "2",
            "jam_mulai": "08:00",
            "jam_selesai": "09:30",
            "keterangan": "ok",
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)[-3000:]
    e = Aktivitas.get()
    assert e.menit_diakui == 60
    r = client.get("/kegiatan/bulan")
    assert r.status_code == 200, r.get_data(as_text=True)[-3000:]
    client.post("/keluar", data={"csrf_token": csrf_token(client, "/")})
    f.login(client, boss.nip)
    r = client.get("/persetujuan")
    assert r.status_code == 200, r.get_data(as_text=True)[-3000:]
    assert staff.nama in r.get_data(as_text=True)
    tok = csrf_token(client, "/persetujuan")
    r = client.post("/persetujuan", data={"csrf_token": tok, "ids": [str(e.id)], "aksi": "setujui"})
    assert Aktivitas.get().status == "DISETUJUI"
    r = client.get(f"/kegiatan/{e.id}")
    assert r.status_code == 200
    # api
    r = client.post("/api/v1/token", json={"username": staff.nip, "password": f.PASSWORD})
    assert r.status_code == 200, r.json
    h = {"Authorization": "Bearer " + r.json["token"]}
    r = client.get("/api/v1/saya", headers=h)
    assert r.status_code == 200, r.json
    r = client.get("/api/v1/tugas", headers=h)
    assert r.json[0]["kode"] == t.kode
    r = client.post(
        "/api/v1/aktivitas",
        headers=h,
        json={
            "tanggal": today.isoformat(),
            "tambahan": "rapat",
            "volume": 1,
            "jam_mulai": "10:00",
            "jam_selesai": "11:00",
        },
    )
    assert r.status_code == 201, r.json
    r = client.post(
        "/api/v1/aktivitas",
        headers=h,
        json={
            "tanggal": today.isoformat(),
            "tambahan": "rapat",
            "volume": 1,
            "jam_mulai": "10:30",
            "jam_selesai": "11:00",
        },
    )
    assert r.status_code == 422 and "jam_mulai" in r.json["errors"], r.json
    r = client.get(f"/api/v1/aktivitas?periode={today:%Y-%m}", headers=h)
    assert len(r.json) == 2
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
