"""domain.md section 7's worked example through the real path: imports, API entries, approval, lock, recap."""

import datetime
import json

import pytest

from ekinerja import clock
from ekinerja.models import Rekap, TarifTpp
from tests import factories as f

NOVEMBER = [datetime.date(2026, 11, d) for d in range(1, 31)]
WORKING = [d for d in NOVEMBER if d.weekday() < 5]
LEAVE = datetime.date(2026, 11, 10)
LATE = {datetime.date(2026, 11, 3), datetime.date(2026, 11, 17)}  # TL1 twice
EARLY = datetime.date(2026, 11, 12)  # PSW2 once
ABSENT = datetime.date(2026, 11, 19)  # TK
NO_APEL_PAGI = {datetime.date(2026, 11, 5), datetime.date(2026, 11, 24)}


@pytest.fixture
def city():
    dinas = f.skpd(kode="DPKAD", apel_sore=True)
    head = f.jabatan(dinas, nama="Kepala Bidang Perbendaharaan", jenis="administrator", kelas_jabatan=11)
    staff_job = f.jabatan(dinas, nama="Pengelola Gaji", kelas_jabatan=7, atasan=head)
    f.tugas(staff_job, kode="GAJI-01", uraian="Memverifikasi daftar gaji", norma_waktu=20)
    boss = f.pegawai(head, mulai=datetime.date(2020, 1, 2))
    staff = f.pegawai(staff_job, mulai=datetime.date(2024, 1, 2), id_mesin="7", status="PNS")
    f.user(pegawai=boss)
    f.user(pegawai=staff)
    f.user("verifikator", roles=("verifikator",))
    f.rule_set(datetime.date(2026, 1, 1))
    return {"staff": staff, "boss": boss}


def _token(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def _attendance_files(tmp_path, staff):
    log = []
    for day in WORKING:
        if day in (LEAVE, ABSENT):
            continue
        check_in = "07:45:10" if day in LATE else "07:24:33"
        on_time_out = "16:35:02" if day.weekday() == 4 else "16:04:51"
        check_out = "15:15:00" if day == EARLY else on_time_out
        log.append(f"        7\t{day} {check_in}\t1\t0\t1\t0")
        log.append(f"        7\t{day} 12:01:00\t1\t1\t1\t0")
        log.append(f"        7\t{day} {check_out}\t1\t1\t1\t0")
    attlog = tmp_path / "attlog.dat"
    attlog.write_text("\n".join(log) + "\n")
    apel = ["nip,tanggal,sesi"]
    for day in WORKING:
        if day in (LEAVE, ABSENT):
            continue
        if day not in NO_APEL_PAGI:
            apel.append(f"{staff.nip},{day},pagi")
        apel.append(f"{staff.nip},{day},sore")
    apel_csv = tmp_path / "apel.csv"
    apel_csv.write_text("\n".join(apel) + "\n")
    cuti = tmp_path / "cuti.csv"
    cuti.write_text(f"nip,jenis,mulai,selesai,nomor_surat\n{staff.nip},cuti_tahunan,{LEAVE},{LEAVE},800/123/2026\n")
    return attlog, apel_csv, cuti


def test_worked_example_end_to_end(client, runner, city, tmp_path, monkeypatch):
    staff = city["staff"]
    attlog, apel_csv, cuti = _attendance_files(tmp_path, staff)
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 1))  # the month's scans come in after it
    for kind, path in (("cuti", cuti), ("presensi", attlog), ("apel", apel_csv)):
        result = runner.invoke(args=["import", kind, str(path)])
        assert result.exit_code == 0, result.output

    # The employee logs each day's work on that day: 5,200 catalogue minutes and 1,500 of extra tasks.
    headers = _token(client, staff.nip)
    for day in WORKING:
        if day == LEAVE:
            continue
        monkeypatch.setattr(clock, "today", lambda day=day: day)
        main = {
            "tanggal": day.isoformat(),
            "tugas_kode": "GAJI-01",
            "volume": 13,
            "jam_mulai": "08:00",
            "jam_selesai": "12:20",
        }
        extra = {
            "tanggal": day.isoformat(),
            "tambahan": "Rapat koordinasi gaji",
            "volume": 1,
            "jam_mulai": "13:00",
            "jam_selesai": "14:15",
        }
        for body in (main, extra):
            response = client.post("/api/v1/aktivitas", json=body, headers=headers)
            assert response.status_code == 201, response.json
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 2))
    assert client.post("/api/v1/aktivitas", json=dict(main, tanggal="2026-11-10"), headers=headers).status_code == 422

    boss_headers = _token(client, city["boss"].nip)
    waiting = client.get("/api/v1/persetujuan?periode=2026-11", headers=boss_headers).json
    assert len(waiting) == 40
    decided = client.post(
        "/api/v1/persetujuan", json={"ids": [e["id"] for e in waiting], "aksi": "setujui"}, headers=boss_headers
    ).json
    assert all(r["berhasil"] and r["status"] == "DISETUJUI" for r in decided["hasil"])

    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 7))
    locked = client.post("/api/v1/periode/2026-11/kunci", headers=_token(client, "verifikator"))
    assert locked.status_code == 200, locked.json

    result = runner.invoke(args=["recap", "--periode", "2026-11", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    mine = next(r for r in rows if r["nip"] == staff.nip)
    assert {k: mine[k] for k in ("hari_kerja", "hari_berketerangan", "hari_efektif", "menit_standar")} == {
        "hari_kerja": 21,
        "hari_berketerangan": 1,
        "hari_efektif": 20,
        "menit_standar": 6000,
    }
    assert (mine["menit_utama"], mine["menit_tambahan"], mine["menit_diakui"]) == (5200, 1200, 6400)
    assert mine["capaian_kinerja"] == 100.0
    assert mine["potongan_disiplin"] == 7.0
    assert sorted((d["tanggal"], d["kode"], d["persen"]) for d in mine["rincian_disiplin"]) == [
        ("2026-11-03", "TL1", 0.5),
        ("2026-11-05", "APEL_PAGI", 1.0),
        ("2026-11-12", "PSW2", 1.0),
        ("2026-11-17", "TL1", 0.5),
        ("2026-11-19", "TK", 3.0),
        ("2026-11-24", "APEL_PAGI", 1.0),
    ]
    assert (mine["tpp_dasar"], mine["tpp_kinerja"], mine["tpp_disiplin"], mine["tpp_diterima"]) == (
        3_000_000,
        1_800_000,
        1_116_000,
        2_916_000,
    )
    assert mine["skpd"] == "DPKAD" and mine["kelas_jabatan"] == 7

    own = client.get("/api/v1/rekap?periode=2026-11", headers=headers).json
    assert [r["nip"] for r in own] == [staff.nip]
    assert own[0]["tpp_diterima"] == 2_916_000

    # The locked month keeps the values it was computed with.
    TarifTpp.update(tarif=5_000_000).where(TarifTpp.kelas_jabatan == 7).execute()
    again = client.get("/api/v1/rekap?periode=2026-11", headers=headers).json
    assert again[0]["tpp_diterima"] == 2_916_000
    assert Rekap.get(Rekap.nip == staff.nip).tpp_diterima == 2_916_000
