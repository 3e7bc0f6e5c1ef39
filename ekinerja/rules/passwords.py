"""What a chosen password must be, and how long a login waits after failures in a row."""

import datetime
import functools
import os

MIN_LENGTH = 10
COMMON_PASSWORDS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "common_passwords.txt")

# The longest wait after failed logins: the doubling stops here.
MAX_WAIT = datetime.timedelta(hours=24)


@functools.cache
def common_passwords():
    """The shipped list of passwords people choose most (one a line, lower case; '#' starts a comment)."""
    with open(COMMON_PASSWORDS_FILE, encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip() and not line.startswith("#"))


def password_problem(password, names=()):
    """Why a new password is refused, in Indonesian, or None; names: the account's username and NIP."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return f"Kata sandi minimal {MIN_LENGTH} karakter."
    if password.isdigit() or password.isalpha():
        return "Kata sandi harus berisi huruf dan angka."
    lowered = password.lower()
    if any(name and (name.lower() in lowered if len(name) >= 4 else name.lower() == lowered) for name in names):
        return "Kata sandi tidak boleh memuat NIP atau nama pengguna."
    if lowered in common_passwords():
        return "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain."
    return None


def wait_after(failures, allowed, first_wait):
    """How long the next attempt waits after this many failures in a row: nothing below allowed, first_wait at it,
    doubling with each failure after, never more than MAX_WAIT."""
    if failures < allowed:
        return None
    return min(MAX_WAIT, first_wait * 2 ** min(failures - allowed, 20))
