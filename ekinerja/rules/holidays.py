"""National holidays and cuti bersama of a year, and the days of Ramadan: tables per year, estimates beyond them."""

from datetime import date, timedelta

# National holidays and cuti bersama per the yearly SKB of three ministers. 2027 is an estimate from the
# Hijri, Chinese and Saka calendars until its decree is out: correct it in the portal then.
_LN, _CB = "libur_nasional", "cuti_bersama"
HOLIDAYS = {
    2025: [
        ("01-01", _LN, "Tahun Baru 2025 Masehi"),
        ("01-27", _LN, "Isra Mikraj Nabi Muhammad SAW"),
        ("01-28", _CB, "Cuti bersama Tahun Baru Imlek"),
        ("01-29", _LN, "Tahun Baru Imlek 2576 Kongzili"),
        ("03-28", _CB, "Cuti bersama Hari Suci Nyepi"),
        ("03-29", _LN, "Hari Suci Nyepi Tahun Baru Saka 1947"),
        ("03-31", _LN, "Idul Fitri 1446 Hijriah"),
        ("04-01", _LN, "Idul Fitri 1446 Hijriah"),
        ("04-02", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-03", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-04", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-07", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-18", _LN, "Wafat Yesus Kristus"),
        ("04-20", _LN, "Kebangkitan Yesus Kristus (Paskah)"),
        ("05-01", _LN, "Hari Buruh Internasional"),
        ("05-12", _LN, "Hari Raya Waisak 2569 BE"),
        ("05-13", _CB, "Cuti bersama Hari Raya Waisak"),
        ("05-29", _LN, "Kenaikan Yesus Kristus"),
        ("05-30", _CB, "Cuti bersama Kenaikan Yesus Kristus"),
        ("06-01", _LN, "Hari Lahir Pancasila"),
        ("06-06", _LN, "Idul Adha 1446 Hijriah"),
        ("06-09", _CB, "Cuti bersama Idul Adha 1446 Hijriah"),
        ("06-27", _LN, "Tahun Baru Islam 1447 Hijriah"),
        ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
        ("08-18", _CB, "Cuti bersama Hari Kemerdekaan Republik Indonesia"),
        ("09-05", _LN, "Maulid Nabi Muhammad SAW"),
        ("12-25", _LN, "Hari Raya Natal"),
        ("12-26", _CB, "Cuti bersama Hari Raya Natal"),
    ],
    2026: [
        ("01-01", _LN, "Tahun Baru 2026 Masehi"),
        ("01-16", _LN, "Isra Mikraj Nabi Muhammad SAW"),
        ("02-16", _CB, "Cuti bersama Tahun Baru Imlek"),
        ("02-17", _LN, "Tahun Baru Imlek 2577 Kongzili"),
        ("03-18", _CB, "Cuti bersama Hari Suci Nyepi"),
        ("03-19", _LN, "Hari Suci Nyepi Tahun Baru Saka 1948"),
        ("03-20", _LN, "Idul Fitri 1447 Hijriah"),
        ("03-21", _LN, "Idul Fitri 1447 Hijriah"),
        ("03-23", _CB, "Cuti bersama Idul Fitri 1447 Hijriah"),
        ("03-24", _CB, "Cuti bersama Idul Fitri 1447 Hijriah"),
        ("04-03", _LN, "Wafat Yesus Kristus"),
        ("04-05", _LN, "Kebangkitan Yesus Kristus (Paskah)"),
        ("05-01", _LN, "Hari Buruh Internasional"),
        ("05-14", _LN, "Kenaikan Yesus Kristus"),
        ("05-15", _CB, "Cuti bersama Kenaikan Yesus Kristus"),
        ("05-27", _LN, "Idul Adha 1447 Hijriah"),
        ("05-28", _CB, "Cuti bersama Idul Adha 1447 Hijriah"),
        ("05-31", _LN, "Hari Raya Waisak 2570 BE"),
        ("06-01", _LN, "Hari Lahir Pancasila"),
        ("06-16", _LN, "Tahun Baru Islam 1448 Hijriah"),
        ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
        ("08-25", _LN, "Maulid Nabi Muhammad SAW"),
        ("12-24", _CB, "Cuti bersama Hari Raya Natal"),
        ("12-25", _LN, "Hari Raya Natal"),
    ],
    2027: [
        ("01-01", _LN, "Tahun Baru 2027 Masehi"),
        ("01-05", _LN, "Isra Mikraj Nabi Muhammad SAW"),
        ("02-05", _CB, "Cuti bersama Tahun Baru Imlek"),
        ("02-06", _LN, "Tahun Baru Imlek 2578 Kongzili"),
        ("03-08", _CB, "Cuti bersama Idul Fitri 1448 Hijriah"),
        ("03-09", _LN, "Hari Suci Nyepi Tahun Baru Saka 1949"),
        ("03-10", _LN, "Idul Fitri 1448 Hijriah"),
        ("03-11", _LN, "Idul Fitri 1448 Hijriah"),
        ("03-12", _CB, "Cuti bersama Idul Fitri 1448 Hijriah"),
        ("03-26", _LN, "Wafat Yesus Kristus"),
        ("03-28", _LN, "Kebangkitan Yesus Kristus (Paskah)"),
        ("05-01", _LN, "Hari Buruh Internasional"),
        ("05-06", _LN, "Kenaikan Yesus Kristus"),
        ("05-07", _CB, "Cuti bersama Kenaikan Yesus Kristus"),
        ("05-17", _LN, "Idul Adha 1448 Hijriah"),
        ("05-20", _LN, "Hari Raya Waisak 2571 BE"),
        ("05-21", _CB, "Cuti bersama Hari Raya Waisak"),
        ("06-01", _LN, "Hari Lahir Pancasila"),
        ("06-06", _LN, "Tahun Baru Islam 1449 Hijriah"),
        ("08-15", _LN, "Maulid Nabi Muhammad SAW"),
        ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
        ("12-24", _CB, "Cuti bersama Hari Raya Natal"),
        ("12-25", _LN, "Hari Raya Natal"),
    ],
}
# Years without a table get only the holidays on fixed dates; the rest is for an admin to add.
FIXED_HOLIDAYS = [
    ("01-01", _LN, "Tahun Baru {year} Masehi"),
    ("05-01", _LN, "Hari Buruh Internasional"),
    ("06-01", _LN, "Hari Lahir Pancasila"),
    ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
    ("12-25", _LN, "Hari Raya Natal"),
]
RAMADAN = {
    2025: (date(2025, 3, 1), date(2025, 3, 30)),
    2026: (date(2026, 2, 18), date(2026, 3, 19)),
    2027: (date(2027, 2, 8), date(2027, 3, 9)),
    2028: (date(2028, 1, 28), date(2028, 2, 25)),
}
_HIJRI_YEAR_DAYS = 354.367


def holidays(year: int) -> list[tuple[date, str, str]]:
    """(date, jenis, keterangan) of the national holidays and cuti bersama of a year."""
    rows = HOLIDAYS.get(year) or FIXED_HOLIDAYS
    result = []
    for month_day, jenis, keterangan in rows:
        month, day = map(int, month_day.split("-"))
        result.append((date(year, month, day), jenis, keterangan.format(year=year)))
    return result


def ramadan(year: int) -> tuple[date, date]:
    """First and last day of (the first) Ramadan in a year: the table, else by mean lunar years from 2026."""
    if year in RAMADAN:
        return RAMADAN[year]

    def start_after(lunar_years):
        return RAMADAN[2026][0] + timedelta(days=round(lunar_years * _HIJRI_YEAR_DAYS))

    n = round((year - 2026) * 365.2425 / _HIJRI_YEAR_DAYS)
    while start_after(n).year > year:
        n -= 1
    while start_after(n).year < year:
        n += 1
    start = start_after(n)
    return start, start + timedelta(days=29)
