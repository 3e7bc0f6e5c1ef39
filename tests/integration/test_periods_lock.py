"""A locked month refuses changes on every path; lock by verifikator, unlock by admin with a reason, all audited."""

import datetime
import logging
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, AuditLog, Periode
from ekinerja.services import activity
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser

TODAY = clock.today()
# A month two months back: over, past its approval deadline, and far outside the input window.
OLD_FIRST = (TODAY.replace(day=1) - datetime.timedelta(days=45)).replace(day=1)
OLD_DAY = OLD_FIRST.replace(day=10)
OLD = f"{OLD_FIRST:%Y-%m}"


def entry(pegawai, day, status="DIAJUKAN", hour=8, decided_by=None):
    return Aktivitas.create(
        pegawai=pegawai,
        tanggal=day,
        uraian="Menyusun laporan",
        volume=1,
        jam_mulai=datetime.time(hour),
        jam_selesai=datetime.time(hour + 1),
        menit_diakui=60,
        status=status,
        diputuskan_oleh=decided_by,
        diputuskan_pada=datetime.datetime.now() if decided_by else None,
        catatan_atasan="perbaiki" if status == "REVISI" else None,
    )


def token_for(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    return {"Authorization": "Bearer " + response.json["token"]}


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    kabid_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    o = SimpleNamespace(kabid=f.pegawai(kabid_j), staf=f.pegawai(staf_j))
    o.kabid_user, o.staf_user = f.user(pegawai=o.kabid), f.user(pegawai=o.staf)
    o.verif = f.user("verif", roles=("verifikator",))
    o.admin = f.user("admin", roles=("admin",))
    o.waiting = entry(o.staf, OLD_DAY, hour=8)
    o.returned = entry(o.staf, OLD_DAY, "REVISI", hour=10, decided_by=o.kabid_user)
    o.approved = entry(o.staf, OLD_DAY, "DISETUJUI", hour=12, decided_by=o.kabid_user)
    o.deletable = entry(o.staf, OLD_DAY, hour=14)
    o.current = entry(o.staf, TODAY, hour=8)
    return o


def snapshot():
    return sorted(Aktivitas.select(Aktivitas.id, Aktivitas.status, Aktivitas.tanggal, Aktivitas.volume).tuples())


def aktivitas_audit_count():
    return AuditLog.select().where(AuditLog.objek == "aktivitas").count()


def lock_via_api(client, org):
    response = client.post(f"/api/v1/periode/{OLD}/kunci", headers=token_for(client, "verif"))
    assert response.status_code == 200, response.json
    assert response.json == {"periode": OLD, "status": "DIKUNCI", "versi": 1}


def test_a_locked_month_refuses_every_change_on_screens_and_api(app, client, org):
    lock_via_api(client, org)
    before, audit_before = snapshot(), aktivitas_audit_count()

    # Staff screens: add, edit, delete.
    staff = browser(app, org.staf.nip)
    form = {"tanggal": OLD_DAY.isoformat(), "tambahan": "y", "uraian": "Rapat", "volume": "1"}
    form.update(jam_mulai="15:00", jam_selesai="16:00")
    page = staff.post("/kegiatan/", data=dict(form, csrf_token=csrf_token(staff, "/kegiatan/")))
    assert page.status_code == 200 and "sudah dikunci" in page.get_data(as_text=True)
    edit_url = f"/kegiatan/{org.waiting.id}/ubah"
    page = staff.post(
        edit_url, data=dict(form, jam_mulai="08:00", jam_selesai="09:00", csrf_token=csrf_token(staff, edit_url))
    )
    assert page.status_code == 200 and "dikunci" in page.get_data(as_text=True)
    moved = staff.post(
        f"/kegiatan/{org.current.id}/ubah",
        data=dict(form, csrf_token=csrf_token(staff, f"/kegiatan/{org.current.id}/ubah")),
    )
    assert moved.status_code == 200 and "dikunci" in moved.get_data(as_text=True)
    page = staff.post(
        f"/kegiatan/{org.deletable.id}/hapus",
        data={"csrf_token": csrf_token(staff, "/kegiatan/")},
        follow_redirects=True,
    )
    assert "dikunci" in page.get_data(as_text=True)

    # Decisions on screens: the atasan's inbox form and the verification screen.
    boss = browser(app, org.kabid.nip)
    for aksi, ids in (("setujui", [org.waiting.id]), ("batalkan", [org.returned.id, org.approved.id])):
        page = boss.post(
            "/persetujuan",
            data={"csrf_token": csrf_token(boss, "/persetujuan"), "ids": ids, "aksi": aksi},
            follow_redirects=True,
        ).get_data(as_text=True)
        assert page.count("sudah dikunci") == len(ids), aksi
    verifier = browser(app, "verif")
    url = f"/verifikasi?periode={OLD}"
    for aksi, ids in (("setujui", [org.waiting.id]), ("anulir", [org.approved.id])):
        page = verifier.post(
            url,
            data={"csrf_token": csrf_token(verifier, url), "ids": ids, "aksi": aksi, "catatan": "tidak sah"},
            follow_redirects=True,
        ).get_data(as_text=True)
        assert "sudah dikunci" in page, aksi

    # API: entries and decisions.
    staff_api = token_for(client, org.staf.nip)
    body = {
        "tanggal": OLD_DAY.isoformat(),
        "tambahan": "Rapat",
        "volume": 1,
        "jam_mulai": "15:00",
        "jam_selesai": "16:00",
    }
    response = client.post("/api/v1/aktivitas", headers=staff_api, json=body)
    assert response.status_code == 422 and "dikunci" in response.json["errors"]["tanggal"]
    response = client.patch(f"/api/v1/aktivitas/{org.waiting.id}", headers=staff_api, json={"volume": 2})
    assert response.status_code == 422 and "dikunci" in response.json["errors"]["tanggal"]
    response = client.patch(
        f"/api/v1/aktivitas/{org.current.id}", headers=staff_api, json={"tanggal": OLD_DAY.isoformat()}
    )
    assert response.status_code == 422 and "dikunci" in response.json["errors"]["tanggal"]
    response = client.delete(f"/api/v1/aktivitas/{org.deletable.id}", headers=staff_api)
    assert response.status_code == 422 and "dikunci" in response.json["errors"]["tanggal"]
    for username, aksi, item in (
        (org.kabid.nip, "setujui", org.waiting),
        (org.kabid.nip, "batalkan", org.returned),
        ("verif", "setujui", org.waiting),
        ("verif", "tolak", org.deletable),
        ("verif", "anulir", org.approved),
    ):
        response = client.post(
            "/api/v1/persetujuan",
            headers=token_for(client, username),
            json={"ids": [item.id], "aksi": aksi, "catatan": "x"},
        )
        [result] = response.json["hasil"]
        assert result["berhasil"] is False and "dikunci" in result["pesan"], (username, aksi, result)

    assert snapshot() == before
    assert aktivitas_audit_count() == audit_before
    # The open month is untouched by the lock.
    assert client.patch(f"/api/v1/aktivitas/{org.current.id}", headers=staff_api, json={"volume": 2}).status_code == 200


def test_only_a_verifikator_locks_and_only_an_admin_unlocks_with_a_reason(client, org):
    pegawai_headers, admin_headers = token_for(client, org.staf.nip), token_for(client, "admin")
    assert client.post(f"/api/v1/periode/{OLD}/kunci", headers=pegawai_headers).status_code == 403
    assert client.post(f"/api/v1/periode/{OLD}/kunci", headers=admin_headers).status_code == 403
    assert not Periode.select().exists()
    lock_via_api(client, org)
    again = client.post(f"/api/v1/periode/{OLD}/kunci", headers=token_for(client, "verif"))
    assert again.status_code == 409

    for headers in (pegawai_headers, token_for(client, "verif")):
        assert client.post(f"/api/v1/periode/{OLD}/buka", headers=headers, json={"alasan": "salah"}).status_code == 403
    for body in ({}, {"alasan": ""}, {"alasan": "   "}, {"alasan": 5}):
        response = client.post(f"/api/v1/periode/{OLD}/buka", headers=admin_headers, json=body)
        assert response.status_code == 422 and "alasan" in response.json["errors"], body
    assert Periode.get().status == "DIKUNCI"
    response = client.post(f"/api/v1/periode/{OLD}/buka", headers=admin_headers, json={"alasan": "Koreksi SK Plt"})
    assert response.status_code == 200 and response.json == {"periode": OLD, "status": "TERBUKA", "versi": 1}
    assert client.post(f"/api/v1/periode/{OLD}/buka", headers=admin_headers, json={"alasan": "lagi"}).status_code == 409
    relock = client.post(f"/api/v1/periode/{OLD}/kunci", headers=token_for(client, "verif"))
    assert relock.json == {"periode": OLD, "status": "DIKUNCI", "versi": 2}

    trail = [
        (a.pengguna, a.aksi, a.objek_id, a.dari, a.ke, a.alasan)
        for a in AuditLog.select().where(AuditLog.objek == "periode").order_by(AuditLog.id)
    ]
    assert trail == [
        ("verif", "kunci", OLD, "TERBUKA", "DIKUNCI", None),
        ("admin", "buka", OLD, "DIKUNCI", "TERBUKA", "Koreksi SK Plt"),
        ("verif", "kunci", OLD, "TERBUKA", "DIKUNCI", None),
    ]


def test_after_unlock_changes_work_again(client, org):
    lock_via_api(client, org)
    client.post(f"/api/v1/periode/{OLD}/buka", headers=token_for(client, "admin"), json={"alasan": "Koreksi"})
    verif, boss, staff = token_for(client, "verif"), token_for(client, org.kabid.nip), token_for(client, org.staf.nip)

    def decide(headers, item, aksi, catatan=None):
        response = client.post(
            "/api/v1/persetujuan", headers=headers, json={"ids": [item.id], "aksi": aksi, "catatan": catatan}
        )
        return response.json["hasil"][0]

    # Past the approval deadline: the verifikator decides, the atasan may still undo his own decision.
    assert decide(verif, org.waiting, "setujui")["status"] == "DISETUJUI"
    assert decide(boss, org.returned, "batalkan")["status"] == "DIAJUKAN"
    assert decide(verif, org.approved, "anulir", "Kegiatan fiktif")["status"] == "DIANULIR"
    assert client.delete(f"/api/v1/aktivitas/{org.deletable.id}", headers=staff).status_code == 204
    assert Aktivitas.get_or_none(Aktivitas.id == org.deletable.id) is None
    # Editing an old entry is otherwise limited by the input window; as of a day inside it, it works.
    data = activity.EntryInput(OLD_DAY, None, True, "Rapat", 2, datetime.time(10), datetime.time(11), None)
    updated = activity.update(org.staf_user, org.returned, data, today=OLD_DAY + datetime.timedelta(days=1))
    assert (updated.status, updated.volume) == ("DIAJUKAN", 2)


def test_an_unfinished_month_cannot_be_locked(client, org):
    verif = token_for(client, "verif")
    next_month = (TODAY.replace(day=28) + datetime.timedelta(days=5)).strftime("%Y-%m")
    for kode in (f"{TODAY:%Y-%m}", next_month):
        response = client.post(f"/api/v1/periode/{kode}/kunci", headers=verif)
        assert response.status_code == 409 and "berakhir" in response.json["error"], kode
    for kode in ("2026-13", "2026-1", "bulan-ini"):
        response = client.post(f"/api/v1/periode/{kode}/kunci", headers=verif)
        assert response.status_code == 422 and "periode" in response.json["errors"], kode
    assert not Periode.select().where(Periode.status == "DIKUNCI").exists()
    assert not AuditLog.select().where(AuditLog.objek == "periode").exists()


def test_period_screens_lock_and_unlock_by_role(app, org):
    staff, verifier, admin = browser(app, org.staf.nip), browser(app, "verif"), browser(app, "admin")
    assert staff.post(f"/periode/{OLD}/kunci", data={"csrf_token": csrf_token(staff, "/")}).status_code == 403
    assert staff.get("/periode").status_code == 403
    assert (
        verifier.post(f"/periode/{OLD}/kunci", data={"csrf_token": csrf_token(verifier, "/periode")}).status_code == 302
    )
    assert Periode.get().status == "DIKUNCI"
    current = verifier.post(
        f"/periode/{TODAY:%Y-%m}/kunci", data={"csrf_token": csrf_token(verifier, "/periode")}, follow_redirects=True
    )
    assert "berakhir" in current.get_data(as_text=True)
    assert (
        verifier.post(
            f"/periode/{OLD}/buka", data={"csrf_token": csrf_token(verifier, "/periode"), "alasan": "x"}
        ).status_code
        == 403
    )
    page = admin.post(
        f"/periode/{OLD}/buka", data={"csrf_token": csrf_token(admin, "/periode"), "alasan": " "}, follow_redirects=True
    )
    assert "Alasan" in page.get_data(as_text=True)
    assert Periode.get().status == "DIKUNCI"
    admin.post(f"/periode/{OLD}/buka", data={"csrf_token": csrf_token(admin, "/periode"), "alasan": "Koreksi data"})
    assert Periode.get().status == "TERBUKA"
    assert AuditLog.get(AuditLog.aksi == "buka").alasan == "Koreksi data"


def test_period_screen_refuses_a_month_that_does_not_exist(app, org):
    verifier = browser(app, "verif")
    response = verifier.post("/periode/2025-13/kunci", data={"csrf_token": csrf_token(verifier, "/periode")})
    assert response.status_code in (302, 404)
    assert not Periode.select().exists()


def test_locks_unlocks_and_decisions_are_logged(client, org, caplog):
    caplog.set_level(logging.INFO, logger="ekinerja")
    verif, admin = token_for(client, "verif"), token_for(client, "admin")
    kabid = token_for(client, org.kabid.nip)
    response = client.post("/api/v1/persetujuan", headers=kabid, json={"ids": [org.current.id], "aksi": "setujui"})
    assert response.status_code == 200, response.json
    client.post(f"/api/v1/periode/{OLD}/kunci", headers=verif)
    client.post(f"/api/v1/periode/{OLD}/buka", headers=admin, json={"alasan": "Koreksi SK Plt"})
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("ekinerja.services")]
    assert lines == [
        f"setujui: 1 dari 1 kegiatan oleh {org.kabid_user.username}: [{org.current.id}]",
        f"periode {OLD}: TERBUKA -> DIKUNCI oleh verif (versi 1)",
        f"periode {OLD}: DIKUNCI -> TERBUKA oleh admin (versi 1)",
    ]


def test_a_lock_leaving_an_skpd_out_of_the_pay_is_shown_and_needs_a_reason(app, client, org):
    # An SKPD that joined on a date with no scans and no apel in the month: the readiness gate leaves it out.
    f.skpd(
        kode="DISHUB", nama="Dinas Perhubungan", singkatan="Dishub", ikut_mulai=OLD_FIRST - datetime.timedelta(days=90)
    )
    verifier = browser(app, "verif")
    page = verifier.get(f"/periode/{OLD}/kunci").get_data(as_text=True)
    left_out = page.split('data-testid="left-out"')[1].split("</div>")[0]
    assert "Dinas Perhubungan" in left_out and "tidak ada data presensi sidik jari" in left_out
    assert f'href="/admin/kesiapan/bulan?periode={OLD}"' in left_out
    assert 'name="alasan"' in page  # past the deadline, the reason is asked for because of the SKPD left out

    # Without a reason: refused on the field, on the screen and on the API (at once, no job), nothing locked.
    page = verifier.post(
        f"/periode/{OLD}/kunci", data={"csrf_token": csrf_token(verifier, f"/periode/{OLD}/kunci"), "alasan": " "}
    ).get_data(as_text=True)
    assert "1 SKPD tidak ikut direkap" in page.split('name="alasan"')[1]
    response = client.post(f"/api/v1/periode/{OLD}/kunci", headers=token_for(client, "verif"), json={})
    assert response.status_code == 422 and "Dishub" in response.json["errors"]["alasan"]
    assert not Periode.select().where(Periode.status == "DIKUNCI").exists()
    assert not AuditLog.select().where(AuditLog.objek == "periode").exists()

    # With a reason it locks, and the audit keeps the reason.
    reason = "Dishub masih presensi manual; dibayar lewat koreksi"
    verifier.post(
        f"/periode/{OLD}/kunci", data={"csrf_token": csrf_token(verifier, f"/periode/{OLD}/kunci"), "alasan": reason}
    )
    assert Periode.get().status == "DIKUNCI"
    assert AuditLog.get(AuditLog.aksi == "kunci").alasan == reason
