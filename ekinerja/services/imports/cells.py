"""Cell values: each column's parser, from a CSV string or a spreadsheet cell to a Python value."""

import datetime
import re
from decimal import Decimal

from ekinerja.rules.activity import MAX_TEXT
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.nip import nip_errors
from ekinerja.rules.refusal import Refused
from ekinerja.rules.skp import ASPEK
from ekinerja.rules.ter import STATUS_PTKP
from ekinerja.rules.vocabulary import (
    ESELON,
    JENIS_CUTI,
    JENIS_JABATAN,
    JENIS_LIBUR,
    JENIS_TARGET,
    SESI_APEL,
    STATUS_PEGAWAI,
)
from ekinerja.services import masterdata, pay_inputs
from ekinerja.services.imports.schema import LABELS

# IntegerField is 32-bit on PostgreSQL; tarif is a BigIntegerField.
_MAX_INT = 2_147_483_647


_MAX_TARIF = 10**13


class Invalid(Refused):
    """A cell's value is not acceptable; the message is shown to the user."""


def shown(value, limit=60):
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_text(value):
    """A cell as trimmed text; whole numbers from spreadsheets lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _text(max_length, required=True):
    def parse(value, label):
        text = _cell_text(value)
        if not text:
            if required:
                raise Invalid(f"{label} wajib diisi.")
            return None
        if max_length and len(text) > max_length:
            raise Invalid(f"{label} paling banyak {max_length} karakter.")
        return text

    return parse


def _choice(options, required=True, message=None):
    canonical = {option.replace(" ", "").lower(): option for option in options}

    def parse(value, label):
        text = _cell_text(value)
        if not text:
            if required:
                raise Invalid(f"{label} wajib diisi.")
            return None
        try:
            return canonical[text.replace(" ", "").lower()]
        except KeyError:
            listed = message or f"{label} harus salah satu dari: {', '.join(options)}" + (
                "" if required else " (atau kosong)"
            )
            raise Invalid(f"{listed.rstrip('.')}; tertulis: {shown(text)}.") from None

    return parse


def _integer(maximum=_MAX_INT, required=True, default=None, not_integer=None):
    """A whole number that fits its column; the master-data rules (VALUE_RULES) judge its range."""

    def parse(value, label):
        if isinstance(value, bool):
            raise Invalid(not_integer or f"{label} harus bilangan bulat.")
        if isinstance(value, int):
            number = value
        elif isinstance(value, float):
            if not value.is_integer():
                raise Invalid(not_integer or f"{label} harus bilangan bulat; tertulis: {value:g}.")
            number = int(value)
        else:
            text = _cell_text(value)
            if not text:
                if required:
                    raise Invalid(f"{label} wajib diisi.")
                return default
            match = re.fullmatch(r"(-?[0-9]+)(?:\.0+)?", text)
            if match is None:
                raise Invalid(not_integer or f"{label} harus bilangan bulat; tertulis: {shown(text)}.")
            number = int(match.group(1))
        if abs(number) > maximum:
            raise Invalid(f"{label} terlalu besar.")
        return number

    return parse


def _decimal(value, label):
    """A target value: up to 2 decimals; a decimal comma is accepted, thousands separators are not."""
    if isinstance(value, bool):
        raise Invalid(f"{label} harus angka.")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        if number.as_tuple().exponent < -2:
            rounded = number.quantize(Decimal("0.01"))
            if abs(rounded - number) > Decimal("0.000001"):
                raise Invalid(f"{label} paling banyak 2 angka di belakang koma.")
            number = rounded
    else:
        text = _cell_text(value)
        if not text:
            raise Invalid(f"{label} wajib diisi.")
        if re.fullmatch(r"-?[0-9]+(?:[.,][0-9]{1,2})?", text) is None:
            raise Invalid(
                f"{label} harus angka dengan paling banyak 2 angka desimal, tanpa pemisah ribuan; "
                f"tertulis: {shown(text)}."
            )
        number = Decimal(text.replace(",", "."))
    if abs(number) >= Decimal(10) ** 16:
        raise Invalid(f"{label} terlalu besar.")
    return number


def _date(required=True):
    def parse(value, label):
        if isinstance(value, datetime.datetime):
            if value.time() != datetime.time(0):
                raise Invalid(f"{label} harus tanggal tanpa jam.")
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _cell_text(value)
        if not text:
            if required:
                raise Invalid(f"{label} wajib diisi.")
            return None
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise Invalid(f"{label} {text} bukan tanggal yang ada.") from None
        raise Invalid(f"{label} harus tanggal berformat YYYY-MM-DD (mis. 2024-01-02); tertulis: {shown(text)}.")

    return parse


_DATETIME_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")


def whole_second(value):
    """A datetime to the nearest second: spreadsheet times are fractions of a day and come back a hair off."""
    value = value.replace(tzinfo=None)
    if value.microsecond >= 500_000:
        value += datetime.timedelta(seconds=1)
    return value.replace(microsecond=0)


def stored_second(value):
    """A stored scan time as the whole-second datetime it was written as (drivers may add microseconds)."""
    return whole_second(value) if isinstance(value, datetime.datetime) else value


def _datetime(value, label):
    """A scan time: an Excel date-time cell, or YYYY-MM-DD HH:MM[:SS] text."""
    if isinstance(value, datetime.datetime):
        return whole_second(value)
    if isinstance(value, datetime.date):
        raise Invalid(f"{label} harus tanggal dan jam (YYYY-MM-DD HH:MM:SS), bukan tanggal saja.")
    text = _cell_text(value)
    if not text:
        raise Invalid(f"{label} wajib diisi.")
    match = _DATETIME_TEXT.fullmatch(text)
    if match is None:
        raise Invalid(
            f"{label} harus tanggal dan jam berformat YYYY-MM-DD HH:MM:SS (mis. 2026-11-02 07:21:40); "
            f"tertulis: {shown(text)}."
        )
    parts = [int(part) if part else 0 for part in match.groups()]
    try:
        return datetime.datetime(*parts)
    except ValueError:
        raise Invalid(f"{label} {text} bukan tanggal dan jam yang ada.") from None


_NIP_AS_TEXT = "Format kolom NIP sebagai Teks di Excel lalu ketik ulang NIP-nya."


def _nip(value, label):
    """An NIP as its 18-character string; a spreadsheet number is accepted only when no digit was lost."""
    if isinstance(value, float):
        raise Invalid(
            "NIP harus 18 digit angka. NIP ini tersimpan sebagai angka di Excel, yang hanya menyimpan 15 digit, "
            f"sehingga digit terakhirnya hilang. {_NIP_AS_TEXT}"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if len(text) != 18:
            raise Invalid(
                f"NIP harus 18 digit angka. NIP ini tersimpan sebagai angka {len(text)} digit di Excel "
                f"(digitnya hilang). {_NIP_AS_TEXT}"
            )
        problems = nip_errors(text)
        if problems:
            raise Invalid(" ".join(problems) + f" NIP tersimpan sebagai angka; digitnya mungkin hilang. {_NIP_AS_TEXT}")
        return text
    text = _cell_text(value)
    if not text:
        raise Invalid("NIP wajib diisi.")
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+", text):
        raise Invalid(
            f"NIP harus 18 digit angka. NIP tertulis dalam notasi ilmiah ({shown(text)}) sehingga digitnya hilang. "
            + _NIP_AS_TEXT
        )
    problems = nip_errors(text)
    if problems:
        raise Invalid(" ".join(problems))
    return text


_GOLONGAN_MESSAGE = "Golongan harus seperti III/a (I/a sampai IV/e)."


PARSERS = {
    "skpd": {"kode": _text(20), "nama": _text(200), "singkatan": _text(50)},
    "unit": {"kode": _text(30), "nama": _text(200), "skpd_kode": _text(20), "induk_kode": _text(30, required=False)},
    "jabatan": {
        "kode": _text(30),
        "nama": _text(200),
        "skpd_kode": _text(20),
        "unit_kode": _text(30, required=False),
        "jenis": _choice(tuple(JENIS_JABATAN)),
        "eselon": _choice(ESELON, required=False),
        "kelas_jabatan": _integer(),
        "atasan_kode": _text(30, required=False),
    },
    "pegawai": {
        "nip": _nip,
        "nama": _text(150),
        "gelar_depan": _text(50, required=False),
        "gelar_belakang": _text(50, required=False),
        "golongan": _choice(tuple(GOLONGAN), message=_GOLONGAN_MESSAGE),
        "status": _choice(STATUS_PEGAWAI),
        "jabatan_kode": _text(30, required=False),
        "tmt_jabatan": _date(required=False),
        "id_mesin": _text(20, required=False),
    },
    "tugas": {
        "jabatan_kode": _text(30),
        "kode": _text(30),
        "uraian": _text(2000),
        "satuan": _text(50),
        "norma_waktu": _integer(),
        "volume_tahunan": _integer(required=False, default=0),
    },
    "libur": {"tanggal": _date(), "jenis": _choice(tuple(JENIS_LIBUR)), "keterangan": _text(200)},
    "target": {
        "skpd_kode": _text(20),
        "tahun": _integer(),
        "jenis": _choice(tuple(JENIS_TARGET)),
        "indikator": _text(300),
        "target": _decimal,
        "satuan": _text(50),
    },
    "tarif": {
        "berlaku_mulai": _date(),
        "kelas_jabatan": _integer(),
        "tarif": _integer(
            _MAX_TARIF,
            not_integer="Tarif harus bilangan bulat rupiah, tanpa titik, koma atau pemisah ribuan.",
        ),
    },
    "presensi": {"nip": _nip, "id_mesin": _text(20), "waktu": _datetime},
    "apel": {"nip": _nip, "tanggal": _date(), "sesi": _choice(SESI_APEL)},
    "cuti": {
        "nip": _nip,
        "jenis": _choice(tuple(JENIS_CUTI)),
        "mulai": _date(),
        "selesai": _date(),
        "nomor_surat": _text(100),
    },
    "skp": {
        "nip": _nip,
        "tahun": _integer(),
        "jabatan_kode": _text(30),
        "hasil_nomor": _integer(),
        "hasil_uraian": _text(MAX_TEXT),
        "target_skpd": _text(300, required=False),
        "hasil_atasan_nomor": _integer(required=False),
        "aspek": _choice(tuple(ASPEK)),
        "indikator": _text(MAX_TEXT),
        "target": _decimal,
        "satuan": _text(50),
        "tugas_kode": _text(30, required=False),
    },
    "riwayat_status": {"nip": _nip, "status": _choice(STATUS_PEGAWAI), "tmt": _date(), "nomor_sk": _text(100, False)},
    "riwayat_golongan": {
        "nip": _nip,
        "golongan": _choice(tuple(GOLONGAN), message=_GOLONGAN_MESSAGE),
        "tmt": _date(),
        "nomor_sk": _text(100, required=False),
    },
    "rekening": {"nip": _nip, "nama_bank": _text(100, required=False), "nomor_rekening": _text(30, required=False)},
    "ptkp": {"nip": _nip, "status_ptkp": _choice(STATUS_PTKP)},
}


# The master-data rules on a row's parsed values: the functions the portal's forms call, so the messages match.
VALUE_RULES = {
    "jabatan": lambda values: masterdata.kelas_jabatan_errors(values.get("kelas_jabatan")),
    "tugas": lambda values: masterdata.task_errors(values.get("norma_waktu"), values.get("volume_tahunan")),
    "target": lambda values: masterdata.target_errors(values.get("tahun")),
    "skp": lambda values: masterdata.target_errors(values.get("tahun")),
    "tarif": lambda values: masterdata.tariff_errors(values.get("kelas_jabatan"), values.get("tarif")),
    "rekening": lambda values: pay_inputs.bank_errors(values.get("nama_bank"), values.get("nomor_rekening")),
}


def parse_values(jenis, rows, ctx):
    """Parse every cell, then apply the kind's master-data rules; a refused value is reported and left out."""
    parsers = PARSERS[jenis]
    rule = VALUE_RULES.get(jenis)
    for row in rows:
        for column in ctx.columns:
            try:
                row.values[column] = parsers[column](row.raw.get(column), LABELS[column])
            except Invalid as invalid:
                row.bad.add(column)
                ctx.error(row, column, str(invalid))
        for column, message in (rule(row.values) if rule else {}).items():
            # A cell that did not parse was reported already; its value was missing, not wrong.
            if column in row.values:
                del row.values[column]
                row.bad.add(column)
                ctx.error(row, column, message)
