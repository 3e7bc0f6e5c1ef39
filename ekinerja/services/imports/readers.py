"""Reading a file: CSV, XLSX or a fingerprint machine's log, into data rows keyed by column."""

import csv
import datetime
import io
import os
import re
import zipfile

from ekinerja.rules.numbers import file_size
from ekinerja.rules.spreadsheet import restored
from ekinerja.services.imports.cells import shown
from ekinerja.services.imports.schema import (
    COLUMNS,
    HEADER_VARIANTS,
    MACHINE_LOG_EXTENSIONS,
    MACHINE_LOG_KINDS,
    ImportRejected,
    RowError,
    file_error,
)

# What one import may hold. A city's month of fingerprint scans (the largest kind) is some 200,000 rows; anything
# beyond these limits is refused before it can take the server's memory or minutes (a cell in column XFD makes a
# 0.2 MB workbook 16,384 cells wide; a million shared strings take a gigabyte).
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 250_000
MAX_COLUMNS = 20  # read of each row: the known columns of any kind, and a few more to name a stray value
MAX_CELLS = 2_500_000
MAX_XLSX_PART_BYTES = 200 * 1024 * 1024  # one unpacked part (a sheet, the shared strings) of a workbook


LIMITS = (
    f"{file_size(MAX_FILE_BYTES)}, {MAX_ROWS:,} baris data, {MAX_COLUMNS} kolom pertama yang dibaca, "
    f"{MAX_CELLS:,} sel".replace(",", ".")
)


def _too_large(what, limit):
    shown = f"{limit:,}".replace(",", ".")
    return file_error(f"Berkas terlalu besar: paling banyak {shown} {what}. Pecah berkas menjadi beberapa bagian.")


class Row:
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


def _read_csv(data):
    """Header cells and (row number, cells) of a UTF-8 CSV whose delimiter is sniffed from its header line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file_error("Berkas CSV harus disimpan dengan pengodean UTF-8 (di Excel: CSV UTF-8).") from exc
    lines = text.splitlines()
    header_line = lines[0] if lines else ""
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    budget = _Budget()
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = [budget.take(cells[:MAX_COLUMNS]) for cells in reader]
    except csv.Error as exc:
        raise file_error(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc
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


class _Budget:
    """The rows and cells read so far; refused as soon as one passes its limit (the header row included)."""

    def __init__(self):
        self.rows = self.cells = 0

    def take(self, cells):
        self.rows += 1
        self.cells += len(cells)
        if self.rows > MAX_ROWS + 1:
            raise _too_large("baris data", MAX_ROWS)
        if self.cells > MAX_CELLS:
            raise _too_large("sel", MAX_CELLS)
        return cells


def _check_unpacked_size(data):
    """Refuse a workbook whose parts unpack beyond the limit, before openpyxl reads them (a zip bomb)."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise file_error("Berkas XLSX tidak dapat dibaca: bukan berkas Excel (.xlsx) yang sah.") from exc
    if any(part.file_size > MAX_XLSX_PART_BYTES for part in parts):
        raise file_error("Berkas XLSX terlalu besar setelah dibuka. Pecah berkas menjadi beberapa bagian.")


def _read_xlsx(data, jenis):
    """Header cells and (row number, cells) of the sheet named after the kind, or of the first sheet.

    Streamed (read-only) and only the first MAX_COLUMNS columns of each row: a far cell is never padded to.
    """
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for files that are not workbooks
        raise file_error("Berkas XLSX tidak dapat dibaca: bukan berkas Excel (.xlsx) yang sah.") from exc
    budget = _Budget()
    try:
        sheet = workbook[jenis] if jenis in workbook.sheetnames else workbook.worksheets[0]
        # Some programs write a wrong size into the sheet (e.g. "A1"); read the cells that are there instead.
        sheet.reset_dimensions()
        records = [budget.take([_xlsx_value(cell) for cell in row]) for row in sheet.iter_rows(max_col=MAX_COLUMNS)]
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


def read_machine_log(data):
    """A fingerprint machine's attlog: (line number, {id_mesin, waktu}) of each scan; blank lines are skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    rows, errors = [], []
    budget = _Budget()
    for num, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        budget.take((line,))
        match = _LOG_LINE.fullmatch(line) or _LOG_LINE_SPACES.fullmatch(line)
        if match is None:
            errors.append(
                RowError(
                    num,
                    "baris",
                    "Baris bukan baris log mesin presensi (ID mesin, tab, YYYY-MM-DD HH:MM:SS); "
                    f"tertulis: {shown(line.strip())}.",
                )
            )
            continue
        rows.append(Row(num, {"id_mesin": match.group(1), "waktu": match.group(2)}))
    if not rows and not errors:
        raise file_error("Berkas tidak berisi baris data.")
    return rows, errors


def _header_columns(jenis, names):
    """The column set of the kind that the header matches best (the first on a tie)."""
    variants = HEADER_VARIANTS.get(jenis, (COLUMNS[jenis],))
    present = set(names)
    return max(variants, key=lambda columns: len(present & set(columns)))


def read_rows(jenis, stream, filename):
    """The file's data rows keyed by column, the row-level reading problems and the file's column set.

    File problems raise ImportRejected.
    """
    ext = os.path.splitext(filename or "")[1].lower()
    log_allowed = jenis in MACHINE_LOG_KINDS
    if ext not in (".csv", ".xlsx") and not (log_allowed and ext in MACHINE_LOG_EXTENSIONS):
        if log_allowed:
            raise file_error("Format berkas harus .csv, .xlsx, atau log mesin presensi .dat/.txt.")
        raise file_error("Format berkas harus .csv atau .xlsx.")
    data = stream.read(MAX_FILE_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise file_error(f"Berkas terlalu besar: paling besar {file_size(MAX_FILE_BYTES)}.")
    if ext in MACHINE_LOG_EXTENSIONS:
        rows, errors = read_machine_log(data)
        return rows, errors, HEADER_VARIANTS[jenis][1]
    header, records = _read_csv(data) if ext == ".csv" else _read_xlsx(data, jenis)
    if header is None or all(_is_empty(cell) for cell in header):
        raise file_error("Berkas kosong: baris pertama harus berisi judul kolom.")

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
                if ext == ".csv":
                    cell = restored(cell)
                raw[name] = cell
            elif not _is_empty(cell):
                errors.append(RowError(num, f"kolom {index + 1}", "Sel berisi nilai di luar kolom yang berjudul."))
        rows.append(Row(num, raw))
    if not rows and not errors:
        raise file_error("Berkas tidak berisi baris data.")
    return rows, errors, expected
