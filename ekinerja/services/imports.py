"""Import and export of master data and attendance as CSV or XLSX: all or nothing, idempotent, round-trip exact."""

import csv
import datetime
import io
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ekinerja import clock
from ekinerja.db import database, write_transaction
from ekinerja.models import (
    Apel,
    AturanTpp,
    Cuti,
    HariLibur,
    Jabatan,
    Pegawai,
    Presensi,
    PresensiHarian,
    RiwayatJabatan,
    Skpd,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
)
from ekinerja.models.activity import JENIS_CUTI
from ekinerja.models.attendance import SESI_APEL
from ekinerja.models.calendar import JENIS_LIBUR
from ekinerja.models.organisation import ESELON, JENIS_JABATAN, JENIS_TARGET
from ekinerja.models.people import STATUS_PEGAWAI
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.hierarchy import creates_cycle
from ekinerja.rules.nip import nip_errors, parse_nip
from ekinerja.services import accounts, audit
from ekinerja.services.masterdata import carry_over_tariffs, leave_errors
from ekinerja.services.periods import locked_month_change, locked_months, rule_set_change_error
from ekinerja.services.positions import in_force_between

COLUMNS: dict[str, tuple[str, ...]] = {
    "skpd": ("kode", "nama", "singkatan"),
    "unit": ("kode", "nama", "skpd_kode", "induk_kode"),
    "jabatan": ("kode", "nama", "skpd_kode", "unit_kode", "jenis", "eselon", "kelas_jabatan", "atasan_kode"),
    "pegawai": (
        "nip",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "golongan",
        "status",
        "jabatan_kode",
        "tmt_jabatan",
        "id_mesin",
    ),
    "tugas": ("jabatan_kode", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan"),
    "libur": ("tanggal", "jenis", "keterangan"),
    "target": ("skpd_kode", "tahun", "jenis", "indikator", "target", "satuan"),
    "tarif": ("berlaku_mulai", "kelas_jabatan", "tarif"),
    # Fingerprint scans: also accepted with the header id_mesin, waktu, and as a machine's attlog.dat/.txt.
    "presensi": ("nip", "waktu"),
    "apel": ("nip", "tanggal", "sesi"),
    "cuti": ("nip", "jenis", "mulai", "selesai", "nomor_surat"),
}

# Kinds whose file may carry another set of columns than COLUMNS; the first set is what an export writes.
HEADER_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "presensi": (("nip", "waktu"), ("id_mesin", "waktu")),
}
# Kinds that also read a fingerprint machine's plain-text log (one scan a line: ID<TAB>YYYY-MM-DD HH:MM:SS...).
MACHINE_LOG_KINDS = {"presensi"}
MACHINE_LOG_EXTENSIONS = (".dat", ".txt")

ADMIN_ONLY = {"skpd", "libur", "tarif"}

DATE_COLUMNS = {"tmt_jabatan", "tanggal", "berlaku_mulai", "mulai", "selesai"}
DATETIME_COLUMNS = {"waktu"}
INTEGER_COLUMNS = {"kelas_jabatan", "norma_waktu", "volume_tahunan", "tahun", "tarif"}
DECIMAL_COLUMNS = {"target"}

OWN_SKPD_ONLY = "Anda hanya dapat mengimpor data SKPD Anda sendiri."

LABELS = {
    "kode": "Kode",
    "nama": "Nama",
    "singkatan": "Singkatan",
    "skpd_kode": "Kode SKPD",
    "induk_kode": "Kode unit induk",
    "unit_kode": "Kode unit kerja",
    "jenis": "Jenis",
    "eselon": "Eselon",
    "kelas_jabatan": "Kelas jabatan",
    "atasan_kode": "Kode jabatan atasan",
    "nip": "NIP",
    "gelar_depan": "Gelar depan",
    "gelar_belakang": "Gelar belakang",
    "golongan": "Golongan",
    "status": "Status",
    "jabatan_kode": "Kode jabatan",
    "tmt_jabatan": "TMT jabatan",
    "id_mesin": "ID mesin",
    "uraian": "Uraian",
    "satuan": "Satuan",
    "norma_waktu": "Norma waktu",
    "volume_tahunan": "Volume tahunan",
    "tanggal": "Tanggal",
    "keterangan": "Keterangan",
    "tahun": "Tahun",
    "indikator": "Indikator",
    "target": "Target",
    "berlaku_mulai": "Berlaku mulai",
    "tarif": "Tarif",
    "waktu": "Waktu",
    "sesi": "Sesi",
    "mulai": "Tanggal mulai",
    "selesai": "Tanggal selesai",
    "nomor_surat": "Nomor surat",
}

# IntegerField is 32-bit on PostgreSQL; tarif is a BigIntegerField.
_MAX_INT = 2_147_483_647
_MAX_TARIF = 10**13
# Cells that a spreadsheet would run as a formula; an apostrophe in front keeps them text (OWASP CSV injection).
_FORMULA_START = re.compile(r"'*[=+\-@]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@]")


def kinds_for(admin: bool) -> list[str]:
    """The kinds a city-wide admin (all) or an admin_skpd (own-SKPD data only) may import and export."""
    return [jenis for jenis in COLUMNS if admin or jenis not in ADMIN_ONLY]


class RowError(NamedTuple):
    """One problem of an import file: row as a spreadsheet numbers it (header 1), 0 for the whole file."""

    row: int
    column: str
    message: str


class ImportRejected(Exception):
    """The file was refused; errors lists every problem found, nothing was saved."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(f"Berkas ditolak: {len(self.errors)} kesalahan.")


@dataclass
class ImportResult:
    ditambah: int = 0
    diubah: int = 0
    tetap: int = 0
    jenis: str = ""

    def summary(self) -> str:
        return f"{self.ditambah} ditambah, {self.diubah} diubah, {self.tetap} tetap"


# ---------------------------------------------------------------------------------------------------------------
# Reading the file


class _Row:
    """One data row: raw cells by column, parsed values, and the columns that failed to parse."""

    def __init__(self, num, raw):
        self.num = num
        self.raw = raw
        self.values = {}
        self.bad = set()

    def has(self, column):
        return column in self.values

    def get(self, column):
        return self.values.get(column)

    def __getitem__(self, column):
        return self.values[column]


def _file_error(message, column="berkas"):
    return ImportRejected([RowError(0, column, message)])


def _read_csv(data):
    """Header cells and (row number, cells) of a UTF-8 CSV whose delimiter is sniffed from its header line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error("Berkas CSV harus disimpan dengan pengodean UTF-8 (di Excel: CSV UTF-8).") from exc
    lines = text.splitlines()
    header_line = lines[0] if lines else ""
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _file_error(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc
    if not records:
        return None, []
    return records[0], list(enumerate(records[1:], start=2))


def _xlsx_value(cell):
    """A cell's value; a date cell without a time in its format is a date, although Excel stores midnight.

    Taken for a date and time, a scan typed as a date only would become an on-time check-in at 00:00.
    """
    value = getattr(cell, "value", None)
    is_date_only = "h" not in (getattr(cell, "number_format", "") or "").lower()
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0) and is_date_only:
        return value.date()
    return value


def _read_xlsx(data, jenis):
    """Header cells and (row number, cells) of the sheet named after the kind, or of the first sheet."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for files that are not workbooks
        raise _file_error("Berkas XLSX tidak dapat dibaca: bukan berkas Excel (.xlsx) yang sah.") from exc
    try:
        sheet = workbook[jenis] if jenis in workbook.sheetnames else workbook.worksheets[0]
        # Some programs write a wrong size into the sheet (e.g. "A1"); read the cells that are there instead.
        sheet.reset_dimensions()
        records = [[_xlsx_value(cell) for cell in row] for row in sheet.iter_rows()]
    finally:
        workbook.close()
    if not records:
        return None, []
    return records[0], list(enumerate(records[1:], start=2))


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Fields are tab-separated; the machine pads the user ID with spaces (never with tabs).
_LOG_LINE = re.compile(r" *([^\t]*?) *\t *([^\t]*?) *(?:\t.*)?")
_LOG_LINE_SPACES = re.compile(r"\s*(\S+)\s+([0-9]{4}-[0-9]{2}-[0-9]{2}\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?:\s.*)?")


def _read_machine_log(data):
    """A fingerprint machine's attlog: (line number, {id_mesin, waktu}) of each scan; blank lines are skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    rows, errors = [], []
    for num, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LOG_LINE.fullmatch(line) or _LOG_LINE_SPACES.fullmatch(line)
        if match is None:
            errors.append(
                RowError(
                    num,
                    "baris",
                    "Baris bukan baris log mesin presensi (ID mesin, tab, YYYY-MM-DD HH:MM:SS); "
                    f"tertulis: {_shown(line.strip())}.",
                )
            )
            continue
        rows.append(_Row(num, {"id_mesin": match.group(1), "waktu": match.group(2)}))
    if not rows and not errors:
        raise _file_error("Berkas tidak berisi baris data.")
    return rows, errors


def _header_columns(jenis, names):
    """The column set of the kind that the header matches best (the first on a tie)."""
    variants = HEADER_VARIANTS.get(jenis, (COLUMNS[jenis],))
    present = set(names)
    return max(variants, key=lambda columns: len(present & set(columns)))


def _read_rows(jenis, stream, filename):
    """The file's data rows keyed by column, the row-level reading problems and the file's column set.

    File problems raise ImportRejected.
    """
    ext = os.path.splitext(filename or "")[1].lower()
    log_allowed = jenis in MACHINE_LOG_KINDS
    if ext not in (".csv", ".xlsx") and not (log_allowed and ext in MACHINE_LOG_EXTENSIONS):
        if log_allowed:
            raise _file_error("Format berkas harus .csv, .xlsx, atau log mesin presensi .dat/.txt.")
        raise _file_error("Format berkas harus .csv atau .xlsx.")
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if ext in MACHINE_LOG_EXTENSIONS:
        rows, errors = _read_machine_log(data)
        return rows, errors, HEADER_VARIANTS[jenis][1]
    header, records = _read_csv(data) if ext == ".csv" else _read_xlsx(data, jenis)
    if header is None or all(_is_empty(cell) for cell in header):
        raise _file_error("Berkas kosong: baris pertama harus berisi judul kolom.")

    names = [("" if cell is None else str(cell)).strip().lower() for cell in header]
    expected = _header_columns(jenis, names)
    problems = []
    unknown = [name for name in names if name and name not in expected]
    if unknown:
        listed = " atau ".join(", ".join(columns) for columns in HEADER_VARIANTS.get(jenis, (expected,)))
        problems.append(f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang diharapkan: {listed}.")
    doubled = sorted({name for name in names if name and names.count(name) > 1})
    if doubled:
        problems.append(f"Kolom ganda: {', '.join(doubled)}.")
    missing = [name for name in expected if name not in names]
    if missing:
        problems.append(f"Kolom wajib tidak ada: {', '.join(missing)}.")
    if problems:
        raise ImportRejected([RowError(0, "judul kolom", message) for message in problems])

    errors = []
    rows = []
    for num, cells in records:
        if all(_is_empty(cell) for cell in cells):
            continue
        raw = {}
        for index, cell in enumerate(cells):
            name = names[index] if index < len(names) else ""
            if name:
                if ext == ".csv" and _ESCAPED_FORMULA.match(cell):
                    cell = cell[1:]
                raw[name] = cell
            elif not _is_empty(cell):
                errors.append(RowError(num, f"kolom {index + 1}", "Sel berisi nilai di luar kolom yang berjudul."))
        rows.append(_Row(num, raw))
    if not rows and not errors:
        raise _file_error("Berkas tidak berisi baris data.")
    return rows, errors, expected


# ---------------------------------------------------------------------------------------------------------------
# Cell values


class _Invalid(Exception):
    """A cell's value is not acceptable; the message is shown to the user."""


def _shown(value, limit=60):
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
                raise _Invalid(f"{label} wajib diisi.")
            return None
        if max_length and len(text) > max_length:
            raise _Invalid(f"{label} paling banyak {max_length} karakter.")
        return text

    return parse


def _choice(options, required=True, message=None):
    canonical = {option.replace(" ", "").lower(): option for option in options}

    def parse(value, label):
        text = _cell_text(value)
        if not text:
            if required:
                raise _Invalid(f"{label} wajib diisi.")
            return None
        try:
            return canonical[text.replace(" ", "").lower()]
        except KeyError:
            listed = message or f"{label} harus salah satu dari: {', '.join(options)}" + (
                "" if required else " (atau kosong)"
            )
            raise _Invalid(f"{listed.rstrip('.')}; tertulis: {_shown(text)}.") from None

    return parse


def _integer(low, high, range_message, required=True, default=None, not_integer=None):
    def parse(value, label):
        if isinstance(value, bool):
            raise _Invalid(not_integer or f"{label} harus bilangan bulat.")
        if isinstance(value, int):
            number = value
        elif isinstance(value, float):
            if not value.is_integer():
                raise _Invalid(not_integer or f"{label} harus bilangan bulat; tertulis: {value:g}.")
            number = int(value)
        else:
            text = _cell_text(value)
            if not text:
                if required:
                    raise _Invalid(f"{label} wajib diisi.")
                return default
            match = re.fullmatch(r"(-?[0-9]+)(?:\.0+)?", text)
            if match is None:
                raise _Invalid(not_integer or f"{label} harus bilangan bulat; tertulis: {_shown(text)}.")
            number = int(match.group(1))
        if number < low or (high is not None and number > high):
            raise _Invalid(range_message)
        if number > (_MAX_TARIF if high is None else _MAX_INT):
            raise _Invalid(f"{label} terlalu besar.")
        return number

    return parse


def _decimal(value, label):
    """A target value: up to 2 decimals; a decimal comma is accepted, thousands separators are not."""
    if isinstance(value, bool):
        raise _Invalid(f"{label} harus angka.")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        if number.as_tuple().exponent < -2:
            rounded = number.quantize(Decimal("0.01"))
            if abs(rounded - number) > Decimal("0.000001"):
                raise _Invalid(f"{label} paling banyak 2 angka di belakang koma.")
            number = rounded
    else:
        text = _cell_text(value)
        if not text:
            raise _Invalid(f"{label} wajib diisi.")
        if re.fullmatch(r"-?[0-9]+(?:[.,][0-9]{1,2})?", text) is None:
            raise _Invalid(
                f"{label} harus angka dengan paling banyak 2 angka desimal, tanpa pemisah ribuan; "
                f"tertulis: {_shown(text)}."
            )
        number = Decimal(text.replace(",", "."))
    if abs(number) >= Decimal(10) ** 16:
        raise _Invalid(f"{label} terlalu besar.")
    return number


def _date(required=True):
    def parse(value, label):
        if isinstance(value, datetime.datetime):
            if value.time() != datetime.time(0):
                raise _Invalid(f"{label} harus tanggal tanpa jam.")
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _cell_text(value)
        if not text:
            if required:
                raise _Invalid(f"{label} wajib diisi.")
            return None
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise _Invalid(f"{label} {text} bukan tanggal yang ada.") from None
        raise _Invalid(f"{label} harus tanggal berformat YYYY-MM-DD (mis. 2024-01-02); tertulis: {_shown(text)}.")

    return parse


_DATETIME_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")


def _whole_second(value):
    """A datetime to the nearest second: spreadsheet times are fractions of a day and come back a hair off."""
    value = value.replace(tzinfo=None)
    if value.microsecond >= 500_000:
        value += datetime.timedelta(seconds=1)
    return value.replace(microsecond=0)


def _datetime(value, label):
    """A scan time: an Excel date-time cell, or YYYY-MM-DD HH:MM[:SS] text."""
    if isinstance(value, datetime.datetime):
        return _whole_second(value)
    if isinstance(value, datetime.date):
        raise _Invalid(f"{label} harus tanggal dan jam (YYYY-MM-DD HH:MM:SS), bukan tanggal saja.")
    text = _cell_text(value)
    if not text:
        raise _Invalid(f"{label} wajib diisi.")
    match = _DATETIME_TEXT.fullmatch(text)
    if match is None:
        raise _Invalid(
            f"{label} harus tanggal dan jam berformat YYYY-MM-DD HH:MM:SS (mis. 2026-11-02 07:21:40); "
            f"tertulis: {_shown(text)}."
        )
    parts = [int(part) if part else 0 for part in match.groups()]
    try:
        return datetime.datetime(*parts)
    except ValueError:
        raise _Invalid(f"{label} {text} bukan tanggal dan jam yang ada.") from None


_NIP_AS_TEXT = "Format kolom NIP sebagai Teks di Excel lalu ketik ulang NIP-nya."


def _nip(value, label):
    """An NIP as its 18-character string; a spreadsheet number is accepted only when no digit was lost."""
    if isinstance(value, float):
        raise _Invalid(
            "NIP harus 18 digit angka. NIP ini tersimpan sebagai angka di Excel, yang hanya menyimpan 15 digit, "
            f"sehingga digit terakhirnya hilang. {_NIP_AS_TEXT}"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if len(text) != 18:
            raise _Invalid(
                f"NIP harus 18 digit angka. NIP ini tersimpan sebagai angka {len(text)} digit di Excel "
                f"(digitnya hilang). {_NIP_AS_TEXT}"
            )
        problems = nip_errors(text)
        if problems:
            raise _Invalid(
                " ".join(problems) + f" NIP tersimpan sebagai angka; digitnya mungkin hilang. {_NIP_AS_TEXT}"
            )
        return text
    text = _cell_text(value)
    if not text:
        raise _Invalid("NIP wajib diisi.")
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+", text):
        raise _Invalid(
            f"NIP harus 18 digit angka. NIP tertulis dalam notasi ilmiah ({_shown(text)}) sehingga digitnya hilang. "
            + _NIP_AS_TEXT
        )
    problems = nip_errors(text)
    if problems:
        raise _Invalid(" ".join(problems))
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
        "kelas_jabatan": _integer(1, 17, "Kelas jabatan harus antara 1 dan 17."),
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
        "norma_waktu": _integer(1, _MAX_INT, "Norma waktu harus lebih dari 0 menit."),
        "volume_tahunan": _integer(0, _MAX_INT, "Volume tahunan tidak boleh negatif.", required=False, default=0),
    },
    "libur": {"tanggal": _date(), "jenis": _choice(tuple(JENIS_LIBUR)), "keterangan": _text(200)},
    "target": {
        "skpd_kode": _text(20),
        "tahun": _integer(2000, 2100, "Tahun harus antara 2000 dan 2100."),
        "jenis": _choice(tuple(JENIS_TARGET)),
        "indikator": _text(300),
        "target": _decimal,
        "satuan": _text(50),
    },
    "tarif": {
        "berlaku_mulai": _date(),
        "kelas_jabatan": _integer(1, 17, "Kelas jabatan harus antara 1 dan 17."),
        "tarif": _integer(
            1,
            None,
            "Tarif harus lebih dari 0 rupiah.",
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
}

# The key of each kind, and how a repeated key within the file is reported.
KEYS = {
    "skpd": (("kode",), "Kode {0} sudah ada pada baris {row}."),
    "unit": (("kode",), "Kode {0} sudah ada pada baris {row}."),
    "jabatan": (("kode",), "Kode {0} sudah ada pada baris {row}."),
    "pegawai": (("nip",), "NIP {0} sudah ada pada baris {row}."),
    "tugas": (("jabatan_kode", "kode"), "Kode tugas {1} untuk jabatan {0} sudah ada pada baris {row}."),
    "libur": (("tanggal",), "Tanggal {0} sudah ada pada baris {row}."),
    "target": (
        ("skpd_kode", "tahun", "jenis", "indikator"),
        "Indikator ini untuk SKPD {0}, tahun {1}, jenis {2} sudah ada pada baris {row}.",
    ),
    "tarif": (("berlaku_mulai", "kelas_jabatan"), "Kelas jabatan {1} berlaku mulai {0} sudah ada pada baris {row}."),
    # Scans and apel rows repeat harmlessly (overlapping exports): their planners count a repeat as unchanged.
    "presensi": (("nip", "waktu"), None),
    "apel": (("nip", "tanggal", "sesi"), None),
    "cuti": (("nip", "mulai"), "Cuti pegawai NIP {0} mulai {1} sudah ada pada baris {row}."),
}


class _Context:
    def __init__(self, jenis, skpd_id, columns=None, filename=None):
        self.jenis = jenis
        self.skpd_id = skpd_id
        self.columns = columns or COLUMNS[jenis]
        self.filename = filename
        self.errors = []

    def error(self, row, column, message):
        self.errors.append(RowError(row.num, column, message))

    def out_of_scope(self, skpd_id):
        return self.skpd_id is not None and skpd_id != self.skpd_id

    def skpd(self, row, skpds):
        """The row's SKPD (by skpd_kode), reporting unknown codes and other SKPDs of an admin_skpd."""
        if not row.has("skpd_kode"):
            return None
        skpd = skpds.get(row["skpd_kode"])
        if skpd is None:
            self.error(row, "skpd_kode", f"SKPD dengan kode {_shown(row['skpd_kode'])} tidak ditemukan.")
        elif self.out_of_scope(skpd.id):
            self.error(row, "skpd_kode", OWN_SKPD_ONLY)
            return None
        return skpd


def _parse_values(jenis, rows, ctx):
    parsers = PARSERS[jenis]
    for row in rows:
        for column in ctx.columns:
            try:
                row.values[column] = parsers[column](row.raw.get(column), LABELS[column])
            except _Invalid as invalid:
                row.bad.add(column)
                ctx.error(row, column, str(invalid))


def _without_repeated_keys(jenis, rows, ctx):
    """Rows whose key appears for the first time; later repeats are errors and are not planned."""
    key_columns, message = KEYS[jenis]
    if message is None:
        return rows
    first_row = {}
    kept = []
    for row in rows:
        if not all(row.has(column) for column in key_columns):
            kept.append(row)
            continue
        key = tuple(row[column] for column in key_columns)
        if key in first_row:
            ctx.error(row, key_columns[-1], message.format(*[_shown(part) for part in key], row=first_row[key]))
            continue
        first_row[key] = row.num
        kept.append(row)
    return kept


# ---------------------------------------------------------------------------------------------------------------
# Planning: every check against the database, then the writes as steps run in one transaction


class _Plan:
    def __init__(self, jenis):
        self.result = ImportResult(jenis=jenis)
        self.steps = []
        self.details = {}

    def add(self, step):
        self.result.ditambah += 1
        self.steps.append(step)

    def change(self, step):
        self.result.diubah += 1
        self.steps.append(step)

    def keep(self):
        self.result.tetap += 1

    def upsert(self, existing, values, create):
        """Create, update or leave one row: values are model attributes, FK ids as <name>_id."""
        if existing is None:
            self.add(create)
        elif _assign(existing, values):
            self.change(existing.save)
        else:
            self.keep()


def _same(old, new):
    if isinstance(old, str) or isinstance(new, str) or old is None or new is None:
        return ("" if old is None else str(old).strip()) == ("" if new is None else str(new).strip())
    return old == new


def _assign(obj, values):
    """Set values on obj when any differs from what is stored; whether it did."""
    if all(_same(getattr(obj, name), value) for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(obj, name, value)
    return True


def _plan_tree_row(plan, model, existing, objects, kode, parent, parent_field, values):
    """Plan one row of a tree (units under their induk, positions under their atasan), parents written first.

    objects maps every code to its row, filled as the plan's steps create them, so a parent earlier in the same
    file is found when its child is written.
    """

    def write():
        parent_obj = objects[parent] if parent else None
        obj = existing.get(kode)
        if obj is None:
            objects[kode] = model.create(kode=kode, **{parent_field: parent_obj}, **values)
        else:
            _assign(obj, values)
            setattr(obj, parent_field, parent_obj)
            obj.save()

    current = existing.get(kode)
    parent_id = existing[parent].id if parent in existing else (None if not parent else -1)
    if current is None:
        plan.add(write)
    elif (
        not all(_same(getattr(current, k), v) for k, v in values.items())
        or getattr(current, parent_field + "_id") != parent_id
    ):
        plan.change(write)
    else:
        plan.keep()


def _complete(row, jenis):
    return not row.bad and all(column in row.values for column in COLUMNS[jenis])


def _by_kode(model):
    return {obj.kode: obj for obj in model.select()}


def _parents_first(rows, parent_column):
    """Rows ordered so that a row whose parent is another row of the file comes after it."""
    by_kode = {row["kode"]: row for row in rows}
    ordered, done = [], set()
    for row in rows:
        chain = []
        current = row
        while current is not None and current["kode"] not in done:
            done.add(current["kode"])
            chain.append(current)
            current = by_kode.get(current.get(parent_column))
        ordered.extend(reversed(chain))
    return ordered


def _plan_skpd(rows, ctx, plan):
    existing = _by_kode(Skpd)
    for row in rows:
        if not _complete(row, "skpd"):
            continue
        values = {"nama": row["nama"], "singkatan": row["singkatan"]}
        plan.upsert(existing.get(row["kode"]), values, lambda v=values, k=row["kode"]: Skpd.create(kode=k, **v))


def _tree_checks(ctx, rows, existing, final_parent, parent_column, not_found, cycle):
    """Parent references that exist (in the database or the file) and close no loop."""
    in_file = {row["kode"] for row in rows if row.has("kode")}
    for row in rows:
        parent = row.get(parent_column)
        if not row.has("kode") or not parent:
            continue
        if parent not in existing and parent not in in_file:
            ctx.error(row, parent_column, not_found.format(_shown(parent)))
        elif creates_cycle(final_parent, row["kode"], parent):
            ctx.error(row, parent_column, cycle.format(_shown(parent)))


def _plan_unit(rows, ctx, plan):
    skpds = _by_kode(Skpd)
    units = _by_kode(UnitKerja)
    kode_of = {unit.id: kode for kode, unit in units.items()}
    final_parent = {kode: kode_of.get(unit.induk_id) for kode, unit in units.items()}
    final_skpd = {kode: unit.skpd_id for kode, unit in units.items()}
    in_file = {}
    for row in rows:
        skpd = row.skpd = ctx.skpd(row, skpds)
        if not row.has("kode"):
            continue
        kode = row["kode"]
        in_file[kode] = row
        current = units.get(kode)
        if current is not None and skpd is not None and ctx.out_of_scope(current.skpd_id):
            ctx.error(row, "kode", OWN_SKPD_ONLY)
        if skpd is not None:
            final_skpd[kode] = skpd.id
        if row.has("induk_kode"):
            final_parent[kode] = row["induk_kode"]

    _tree_checks(
        ctx,
        rows,
        units,
        final_parent,
        "induk_kode",
        "Unit induk dengan kode {0} tidak ditemukan.",
        "Unit induk {0} membentuk lingkaran: unit akan menjadi induk dari dirinya sendiri.",
    )
    children = defaultdict(list)
    for kode, parent in final_parent.items():
        if parent:
            children[parent].append(kode)
    used_units = set(Jabatan.select(Jabatan.unit).where(Jabatan.unit.is_null(False)).tuples())
    used_units = {unit_id for (unit_id,) in used_units}
    for kode, row in in_file.items():
        parent = row.get("induk_kode")
        if row.skpd is None:
            continue
        skpd_id = row.skpd.id
        if parent and final_skpd.get(parent) is not None and final_skpd[parent] != skpd_id:
            ctx.error(row, "induk_kode", "Unit induk harus berada pada SKPD yang sama.")
        current = units.get(kode)
        if current is not None and current.skpd_id != skpd_id:
            if current.id in used_units:
                ctx.error(
                    row, "skpd_kode", "Unit ini masih dipakai jabatan di SKPD lamanya; SKPD-nya tidak dapat dipindah."
                )
            elif any(child not in in_file and final_skpd.get(child) != skpd_id for child in children[kode]):
                ctx.error(row, "skpd_kode", "Unit ini masih menjadi induk unit lain di SKPD lamanya.")
    if ctx.errors:
        return

    objects = dict(units)
    for row in _parents_first([r for r in rows if _complete(r, "unit")], "induk_kode"):
        values = {"nama": row["nama"], "skpd_id": skpds[row["skpd_kode"]].id}
        _plan_tree_row(plan, UnitKerja, units, objects, row["kode"], row["induk_kode"], "induk", values)


def _plan_jabatan(rows, ctx, plan):
    skpds = _by_kode(Skpd)
    units = _by_kode(UnitKerja)
    positions = _by_kode(Jabatan)
    kode_of = {obj.id: kode for kode, obj in positions.items()}
    final_parent = {kode: kode_of.get(obj.atasan_id) for kode, obj in positions.items()}
    held = {
        jabatan_id
        for (jabatan_id,) in RiwayatJabatan.select(RiwayatJabatan.jabatan)
        .where(RiwayatJabatan.selesai.is_null())
        .tuples()
    }
    for row in rows:
        skpd = ctx.skpd(row, skpds)
        if row.has("kode"):
            current = positions.get(row["kode"])
            if current is not None and skpd is not None and ctx.out_of_scope(current.skpd_id):
                ctx.error(row, "kode", OWN_SKPD_ONLY)
            elif current is not None and skpd is not None and current.skpd_id != skpd.id and current.id in held:
                ctx.error(
                    row,
                    "skpd_kode",
                    "Jabatan ini sedang dipegang pegawai SKPD lamanya; SKPD jabatan tidak dapat dipindah lewat impor.",
                )
            if row.has("atasan_kode"):
                final_parent[row["kode"]] = row["atasan_kode"]
        unit_kode = row.get("unit_kode")
        if unit_kode:
            unit = units.get(unit_kode)
            if unit is None:
                ctx.error(row, "unit_kode", f"Unit kerja dengan kode {_shown(unit_kode)} tidak ditemukan.")
            elif skpd is not None and unit.skpd_id != skpd.id:
                ctx.error(row, "unit_kode", "Unit kerja harus berada pada SKPD jabatan ini.")
    _tree_checks(
        ctx,
        rows,
        positions,
        final_parent,
        "atasan_kode",
        "Jabatan atasan dengan kode {0} tidak ditemukan.",
        "Atasan {0} membentuk lingkaran dalam hierarki jabatan.",
    )
    if ctx.errors:
        return

    objects = dict(positions)
    for row in _parents_first([r for r in rows if _complete(r, "jabatan")], "atasan_kode"):
        kode, parent = row["kode"], row["atasan_kode"]
        values = {
            "nama": row["nama"],
            "skpd_id": skpds[row["skpd_kode"]].id,
            "unit_id": units[row["unit_kode"]].id if row["unit_kode"] else None,
            "jenis": row["jenis"],
            "eselon": row["eselon"],
            "kelas_jabatan": row["kelas_jabatan"],
        }

        _plan_tree_row(plan, Jabatan, positions, objects, kode, parent, "atasan", values)


def _current_position(history):
    """The open position period (latest start if data holds several), or None."""
    open_periods = [period for period in history if period.selesai is None]
    return max(open_periods, key=lambda period: period.mulai) if open_periods else None


def _plan_pegawai(rows, ctx, plan):
    positions = _by_kode(Jabatan)
    kode_of = {obj.id: kode for kode, obj in positions.items()}
    people = {person.nip: person for person in Pegawai.select()}
    history = defaultdict(list)
    for period in RiwayatJabatan.select():
        history[period.pegawai_id].append(period)

    final_mesin = {nip: person.id_mesin for nip, person in people.items() if person.id_mesin}
    row_of_nip = {}
    for row in rows:
        if row.has("nip"):
            row_of_nip[row["nip"]] = row.num
            if row.has("id_mesin"):
                final_mesin[row["nip"]] = row["id_mesin"]
    holders = defaultdict(list)
    for nip, id_mesin in final_mesin.items():
        if id_mesin:
            holders[id_mesin].append(nip)

    for row in rows:
        nip = row.get("nip")
        person = people.get(nip) if nip else None
        if person is not None and ctx.out_of_scope(person.skpd_id):
            ctx.error(row, "nip", OWN_SKPD_ONLY)
        id_mesin = row.get("id_mesin")
        if nip and id_mesin and len(holders[id_mesin]) > 1:
            other = sorted(n for n in holders[id_mesin] if n != nip)[0]
            if other in row_of_nip:
                where = f"pada baris {row_of_nip[other]}"
            elif ctx.out_of_scope(people[other].skpd_id):
                where = "oleh pegawai SKPD lain"
            else:
                where = f"oleh pegawai NIP {other}"
            ctx.error(row, "id_mesin", f"ID mesin {_shown(id_mesin)} sudah dipakai {where}.")

        kode, tmt = row.get("jabatan_kode"), row.get("tmt_jabatan")
        row.position = None  # (jabatan, tmt, current period to close) when a new period opens
        row.target_skpd = person.skpd_id if person is not None else None
        if "jabatan_kode" in row.bad or "tmt_jabatan" in row.bad:
            continue
        if kode is None and tmt is None:
            if person is None and nip:
                ctx.error(row, "jabatan_kode", "Kode jabatan dan TMT jabatan wajib diisi untuk pegawai baru.")
            continue
        if kode is None:
            ctx.error(row, "jabatan_kode", "Kode jabatan wajib diisi bila TMT jabatan diisi.")
            continue
        if tmt is None:
            ctx.error(row, "tmt_jabatan", "TMT jabatan wajib diisi bila kode jabatan diisi.")
            continue
        jabatan = positions.get(kode)
        if jabatan is None:
            ctx.error(row, "jabatan_kode", f"Jabatan dengan kode {_shown(kode)} tidak ditemukan.")
            continue
        if ctx.out_of_scope(jabatan.skpd_id):
            ctx.error(row, "jabatan_kode", OWN_SKPD_ONLY)
            continue
        row.target_skpd = jabatan.skpd_id
        periods = history[person.id] if person is not None else []
        current = _current_position(periods)
        if current is not None and current.jabatan_id == jabatan.id:
            if current.mulai != tmt:
                ctx.error(
                    row,
                    "tmt_jabatan",
                    f"Pegawai sudah memegang jabatan {_shown(kode)} sejak {current.mulai:%d-%m-%Y}; "
                    "tanggal mulainya diubah lewat riwayat jabatan di portal, bukan lewat impor.",
                )
            continue
        if not jabatan.aktif:
            ctx.error(row, "jabatan_kode", f"Jabatan {_shown(kode)} tidak aktif.")
            continue
        if current is not None and tmt <= current.mulai:
            ctx.error(
                row,
                "tmt_jabatan",
                f"TMT jabatan harus setelah mulai jabatan sekarang ({kode_of.get(current.jabatan_id)}, "
                f"sejak {current.mulai:%d-%m-%Y}).",
            )
            continue
        overlapping = [p for p in periods if p is not current and (p.selesai is None or p.selesai >= tmt)]
        if overlapping:
            p = overlapping[0]
            ctx.error(
                row,
                "tmt_jabatan",
                f"TMT jabatan bertumpang tindih dengan riwayat jabatan {kode_of.get(p.jabatan_id)} "
                f"({p.mulai:%d-%m-%Y} s.d. {p.selesai.strftime('%d-%m-%Y') if p.selesai else 'sekarang'}).",
            )
            continue
        if nip and "nip" not in row.bad:
            tmt_cpns = parse_nip(nip).tmt_cpns
            if tmt < tmt_cpns:
                ctx.error(row, "tmt_jabatan", f"TMT jabatan tidak boleh sebelum TMT CPNS pada NIP ({tmt_cpns:%m-%Y}).")
                continue
        # The new position covers every month from the TMT on, and the current one stops covering them.
        locked = locked_month_change(None, (tmt, None, ()))
        if locked:
            ctx.error(row, "tmt_jabatan", _locked_message(datetime.date(*locked, 1), "riwayat jabatan"))
            continue
        row.position = (jabatan, tmt, current)
    if ctx.errors:
        return

    losing_mesin = []
    for row in rows:
        nip = row["nip"]
        info = parse_nip(nip)
        person = people.get(nip)
        values = {
            "nama": row["nama"],
            "gelar_depan": row["gelar_depan"],
            "gelar_belakang": row["gelar_belakang"],
            "tanggal_lahir": info.tanggal_lahir,
            "jenis_kelamin": info.jenis_kelamin,
            "golongan": row["golongan"],
            "status": row["status"],
            "skpd_id": row.target_skpd,
            "id_mesin": row["id_mesin"],
        }

        def write(nip=nip, values=values, position=row.position):
            obj = people.get(nip)
            if obj is None:
                obj = Pegawai.create(nip=nip, **values)
                accounts.ensure_employee_account(obj)
            else:
                _assign(obj, values)
                obj.save()
            if position is not None:
                jabatan, tmt, current = position
                if current is not None:
                    current.selesai = tmt - datetime.timedelta(days=1)
                    current.save()
                RiwayatJabatan.create(pegawai=obj, jabatan=jabatan, mulai=tmt)

        if person is None:
            plan.add(write)
        elif not all(_same(getattr(person, k), v) for k, v in values.items()) or row.position is not None:
            if person.id_mesin and not _same(person.id_mesin, row["id_mesin"]):
                losing_mesin.append(person.id)
            plan.change(write)
        else:
            plan.keep()
    if losing_mesin:
        # Frees machine IDs first, so two employees can swap theirs without a unique-index clash.
        plan.steps.insert(0, lambda: Pegawai.update(id_mesin=None).where(Pegawai.id.in_(losing_mesin)).execute())


def _plan_tugas(rows, ctx, plan):
    positions = _by_kode(Jabatan)
    existing = {(t.jabatan_id, t.kode): t for t in UraianTugas.select()}
    for row in rows:
        if not row.has("jabatan_kode"):
            continue
        jabatan = positions.get(row["jabatan_kode"])
        if jabatan is None:
            ctx.error(row, "jabatan_kode", f"Jabatan dengan kode {_shown(row['jabatan_kode'])} tidak ditemukan.")
        elif ctx.out_of_scope(jabatan.skpd_id):
            ctx.error(row, "jabatan_kode", OWN_SKPD_ONLY)
    if ctx.errors:
        return
    for row in rows:
        jabatan = positions[row["jabatan_kode"]]
        values = {
            "uraian": row["uraian"],
            "satuan": row["satuan"],
            "norma_waktu": row["norma_waktu"],
            "volume_tahunan": row["volume_tahunan"],
        }
        plan.upsert(
            existing.get((jabatan.id, row["kode"])),
            values,
            lambda j=jabatan, k=row["kode"], v=values: UraianTugas.create(jabatan=j, kode=k, **v),
        )


def _plan_libur(rows, ctx, plan):
    existing = {h.tanggal: h for h in HariLibur.select()}
    complete = [row for row in rows if _complete(row, "libur")]
    locked = locked_months([row["tanggal"] for row in complete if row["tanggal"] not in existing])
    for row in complete:
        day = row["tanggal"]
        if day not in existing and (day.year, day.month) in locked:
            ctx.error(row, "tanggal", _locked_message(day, "hari libur"))
            continue
        values = {"jenis": row["jenis"], "keterangan": row["keterangan"]}
        plan.upsert(
            existing.get(row["tanggal"]), values, lambda d=row["tanggal"], v=values: HariLibur.create(tanggal=d, **v)
        )


def _plan_target(rows, ctx, plan):
    skpds = _by_kode(Skpd)
    existing = {(t.skpd_id, t.tahun, t.jenis, t.indikator): t for t in Target.select()}
    for row in rows:
        ctx.skpd(row, skpds)
    if ctx.errors:
        return
    for row in rows:
        skpd = skpds[row["skpd_kode"]]
        key = (skpd.id, row["tahun"], row["jenis"], row["indikator"])
        values = {"target": row["target"], "satuan": row["satuan"]}
        plan.upsert(
            existing.get(key),
            values,
            lambda s=skpd, k=key, v=values: Target.create(skpd=s, tahun=k[1], jenis=k[2], indikator=k[3], **v),
        )


_RULE_VALUE_FIELDS = [f for f in AturanTpp._meta.sorted_fields if f.name not in ("id", "berlaku_mulai", "nama")]


def _plan_tarif(rows, ctx, plan):
    if ctx.errors:
        return
    rule_sets = {aturan.berlaku_mulai: aturan for aturan in AturanTpp.select()}
    existing = {(t.aturan_id, t.kelas_jabatan): t for t in TarifTpp.select()}
    objects = dict(rule_sets)
    by_date = defaultdict(list)
    for row in rows:
        by_date[row["berlaku_mulai"]].append(row)
        locked = rule_set_change_error(row["berlaku_mulai"])
        if locked:
            ctx.error(row, "berlaku_mulai", locked)
    if ctx.errors:
        return
    # Dates in order, each rule set written before the next is copied: a file with 2026 and 2027 tables gives
    # 2027 the 2026 values it does not list, as the regulation in force on that date would.
    for day in sorted(by_date):
        if day not in rule_sets:
            plan.details.setdefault("aturan_baru", []).append(day.isoformat())

            def create_rule_set(day=day):
                given = {row["kelas_jabatan"] for row in by_date[day]}
                in_force = max((d for d in objects if d <= day), default=None)
                source = objects[in_force] if in_force is not None else None
                values = {f.name: getattr(source, f.name) for f in _RULE_VALUE_FIELDS} if source is not None else {}
                aturan = objects[day] = AturanTpp.create(
                    berlaku_mulai=day, nama=f"Aturan TPP mulai {day:%d-%m-%Y}", **values
                )
                # Kelas the file leaves out keep the tariff of the rule set in force until now.
                carry_over_tariffs(aturan, given)

            plan.steps.append(create_rule_set)
        for row in by_date[day]:
            kelas, amount = row["kelas_jabatan"], row["tarif"]
            aturan = rule_sets.get(day)
            plan.upsert(
                existing.get((aturan.id, kelas)) if aturan is not None else None,
                {"tarif": amount},
                lambda d=day, k=kelas, a=amount: TarifTpp.create(aturan=objects[d], kelas_jabatan=k, tarif=a),
            )


# ---------------------------------------------------------------------------------------------------------------
# Attendance: fingerprint scans, apel and leave. Rows name employees by NIP (or machine ID); a stored row that the
# file repeats is unchanged, so overlapping files are safe. A locked month's attendance cannot change.

_CHUNK = 500


def _chunks(items, size=_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _locked_message(day, what):
    return f"Periode {day:%m-%Y} sudah dikunci; {what} bulan itu tidak dapat ditambah atau diubah."


def _months_between(mulai, selesai):
    """The first day of every month from mulai's to selesai's."""
    day = mulai.replace(day=1)
    months = []
    while day <= selesai:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


class _People:
    """Employees by NIP and by machine ID; machine IDs also match without leading zeros when unambiguous."""

    def __init__(self):
        query = Pegawai.select(Pegawai.id, Pegawai.nip, Pegawai.id_mesin, Pegawai.skpd)
        self.by_nip = {}
        self.by_mesin = {}
        by_number = defaultdict(list)
        for person in query:
            self.by_nip[person.nip] = person
            if person.id_mesin:
                mesin = person.id_mesin.strip()
                self.by_mesin[mesin] = person
                if mesin.isdigit():
                    by_number[str(int(mesin))].append(person)
        self.by_number = {number: people[0] for number, people in by_number.items() if len(people) == 1}

    def machine(self, id_mesin):
        person = self.by_mesin.get(id_mesin)
        if person is None and id_mesin.isdigit():
            person = self.by_number.get(str(int(id_mesin)))
        return person

    def resolve(self, row, ctx):
        """The row's employee, or None after reporting an unknown or out-of-scope one."""
        if "nip" in ctx.columns:
            column, value = "nip", row.get("nip")
            person = self.by_nip.get(value) if value else None
            unknown = f"Pegawai dengan NIP {_shown(value)} tidak ditemukan."
        else:
            column, value = "id_mesin", row.get("id_mesin")
            person = self.machine(value) if value else None
            unknown = f"ID mesin {_shown(value)} tidak terdaftar pada pegawai mana pun (isi id_mesin pegawai)."
        if not value or column in row.bad:
            return None
        if person is None:
            ctx.error(row, column, unknown)
            return None
        if ctx.out_of_scope(person.skpd_id):
            ctx.error(row, column, OWN_SKPD_ONLY)
            return None
        return person


def _insert_rows(model, fields, rows):
    """Insert value tuples (in fields order) with one prepared statement run for every row.

    peewee's insert_many spends most of its time building the SQL of a large batch; a month of a city's scans is
    hundreds of thousands of rows.
    """
    if not rows:
        return
    sql, _ = model.insert_many([rows[0]], fields=fields).returning().sql()
    database.cursor().executemany(sql, [tuple(f.db_value(v) for f, v in zip(fields, row, strict=True)) for row in rows])


def _stored_keys(model, fields, person_ids, date_field, low, high):
    """Stored (pegawai_id, *fields) tuples of these employees within [low, high], queried in chunks."""
    found = set()
    for ids in _chunks(sorted(person_ids)):
        query = model.select(model.pegawai, *fields).where(model.pegawai.in_(ids), date_field.between(low, high))
        found.update(query.tuples())
    return found


def _plan_new_rows(ctx, plan, candidates, stored, day_of, what, column):
    """Plan inserting the candidates (row, key) not stored nor repeated; a new one in a locked month is an error."""
    seen = set(stored)
    new = []
    for row, key in candidates:
        if key in seen:
            plan.keep()
            continue
        seen.add(key)
        new.append((row, key))
    locked = locked_months([day_of(key) for _, key in new])
    fresh = []
    for row, key in new:
        day = day_of(key)
        if (day.year, day.month) in locked:
            ctx.error(row, column, _locked_message(day, what))
        else:
            fresh.append(key)
    if ctx.errors:
        return []
    plan.result.ditambah += len(fresh)
    return fresh


# Attendance is recorded once the day has come (the apel screen says the same).
FUTURE_DAY = "Tanggal ini belum tiba; kehadiran hanya dicatat untuk hari yang sudah berjalan"


def _plan_presensi(rows, ctx, plan):
    people = _People()
    candidates = []
    today = clock.today()
    for row in rows:
        person = people.resolve(row, ctx)
        if person is not None and "waktu" not in row.bad:
            if row["waktu"].date() > today:
                ctx.error(row, "waktu", f"{FUTURE_DAY} (tertulis {row['waktu']:%d-%m-%Y}).")
                continue
            candidates.append((row, (person.id, row["waktu"])))
    times = [key[1] for _, key in candidates]
    stored = (
        _stored_keys(
            Presensi,
            [Presensi.waktu],
            {key[0] for _, key in candidates},
            Presensi.waktu,
            min(times, default=None),
            max(times, default=None),
        )
        if candidates
        else set()
    )
    # Stored values may come back with microseconds or as text on some drivers; compare whole seconds.
    stored = {(pid, _whole_second(waktu) if isinstance(waktu, datetime.datetime) else waktu) for pid, waktu in stored}
    fresh = _plan_new_rows(ctx, plan, candidates, stored, lambda key: key[1].date(), "presensi", "waktu")
    if ctx.errors or not fresh:
        return
    sumber = os.path.basename(ctx.filename or "")[:100] or None

    fields = [Presensi.pegawai, Presensi.waktu, Presensi.sumber]
    plan.steps.append(lambda: _insert_rows(Presensi, fields, [(pid, waktu, sumber) for pid, waktu in fresh]))
    plan.steps.append(lambda: PresensiHarian.refresh_days([(pid, waktu.date()) for pid, waktu in fresh]))


def _skpd_on_day(people, first, last):
    """skpd_on(person, day): the SKPD of the position the employee held that day, else their current SKPD."""
    held = defaultdict(list)
    query = (
        RiwayatJabatan.select(RiwayatJabatan, Jabatan.skpd)
        .join(Jabatan)
        .where(
            RiwayatJabatan.pegawai.in_([person.id for person in people]),
            in_force_between(RiwayatJabatan, first, last),
        )
    )
    for position in query:
        held[position.pegawai_id].append(position)

    def skpd_on(person, day):
        on_the_day = [position for position in held[person.id] if position.covers(day)]
        return on_the_day[0].jabatan.skpd_id if on_the_day else person.skpd_id

    return skpd_on


def _plan_apel(rows, ctx, plan):
    people = _People()
    today = clock.today()
    afternoon = {skpd_id for (skpd_id,) in Skpd.select(Skpd.id).where(Skpd.apel_sore).tuples()}
    present = []
    for row in rows:
        person = people.resolve(row, ctx)
        if person is None or row.bad:
            continue
        if row["tanggal"] > today:
            ctx.error(row, "tanggal", f"{FUTURE_DAY} (tertulis {row['tanggal']:%d-%m-%Y}).")
            continue
        present.append((row, person))
    afternoon_rows = [(row, person) for row, person in present if row["sesi"] == "sore"]
    if afternoon_rows:
        # Apel sore is held by the SKPD of the position held that day (before a transfer, the old one's).
        days = [row["tanggal"] for row, _ in afternoon_rows]
        skpd_on = _skpd_on_day({person for _, person in afternoon_rows}, min(days), max(days))
    candidates = []
    for row, person in present:
        if row["sesi"] == "sore" and skpd_on(person, row["tanggal"]) not in afternoon:
            ctx.error(row, "sesi", "SKPD pegawai ini tidak menyelenggarakan apel sore pada tanggal itu.")
            continue
        candidates.append((row, (person.id, row["tanggal"], row["sesi"])))
    days = [key[1] for _, key in candidates]
    stored = (
        _stored_keys(
            Apel, [Apel.tanggal, Apel.sesi], {key[0] for _, key in candidates}, Apel.tanggal, min(days), max(days)
        )
        if candidates
        else set()
    )
    fresh = _plan_new_rows(ctx, plan, candidates, stored, lambda key: key[1], "data apel", "tanggal")
    if ctx.errors or not fresh:
        return

    plan.steps.append(lambda: _insert_rows(Apel, [Apel.pegawai, Apel.tanggal, Apel.sesi], fresh))


def _plan_cuti(rows, ctx, plan):
    people = _People()
    planned = []
    for row in rows:
        person = people.resolve(row, ctx)
        if row.has("mulai") and row.has("selesai") and row["selesai"] < row["mulai"]:
            ctx.error(row, "selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
            continue
        if person is not None and not row.bad:
            planned.append((row, person))

    # One person's leave never overlaps, within the file ...
    by_person = defaultdict(list)
    for row, person in planned:
        by_person[person.id].append(row)
    overlapping_rows = set()
    for person_rows in by_person.values():
        latest = None  # the row ending last among those that start earlier
        for row in sorted(person_rows, key=lambda r: (r["mulai"], r.num)):
            if latest is not None and row["mulai"] <= latest["selesai"]:
                first, second = sorted((latest, row), key=lambda r: r.num)
                ctx.error(
                    second,
                    "mulai",
                    f"Bertumpang tindih dengan cuti pada baris {first.num} "
                    f"({first['mulai']:%d-%m-%Y} s.d. {first['selesai']:%d-%m-%Y}).",
                )
                overlapping_rows.add(second.num)
            if latest is None or row["selesai"] > latest["selesai"]:
                latest = row

    # ... nor with what is stored (the same rule as the leave screen).
    existing = {}
    ids = list(by_person)
    for chunk in _chunks(ids):
        for cuti in Cuti.select().where(Cuti.pegawai.in_(chunk)):
            existing[(cuti.pegawai_id, cuti.mulai)] = cuti
    changes = []
    for row, person in planned:
        current = existing.get((person.id, row["mulai"]))
        values = {"jenis": row["jenis"], "selesai": row["selesai"], "nomor_surat": row["nomor_surat"]}
        if current is not None and all(_same(getattr(current, name), value) for name, value in values.items()):
            changes.append((row, person, current, values, False))
            continue
        if row.num not in overlapping_rows:
            problems = leave_errors(person, row["mulai"], row["selesai"], current.id if current else None)
            for field, message in problems.items():
                ctx.error(row, {"pegawai": "nip"}.get(field, field), message)
        changes.append((row, person, current, values, True))

    # A changed or new leave may not touch a locked month, nor move an existing one out of it.
    touched = []
    for row, _person, current, _values, changed in changes:
        if changed:
            touched.extend(_months_between(row["mulai"], row["selesai"]))
            if current is not None:
                touched.extend(_months_between(current.mulai, current.selesai))
    locked = locked_months(touched)
    for row, _person, current, _values, changed in changes:
        if not changed or not locked:
            continue
        months = _months_between(row["mulai"], row["selesai"])
        if current is not None:
            months += _months_between(current.mulai, current.selesai)
        hit = sorted(day for day in months if (day.year, day.month) in locked)
        if hit:
            ctx.error(row, "mulai", _locked_message(hit[0], "cuti"))
    if ctx.errors:
        return

    for row, person, current, values, changed in changes:
        if not changed:
            plan.keep()
        elif current is None:
            plan.add(lambda p=person.id, m=row["mulai"], v=values: Cuti.create(pegawai=p, mulai=m, **v))
        else:
            _assign(current, values)
            plan.change(current.save)


PLANNERS = {
    "skpd": _plan_skpd,
    "unit": _plan_unit,
    "jabatan": _plan_jabatan,
    "pegawai": _plan_pegawai,
    "tugas": _plan_tugas,
    "libur": _plan_libur,
    "target": _plan_target,
    "tarif": _plan_tarif,
    "presensi": _plan_presensi,
    "apel": _plan_apel,
    "cuti": _plan_cuti,
}


def _sorted_errors(columns, errors):
    order = {column: index for index, column in enumerate(columns)}
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, len(order))))


def import_file(jenis, stream, filename, actor, skpd_id=None) -> ImportResult:
    """Import a whole file of one kind, or raise ImportRejected with every problem and save nothing.

    CSV or XLSX with the kind's columns; presensi also as a fingerprint machine's log (.dat/.txt).
    skpd_id (an admin_skpd's SKPD) limits the rows to that SKPD's data.
    """
    if jenis not in COLUMNS:
        raise _file_error(f"Jenis data tidak dikenal: {jenis}. Pilihan: {', '.join(COLUMNS)}.", "jenis")
    if skpd_id is not None and jenis in ADMIN_ONLY:
        raise _file_error("Jenis data ini hanya dapat diimpor oleh admin.", "jenis")
    rows, read_errors, columns = _read_rows(jenis, stream, filename)
    ctx = _Context(jenis, skpd_id, columns, filename)
    ctx.errors.extend(read_errors)
    _parse_values(jenis, rows, ctx)
    rows = _without_repeated_keys(jenis, rows, ctx)
    plan = _Plan(jenis)
    # Checks and writes share one transaction, so nothing can change between them.
    with write_transaction():
        PLANNERS[jenis](rows, ctx, plan)
        if ctx.errors:
            raise ImportRejected(_sorted_errors(columns, ctx.errors))
        for step in plan.steps:
            step()
        result = plan.result
        rincian = {
            "ditambah": result.ditambah,
            "diubah": result.diubah,
            "tetap": result.tetap,
            "berkas": os.path.basename(filename or ""),
        }
        rincian.update(plan.details)
        audit.record(actor, "impor", jenis, "-", rincian=rincian)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Export


def _export_rows(jenis, skpd_id):
    """The kind's rows as tuples of Python values in COLUMNS order, sorted by key."""
    skpd_kode = {s.id: s.kode for s in Skpd.select(Skpd.id, Skpd.kode)}

    def scoped(query, column):
        return query if skpd_id is None else query.where(column == skpd_id)

    if jenis == "skpd":
        rows = [(s.kode, s.nama, s.singkatan) for s in scoped(Skpd.select(), Skpd.id)]
    elif jenis == "unit":
        kode_of = dict(UnitKerja.select(UnitKerja.id, UnitKerja.kode).tuples())
        rows = [
            (u.kode, u.nama, skpd_kode[u.skpd_id], kode_of.get(u.induk_id))
            for u in scoped(UnitKerja.select(), UnitKerja.skpd)
        ]
    elif jenis == "jabatan":
        unit_kode = dict(UnitKerja.select(UnitKerja.id, UnitKerja.kode).tuples())
        kode_of = dict(Jabatan.select(Jabatan.id, Jabatan.kode).tuples())
        rows = [
            (
                j.kode,
                j.nama,
                skpd_kode[j.skpd_id],
                unit_kode.get(j.unit_id),
                j.jenis,
                j.eselon,
                j.kelas_jabatan,
                kode_of.get(j.atasan_id),
            )
            for j in scoped(Jabatan.select(), Jabatan.skpd)
        ]
    elif jenis == "pegawai":
        kode_of = dict(Jabatan.select(Jabatan.id, Jabatan.kode).tuples())
        history = defaultdict(list)
        for period in RiwayatJabatan.select().where(RiwayatJabatan.selesai.is_null()):
            history[period.pegawai_id].append(period)
        rows = []
        for p in scoped(Pegawai.select(), Pegawai.skpd):
            current = _current_position(history[p.id])
            rows.append(
                (
                    p.nip,
                    p.nama,
                    p.gelar_depan,
                    p.gelar_belakang,
                    p.golongan,
                    p.status,
                    kode_of.get(current.jabatan_id) if current else None,
                    current.mulai if current else None,
                    p.id_mesin,
                )
            )
    elif jenis == "tugas":
        query = UraianTugas.select(UraianTugas, Jabatan).join(Jabatan)
        rows = [
            (t.jabatan.kode, t.kode, t.uraian, t.satuan, t.norma_waktu, t.volume_tahunan)
            for t in scoped(query, Jabatan.skpd)
        ]
    elif jenis == "libur":
        rows = [(h.tanggal, h.jenis, h.keterangan) for h in HariLibur.select()]
    elif jenis == "target":
        rows = [
            (skpd_kode[t.skpd_id], t.tahun, t.jenis, t.indikator, t.target, t.satuan)
            for t in scoped(Target.select(), Target.skpd)
        ]
    elif jenis == "tarif":
        query = TarifTpp.select(TarifTpp, AturanTpp).join(AturanTpp)
        rows = [(t.aturan.berlaku_mulai, t.kelas_jabatan, t.tarif) for t in query]
    elif jenis == "presensi":
        query = Presensi.select(Pegawai.nip, Presensi.waktu).join(Pegawai)
        rows = list(scoped(query, Pegawai.skpd).tuples())
    elif jenis == "apel":
        query = Apel.select(Pegawai.nip, Apel.tanggal, Apel.sesi).join(Pegawai)
        rows = list(scoped(query, Pegawai.skpd).tuples())
    elif jenis == "cuti":
        query = Cuti.select(Pegawai.nip, Cuti.jenis, Cuti.mulai, Cuti.selesai, Cuti.nomor_surat).join(Pegawai)
        rows = list(scoped(query, Pegawai.skpd).tuples())
    else:
        raise ValueError(f"Jenis data tidak dikenal: {jenis}")
    key_index = [COLUMNS[jenis].index(column) for column in KEYS[jenis][0]]
    return sorted(rows, key=lambda r: tuple(r[i] for i in key_index))


def _decimal_text(value):
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _csv_cell(column, value):
    if value is None:
        return ""
    if column in DATETIME_COLUMNS:
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if column in DATE_COLUMNS:
        return value.isoformat()
    if column in DECIMAL_COLUMNS:
        return _decimal_text(value)
    if column in INTEGER_COLUMNS:
        return str(int(value))
    return str(value)


def _xlsx_cell(sheet, column, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if column in DATETIME_COLUMNS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if column in DATE_COLUMNS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if column in INTEGER_COLUMNS:
        return int(value)
    if column in DECIMAL_COLUMNS:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else number
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    # Text stays text: an NIP must not become a 15-digit number, a leading '=' must not become a formula.
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def export_bytes(jenis, fmt, skpd_id=None) -> bytes:
    """The kind's rows with the import columns, as CSV (UTF-8, comma) or XLSX; skpd_id limits to one SKPD."""
    columns = COLUMNS[jenis]
    rows = _export_rows(jenis, skpd_id)
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            cells = [_csv_cell(column, value) for column, value in zip(columns, row, strict=True)]
            writer.writerow(["'" + cell if _FORMULA_START.match(cell) else cell for cell in cells])
        return out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(jenis)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, column, value) for column, value in zip(columns, row, strict=True)])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"Format ekspor tidak dikenal: {fmt}")
