"""The treasurer's files of a locked month: the payment list (XLSX), the bank transfer file (CSV, one layout per
template in templates/transfer/, so a city adds its bank's layout without code) and the signed payment summary.

Every figure comes from the month's stored recap (services.payments.payment_list), the rows of the nominatif.
"""

import functools
import io
import pathlib
import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openpyxl import Workbook
from openpyxl.styles import Font

from ekinerja import i18n
from ekinerja.models import Skpd
from ekinerja.rules.spreadsheet import neutralised
from ekinerja.services import payments, recap
from reports import TEMPLATES_DIR, render_html
from reports.data import DEFAULT_HEADING, deduction_totals, document, skpd_signatories
from reports.excel import MIMETYPE, RUPIAH, Export, put_number, put_text

TRANSFER_DIR = pathlib.Path(TEMPLATES_DIR) / "transfer"
CSV_MIMETYPE = "text/csv"

__all__ = ["MIMETYPE", "CSV_MIMETYPE", "transfer_layouts", "transfer_file", "payment_workbook", "summary"]


def _period(year, month):
    return f"{year:04d}-{month:02d}"


def _safe(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text))[:60]


def csv_field(value, separator=","):
    """One CSV field: quoted when it holds the separator, a quote or a line break; a leading formula character
    gets a quote prefix so that a spreadsheet never runs it."""
    text = "" if value is None else str(neutralised(value))
    if any(ch in text for ch in (separator, '"', "\n", "\r")):
        text = '"' + text.replace('"', '""') + '"'
    return text


@functools.cache
def _transfer_environment():
    # CSV, not HTML: fields are quoted by csv_field, and HTML escaping would corrupt names such as "O'Neil".
    env = Environment(  # noqa: S701
        loader=FileSystemLoader(TRANSFER_DIR),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["csv"] = csv_field
    return env


def transfer_layouts():
    """The transfer file layouts the repository holds: the template names without .csv."""
    return sorted(path.stem for path in TRANSFER_DIR.glob("*.csv"))


def transfer_file(skpd, year, month, layout="standar"):
    """The transfer file of an SKPD's locked month in a layout: one row per employee, the net amount."""
    if layout not in transfer_layouts():
        raise ValueError(f"Format transfer tidak dikenal: {layout!r}.")
    lines, totals = payments.payment_list(skpd, year, month)
    text = (
        _transfer_environment()
        .get_template(f"{layout}.csv")
        .render(baris=lines, jumlah=totals, skpd=skpd, tahun=year, bulan=month, periode=i18n.periode(year, month))
    )
    filename = f"transfer-tpp-{_period(year, month)}-{_safe(skpd.kode)}-{layout}.csv"
    return Export(filename, text.encode("utf-8"), True)


PAYMENT_COLUMNS = ("No", "Nama", "NIP", "Gol.", "Bank", "Nomor rekening", "TPP bruto (Rp)")


def payment_workbook(skpd, year, month):
    """The SKPD's payment list as XLSX: gross, each deduction, net and the account of every employee."""
    lines, totals = payments.payment_list(skpd, year, month)
    by_kind = {entry["kode"]: entry for entry in deduction_totals(lines)}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Daftar Pembayaran"
    put_text(sheet, 1, 1, f"DAFTAR PEMBAYARAN TPP {skpd.nama.upper()}").font = Font(bold=True)
    put_text(sheet, 2, 1, f"Bulan {i18n.periode(year, month)}")
    deduction_labels = [f"{entry['nama']} (Rp)" for entry in by_kind.values()]
    labels = [*PAYMENT_COLUMNS, *deduction_labels, "Jumlah potongan (Rp)", "TPP bersih (Rp)"]
    for column, label in enumerate(labels, start=1):
        put_text(sheet, 4, column, label).font = Font(bold=True)
    row = 4
    for line in lines:
        row += 1
        for column, value in enumerate(
            (str(line["no"]), line["nama"], line["nip"], line["golongan"], line["nama_bank"], line["nomor_rekening"]),
            start=1,
        ):
            put_text(sheet, row, column, value or "")
        put_number(sheet, row, 7, int(line["tpp_diterima"]), RUPIAH)
        amounts = {item["kode"]: int(item["rupiah"]) for item in line["potongan_tpp"]}
        for column, kode in enumerate(by_kind, start=8):
            put_number(sheet, row, column, amounts.get(kode, 0), RUPIAH)
        put_number(sheet, row, 8 + len(by_kind), int(line["jumlah_potongan"]), RUPIAH)
        put_number(sheet, row, 9 + len(by_kind), int(line["tpp_bersih"]), RUPIAH)
    row += 1
    put_text(sheet, row, 1, f"JUMLAH ({totals['pegawai']} pegawai)").font = Font(bold=True)
    put_number(sheet, row, 7, totals["tpp_diterima"], RUPIAH)
    for column, entry in enumerate(by_kind.values(), start=8):
        put_number(sheet, row, column, entry["rupiah"], RUPIAH)
    put_number(sheet, row, 8 + len(by_kind), totals["jumlah_potongan"], RUPIAH)
    put_number(sheet, row, 9 + len(by_kind), totals["tpp_bersih"], RUPIAH)
    out = io.BytesIO()
    workbook.save(out)
    return Export(f"pembayaran-tpp-{_period(year, month)}-{_safe(skpd.kode)}.xlsx", out.getvalue(), True)


def _summary_row(skpd, lines, totals):
    return {
        "skpd": skpd,
        **totals,
        "potongan": deduction_totals(lines),
        "tanpa_rekening": sum(1 for line in lines if not line["nomor_rekening"]),
        "dibayar": payments.payment_of(skpd, totals["tahun"], totals["bulan"]),
    }


def summary(year, month, skpd=None, heading=DEFAULT_HEADING):
    """The rekapitulasi pembayaran of one SKPD's locked month (signed by its Kepala and Bendahara) or of the city's
    participating SKPDs (the city's totals): (filename, HTML)."""
    context = document("pembayaran", year, month, True, heading=heading)
    if skpd is not None:
        chosen = [skpd]
    else:
        codes = [t["skpd"] for t in recap.city_totals(year, month)[0]]
        chosen = list(Skpd.select().where(Skpd.kode.in_(codes)).order_by(Skpd.kode))
    rows = []
    for one in chosen:
        lines, totals = payments.payment_list(one, year, month)
        rows.append(_summary_row(one, lines, {**totals, "tahun": year, "bulan": month}))
    grand = {name: sum(r[name] for r in rows) for name in (*payments.TOTALS, "pegawai")}
    kepala, bendahara = skpd_signatories(skpd, context["tanggal_ttd"]) if skpd is not None else (None, None)
    context.update(baris=rows, jumlah=grand, skpd=skpd, kepala=kepala, bendahara=bendahara)
    name = _safe(skpd.kode) if skpd is not None else "kota"
    return f"rekapitulasi-pembayaran-{_period(year, month)}-{name}.pdf", render_html("pembayaran.html", context)
