"""Accounts: authentication with lockout, passwords, roles, ending sessions."""

import datetime
import hashlib
import secrets
from typing import NamedTuple

from werkzeug.security import check_password_hash, generate_password_hash

from ekinerja import clock, config
from ekinerja.db import write_transaction
from ekinerja.models import ApiToken, Pegawai, Skpd, User
from ekinerja.rules import passwords
from ekinerja.rules.refusal import Refused
from ekinerja.rules.vocabulary import ROLES
from ekinerja.services import audit, login_throttle

LOGIN_FAILED = "NIP/nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara."
MUST_CHANGE = "Anda masuk dengan kata sandi sementara: ganti dahulu dengan kata sandi pilihan Anda sendiri."
SAME_PASSWORD = "Kata sandi baru harus berbeda dari kata sandi sekarang."  # noqa: S105 - a message

# Checked instead when there is no usable hash (unknown user, inactive account, no password yet, a wait running),
# so that every login costs one hash of the same kind and the time taken tells nothing about the account.
_DUMMY_HASH = generate_password_hash("tidak-ada-pengguna")


class AccountError(Refused):
    """An account change refused: a password too weak, an unknown role, a taken username."""


class LoginPolicy(NamedTuple):
    """How many failed logins in a row make an account wait, and the first wait in minutes, doubling with each
    failure after it (config LOGIN_MAX_FAILURES, ...); a client address may fail four times as often."""

    max_failures: int = config.LOGIN_MAX_FAILURES
    lock_minutes: int = config.LOGIN_LOCK_MINUTES


DEFAULT_POLICY = LoginPolicy()


def password_problem(password, user=None, username=None):
    """Why a new password is refused, or None: the rules' policy, the account's names, and not the current one."""
    names = [username, *([user.username, user.pegawai.nip if user.pegawai_id else None] if user else [])]
    problem = passwords.password_problem(password, names)
    current = user.password_hash if user is not None else None
    if problem is None and _usable(current) and check_password_hash(current, password):
        return SAME_PASSWORD
    return problem


def _usable(password_hash):
    """Whether a stored value is a password hash at all (an account waiting for its first password has none)."""
    return "$" in (password_hash or "")


def authenticate(username, password, policy=DEFAULT_POLICY, now=None, address=None):
    """The user for these credentials, or None. Failures count per client address and per account, in the
    database (services.login_throttle); the password is checked outside any transaction, so that logins never
    hold SQLite's one writer for the length of a hash."""
    now = now or clock.now()
    username = (username or "").strip()
    user = User.get_or_none(User.username == username)
    waiting = login_throttle.is_waiting(user, username, address, now)
    usable = user is not None and user.aktif and not waiting and _usable(user.password_hash)
    matches = check_password_hash(user.password_hash if usable else _DUMMY_HASH, password or "")
    if waiting:
        return None
    if not (usable and matches):
        with write_transaction():
            login_throttle.record_failure(user, username, address, policy, now)
        return None
    if login_throttle.has_failures(user, address):
        with write_transaction():
            login_throttle.record_success(user, address)
        user = User.get_by_id(user.id)
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
    problem = password_problem(password, user)
    if problem:
        raise AccountError(problem)
    password_hash = generate_password_hash(password)  # before the transaction: hashing takes a while
    with write_transaction():
        _store_password(user, password_hash, must_change=False)
        audit.record(actor, "ubah_kata_sandi", "user", user.id)


def _store_password(user, password_hash, must_change):
    """A new password: the lock lifts, every session of the account ends."""
    user.password_hash = password_hash
    user.gagal_login = 0
    user.terkunci_sampai = None
    user.wajib_ganti_sandi = must_change
    user.save()
    end_sessions(user)


# The only accounts an admin_skpd may reset: their own SKPD's employees holding no role beyond pegawai.
RESETTABLE_PERAN = "pegawai"
NOT_RESETTABLE = "Akun ini tidak dapat diatur ulang oleh Admin SKPD Anda."
# Letters and digits no one mistakes for each other when reading them out (no 0/O, 1/l/I).
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEMPORARY_LENGTH = 12


def resettable_accounts(actor):
    """The accounts whose password this admin_skpd may reset: their own SKPD's employees who are only pegawai."""
    if not actor.has_role("admin_skpd") or actor.skpd_id is None:
        return User.select().where(User.id.is_null())
    return (
        User.select(User, Pegawai)
        .join(Pegawai)
        .where(Pegawai.skpd == actor.skpd_id, User.peran == RESETTABLE_PERAN, User.id != actor.id)
    )


def temporary_password(user):
    """A random password the policy accepts, for an administrator to hand over once."""
    while True:
        password = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))
        if password_problem(password, user) is None:
            return password


def reset_password(user, actor):
    """An admin_skpd gives one of their SKPD's employees a temporary password (returned, to be shown once), which
    the employee must change at the next login; every session of the account ends. The audit names the account,
    never the password."""
    if not resettable_accounts(actor).where(User.id == user.id).exists():
        raise AccountError(NOT_RESETTABLE)
    password = temporary_password(user)
    password_hash = generate_password_hash(password)  # before the transaction: hashing takes a while
    with write_transaction():
        _store_password(user, password_hash, must_change=True)
        audit.record(actor, "atur_ulang_kata_sandi", "user", user.id, ke=user.username)
    return password


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
    problem = password_problem(password, username=username)
    if problem:
        raise AccountError(problem)
    password_hash = generate_password_hash(password)  # before the transaction: hashing takes a while
    with write_transaction():
        if User.select().where(User.username == username).exists():
            raise AccountError(f"Pengguna {username} sudah ada.")
        pegawai = Pegawai.get_or_none(Pegawai.nip == username)
        if pegawai is not None:
            roles.add("pegawai")
        user = User.create(
            username=username,
            pegawai=pegawai,
            password_hash=password_hash,
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
