"""Failed logins wait per client address and per account, counted in the database; a stranger never locks an owner
out; login costs one hash of the same kind whoever asks, outside any write transaction."""

import datetime

import pytest

from ekinerja import clock, create_app
from ekinerja.db import database
from ekinerja.models import GagalMasuk, User
from ekinerja.services import accounts
from tests import factories as f
from tests.conftest import IsolatedClient, csrf_token

STRANGER, OWNER = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def staff():
    return f.user(pegawai=f.pegawai(f.jabatan(f.skpd())))


def form_login(client, username, password, address):
    token = csrf_token(client, "/masuk")
    return client.post(
        "/masuk",
        data={"username": username, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def api_login(client, username, password, address):
    return client.post(
        "/api/v1/token", json={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_a_stranger_guessing_an_account_s_password_does_not_lock_its_owner_out(app, staff):
    stranger, owner = app.test_client(), app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] * 3):
        assert accounts.LOGIN_FAILED in form_login(stranger, staff.username, "salah-sandi-1", STRANGER).get_data(
            as_text=True
        )
    assert form_login(stranger, staff.username, f.PASSWORD, STRANGER).status_code == 200  # the stranger waits
    assert form_login(owner, staff.username, f.PASSWORD, OWNER).status_code == 302


def test_the_token_endpoint_keeps_the_same_limits(client, staff, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] * 3):
        assert api_login(client, staff.username, "salah-sandi-1", STRANGER).status_code == 401
    assert api_login(client, staff.username, f.PASSWORD, STRANGER).status_code == 401
    assert api_login(client, staff.username, f.PASSWORD, OWNER).status_code == 200


def test_an_address_failing_on_many_accounts_waits_for_all_of_them(client, staff, app):
    for n in range(app.config["LOGIN_MAX_FAILURES"] * 4):
        api_login(client, f"19990101202001{n:04d}", "salah-sandi-1", STRANGER)
    assert api_login(client, staff.username, f.PASSWORD, STRANGER).status_code == 401
    assert api_login(client, staff.username, f.PASSWORD, OWNER).status_code == 200
    held = GagalMasuk.get(GagalMasuk.kunci == f"alamat:{STRANGER}")
    assert held.gagal == 20 and held.tertahan_sampai > clock.now()


def test_each_failure_after_a_wait_doubles_the_next_one(app, staff):
    policy = accounts.LoginPolicy(max_failures=2, lock_minutes=5)
    now = datetime.datetime(2026, 3, 10, 9, 0)
    for _ in range(2):
        accounts.authenticate(staff.username, "salah-sandi-1", policy, now=now, address=STRANGER)
    assert User.get_by_id(staff.id).terkunci_sampai == now + datetime.timedelta(minutes=5)
    later = now + datetime.timedelta(minutes=6)
    accounts.authenticate(staff.username, "salah-sandi-1", policy, now=later, address=STRANGER)
    assert User.get_by_id(staff.id).terkunci_sampai == later + datetime.timedelta(minutes=10)
    latest = later + datetime.timedelta(minutes=11)
    accounts.authenticate(staff.username, "salah-sandi-1", policy, now=latest, address=STRANGER)
    assert User.get_by_id(staff.id).terkunci_sampai == latest + datetime.timedelta(minutes=20)
    assert accounts.authenticate(staff.username, f.PASSWORD, policy, now=latest, address=OWNER) is not None
    assert User.get_by_id(staff.id).terkunci_sampai is None


@pytest.mark.parametrize("proxies, counted", [(0, "127.0.0.1"), (1, STRANGER)])
def test_the_client_address_comes_from_the_trusted_proxies_only(app, staff, proxies, counted):
    behind = create_app(dict(app.config, TRUSTED_PROXIES=proxies))
    behind.test_client_class = IsolatedClient
    response = behind.test_client().post(
        "/api/v1/token",
        json={"username": staff.username, "password": "salah-sandi-1"},
        headers={"X-Forwarded-For": STRANGER},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert response.status_code == 401
    assert GagalMasuk.get(GagalMasuk.kunci.startswith("alamat:")).kunci == f"alamat:{counted}"


@pytest.fixture
def hashes_checked(monkeypatch):
    """The hashes each login checks, each asserted to be checked outside any transaction."""
    checked = []
    real = accounts.check_password_hash

    def check(password_hash, password):
        assert not database.in_transaction(), "a password is checked inside a transaction"
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", check)
    return checked


def _kind(password_hash):
    return password_hash.split("$", 1)[0]


def test_every_login_checks_one_hash_of_the_same_kind_outside_any_transaction(app, staff, hashes_checked):
    accounts.set_password(staff, "Sandi-Baru-2026", staff)
    waiting = f.user("waiting", roles=("keuangan",))
    User.update(password_hash=accounts.NO_PASSWORD_YET).where(User.id == waiting.id).execute()
    f.user("inactive", roles=("keuangan",), aktif=False)
    locked = f.user("locked", roles=("keuangan",), terkunci_sampai=clock.now() + datetime.timedelta(hours=1))
    hashes_checked.clear()
    attempts = [
        ("199901012020011999", "Sandi-Baru-2026"),  # unknown
        (staff.username, "salah-sandi-1"),  # known, wrong
        (staff.username, "Sandi-Baru-2026"),  # known, right
        (waiting.username, "apa-saja-123"),  # waiting for a first password
        ("inactive", f.PASSWORD),
        (locked.username, f.PASSWORD),
    ]
    for username, password in attempts:
        accounts.authenticate(username, password)
    assert len(hashes_checked) == len(attempts), hashes_checked
    assert [_kind(h) for h in hashes_checked] == [_kind(User.get_by_id(staff.id).password_hash)] * len(attempts)


def test_choosing_a_password_hashes_outside_any_transaction(app, staff, monkeypatch):
    real = accounts.generate_password_hash

    def generate(password):
        assert not database.in_transaction(), "a password is hashed inside a transaction"
        return real(password)

    monkeypatch.setattr(accounts, "generate_password_hash", generate)
    accounts.set_password(staff, "Sandi-Baru-2026", staff)
    accounts.create_user("kasir.kota", "Kasir-Kota-2026", ["keuangan"], "cli")
    assert accounts.authenticate("kasir.kota", "Kasir-Kota-2026") is not None


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Pendek-1", "minimal 10 karakter"),
        ("bismillah123", "terlalu umum"),
        ("Password123", "terlalu umum"),
        ("NIP", "NIP atau nama pengguna"),
        ("current", "berbeda dari kata sandi sekarang"),
    ],
)
def test_a_new_password_is_long_not_common_not_the_account_s_name_and_not_the_current_one(app, staff, password, reason):
    accounts.set_password(staff, "Sandi-Lama-2026", staff)
    typed = {"NIP": f"x{staff.pegawai.nip}x", "current": "Sandi-Lama-2026"}
    with pytest.raises(accounts.AccountError, match=reason):
        accounts.set_password(User.get_by_id(staff.id), typed.get(password, password), staff)
    with pytest.raises(accounts.AccountError, match="NIP atau nama pengguna"):
        accounts.create_user("bendahara.kota", "bendahara.kota-2026", ["keuangan"], "cli")
