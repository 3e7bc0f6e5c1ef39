"""Accounts: authentication with lockout, passwords, roles, ending sessions."""

import datetime
import hashlib
import secrets
from typing import NamedTuple

from werkzeug.security import check_password_hash, generate_password_hash

from ekinerja import clock, config
from ekinerja.db import write_transaction
from ekinerja.models import ApiToken, Pegawai, Skpd, User
from ekinerja.rules.refusal import Refused
from ekinerja.rules.vocabulary import ROLES
from ekinerja.services import audit

LOGIN_FAILED = "NIP/nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara."
MIN_PASSWORD_LENGTH = 8

# Compared against when the user is unknown, so both paths cost the same hashing time.
_DUMMY_HASH = generate_password_hash("tidak-ada-pengguna")


class AccountError(Refused):
    """An account change refused: a password too weak, an unknown role, a taken username."""


class LoginPolicy(NamedTuple):
    """How many failed logins in a row lock an account, and for how many minutes (config LOGIN_MAX_FAILURES, ...)."""

    max_failures: int = config.LOGIN_MAX_FAILURES
    lock_minutes: int = config.LOGIN_LOCK_MINUTES


DEFAULT_POLICY = LoginPolicy()


def password_problem(password):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter."
    if password.isdigit() or password.isalpha():
        return "Kata sandi harus berisi huruf dan angka."
    return None


def authenticate(username, password, policy=DEFAULT_POLICY, now=None):
    """The user for these credentials, or None; failures count towards a temporary lock."""
    now = now or clock.now()
    username = (username or "").strip()
    with write_transaction():
        user = User.get_or_none(User.username == username)
        if user is None:
            check_password_hash(_DUMMY_HASH, password or "")
            return None
        if user.terkunci_sampai and user.terkunci_sampai > now:
            check_password_hash(_DUMMY_HASH, password or "")
            return None
        if not user.aktif or not check_password_hash(user.password_hash, password or ""):
            user.gagal_login += 1
            if user.gagal_login >= policy.max_failures:
                user.terkunci_sampai = now + datetime.timedelta(minutes=policy.lock_minutes)
                user.gagal_login = 0
                audit.record(user, "kunci_akun", "user", user.id, alasan="gagal login berulang")
            user.save(only=[User.gagal_login, User.terkunci_sampai])
            return None
        if user.gagal_login or user.terkunci_sampai:
            user.gagal_login = 0
            user.terkunci_sampai = None
            user.save(only=[User.gagal_login, User.terkunci_sampai])
        return user


def record_login(user):
    """The audit entry of a login through the login form."""
    with write_transaction():
        audit.record(user, "masuk", "user", user.id)


def end_sessions(user):
    """Invalidate every session cookie and API token of the user."""
    User.update(versi_sesi=User.versi_sesi + 1).where(User.id == user.id).execute()
    user.versi_sesi = User.get_by_id(user.id).versi_sesi


def log_out(user):
    """Logout: every session and token of the user ends, on every device."""
    with write_transaction():
        end_sessions(user)
        audit.record(user, "keluar", "user", user.id)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user, hours):
    """A new API bearer token of the user, valid for hours: (token, expiry); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    expires = clock.now() + datetime.timedelta(hours=hours)
    with write_transaction():
        ApiToken.create(user=user, token_hash=token_hash(token), versi_sesi=user.versi_sesi, kedaluwarsa=expires)
        audit.record(user, "token_api", "user", user.id)
    return token, expires


def set_password(user, password, actor):
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    with write_transaction():
        user.password_hash = generate_password_hash(password)
        user.gagal_login = 0
        user.terkunci_sampai = None
        user.save()
        end_sessions(user)
        audit.record(actor, "ubah_kata_sandi", "user", user.id)


def parse_roles(roles):
    roles = {r.strip() for r in roles if r and r.strip()}
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError(f"Peran tidak dikenal: {', '.join(sorted(unknown))}. Pilihan: {', '.join(ROLES)}.")
    return roles


def create_user(username, password, roles, actor, skpd_kode=None):
    """A service account or an employee's account (username = NIP of an existing pegawai)."""
    username = (username or "").strip()
    if not username:
        raise AccountError("Nama pengguna wajib diisi.")
    roles = parse_roles(roles)
    skpd = None
    if "admin_skpd" in roles:
        if not skpd_kode:
            raise AccountError("Peran admin_skpd memerlukan --skpd KODE.")
        skpd = Skpd.get_or_none(Skpd.kode == skpd_kode)
        if skpd is None:
            raise AccountError(f"SKPD dengan kode {skpd_kode} tidak ditemukan.")
    elif skpd_kode:
        raise AccountError("--skpd hanya untuk peran admin_skpd.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    with write_transaction():
        if User.select().where(User.username == username).exists():
            raise AccountError(f"Pengguna {username} sudah ada.")
        pegawai = Pegawai.get_or_none(Pegawai.nip == username)
        if pegawai is not None:
            roles.add("pegawai")
        user = User.create(
            username=username,
            pegawai=pegawai,
            password_hash=generate_password_hash(password),
            peran=",".join(sorted(roles)),
            skpd=skpd,
        )
        audit.record(actor, "buat_pengguna", "user", user.id, ke=user.peran)
    return user


# Never matches a password: the account exists, an administrator sets its first password.
NO_PASSWORD_YET = "!"  # noqa: S105 - not a password: a hash value no password can match


def ensure_employee_account(pegawai):
    """Every employee is a pegawai user, username = NIP; a new account waits for its first password."""
    user = User.get_or_none(User.pegawai == pegawai.id)
    if user is None:
        user = User.create(username=pegawai.nip, pegawai=pegawai, password_hash=NO_PASSWORD_YET, peran="pegawai")
    return user


def find_user(nip_or_username):
    return User.get_or_none(User.username == (nip_or_username or "").strip())
