"""Every export path neutralises cells a spreadsheet would run as a formula: = + - @ TAB CR, related records too."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from ekinerja.models import Jabatan
from ekinerja.rules.spreadsheet import neutralised, restored
from ekinerja.services import imports
from tests import factories as f

HOSTILE = ['=HYPERLINK("http://x","klik")', "+62 811", "-1+1", "@SUM(A1)", "\t=1+2", "\r=1+2", "'=kutip"]


@pytest.mark.parametrize("text", HOSTILE)
def test_one_rule_neutralises_and_the_import_restores(text):
    assert neutralised(text).startswith("'") and restored(neutralised(text)) == text


def test_numbers_dates_and_plain_text_stay_as_they_are():
    for value in (-5, 1.5, datetime.date(2026, 1, 1), None, "Cut Nyak", "198503122010011001"):
        assert neutralised(value) == value


@pytest.fixture
def person(app):
    unit = f.skpd(kode="DPKAD")
    job = f.jabatan(unit, nama='=HYPERLINK("http://x","klik")')
    f.user("admin", roles=("admin",))
    return f.pegawai(job, nama="\t=1+2")


def test_portal_csv_export_neutralises_related_record_columns(app, person):
    client = app.test_client()
    f.login(client, "admin")
    rows = list(csv.reader(io.StringIO(client.get("/admin/riwayat/export/csv/").get_data(as_text=True))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_import_csv_export_neutralises_tab_and_cr(app, person):
    rows = list(csv.reader(io.StringIO(imports.export_bytes("pegawai", "csv").decode("utf-8"))))
    assert rows[1][1] == "'\t=1+2"
    jobs = list(csv.reader(io.StringIO(imports.export_bytes("jabatan", "csv").decode("utf-8"))))
    assert jobs[1][1] == "'" + Jabatan.get().nama


def test_import_xlsx_export_marks_formula_like_text_as_text(app, person):
    sheet = load_workbook(io.BytesIO(imports.export_bytes("jabatan", "xlsx"))).active
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == Jabatan.get().nama)
    assert cell.data_type == "s" and cell.quotePrefix


def test_cli_recap_csv_neutralises_names(app, person, runner):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    result = runner.invoke(args=["recap", "--periode", "2026-01", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert "'\t=1+2" in [cell for row in rows for cell in row]
