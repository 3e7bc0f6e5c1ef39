from datetime import date

import pytest

from ekinerja.rules.nip import NipInfo, nip_errors, parse_nip

VALID = "198503122010011003"


def test_valid_nip_decodes_birth_date_tmt_sex_and_sequence():
    assert parse_nip(VALID) == NipInfo(date(1985, 3, 12), date(2010, 1, 1), "L", 3)


def test_sex_digit_2_is_female_and_leap_day_birth_is_valid():
    assert parse_nip("199202292015032999") == NipInfo(date(1992, 2, 29), date(2015, 3, 1), "P", 999)


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850312201001100", "NIP harus 18 digit angka."),
        ("1985031220100110031", "NIP harus 18 digit angka."),
        (VALID + "\n", "NIP harus 18 digit angka."),
        (" " + VALID, "NIP harus 18 digit angka."),
        ("1985 03 12 201001 1 003", "NIP harus 18 digit angka."),
        ("19850312201001100A", "NIP harus 18 digit angka."),
        ("١٩٨٥٠٣١٢٢٠١٠٠١١٠٠٣", "NIP harus 18 digit angka."),
        ("１９８５０３１２２０１００１１００３", "NIP harus 18 digit angka."),
        ("", "NIP harus 18 digit angka."),
        (None, "NIP harus 18 digit angka."),
        (198503122010011003, "NIP harus 18 digit angka."),
        ("198502302010011003", "Tanggal lahir pada NIP tidak valid."),
        ("199002292015031001", "Tanggal lahir pada NIP tidak valid."),
        ("198513012010011003", "Tanggal lahir pada NIP tidak valid."),
        ("198503002010011003", "Tanggal lahir pada NIP tidak valid."),
        ("198503122010131003", "TMT CPNS pada NIP tidak valid."),
        ("198503122010001003", "TMT CPNS pada NIP tidak valid."),
        ("198503121980011003", "TMT CPNS pada NIP harus setelah tanggal lahir."),
        ("198503011985031003", "TMT CPNS pada NIP harus setelah tanggal lahir."),
        ("198503122010013003", "Digit jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan)."),
        ("198503122010010003", "Digit jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan)."),
        ("198503122010011000", "Nomor urut pada NIP tidak boleh 000."),
    ],
)
def test_invalid_nip_is_refused_with_a_specific_message(nip, message):
    with pytest.raises(ValueError) as excinfo:
        parse_nip(nip)
    assert str(excinfo.value) == message
    assert nip_errors(nip)[0] == message


def test_tmt_in_the_month_after_birth_is_accepted():
    assert parse_nip("198503121985041001").tmt_cpns == date(1985, 4, 1)


def test_nip_errors_is_empty_for_a_valid_nip_matching_birth_date_and_sex():
    assert nip_errors(VALID, date(1985, 3, 12), "L") == []


def test_nip_errors_reports_every_problem_at_once():
    assert nip_errors("198502302010013000") == [
        "Tanggal lahir pada NIP tidak valid.",
        "Digit jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan).",
        "Nomor urut pada NIP tidak boleh 000.",
    ]


@pytest.mark.parametrize(
    ("tanggal_lahir", "jenis_kelamin", "expected"),
    [
        (date(1985, 3, 13), None, ["NIP tidak sesuai dengan tanggal lahir."]),
        (None, "P", ["NIP tidak sesuai dengan jenis kelamin."]),
        (
            date(1986, 3, 12),
            "P",
            ["NIP tidak sesuai dengan tanggal lahir.", "NIP tidak sesuai dengan jenis kelamin."],
        ),
    ],
)
def test_nip_must_agree_with_given_birth_date_and_sex(tanggal_lahir, jenis_kelamin, expected):
    assert nip_errors(VALID, tanggal_lahir, jenis_kelamin) == expected


def test_mismatch_is_still_reported_when_another_part_of_the_nip_is_invalid():
    assert nip_errors("198503122010011000", date(1985, 3, 13), "P") == [
        "Nomor urut pada NIP tidak boleh 000.",
        "NIP tidak sesuai dengan tanggal lahir.",
        "NIP tidak sesuai dengan jenis kelamin.",
    ]
