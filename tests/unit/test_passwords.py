"""The password rules and the growing waits after failed logins."""

import datetime

import pytest

from ekinerja.rules.passwords import MAX_WAIT, MIN_LENGTH, common_passwords, password_problem, wait_after

MINUTE = datetime.timedelta(minutes=1)


def test_a_password_of_ten_characters_with_letters_and_digits_is_accepted():
    assert MIN_LENGTH == 10
    assert password_problem("Pohon-Kelapa-7") is None
    assert "minimal 10" in password_problem("Kelapa-71")


@pytest.mark.parametrize("password", ["qwertyuiop", "1234567890", "Bismillah123", "PASSWORD123"])
def test_common_passwords_are_refused_whatever_their_case(password):
    assert password_problem(password) is not None


def test_the_shipped_list_holds_only_lower_case_entries_long_enough_to_matter():
    assert len(common_passwords()) > 50
    assert all(p == p.lower() and len(p) >= MIN_LENGTH for p in common_passwords())


def test_the_account_s_names_may_not_be_in_the_password():
    assert "NIP" in password_problem("x198503122010011003", ["198503122010011003"])
    assert "nama pengguna" in password_problem("Keuangan.kota1", ["keuangan.kota"])
    assert password_problem("Sandi-ab-2026", ["ab"]) is None  # a short name only when it is the whole password


def test_waits_start_at_the_limit_double_with_each_failure_and_stop_at_a_day():
    assert wait_after(4, 5, 15 * MINUTE) is None
    assert [wait_after(n, 5, 15 * MINUTE) for n in (5, 6, 7)] == [15 * MINUTE, 30 * MINUTE, 60 * MINUTE]
    assert wait_after(10_000, 5, 15 * MINUTE) == MAX_WAIT
