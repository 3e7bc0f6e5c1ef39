"""An admin_skpd resets the password of their own SKPD's employees: a temporary password shown once, changed at the
next login; never another SKPD's account nor a privileged one; CSRF on the POST; pegawai and atasan cannot."""

import re

import pytest

from ekinerja.models import AuditLog, User
from tests import factories as f
from tests.conftest import csrf_token

PAGE = "/admin/atur_sandi/"
TEMPORARY_RE = re.compile(r'data-testid="kata-sandi-sementara">([^<]+)<')


@pytest.fixture
def city():
    own, other = f.skpd(), f.skpd()
    chief = f.jabatan(own, jenis="struktural")
    boss = f.pegawai(chief)
    staff = f.pegawai(f.jabatan(own, atasan=chief))
    stranger = f.pegawai(f.jabatan(other))
    return {
        "admin_skpd": f.user("admin.own", roles=("admin_skpd",), skpd=own),
        "atasan": f.user(pegawai=boss),
        "staff": f.user(pegawai=staff),
        "stranger": f.user(pegawai=stranger),
        "other_admin_skpd": f.user(pegawai=f.pegawai(f.jabatan(own)), roles=("admin_skpd", "pegawai"), skpd=own),
        "verifikator": f.user(pegawai=f.pegawai(f.jabatan(own)), roles=("pegawai", "verifikator")),
        "keuangan": f.user(pegawai=f.pegawai(f.jabatan(own)), roles=("keuangan", "pegawai")),
        "admin": f.user(pegawai=f.pegawai(f.jabatan(own)), roles=("admin", "pegawai")),
    }


def reset(client, user):
    return client.post(f"{PAGE}{user.id}", data={"csrf_token": csrf_token(client, PAGE)})


def test_admin_skpd_resets_own_staff_password_which_must_be_changed_at_next_login(app, client, city):
    staff = city["staff"]
    staff_session = f.browser(app, staff.username)
    assert f.login(client, "admin.own").status_code == 302
    listing = client.get(PAGE).get_data(as_text=True)
    assert staff.username in listing and city["stranger"].username not in listing
    for privileged in ("other_admin_skpd", "verifikator", "keuangan", "admin"):
        assert city[privileged].username not in listing

    response = reset(client, staff)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    temporary = TEMPORARY_RE.search(response.get_data(as_text=True)).group(1)
    assert len(temporary) == 12

    entry = AuditLog.get(AuditLog.aksi == "atur_ulang_kata_sandi")
    assert (entry.pengguna, entry.objek, entry.objek_id) == ("admin.own", "user", str(staff.id))
    assert entry.waktu is not None
    assert all(temporary not in (value or "") for value in (entry.dari, entry.ke, entry.alasan, entry.rincian))
    assert User.get_by_id(staff.id).wajib_ganti_sandi is True
    # Every session of the account ended.
    assert staff_session.get("/").status_code == 302

    fresh = app.test_client()
    assert f.login(fresh, staff.username).status_code == 200  # the old password no longer works
    login = f.login(fresh, staff.username, temporary)
    assert login.status_code == 302 and login.headers["Location"] == "/profil"
    # Until changed, every page leads to the password change.
    home = fresh.get("/")
    assert home.status_code == 302 and home.headers["Location"] == "/profil"
    assert fresh.get("/kegiatan/").headers["Location"] == "/profil"
    profile = fresh.get("/profil").get_data(as_text=True)
    assert "kata sandi sementara" in profile
    changed = fresh.post(
        "/profil",
        data={
            "current": temporary,
            "new": "PilihanSendiri2026",
            "confirm": "PilihanSendiri2026",
            "csrf_token": csrf_token(fresh, "/profil"),
        },
    )
    assert changed.status_code == 302
    assert User.get_by_id(staff.id).wajib_ganti_sandi is False
    assert fresh.get("/").status_code == 200


def test_temporary_password_gets_no_api_token_until_changed(client, city):
    assert f.login(client, "admin.own").status_code == 302
    temporary = TEMPORARY_RE.search(reset(client, city["staff"]).get_data(as_text=True)).group(1)
    response = client.post("/api/v1/token", json={"username": city["staff"].username, "password": temporary})
    assert response.status_code == 403


@pytest.mark.parametrize("target", ["stranger", "other_admin_skpd", "verifikator", "keuangan", "admin"])
def test_admin_skpd_cannot_reset_another_skpds_or_a_privileged_account(client, city, target):
    account = city[target]
    before = User.get_by_id(account.id).password_hash
    assert f.login(client, "admin.own").status_code == 302
    assert reset(client, account).status_code == 404
    assert User.get_by_id(account.id).password_hash == before
    assert not AuditLog.select().where(AuditLog.aksi == "atur_ulang_kata_sandi").exists()


def test_admin_skpd_cannot_reset_own_account(client, city):
    city["admin_skpd"].peran = "admin_skpd,pegawai"
    city["admin_skpd"].save()
    assert f.login(client, "admin.own").status_code == 302
    assert reset(client, city["admin_skpd"]).status_code == 404


def test_reset_requires_csrf(client, city):
    before = User.get_by_id(city["staff"].id).password_hash
    assert f.login(client, "admin.own").status_code == 302
    assert client.post(f"{PAGE}{city['staff'].id}").status_code == 400
    assert User.get_by_id(city["staff"].id).password_hash == before


@pytest.mark.parametrize("who", ["staff", "atasan"])
def test_pegawai_and_atasan_cannot_reset(client, city, who):
    before = User.get_by_id(city["staff"].id).password_hash
    assert f.login(client, city[who].username).status_code == 302
    assert client.get(PAGE).status_code == 403
    token = csrf_token(client, "/profil")
    assert client.post(f"{PAGE}{city['staff'].id}", data={"csrf_token": token}).status_code == 403
    assert User.get_by_id(city["staff"].id).password_hash == before
