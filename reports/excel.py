"""Excel (XLSX) of the SKPD nominatif and of an employee's LKH, with real number, date and time cells.

Both workbooks are built from the same data builders as the PDFs (reports.data) on the same month_recap
rows, so a sheet and its printed document never disagree. Percentages are numbers with two decimals
(format 0.00, the value 7.5 meaning 7,50 %), rupiah are whole numbers (format #,##0), dates and times are
date and time cells.

Text from the database stays text. openpyxl stores any string starting with "=" as a formula, and a
spreadsheet evaluates cells starting with = + - @ as formulas (HYPERLINK, DDE...): every text cell here is
forced to a string cell, and one starting with such a character also carries Excel's quote prefix, so it
stays text when the user edits it. An NIP is text as well (18 digits would become a rounded number).
"""

import io
import re
from decimal import Decimal
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ekinerja import i18n
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.spreadsheet import runs_as_formula
from ekinerja.services import recap
from reports import data, terbilang
from reports.data import DEFAULT_HEADING

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.00"
RUPIAH = "#,##0"
INTEGER = "#,##0"
DATE = "dd/mm/yyyy"
TIME = "hh:mm"
TEXT = "@"

_THIN = Side(style="thin", color="808080")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=12)
_DRAFT = Font(bold=True, color="C00000")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


class Export(NamedTuple):
    filename: str
    content: bytes
    final: bool


def _safe(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text))[:60]


def _period(year, month):
    return f"{year:04d}-{month:02d}"


# -- cells --------------------------------------------------------------------------------------


def put_text(sheet, row, column, value):
    """A string cell whatever the text: never a formula, never a number (NIPs, '=...' in a name)."""
    text = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = sheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"
    cell.number_format = TEXT
    if runs_as_formula(text):
        cell.quotePrefix = True
    return cell


def put_number(sheet, row, column, value, number_format):
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.number_format = number_format
    return cell


def percent(value):
    """A percentage as printed: two decimals (half up), as a float for the sheet."""
    return float(round_half_up(Decimal(str(value)), 2))


def rupiah(value):
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _title_rows(sheet, lines, width):
    """Letterhead and title lines, each merged across the table's width; returns the next free row."""
    for number, (text, font) in enumerate(lines, start=1):
        cell = put_text(sheet, number, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    return len(lines) + 2


def _header(sheet, row, labels):
    for column, label in enumerate(labels, start=1):
        cell = put_text(sheet, row, column, label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        cell.border = _GRID
    sheet.row_dimensions[row].height = 30


def _grid(sheet, first_row, last_row, width):
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=width):
        for cell in row:
            cell.border = _GRID


def _widths(sheet, widths):
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _page_setup(sheet, header_row, landscape):
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "Halaman &P dari &N"


def _signature(sheet, row, column, heading, role, signer):
    """Heading, role, three blank lines, then the name and NIP (or dashes when nobody is recorded)."""
    put_text(sheet, row, column, heading)
    put_text(sheet, row + 1, column, role)
    name = put_text(sheet, row + 5, column, (signer or {}).get("nama") or "(..............................)")
    name.font = Font(bold=True, underline="single")
    nip = (signer or {}).get("nip")
    put_text(sheet, row + 6, column, f"NIP {nip}" if nip else "NIP -")


def _status_line(context):
    return (context["draft"], _DRAFT) if context["draft"] else ("Final (periode dikunci)", Font(italic=True))


def _save(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- rekap nominatif ----------------------------------------------------------------------------

NOMINATIF_COLUMNS = (
    ("No", 5),
    ("Nama", 32),
    ("NIP", 21),
    ("Gol.", 7),
    ("Jabatan", 34),
    ("Kelas", 7),
    ("Capaian kinerja (%)", 11),
    ("Potongan disiplin (%)", 11),
    ("TPP kinerja (Rp)", 15),
    ("TPP disiplin (Rp)", 15),
    ("TPP diterima (Rp)", 15),
)


def nominatif_workbook(skpd, year, month, heading=DEFAULT_HEADING):
    """The SKPD's TPP list for payment as a workbook, and whether its month is final."""
    rows, final = recap.month_recap(year, month, skpd_kode=skpd.kode)
    context = data.nominatif(skpd, rows, recap.skpd_totals(rows), final, year, month, heading=heading)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rekap TPP"
    width = len(NOMINATIF_COLUMNS)
    head = context["kop"]
    header_row = _title_rows(
        sheet,
        [
            (head["nama_pemerintah"], _TITLE),
            (context["skpd"]["nama"].upper(), _TITLE),
            ("DAFTAR NOMINATIF TAMBAHAN PENGHASILAN PEGAWAI (TPP)", _BOLD),
            (f"Bulan {i18n.periode(year, month)}", Font()),
            _status_line(context),
        ],
        width,
    )
    _header(sheet, header_row, [label for label, _ in NOMINATIF_COLUMNS])
    row = header_row
    for line in context["baris"]:
        row += 1
        put_number(sheet, row, 1, line["no"], "0")
        put_text(sheet, row, 2, line["nama"])
        put_text(sheet, row, 3, line["nip"])
        put_text(sheet, row, 4, line["golongan"])
        put_text(sheet, row, 5, line["jabatan"]).alignment = _WRAP
        put_number(sheet, row, 6, int(line["kelas_jabatan"]), "0")
        put_number(sheet, row, 7, percent(line["capaian"]), PERCENT)
        put_number(sheet, row, 8, percent(line["potongan"]), PERCENT)
        for column, name in ((9, "tpp_kinerja"), (10, "tpp_disiplin"), (11, "tpp_diterima")):
            put_number(sheet, row, column, rupiah(line[name]), RUPIAH)
    row += 1
    total = context["jumlah"]
    put_text(sheet, row, 1, f"JUMLAH ({total['pegawai']} pegawai)")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
    for column, name in ((9, "tpp_kinerja"), (10, "tpp_disiplin"), (11, "tpp_diterima")):
        put_number(sheet, row, column, rupiah(total[name]), RUPIAH)
    for cell in sheet[row][:width]:
        cell.font, cell.fill = _BOLD, _TOTAL_FILL
    _grid(sheet, header_row, row, width)
    if context["baris"]:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{row - 1}"
    words = terbilang(total["tpp_diterima"]).capitalize() + " rupiah"
    put_text(sheet, row + 1, 1, "Terbilang: " + words).font = Font(italic=True)

    signed = row + 3
    kepala = context["kepala"]
    role = " ".join(filter(None, [(kepala or {}).get("sebutan"), (kepala or {}).get("jabatan")])) or "Kepala SKPD"
    _signature(sheet, signed, 2, "Mengetahui,", role, kepala)
    heading = f"{context['tempat']}, {i18n.tanggal(context['tanggal_ttd'])}"
    _signature(sheet, signed, 9, heading, "Bendahara Pengeluaran", context["bendahara"])

    _widths(sheet, [w for _, w in NOMINATIF_COLUMNS])
    _page_setup(sheet, header_row, landscape=True)
    return workbook, final


def nominatif(skpd, year, month, heading=DEFAULT_HEADING):
    """The nominatif as an XLSX export (file name, bytes, final)."""
    workbook, final = nominatif_workbook(skpd, year, month, heading)
    return Export(f"rekap-tpp-{_period(year, month)}-{_safe(skpd.kode)}.xlsx", _save(workbook), final)


# -- LKH ----------------------------------------------------------------------------------------

LKH_COLUMNS = (
    ("No", 5),
    ("Tanggal", 12),
    ("Uraian kegiatan", 46),
    ("Jenis", 15),
    ("Mulai", 8),
    ("Selesai", 8),
    ("Volume", 9),
    ("Satuan", 12),
    ("Menit", 9),
    ("Status", 12),
    ("Keterangan", 30),
)


def lkh_workbook(pegawai, year, month, heading=DEFAULT_HEADING):
    """An employee's monthly activity list as a workbook, and whether its month is final."""
    rows, final = recap.month_recap(year, month, nip=pegawai.nip)
    entries = data.lkh_entries(pegawai.id, year, month)
    atasan = data.superior(pegawai.id, year, month)
    context = data.lkh(pegawai, year, month, rows[0] if rows else None, final, entries, atasan, heading=heading)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "LKH"
    width = len(LKH_COLUMNS)
    who = context["pegawai"]
    row = _title_rows(
        sheet,
        [
            (context["kop"]["nama_pemerintah"], _TITLE),
            ((who["skpd_nama"] or "").upper(), _TITLE),
            ("LAPORAN KEGIATAN HARIAN (LKH)", _BOLD),
            (f"Bulan {i18n.periode(year, month)}", Font()),
            _status_line(context),
        ],
        width,
    )
    atasan = context["atasan"]
    identity = (
        ("Nama", who["nama"]),
        ("NIP", who["nip"]),
        ("Pangkat / Gol.", ", ".join(filter(None, [who["pangkat"], who["golongan"]]))),
        ("Jabatan", who["jabatan"]),
        ("Atasan langsung", f"{atasan['nama']} (NIP {atasan['nip']})" if atasan else "-"),
    )
    for label, value in identity:
        put_text(sheet, row, 1, label).font = _BOLD
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put_text(sheet, row, 3, value)
        row += 1
    header_row = row + 1
    _header(sheet, header_row, [label for label, _ in LKH_COLUMNS])
    row = header_row
    for entry in context["entri"]:
        row += 1
        put_number(sheet, row, 1, entry["no"], "0")
        put_number(sheet, row, 2, entry["tanggal"], DATE)
        put_text(sheet, row, 3, entry["uraian"]).alignment = _WRAP
        put_text(sheet, row, 4, "Tugas tambahan" if entry["tambahan"] else "Uraian tugas")
        put_number(sheet, row, 5, entry["jam_mulai"], TIME)
        put_number(sheet, row, 6, entry["jam_selesai"], TIME)
        put_number(sheet, row, 7, int(entry["volume"]), INTEGER)
        put_text(sheet, row, 8, entry["satuan"] or "")
        put_number(sheet, row, 9, int(entry["menit"]), INTEGER)
        put_text(sheet, row, 10, entry["status"])
        put_text(sheet, row, 11, entry["keterangan"] or "").alignment = _WRAP
    jumlah = context["jumlah"]
    totals = (
        (f"Jumlah: {jumlah['entri']} kegiatan, menit diajukan", jumlah["menit_diajukan"]),
        (f"Disetujui: {jumlah['disetujui']} kegiatan, menit disetujui", jumlah["menit_disetujui"]),
    )
    for label, value in totals:
        row += 1
        put_text(sheet, row, 1, label)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        put_number(sheet, row, 9, int(value), INTEGER)
        for cell in sheet[row][:width]:
            cell.font, cell.fill = _BOLD, _TOTAL_FILL
    _grid(sheet, header_row, row, width)

    figures = context["rekap"]
    if figures is not None:
        row += 2
        put_text(sheet, row, 1, "Rekap bulan ini").font = _BOLD
        for label, value, number_format in (
            ("Hari efektif", figures["hari_efektif"], INTEGER),
            ("Menit standar", figures["menit_standar"], INTEGER),
            ("Menit uraian tugas diakui", figures["menit_utama"], INTEGER),
            ("Menit tugas tambahan diakui", figures["menit_tambahan"], INTEGER),
            ("Menit diakui", figures["menit_diakui"], INTEGER),
            ("Capaian kinerja (%)", percent(figures["capaian"]), PERCENT),
        ):
            row += 1
            put_text(sheet, row, 1, label)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            put_number(sheet, row, 4, value, number_format)

    signed = row + 2
    role = atasan["jabatan"] if atasan and atasan.get("jabatan") else "Atasan langsung"
    _signature(sheet, signed, 3, "Atasan langsung,", role, atasan)
    heading = f"{context['tempat']}, {i18n.tanggal(context['tanggal_ttd'])}"
    _signature(sheet, signed, 9, heading, "ASN yang dinilai,", {"nama": who["nama"], "nip": who["nip"]})

    _widths(sheet, [w for _, w in LKH_COLUMNS])
    _page_setup(sheet, header_row, landscape=True)
    return workbook, final


def lkh(pegawai, year, month, heading=DEFAULT_HEADING):
    """The LKH as an XLSX export (file name, bytes, final)."""
    workbook, final = lkh_workbook(pegawai, year, month, heading)
    return Export(f"lkh-{_period(year, month)}-{_safe(pegawai.nip)}.xlsx", _save(workbook), final)
