"""NIP (Perka BKN 22/2007): birth date, CPNS appointment month, sex and sequence in 18 digits."""

import re
from datetime import date
from typing import NamedTuple

NIP_PATTERN = "[0-9]{18}"

MSG_FORMAT = "NIP harus 18 digit angka."
MSG_TANGGAL_LAHIR = "Tanggal lahir pada NIP tidak valid."
MSG_TMT = "TMT CPNS pada NIP tidak valid."
MSG_TMT_SEBELUM_LAHIR = "TMT CPNS pada NIP harus setelah tanggal lahir."
MSG_JENIS_KELAMIN = "Digit jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan)."
MSG_URUTAN = "Nomor urut pada NIP tidak boleh 000."
MSG_BEDA_TANGGAL_LAHIR = "NIP tidak sesuai dengan tanggal lahir."
MSG_BEDA_JENIS_KELAMIN = "NIP tidak sesuai dengan jenis kelamin."

_SEX_BY_DIGIT = {"1": "L", "2": "P"}


class NipInfo(NamedTuple):
    """What an NIP encodes."""

    tanggal_lahir: date
    tmt_cpns: date
    jenis_kelamin: str
    urutan: int


def _date_or_none(year: int, month: int, day: int) -> date | None:
    """Build a date, or None when it does not exist (e.g. 30 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _Decoded(NamedTuple):
    """The parts of an NIP that could be decoded (None where invalid) and every problem found."""

    tanggal_lahir: date | None
    tmt_cpns: date | None
    jenis_kelamin: str | None
    urutan: int | None
    errors: list[str]


def _decode(nip) -> _Decoded:
    """Decode every part of the NIP and collect all problems."""
    # re.fullmatch with [0-9]: \d and str.isdigit() accept Arabic-Indic and other Unicode digits.
    if not isinstance(nip, str) or re.fullmatch(NIP_PATTERN, nip) is None:
        return _Decoded(None, None, None, None, [MSG_FORMAT])
    errors = []
    lahir = _date_or_none(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if lahir is None:
        errors.append(MSG_TANGGAL_LAHIR)
    tmt = _date_or_none(int(nip[8:12]), int(nip[12:14]), 1)
    if tmt is None:
        errors.append(MSG_TMT)
    if lahir is not None and tmt is not None and tmt <= lahir:
        errors.append(MSG_TMT_SEBELUM_LAHIR)
    jenis_kelamin = _SEX_BY_DIGIT.get(nip[14])
    if jenis_kelamin is None:
        errors.append(MSG_JENIS_KELAMIN)
    urutan = int(nip[15:18])
    if urutan == 0:
        errors.append(MSG_URUTAN)
    return _Decoded(lahir, tmt, jenis_kelamin, urutan, errors)


def parse_nip(nip: str) -> NipInfo:
    """Decode a valid NIP; raise ValueError with the first problem otherwise."""
    decoded = _decode(nip)
    if decoded.errors:
        raise ValueError(decoded.errors[0])
    # Without errors every part was decoded.
    assert decoded.tanggal_lahir and decoded.tmt_cpns and decoded.jenis_kelamin and decoded.urutan is not None
    return NipInfo(decoded.tanggal_lahir, decoded.tmt_cpns, decoded.jenis_kelamin, decoded.urutan)


def nip_errors(nip: str, tanggal_lahir: date | None = None, jenis_kelamin: str | None = None) -> list[str]:
    """All problems of an NIP, including disagreement with the given birth date and sex; empty means valid."""
    decoded = _decode(nip)
    errors = list(decoded.errors)
    # Parts that did decode are still compared, so the user sees every mismatch at once.
    if tanggal_lahir is not None and decoded.tanggal_lahir is not None and decoded.tanggal_lahir != tanggal_lahir:
        errors.append(MSG_BEDA_TANGGAL_LAHIR)
    if jenis_kelamin is not None and decoded.jenis_kelamin is not None and decoded.jenis_kelamin != jenis_kelamin:
        errors.append(MSG_BEDA_JENIS_KELAMIN)
    return errors
