"""Import files that would exhaust the server are refused early with a clear message; the errors stay readable."""

import io
import time

import pytest
from openpyxl import Workbook

from ekinerja.services import imports
from ekinerja.services.imports import readers
from tests import factories as f


def xlsx(rows, sheet="libur"):
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def refusal(jenis, data, name):
    with pytest.raises(imports.ImportRejected) as refused:
        imports.import_file(jenis, io.BytesIO(data), name, "cli")
    return [e.message for e in refused.value.rows]


def test_a_cell_in_column_xfd_on_every_row_is_not_read_cell_by_cell(app):
    far = [None] * 16383 + ["x"]
    data = xlsx([["tanggal", "jenis", "keterangan"]] + [["2026-01-0x", "nasional", "Libur"] + far[3:]] * 3000)
    started = time.perf_counter()
    messages = refusal("libur", data, "libur.xlsx")
    assert time.perf_counter() - started < 10
    assert messages and all("kolom" not in m or "XFD" not in m for m in messages)


def test_too_many_rows_are_refused_with_the_limit(app, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 100)
    data = ("tanggal,jenis,keterangan\n" + "2026-01-01,nasional,Libur\n" * 101).encode()
    assert refusal("libur", data, "libur.csv") == [
        "Berkas terlalu besar: paling banyak 100 baris data. Pecah berkas menjadi beberapa bagian."
    ]


def test_too_many_cells_are_refused(app, monkeypatch):
    monkeypatch.setattr(readers, "MAX_CELLS", 50)
    data = xlsx([["tanggal", "jenis", "keterangan"]] + [["2026-01-01", "nasional", "Libur"]] * 20)
    assert "paling banyak 50 sel" in refusal("libur", data, "libur.xlsx")[0]


def test_an_oversized_file_is_refused_before_it_is_parsed(app, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1024)
    data = ("tanggal,jenis,keterangan\n" + "2026-01-01,nasional,Libur\n" * 100).encode()
    assert refusal("libur", data, "libur.csv") == ["Berkas terlalu besar: paling besar 1 KB."]


def test_a_workbook_that_unpacks_too_large_is_refused_before_openpyxl_reads_it(app, monkeypatch):
    monkeypatch.setattr(readers, "MAX_XLSX_PART_BYTES", 10_000)
    data = xlsx([["tanggal", "jenis", "keterangan"]] + [["2026-01-01", "nasional", f"Libur {i}"] for i in range(2000)])
    assert refusal("libur", data, "libur.xlsx") == [
        "Berkas XLSX terlalu besar setelah dibuka. Pecah berkas menjadi beberapa bagian."
    ]


def test_the_portal_shows_the_first_200_errors_with_the_total_and_offers_the_whole_list(app):
    f.user("admin", roles=("admin",))
    client = app.test_client()
    f.login(client, "admin")
    data = ("tanggal,jenis,keterangan\n" + "bukan-tanggal,libur_nasional,Libur\n" * 1000).encode()
    from tests.conftest import csrf_token

    page = client.post(
        "/admin/impor/",
        data={
            "csrf_token": csrf_token(client, "/admin/impor/"),
            "jenis": "libur",
            "berkas": (io.BytesIO(data), "l.csv"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    table = page[page.index('data-testid="import-errors"') :].split("</table>")[0]
    assert table.count("<tr><td>") == 200
    assert "Ditampilkan 200 kesalahan pertama dari 1000." in page
    download = client.get("/admin/impor/kesalahan.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert len(download.get_data(as_text=True).splitlines()) == 1001
    download.close()
    assert app.test_client().get("/admin/impor/kesalahan.csv").status_code in (302, 403, 404)
