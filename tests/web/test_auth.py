"""Login, lockout, logout ending every session, next-URL safety, CSRF, password change."""

import datetime

import pytest

from ekinerja.models import AuditLog, User
from ekinerja.services import accounts
from tests import factories as f
from tests.conftest import csrf_token


@pytest.fixture
def staff():
    unit = f.skpd()
    return f.user(pegawai=f.pegawai(f.jabatan(unit)))


def test_employee_logs_in_with_nip_and_sees_dashboard(client, staff):
    response = f.login(client, staff.username)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Selamat datang" in page
    assert AuditLog.select().where(AuditLog.aksi == "masuk").count() == 1


def test_unknown_user_and_wrong_password_get_the_same_message(client, staff):
    unknown = f.login(client, "199901012020011001", "salah12345").get_data(as_text=True)
    wrong = f.login(client, staff.username, "salah12345").get_data(as_text=True)
    assert accounts.LOGIN_FAILED in unknown
    assert accounts.LOGIN_FAILED in wrong


def test_account_locks_after_repeated_failures_even_with_the_right_password(client, staff, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        f.login(client, staff.username, "salah12345")
    locked = User.get_by_id(staff.id)
    assert locked.terkunci_sampai > datetime.datetime.now()
    response = f.login(client, staff.username)
    assert response.status_code == 200
    assert accounts.LOGIN_FAILED in response.get_data(as_text=True)


def test_lock_expires(client, staff):
    User.update(terkunci_sampai=datetime.datetime.now() - datetime.timedelta(seconds=1)).execute()
    assert f.login(client, staff.username).status_code == 302


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/profil", "/profil"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_is_followed_only_to_local_paths(client, staff, target, expected):
    token = csrf_token(client, "/masuk")
    response = client.post(
        "/masuk?next=" + target, data={"username": staff.username, "password": f.PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == expected


def test_logout_ends_a_copied_session_cookie(app, staff):
    browser, thief = app.test_client(), app.test_client()
    f.login(browser, staff.username)
    cookie = browser.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert thief.get("/").status_code == 200
    browser.post("/keluar", data={"csrf_token": csrf_token(browser, "/")})
    assert thief.get("/").status_code == 302
    assert browser.get("/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, staff):
    me, other_device = app.test_client(), app.test_client()
    f.login(me, staff.username)
    f.login(other_device, staff.username)
    token = csrf_token(me, "/profil")
    response = me.post(
        "/profil", data={"csrf_token": token, "current": f.PASSWORD, "new": "barulagi2026", "confirm": "barulagi2026"}
    )
    assert response.status_code == 302
    assert me.get("/profil").status_code == 200
    assert other_device.get("/").status_code == 302
    assert accounts.authenticate(staff.username, "barulagi2026") is not None


def test_weak_new_password_is_refused_on_the_field(client, staff):
    f.login(client, staff.username)
    token = csrf_token(client, "/profil")
    page = client.post(
        "/profil", data={"csrf_token": token, "current": f.PASSWORD, "new": "pendek", "confirm": "pendek"}
    ).get_data(as_text=True)
    assert "Kata sandi minimal 10 karakter." in page
    assert accounts.authenticate(staff.username, f.PASSWORD) is not None


def test_post_without_csrf_token_is_refused(client, staff):
    f.login(client, staff.username)
    response = client.post("/keluar")
    assert response.status_code == 400
    assert client.get("/").status_code == 200


def test_login_form_itself_needs_csrf(client, staff):
    response = client.post("/masuk", data={"username": staff.username, "password": f.PASSWORD})
    assert response.status_code == 400


def test_profile_shows_own_position(client, staff):
    f.login(client, staff.username)
    page = client.get("/profil").get_data(as_text=True)
    assert staff.pegawai.nip in page
    assert "Riwayat jabatan" in page
    assert "Penata Muda" in page  # golongan III/a with its pangkat


@pytest.mark.parametrize("path", ["/masuk", "/persetujuan", "/admin/", "/api/v1/openapi.json", "/verifikasi/tidak-ada"])
def test_no_page_may_be_framed_by_another_site(client, staff, path):
    f.login(client, staff.username)
    headers = client.get(path).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_first_visit_opens_on_the_login_form_without_a_warning(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/masuk?next=%2F"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'role="alert"' not in page
    assert "Lupa kata sandi?" in page and "admin SKPD" in page and "Kepegawaian &rarr; Pengguna" in page
    assert "admin SKPD mengatur ulang kata sandi Anda" in page and "Kepegawaian &rarr; Atur Ulang Kata Sandi" in page


def test_a_deep_link_asks_to_log_in_and_returns_there(client, staff):
    response = client.get("/kegiatan/bulan")
    assert response.status_code == 302 and response.headers["Location"] == "/masuk?next=%2Fkegiatan%2Fbulan"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="alert alert-info" role="alert">Silakan masuk untuk membuka halaman tersebut.<' in page
    form = {"username": staff.username, "password": f.PASSWORD, "csrf_token": csrf_token(client, "/masuk")}
    assert client.post("/masuk?next=%2Fkegiatan%2Fbulan", data=form).headers["Location"] == "/kegiatan/bulan"
