"""Failed logins counted in the database, so that every app process sees them: per client address (password
spraying from one place) and per account (guessing one account's password from many places).

An account's wait (User.terkunci_sampai) holds only attempts from an address that has failed on it since its last
success there, or from no address at all (a service call): a stranger who guesses wrong delays their own address,
never the owner logging in from theirs. Each wait doubles with each further failure (rules.passwords.wait_after).
"""

import datetime

from ekinerja.models import GagalMasuk, User
from ekinerja.rules.passwords import wait_after
from ekinerja.services import audit

# An address may fail this many times the account limit, over any accounts, before it waits.
ADDRESS_FACTOR = 4
# Counts with no failure for this long, and no wait still running, are forgotten.
FORGET_AFTER = datetime.timedelta(hours=24)


def _address_key(address):
    return f"alamat:{address}"


def _pair_key(username, address):
    return f"akun:{username[:60]}|{address}"


def is_waiting(user, username, address, now):
    """Whether this attempt must wait: its address waits, or the account waits and the attempt comes from an
    address that failed on it (or from no address)."""
    keys = [_address_key(address), _pair_key(username, address)] if address else []
    rows = {row.kunci: row for row in GagalMasuk.select().where(GagalMasuk.kunci.in_(keys))} if keys else {}
    held = rows.get(_address_key(address))
    if held is not None and held.tertahan_sampai and held.tertahan_sampai > now:
        return True
    if user is not None and user.terkunci_sampai and user.terkunci_sampai > now:
        return address is None or _pair_key(username, address) in rows
    return False


def _count(key, now):
    """One more failure under key; returns the count."""
    GagalMasuk.insert(kunci=key, gagal=1, terakhir=now).on_conflict(
        conflict_target=[GagalMasuk.kunci], update={GagalMasuk.gagal: GagalMasuk.gagal + 1, GagalMasuk.terakhir: now}
    ).execute()
    return GagalMasuk.select(GagalMasuk.gagal).where(GagalMasuk.kunci == key).scalar()


def record_failure(user, username, address, policy, now):
    """Within a write transaction: count a failed login and start the waits it earns."""
    first_wait = datetime.timedelta(minutes=policy.lock_minutes)
    GagalMasuk.delete().where(
        GagalMasuk.terakhir < now - FORGET_AFTER,
        GagalMasuk.tertahan_sampai.is_null() | (GagalMasuk.tertahan_sampai < now),
    ).execute()
    if address:
        failures = _count(_address_key(address), now)
        wait = wait_after(failures, policy.max_failures * ADDRESS_FACTOR, first_wait)
        if wait:
            GagalMasuk.update(tertahan_sampai=now + wait).where(GagalMasuk.kunci == _address_key(address)).execute()
        _count(_pair_key(username, address), now)
    if user is None:
        return
    User.update(gagal_login=User.gagal_login + 1).where(User.id == user.id).execute()
    failures = User.select(User.gagal_login).where(User.id == user.id).scalar()
    wait = wait_after(failures, policy.max_failures, first_wait)
    if wait:
        User.update(terkunci_sampai=now + wait).where(User.id == user.id).execute()
        audit.record(user, "kunci_akun", "user", user.id, alasan="gagal login berulang")


def record_success(user, address):
    """Within a write transaction: the account's failures end, and so does this address's mark on it."""
    User.update(gagal_login=0, terkunci_sampai=None).where(User.id == user.id).execute()
    if address:
        GagalMasuk.delete().where(GagalMasuk.kunci == _pair_key(user.username, address)).execute()


def has_failures(user, address):
    """Whether a successful login has anything to reset."""
    if user.gagal_login or user.terkunci_sampai:
        return True
    return bool(address) and GagalMasuk.select().where(GagalMasuk.kunci == _pair_key(user.username, address)).exists()
