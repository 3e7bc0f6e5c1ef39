"""Import and export of master data: all or nothing, row-numbered errors, idempotent, round-trip exact."""

import csv
import datetime
import io
import json
import logging
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ekinerja.models import (
    FOUNDATION_MODELS,
    AturanTpp,
    AuditLog,
    HariLibur,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    Skpd,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
)
from ekinerja.services import imports
from ekinerja.services.imports import COLUMNS, ImportRejected, RowError
from tests import factories as f

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
ORDER = ("skpd", "unit", "jabatan", "pegawai", "tugas", "libur", "target", "tarif")
ACTOR = "penguji"
EXPECTED_ROWS = {"skpd": 2, "unit": 3, "jabatan": 5, "pegawai": 3, "tugas": 3, "libur": 3, "target": 3, "tarif": 4}


def data_file(jenis):
    return (DATA / f"{jenis}.csv").read_text(encoding="utf-8")


def run_import(jenis, content, filename=None, skpd_id=None, actor=ACTOR):
    """Import text (as UTF-8 CSV) or bytes; the file name decides the format."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return imports.import_file(jenis, io.BytesIO(data), filename or f"{jenis}.csv", actor, skpd_id=skpd_id)


def rejected(jenis, content, filename=None, skpd_id=None):
    with pytest.raises(ImportRejected) as info:
        run_import(jenis, content, filename, skpd_id)
    return info.value.rows


def table_counts():
    return {model.__name__: model.select().count() for model in FOUNDATION_MODELS}


def import_city(upto="tarif"):
    results = {}
    for jenis in ORDER:
        results[jenis] = run_import(jenis, data_file(jenis))
        if jenis == upto:
            break
    return results


def csv_to_xlsx(jenis, text, numeric_nip=False):
    """The CSV as an Excel workbook with real date and number cells, as a user's spreadsheet would hold them."""
    records = list(csv.reader(io.StringIO(text)))
    header = records[0]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for record in records[1:]:
        cells = []
        for column, value in zip(header, record, strict=True):
            if value == "":
                cells.append(None)
            elif column in imports.DATE_COLUMNS:
                cells.append(datetime.date.fromisoformat(value))
            elif column in imports.INTEGER_COLUMNS:
                cells.append(float(value) if column == "kelas_jabatan" else int(value))
            elif column == "target":
                cells.append(float(value))
            elif column == "nip" and numeric_nip:
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def import_audits():
    return list(AuditLog.select().where(AuditLog.aksi == "impor").order_by(AuditLog.id))


# ---------------------------------------------------------------------------------------------------------------
# Every kind, CSV and XLSX


def test_contract_lists_every_kind_and_restricts_city_wide_kinds_to_admin():
    attendance = ["presensi", "apel", "cuti", "skp"]
    pay = ["riwayat_status", "riwayat_golongan", "rekening", "ptkp"]
    assert list(COLUMNS) == list(ORDER) + attendance + pay
    assert imports.kinds_for(admin=True) == list(ORDER) + attendance + pay
    assert imports.kinds_for(admin=False) == ["unit", "jabatan", "pegawai", "tugas", "target"] + attendance + [
        "riwayat_status",
        "riwayat_golongan",
        "ptkp",
    ]


def test_every_kind_imports_from_csv(app):
    f.rule_set(datetime.date(2025, 1, 1), tarif={7: 2_900_000, 9: 4_000_000}, menit_efektif_per_hari=330)
    results = import_city()
    for jenis in ORDER:
        if jenis == "tarif":
            continue
        assert (results[jenis].ditambah, results[jenis].diubah, results[jenis].tetap) == (EXPECTED_ROWS[jenis], 0, 0)
    assert results["skpd"].summary() == "2 ditambah, 0 diubah, 0 tetap"

    sub = UnitKerja.get(UnitKerja.kode == "DPKAD-0301")
    assert sub.induk.kode == "DPKAD-03" and sub.skpd.kode == "DPKAD"
    analis = Jabatan.get(Jabatan.kode == "DPKAD-0301")
    assert (analis.unit.kode, analis.atasan.kode, analis.kelas_jabatan, analis.eselon) == (
        "DPKAD-0301",
        "DPKAD-03",
        7,
        None,
    )
    kadis = Jabatan.get(Jabatan.kode == "DPKAD-01")
    assert (kadis.atasan.kode, kadis.atasan.skpd.kode, kadis.eselon, kadis.jenis) == (
        "SETDA-01",
        "SETDA",
        "II.b",
        "jpt",
    )

    siti = Pegawai.get(Pegawai.nip == "199702142024032001")
    assert (siti.tanggal_lahir, siti.jenis_kelamin, siti.status, siti.golongan) == (
        datetime.date(1997, 2, 14),
        "P",
        "CPNS",
        "II/c",
    )
    assert (siti.skpd.kode, siti.id_mesin, siti.gelar_depan, siti.gelar_belakang) == ("DPKAD", "12", None, "A.Md.")
    (period,) = siti.riwayat_jabatan
    assert (period.jabatan.kode, period.mulai, period.selesai) == ("DPKAD-0305", datetime.date(2024, 3, 1), None)
    assert Pegawai.get(Pegawai.nip == "197001011995031002").id_mesin is None

    spj = UraianTugas.get(UraianTugas.kode == "T02")
    assert (spj.uraian, spj.norma_waktu, spj.volume_tahunan) == (
        "Memverifikasi SPJ, kuitansi dan bukti pendukung",
        15,
        1200,
    )
    arsip = UraianTugas.select().join(Jabatan).where(Jabatan.kode == "DPKAD-0305").get()
    assert arsip.volume_tahunan == 0
    assert HariLibur.get(HariLibur.tanggal == datetime.date(2026, 3, 23)).jenis == "cuti_bersama"
    assert Target.get(Target.indikator.startswith("Persentase SPJ")).target == Decimal("95.5")

    # tarif: 2 new rule sets, each a copy of the one in force on its date, with the tariffs it did not list.
    assert results["tarif"].ditambah == 4
    rule_2026 = AturanTpp.get(AturanTpp.berlaku_mulai == datetime.date(2026, 1, 1))
    assert rule_2026.nama == "Aturan TPP mulai 01-01-2026"
    assert rule_2026.menit_efektif_per_hari == 330
    assert {t.kelas_jabatan: t.tarif for t in rule_2026.tarif} == {
        5: 2_200_000,
        7: 3_000_000,
        9: 4_000_000,
        11: 5_500_000,
    }
    rule_2027 = AturanTpp.get(AturanTpp.berlaku_mulai == datetime.date(2027, 1, 1))
    assert rule_2027.menit_efektif_per_hari == 330
    assert {t.kelas_jabatan: t.tarif for t in rule_2027.tarif} == {
        5: 2_200_000,
        7: 3_200_000,
        9: 4_000_000,
        11: 5_500_000,
    }

    audits = import_audits()
    assert [a.objek for a in audits] == list(ORDER)
    assert audits[0].pengguna == ACTOR and audits[0].objek_id == "-"
    assert audits[0].rincian_data == {"ditambah": 2, "diubah": 0, "tetap": 0, "berkas": "skpd.csv"}


def test_tarif_without_any_rule_set_starts_from_the_model_defaults(app):
    result = run_import("tarif", "berlaku_mulai,kelas_jabatan,tarif\n2026-01-01,7,3000000\n")
    assert result.ditambah == 1
    rule = AturanTpp.get()
    assert (rule.menit_efektif_per_hari, rule.batas_menit_harian, rule.bobot_kinerja) == (300, 450, Decimal(60))
    assert [(t.kelas_jabatan, t.tarif) for t in rule.tarif] == [(7, 3_000_000)]


def test_tarif_of_an_existing_rule_set_is_updated_in_place(app):
    rule = f.rule_set(datetime.date(2026, 1, 1))
    result = run_import("tarif", "berlaku_mulai,kelas_jabatan,tarif\n2026-01-01,7,3100000\n2026-01-01,8,3500000\n")
    assert (result.ditambah, result.diubah, result.tetap) == (0, 1, 1)
    assert AturanTpp.select().count() == 1
    assert TarifTpp.get(TarifTpp.aturan == rule, TarifTpp.kelas_jabatan == 7).tarif == 3_100_000


def test_every_kind_imports_from_xlsx_with_date_and_number_cells(app):
    for jenis in ORDER:
        result = run_import(jenis, csv_to_xlsx(jenis, data_file(jenis)), f"{jenis}.xlsx")
        assert result.ditambah == EXPECTED_ROWS[jenis], jenis
    assert Jabatan.get(Jabatan.kode == "DPKAD-01").kelas_jabatan == 14
    assert RiwayatJabatan.select().join(Pegawai).where(
        Pegawai.nip == "198503122010011003"
    ).get().mulai == datetime.date(2024, 1, 2)
    # The same data from CSV finds everything already there.
    for jenis in ORDER:
        result = run_import(jenis, data_file(jenis))
        assert (result.ditambah, result.diubah, result.tetap) == (0, 0, EXPECTED_ROWS[jenis]), jenis


def test_semicolon_csv_with_bom_and_loose_header_is_read(app):
    text = (
        "\ufeff KODE ;Nama;singkatan\n"
        "DPKAD;Dinas Pengelolaan Keuangan dan Aset Daerah;DPKAD\n"
        "SETDA;Sekretariat Daerah;Setda\n"
    )
    result = run_import("skpd", text)
    assert result.ditambah == 2
    assert Skpd.get(Skpd.kode == "SETDA").singkatan == "Setda"
    # Windows line endings and a comma file with a BOM too.
    again = run_import("skpd", "\ufeffkode,nama,singkatan\r\nSETDA,Sekretariat Daerah,Setda\r\n")
    assert (again.ditambah, again.diubah, again.tetap) == (0, 0, 1)


def test_semicolon_csv_accepts_a_decimal_comma(app):
    import_city(upto="skpd")
    text = "skpd_kode;tahun;jenis;indikator;target;satuan\nDPKAD;2026;renja;Serapan anggaran;92,75;persen\n"
    run_import("target", text)
    assert Target.get().target == Decimal("92.75")


# ---------------------------------------------------------------------------------------------------------------
# Rejected files: every error with its row and column, nothing saved, no audit entry

BAD_FILES = [
    pytest.param(
        "unit",
        "kode,nama,skpd_kode,induk_kode\nU1,Bidang A,DPKAD,\nU2,Bidang B,XYZ,\n",
        [(3, "skpd_kode", "SKPD dengan kode XYZ tidak ditemukan.")],
        id="unknown-skpd",
    ),
    pytest.param(
        "pegawai",
        "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
        "198503122010011003,Zulfikar Ahmad,,S.E.,III/c,PNS,DPKAD-0301,2024-01-02,7\n"
        "19850312201001100,Nip Pendek,,,III/a,PNS,DPKAD-0301,2024-01-02,\n"
        "198502302010011004,Tanggal Salah,,,III/a,PNS,DPKAD-0301,2024-01-02,\n",
        [
            (3, "nip", "NIP harus 18 digit angka."),
            (4, "nip", "Tanggal lahir pada NIP tidak valid."),
        ],
        id="bad-nip",
    ),
    pytest.param(
        "pegawai",
        "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
        "198503122010011003,Zulfikar Ahmad,,S.E.,III/c,PNS,DPKAD-0301,02/01/2024,7\n",
        [(2, "tmt_jabatan", "TMT jabatan harus tanggal berformat YYYY-MM-DD (mis. 2024-01-02); tertulis: 02/01/2024.")],
        id="bad-date",
    ),
    pytest.param(
        "libur",
        "tanggal,jenis,keterangan\n2026-02-30,libur_nasional,Tidak ada\n2026-05-01,hari_buruh,Hari Buruh\n",
        [
            (2, "tanggal", "Tanggal 2026-02-30 bukan tanggal yang ada."),
            (3, "jenis", "Jenis harus salah satu dari: libur_nasional, cuti_bersama; tertulis: hari_buruh."),
        ],
        id="impossible-date",
    ),
    pytest.param(
        "jabatan",
        "kode,nama,skpd_kode,unit_kode,jenis,eselon,kelas_jabatan,atasan_kode\n"
        "J1,Staf,DPKAD,,pelaksana,,7,\n"
        "J2,Staf Senior,DPKAD,,pelaksana,,18,\n",
        [(3, "kelas_jabatan", "Kelas jabatan harus antara 1 dan 17.")],
        id="kelas-18",
    ),
    pytest.param(
        "tugas",
        "jabatan_kode,kode,uraian,satuan,norma_waktu,volume_tahunan\n"
        "DPKAD-0301,T01,Menyusun laporan,laporan,240,12\n"
        "DPKAD-0301,T09,Tugas tanpa waktu,laporan,0,12\n"
        "DPKAD-0301,T10,Volume negatif,laporan,10,-1\n",
        [
            (3, "norma_waktu", "Norma waktu harus lebih dari 0 menit."),
            (4, "volume_tahunan", "Volume tahunan tidak boleh negatif."),
        ],
        id="norma-0",
    ),
    pytest.param(
        "jabatan",
        "kode,nama,skpd_kode,unit_kode,jenis,eselon,kelas_jabatan,atasan_kode\n"
        "A1,Atasan Satu,DPKAD,,pelaksana,,7,A2\n"
        "A2,Atasan Dua,DPKAD,,pelaksana,,7,A1\n"
        "A3,Sendiri,DPKAD,,pelaksana,,7,A3\n",
        [
            (2, "atasan_kode", "Atasan A2 membentuk lingkaran dalam hierarki jabatan."),
            (3, "atasan_kode", "Atasan A1 membentuk lingkaran dalam hierarki jabatan."),
            (4, "atasan_kode", "Atasan A3 membentuk lingkaran dalam hierarki jabatan."),
        ],
        id="cycle-in-atasan",
    ),
    pytest.param(
        "jabatan",
        "kode,nama,skpd_kode,unit_kode,jenis,eselon,kelas_jabatan,atasan_kode\n"
        "DPKAD-03,Kepala Bidang Akuntansi,DPKAD,DPKAD-03,administrator,III.b,11,DPKAD-0301\n",
        [(2, "atasan_kode", "Atasan DPKAD-0301 membentuk lingkaran dalam hierarki jabatan.")],
        id="cycle-through-stored-positions",
    ),
    pytest.param(
        "unit",
        "kode,nama,skpd_kode,induk_kode\nU1,Bidang A,DPKAD,\nU2,Bidang B,DPKAD,U1\nU1,Bidang A lagi,DPKAD,\n",
        [(4, "kode", "Kode U1 sudah ada pada baris 2.")],
        id="duplicate-key",
    ),
    pytest.param(
        "tugas",
        "jabatan_kode,kode,uraian,satuan,norma_waktu\nDPKAD-0301,T01,Menyusun laporan,laporan,240\n",
        [(0, "judul kolom", "Kolom wajib tidak ada: volume_tahunan.")],
        id="missing-column",
    ),
    pytest.param(
        "skpd",
        "kode,nama,singkatan,alamat\nX,Dinas X,DX,Jl. Contoh\n",
        [(0, "judul kolom", "Kolom tidak dikenal: alamat. Kolom yang diharapkan: kode, nama, singkatan.")],
        id="unknown-column",
    ),
    pytest.param(
        "jabatan",
        "kode,nama,skpd_kode,unit_kode,jenis,eselon,kelas_jabatan,atasan_kode\n"
        "J1,Staf,DPKAD,SETDA-01,staf,V.a,7.5,TIDAKADA\n",
        [
            (2, "unit_kode", "Unit kerja harus berada pada SKPD jabatan ini."),
            (
                2,
                "jenis",
                "Jenis harus salah satu dari: jpt, administrator, pengawas, pelaksana, fungsional; tertulis: staf.",
            ),
            (
                2,
                "eselon",
                "Eselon harus salah satu dari: II.a, II.b, III.a, III.b, IV.a, IV.b (atau kosong); tertulis: V.a.",
            ),
            (2, "kelas_jabatan", "Kelas jabatan harus bilangan bulat; tertulis: 7.5."),
            (2, "atasan_kode", "Jabatan atasan dengan kode TIDAKADA tidak ditemukan."),
        ],
        id="every-error-of-a-row",
    ),
    pytest.param(
        "pegawai",
        "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
        "198001012005011001,Pegawai Baru,,,III/e,honorer,,,7\n"
        "198001012005011002,Pegawai Lain,,,III/a,PNS,DPKAD-9999,2024-01-02,9\n"
        "198001012005011003,Mesin Sama,,,III/a,PNS,DPKAD-0305,2024-01-02,9\n"
        "198001012005011004,Sebelum CPNS,,,III/a,PNS,DPKAD-0305,2004-12-31,\n",
        [
            (2, "golongan", "Golongan harus seperti III/a (I/a sampai IV/e); tertulis: III/e."),
            (2, "status", "Status harus salah satu dari: PNS, CPNS; tertulis: honorer."),
            (2, "jabatan_kode", "Kode jabatan dan TMT jabatan wajib diisi untuk pegawai baru."),
            (2, "id_mesin", "ID mesin 7 sudah dipakai oleh pegawai NIP 198503122010011003."),
            (3, "jabatan_kode", "Jabatan dengan kode DPKAD-9999 tidak ditemukan."),
            (3, "id_mesin", "ID mesin 9 sudah dipakai pada baris 4."),
            (4, "id_mesin", "ID mesin 9 sudah dipakai pada baris 3."),
            (5, "tmt_jabatan", "TMT jabatan tidak boleh sebelum TMT CPNS pada NIP (01-2005)."),
        ],
        id="pegawai-references",
    ),
    pytest.param(
        "target",
        "skpd_kode,tahun,jenis,indikator,target,satuan\n"
        "DPKAD,1999,renja,Lama,1,persen\n"
        "DPKAD,2026,rencana,Serapan,1.000.000,persen\n",
        [
            (2, "tahun", "Tahun harus antara 2000 dan 2100."),
            (3, "jenis", "Jenis harus salah satu dari: renstra, renja, target_kinerja; tertulis: rencana."),
            (
                3,
                "target",
                "Target harus angka dengan paling banyak 2 angka desimal, tanpa pemisah ribuan; tertulis: 1.000.000.",
            ),
        ],
        id="target-values",
    ),
    pytest.param(
        "tarif",
        "berlaku_mulai,kelas_jabatan,tarif\n2026-01-01,7,3.000.000\n2026-01-01,0,0\n2026-01-01,7,3000000\n",
        [
            (2, "tarif", "Tarif harus bilangan bulat rupiah, tanpa titik, koma atau pemisah ribuan."),
            (3, "kelas_jabatan", "Kelas jabatan harus antara 1 dan 17."),
            (3, "tarif", "Tarif harus lebih dari 0 rupiah."),
            (4, "kelas_jabatan", "Kelas jabatan 7 berlaku mulai 2026-01-01 sudah ada pada baris 2."),
        ],
        id="tarif-values",
    ),
]


@pytest.mark.parametrize(("jenis", "content", "expected"), BAD_FILES)
def test_a_bad_file_is_rejected_whole_with_every_error_and_nothing_saved(app, jenis, content, expected):
    import_city(upto="pegawai")
    before = table_counts()
    audits_before = AuditLog.select().count()
    errors = rejected(jenis, content)
    assert [tuple(e) for e in errors] == expected
    assert table_counts() == before
    assert AuditLog.select().count() == audits_before


def test_a_bad_xlsx_file_reports_the_spreadsheet_row_numbers(app):
    import_city(upto="jabatan")
    # 2024-02-30 cannot be a date cell: it is text, the way a user would type it.
    workbook = load_workbook(io.BytesIO(csv_to_xlsx("pegawai", data_file("pegawai"))))
    workbook.active["H3"] = "2024-02-30"
    workbook.active["E4"] = "IV/f"
    out = io.BytesIO()
    workbook.save(out)
    errors = rejected("pegawai", out.getvalue(), "pegawai.xlsx")
    assert [tuple(e) for e in errors] == [
        (3, "tmt_jabatan", "TMT jabatan 2024-02-30 bukan tanggal yang ada."),
        (4, "golongan", "Golongan harus seperti III/a (I/a sampai IV/e); tertulis: IV/f."),
    ]
    assert Pegawai.select().count() == 0


def test_an_xlsx_whose_sheet_states_a_wrong_size_is_read_whole(app):
    """Some programs write <dimension ref="A1"/> whatever the sheet holds; the import reads the cells themselves."""
    import re
    import zipfile

    source = io.BytesIO(csv_to_xlsx("libur", data_file("libur")))
    damaged = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(damaged, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1"/>', content)
            copy.writestr(item, content)
    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(io.BytesIO(damaged.getvalue())).read("xl/worksheets/sheet1.xml")
    result = run_import("libur", damaged.getvalue(), "libur.xlsx")
    assert result.ditambah == EXPECTED_ROWS["libur"]
    assert HariLibur.get(HariLibur.tanggal == datetime.date(2026, 3, 20)).keterangan == "Hari Raya Idul Fitri 1447 H"


def test_a_nip_stored_as_a_number_in_excel_is_refused_with_the_reason(app):
    import_city(upto="jabatan")
    errors = rejected("pegawai", csv_to_xlsx("pegawai", data_file("pegawai"), numeric_nip=True), "pegawai.xlsx")
    assert [(e.row, e.column) for e in errors] == [(2, "nip"), (3, "nip"), (4, "nip")]
    assert errors[0].message.startswith("NIP harus 18 digit angka.")
    assert "digit terakhirnya hilang" in errors[0].message and "Teks" in errors[0].message
    # The same number written as text in a CSV (scientific notation from Excel) is explained too.
    text = data_file("pegawai").replace("198503122010011003", "1.98503E+17")
    (error,) = rejected("pegawai", text)
    assert error.row == 2 and "notasi ilmiah" in error.message


def test_file_level_problems(app):
    assert rejected("skpd", b"kode,nama\n", "skpd.txt") == [
        RowError(0, "berkas", "Format berkas harus .csv atau .xlsx.")
    ]
    assert rejected("skpd", b"", "skpd.csv")[0].message.startswith("Berkas kosong")
    assert rejected("skpd", b"kode,nama,singkatan\n\n", "skpd.csv")[0].message == "Berkas tidak berisi baris data."
    assert rejected("skpd", "kode,nama,singkatan\nX,Dinas Ä,DX\n".encode("latin-1"))[0].message.startswith(
        "Berkas CSV harus disimpan dengan pengodean UTF-8"
    )
    assert rejected("skpd", b"not a zip", "skpd.xlsx")[0].message.startswith("Berkas XLSX tidak dapat dibaca")
    (error,) = rejected("skpd", "kode,nama,singkatan\nX,Dinas X,DX,lebih\n")
    assert (error.row, error.column) == (2, "kolom 4")
    assert Skpd.select().count() == 0 and AuditLog.select().count() == 0


def test_row_numbers_count_blank_lines_and_multi_line_cells_as_a_spreadsheet_does(app):
    import_city(upto="jabatan")
    text = (
        "jabatan_kode,kode,uraian,satuan,norma_waktu,volume_tahunan\n"
        'DPKAD-0301,T01,"Uraian\ndua baris",laporan,240,12\n'
        "\n"
        "DPKAD-0301,T02,Uraian,laporan,nol,12\n"
    )
    (error,) = rejected("tugas", text)
    assert (error.row, error.column) == (4, "norma_waktu")


# ---------------------------------------------------------------------------------------------------------------
# Idempotency and round trips


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_importing_the_same_file_twice_changes_nothing(app, fmt):
    for jenis in ORDER:
        content = data_file(jenis) if fmt == "csv" else csv_to_xlsx(jenis, data_file(jenis))
        run_import(jenis, content, f"{jenis}.{fmt}")
        before = table_counts()
        snapshot = imports.export_bytes(jenis, "csv")
        audits = len(import_audits())
        result = run_import(jenis, content, f"{jenis}.{fmt}")
        assert (result.ditambah, result.diubah, result.tetap) == (0, 0, EXPECTED_ROWS[jenis]), jenis
        assert result.summary() == f"0 ditambah, 0 diubah, {EXPECTED_ROWS[jenis]} tetap"
        after = table_counts()
        assert after.pop("AuditLog") == before.pop("AuditLog") + 1
        assert after == before
        assert imports.export_bytes(jenis, "csv") == snapshot
        assert len(import_audits()) == audits + 1
        assert import_audits()[-1].rincian_data["tetap"] == EXPECTED_ROWS[jenis]


def test_a_changed_row_is_counted_and_written(app):
    import_city(upto="jabatan")
    text = data_file("jabatan").replace(
        "Analis Laporan Keuangan,DPKAD,DPKAD-0301,pelaksana,,7", "Analis,DPKAD,,pelaksana,,8"
    )
    result = run_import("jabatan", text)
    assert (result.ditambah, result.diubah, result.tetap) == (0, 1, 4)
    analis = Jabatan.get(Jabatan.kode == "DPKAD-0301")
    assert (analis.nama, analis.unit, analis.kelas_jabatan) == ("Analis", None, 8)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_every_kind(app, fmt):
    import_city()
    extra = f.jabatan(Skpd.get(Skpd.kode == "SETDA"), kode="SETDA-09", nama='=HYPERLINK("x")', kelas_jabatan=3)
    f.tugas(extra, kode="-T1", uraian="+62 ditelepon @pagi", satuan="'=kutip", norma_waktu=5, volume_tahunan=0)
    # An employee who holds no position any more is exported with empty position columns.
    retired = f.pegawai(
        extra,
        mulai=datetime.date(2020, 1, 1),
        nip="196001011985032001",
        nama="Pensiunan",
        gelar_depan="Hj.",
        jenis_kelamin="P",
        tanggal_lahir=datetime.date(1960, 1, 1),
    )
    RiwayatJabatan.update(selesai=datetime.date(2023, 12, 31)).where(RiwayatJabatan.pegawai == retired).execute()
    for jenis in ORDER:
        exported = imports.export_bytes(jenis, fmt)
        snapshot = imports.export_bytes(jenis, "csv")
        before = table_counts()
        result = run_import(jenis, exported, f"{jenis}.{fmt}")
        assert result.ditambah == 0 and result.diubah == 0, (jenis, result)
        # tarif: the 2027 rule set also holds the kelas it copied from 2026.
        extra_rows = {"jabatan": 1, "tugas": 1, "pegawai": 1, "tarif": 2}.get(jenis, 0)
        assert result.tetap == EXPECTED_ROWS[jenis] + extra_rows == len(snapshot.splitlines()) - 1
        after = table_counts()
        after.pop("AuditLog"), before.pop("AuditLog")
        assert after == before
        assert imports.export_bytes(jenis, "csv") == snapshot
    assert Jabatan.get(Jabatan.kode == "SETDA-09").nama == '=HYPERLINK("x")'


def test_csv_export_has_the_import_columns_sorted_by_key_and_escapes_formulas(app):
    import_city()
    f.jabatan(Skpd.get(Skpd.kode == "SETDA"), kode="SETDA-09", nama="=1+2", kelas_jabatan=3)
    text = imports.export_bytes("jabatan", "csv").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == ",".join(COLUMNS["jabatan"])
    assert [line.split(",")[0] for line in lines[1:]] == sorted(line.split(",")[0] for line in lines[1:])
    assert "SETDA-09,'=1+2,SETDA,,pelaksana,,3," in lines
    assert "DPKAD-01,Kepala Dinas Pengelolaan Keuangan dan Aset Daerah,DPKAD,,jpt,II.b,14,SETDA-01" in lines
    pegawai = imports.export_bytes("pegawai", "csv").decode("utf-8").splitlines()
    assert pegawai[1] == "197001011995031002,Iskandar,Drs.,M.Si.,IV/b,PNS,DPKAD-01,2022-05-10,"
    target = imports.export_bytes("target", "csv").decode("utf-8")
    assert "DPKAD,2026,renja,Persentase SPJ terverifikasi tepat waktu,95.5,persen" in target
    assert "DPKAD,2026,target_kinerja,Opini BPK atas laporan keuangan,1,opini WTP" in target


def test_xlsx_export_has_date_integer_and_text_cells(app):
    import_city()
    f.jabatan(Skpd.get(Skpd.kode == "SETDA"), kode="SETDA-09", nama="=1+2", kelas_jabatan=3)
    sheet = load_workbook(io.BytesIO(imports.export_bytes("pegawai", "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS["pegawai"]
    assert rows[1][0] == "197001011995031002"
    assert rows[1][7] == datetime.datetime(2022, 5, 10)
    assert sheet["H2"].is_date
    sheet = load_workbook(io.BytesIO(imports.export_bytes("jabatan", "xlsx"))).active
    by_kode = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert by_kode["SETDA-09"][1].data_type == "s" and by_kode["SETDA-09"][1].value == "=1+2"
    assert by_kode["DPKAD-01"][6].value == 14 and by_kode["DPKAD-01"][6].data_type == "n"
    tarif = load_workbook(io.BytesIO(imports.export_bytes("tarif", "xlsx"))).active
    assert list(tarif.iter_rows(min_row=2, max_row=2, values_only=True)) == [
        (datetime.datetime(2026, 1, 1), 5, 2_200_000)
    ]


# ---------------------------------------------------------------------------------------------------------------
# Positions


def test_pegawai_reimport_with_a_new_position_closes_the_old_one(app):
    import_city(upto="pegawai")
    text = data_file("pegawai").replace("DPKAD-0305,2024-03-01,12", "DPKAD-0301,2025-07-01,12")
    result = run_import("pegawai", text)
    assert (result.ditambah, result.diubah, result.tetap) == (0, 1, 2)
    siti = Pegawai.get(Pegawai.nip == "199702142024032001")
    periods = [(p.jabatan.kode, p.mulai, p.selesai) for p in siti.riwayat_jabatan.order_by(RiwayatJabatan.mulai)]
    assert periods == [
        ("DPKAD-0305", datetime.date(2024, 3, 1), datetime.date(2025, 6, 30)),
        ("DPKAD-0301", datetime.date(2025, 7, 1), None),
    ]
    # Exported, the employee now shows the new position; importing that again changes nothing.
    assert "199702142024032001,Siti Rahmah,,A.Md.,II/c,CPNS,DPKAD-0301,2025-07-01,12" in imports.export_bytes(
        "pegawai", "csv"
    ).decode("utf-8")
    assert run_import("pegawai", text).diubah == 0
    assert RiwayatJabatan.select().count() == 4


def test_pegawai_moves_to_the_skpd_of_the_new_position(app):
    import_city(upto="pegawai")
    text = data_file("pegawai").replace("DPKAD-01,2022-05-10", "SETDA-01,2025-01-02")
    run_import("pegawai", text)
    assert Pegawai.get(Pegawai.nip == "197001011995031002").skpd.kode == "SETDA"


def test_a_position_start_before_the_current_one_is_an_error(app):
    import_city(upto="pegawai")
    before = table_counts()
    errors = rejected("pegawai", data_file("pegawai").replace("DPKAD-0305,2024-03-01", "DPKAD-0301,2024-02-01"))
    assert [tuple(e) for e in errors] == [
        (3, "tmt_jabatan", "TMT jabatan harus setelah mulai jabatan sekarang (DPKAD-0305, sejak 01-03-2024).")
    ]
    errors = rejected("pegawai", data_file("pegawai").replace("DPKAD-0305,2024-03-01", "DPKAD-0305,2024-04-01"))
    assert [(e.row, e.column) for e in errors] == [(3, "tmt_jabatan")]
    assert "sejak 01-03-2024" in errors[0].message
    assert table_counts() == before


def test_neither_a_position_nor_a_holiday_can_be_added_to_a_locked_month_by_import(app):
    import_city(upto="libur")
    f.locked_month(2025, 7)
    before = table_counts()
    # Siti's new position from July 2025 would end her old one inside the locked month.
    errors = rejected("pegawai", data_file("pegawai").replace("DPKAD-0305,2024-03-01,12", "DPKAD-0301,2025-07-01,12"))
    assert [tuple(e) for e in errors] == [
        (3, "tmt_jabatan", "Periode 07-2025 sudah dikunci; riwayat jabatan bulan itu tidak dapat ditambah atau diubah.")
    ]
    errors = rejected("libur", data_file("libur") + "2025-07-17,cuti_bersama,Cuti bersama\n")
    assert [tuple(e) for e in errors] == [
        (5, "tanggal", "Periode 07-2025 sudah dikunci; hari libur bulan itu tidak dapat ditambah atau diubah.")
    ]
    assert table_counts() == before
    # After the locked month both go through; a holiday's description may change even in a locked month.
    assert run_import("pegawai", data_file("pegawai").replace("DPKAD-0305,2024-03-01,12", "DPKAD-0301,2025-08-01,12"))
    f.locked_month(2026, 3)
    renamed = data_file("libur").replace("Cuti bersama Idul Fitri 1447 H", "Cuti bersama Idulfitri 1447 H")
    assert run_import("libur", renamed).diubah == 1


def test_machine_ids_can_be_swapped_in_one_file(app):
    import_city(upto="pegawai")
    text = data_file("pegawai").replace("2024-01-02,7", "2024-01-02,12").replace("2024-03-01,12", "2024-03-01,7")
    assert run_import("pegawai", text).diubah == 2
    assert Pegawai.get(Pegawai.nip == "198503122010011003").id_mesin == "12"
    assert Pegawai.get(Pegawai.nip == "199702142024032001").id_mesin == "7"


# ---------------------------------------------------------------------------------------------------------------
# admin_skpd scope


def test_admin_skpd_cannot_import_city_wide_kinds(app):
    import_city(upto="skpd")
    own = Skpd.get(Skpd.kode == "DPKAD").id
    for jenis in sorted(imports.ADMIN_ONLY):
        errors = rejected(jenis, data_file(jenis), skpd_id=own)
        assert errors == [RowError(0, "jenis", "Jenis data ini hanya dapat diimpor oleh admin.")]
    assert AuditLog.select().where(AuditLog.objek.in_(imports.ADMIN_ONLY)).count() == 1  # the admin's skpd import


def test_admin_skpd_imports_only_rows_of_their_own_skpd(app):
    import_city(upto="tugas")
    own = Skpd.get(Skpd.kode == "DPKAD").id
    before = table_counts()
    errors = rejected("unit", data_file("unit"), skpd_id=own)
    assert [tuple(e) for e in errors] == [(4, "skpd_kode", "Anda hanya dapat mengimpor data SKPD Anda sendiri.")]
    errors = rejected("jabatan", data_file("jabatan"), skpd_id=own)
    assert [(e.row, e.column) for e in errors] == [(6, "skpd_kode")]
    # Taking over another SKPD's position by naming it in one's own SKPD is refused too.
    errors = rejected(
        "jabatan",
        "kode,nama,skpd_kode,unit_kode,jenis,eselon,kelas_jabatan,atasan_kode\nSETDA-01,Sekda,DPKAD,,jpt,II.a,16,\n",
        skpd_id=own,
    )
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "kode", "Anda hanya dapat mengimpor data SKPD Anda sendiri.")
    ]
    pegawai = data_file("pegawai") + "196805051990031001,Staf Setda,,,III/d,PNS,SETDA-01,2020-01-02,\n"
    errors = rejected("pegawai", pegawai, skpd_id=own)
    assert [(e.row, e.column) for e in errors] == [(5, "jabatan_kode")]
    tugas = data_file("tugas") + "SETDA-01,T01,Memimpin rapat,rapat,60,50\n"
    assert [(e.row, e.column) for e in rejected("tugas", tugas, skpd_id=own)] == [(5, "jabatan_kode")]
    target = "skpd_kode,tahun,jenis,indikator,target,satuan\nSETDA,2026,renja,Indeks RB,70,indeks\n"
    assert [(e.row, e.column) for e in rejected("target", target, skpd_id=own)] == [(2, "skpd_kode")]
    assert table_counts() == before

    # Their own rows go through, and what they may export is only their own SKPD's.
    own_rows = data_file("jabatan").split("SETDA-01,Sekretaris")[0]
    assert run_import("jabatan", own_rows, skpd_id=own).tetap == 4
    exported = imports.export_bytes("jabatan", "csv", skpd_id=own).decode("utf-8")
    assert "DPKAD-0301" in exported and "SETDA-01,Sekretaris" not in exported
    assert "SETDA" not in imports.export_bytes("unit", "csv", skpd_id=own).decode("utf-8")
    assert imports.export_bytes("pegawai", "csv", skpd_id=own).decode("utf-8").count("\n") == 4
    own_export = imports.export_bytes("pegawai", "xlsx", skpd_id=own)
    result = run_import("pegawai", own_export, "pegawai.xlsx", skpd_id=own)
    assert (result.diubah, result.tetap) == (0, 3)


def test_admin_skpd_cannot_take_over_another_skpds_employee(app):
    import_city(upto="pegawai")
    setda = Skpd.get(Skpd.kode == "SETDA")
    sekda = Jabatan.get(Jabatan.kode == "SETDA-01")
    person = f.pegawai(sekda, id_mesin="55")
    f.pegawai(sekda, id_mesin="56")
    own = Skpd.get(Skpd.kode == "DPKAD").id
    text = (
        "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
        f"{person.nip},{person.nama},,,III/a,PNS,DPKAD-0301,2025-01-02,55\n"
        "198001012005011001,Pegawai Baru,,,III/a,PNS,DPKAD-0301,2025-01-02,56\n"
    )
    errors = rejected("pegawai", text, skpd_id=own)
    assert [tuple(e) for e in errors] == [
        (2, "nip", "Anda hanya dapat mengimpor data SKPD Anda sendiri."),
        (3, "id_mesin", "ID mesin 56 sudah dipakai oleh pegawai SKPD lain."),
    ]
    assert Pegawai.get_by_id(person.id).skpd_id == setda.id


# ---------------------------------------------------------------------------------------------------------------
# Command line


def test_flask_import_and_export_commands(app, runner, tmp_path):
    path = tmp_path / "skpd.csv"
    path.write_text(data_file("skpd"), encoding="utf-8")
    result = runner.invoke(args=["import", "skpd", str(path)])
    assert result.exit_code == 0, result.output
    assert "Impor skpd berhasil: 2 ditambah, 0 diubah, 0 tetap." in result.output
    bad = tmp_path / "unit.csv"
    bad.write_text("kode,nama,skpd_kode,induk_kode\nU1,Bidang,XYZ,\n", encoding="utf-8")
    result = runner.invoke(args=["import", "unit", str(bad)])
    assert result.exit_code != 0
    assert "baris 2, kolom skpd_kode: SKPD dengan kode XYZ tidak ditemukan." in result.output
    out = tmp_path / "skpd.xlsx"
    result = runner.invoke(args=["export", "skpd", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert list(load_workbook(out).active.iter_rows(values_only=True))[1] == (
        "DPKAD",
        "Dinas Pengelolaan Keuangan dan Aset Daerah",
        "DPKAD",
    )
    assert json.loads(AuditLog.get(AuditLog.objek == "skpd").rincian)["berkas"] == "skpd.csv"


# ---------------------------------------------------------------------------------------------------------------
# Upload screen


def test_upload_screen_imports_and_lists_every_error_of_a_rejected_file(app, client):
    from tests.conftest import csrf_token

    import_city(upto="jabatan")
    dpkad = Skpd.get(Skpd.kode == "DPKAD")
    f.user("opd", roles=("admin_skpd",), skpd=dpkad)
    f.login(client, "opd")
    bad = data_file("tugas") + "SETDA-01,T01,Memimpin rapat,rapat,0,50\n"
    response = client.post(
        "/admin/impor/",
        data={
            "jenis": "tugas",
            "berkas": (io.BytesIO(bad.encode()), "tugas.csv"),
            "csrf_token": csrf_token(client, "/admin/impor/"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "Anda hanya dapat mengimpor data SKPD Anda sendiri." in html and "Norma waktu harus lebih dari 0 menit." in html
    )
    assert UraianTugas.select().count() == 0
    response = client.post(
        "/admin/impor/",
        data={
            "jenis": "tugas",
            "berkas": (io.BytesIO(data_file("tugas").encode()), "tugas.csv"),
            "csrf_token": csrf_token(client, "/admin/impor/"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert UraianTugas.select().count() == 3
    assert AuditLog.get(AuditLog.aksi == "impor", AuditLog.objek == "tugas").pengguna == "opd"
    exported = client.get("/admin/impor/ekspor/jabatan.csv").get_data(as_text=True)
    assert "DPKAD-0301" in exported and "SETDA-01,Sekretaris" not in exported


def test_an_import_is_logged_with_its_counts(app, caplog):
    caplog.set_level(logging.INFO, logger="ekinerja")
    run_import("skpd", data_file("skpd"))
    lines = [r.getMessage() for r in caplog.records if r.name == "ekinerja.services.imports"]
    assert lines == ["impor skpd skpd.csv oleh penguji: 2 ditambah, 0 diubah, 0 tetap"]
