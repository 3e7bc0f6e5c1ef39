from datetime import date

import pytest

from ekinerja.rules.holidays import FIXED_HOLIDAYS, HOLIDAYS, RAMADAN, holidays, ramadan


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_a_tabled_year_has_distinct_dates_of_its_own_year_of_both_kinds(year):
    rows = holidays(year)
    assert len(rows) == len(HOLIDAYS[year])
    dates = [day for day, _, _ in rows]
    assert len(dates) == len(set(dates)) and all(day.year == year for day in dates)
    assert {jenis for _, jenis, _ in rows} == {"libur_nasional", "cuti_bersama"}


def test_2026_has_its_decreed_holidays_and_none_in_november():
    rows = {day: (jenis, keterangan) for day, jenis, keterangan in holidays(2026)}
    assert len(rows) == 24
    assert rows[date(2026, 1, 1)] == ("libur_nasional", "Tahun Baru 2026 Masehi")
    assert rows[date(2026, 3, 20)][0] == "libur_nasional"
    assert rows[date(2026, 12, 24)][0] == "cuti_bersama"
    assert not [day for day in rows if day.month == 11]


def test_a_year_without_a_table_gets_the_fixed_dates_with_its_year_in_the_names():
    assert 2031 not in HOLIDAYS
    assert holidays(2031) == [
        (date(2031, 1, 1), "libur_nasional", "Tahun Baru 2031 Masehi"),
        (date(2031, 5, 1), "libur_nasional", "Hari Buruh Internasional"),
        (date(2031, 6, 1), "libur_nasional", "Hari Lahir Pancasila"),
        (date(2031, 8, 17), "libur_nasional", "Hari Kemerdekaan Republik Indonesia"),
        (date(2031, 12, 25), "libur_nasional", "Hari Raya Natal"),
    ]
    assert len(holidays(2031)) == len(FIXED_HOLIDAYS)


@pytest.mark.parametrize("year", sorted(RAMADAN))
def test_ramadan_of_a_tabled_year_is_the_table(year):
    assert ramadan(year) == RAMADAN[year]


def test_ramadan_beyond_the_table_is_estimated_in_its_year_and_lasts_thirty_days():
    assert ramadan(2029) == (date(2029, 1, 16), date(2029, 2, 14))
    assert ramadan(2024) == (date(2024, 3, 11), date(2024, 4, 9))
    for year in set(range(1990, 2100)) - set(RAMADAN):
        mulai, selesai = ramadan(year)
        assert mulai.year == year and (selesai - mulai).days == 29


def test_in_a_year_with_two_ramadan_starts_the_first_is_given():
    # 2030's Ramadan starts in early January and again in late December.
    mulai, _ = ramadan(2030)
    assert mulai.month == 1
