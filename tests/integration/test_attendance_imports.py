"""Attendance imports: fingerprint scans (NIP CSV, machine-ID XLSX, the machine's attlog.dat), apel and leave.

All or nothing with row-numbered errors, deduplicated scans, idempotent, audited, scoped for admin_skpd, locked
months closed, and export -> import round trips.
"""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ekinerja import clock
from ekinerja.models import Apel, AuditLog, Cuti, Pegawai, Presensi, Skpd
from ekinerja.services import imports
from ekinerja.services.imports import COLUMNS, ImportRejected, RowError
from ekinerja.services.masterdata import leave_errors
from tests import factories as f

DATA = Path(__file__).resolve().parent.parent / "data"
ACTOR = "penguji"
ZULFIKAR, SITI, ISKANDAR = "198503122010011003", "199702142024032001", "197001011995031002"  # id_mesin 7, 12, none
OWN_SKPD_ONLY = "Anda hanya dapat mengimpor data SKPD Anda sendiri."
DT = datetime.datetime


def attendance_file(name):
    return (DATA / "attendance" / name).read_bytes()


def run_import(jenis, content, filename, skpd_id=None):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return imports.import_file(jenis, io.BytesIO(data), filename, ACTOR, skpd_id=skpd_id)


def rejected(jenis, content, filename, skpd_id=None):
    with pytest.raises(ImportRejected) as info:
        run_import(jenis, content, filename, skpd_id)
    return [tuple(e) for e in info.value.rows]


def counts(result):
    return (result.ditambah, result.diubah, result.tetap)


def table_counts():
    return {model.__name__: model.select().count() for model in (Presensi, Apel, Cuti, AuditLog)}


def scans():
    query = Presensi.select(Pegawai.nip, Presensi.waktu).join(Pegawai).order_by(Pegawai.nip, Presensi.waktu)
    return list(query.tuples())


def lock(year, month):
    f.locked_month(year, month)


def xlsx(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def city(app):
    """DPKAD with Zulfikar (machine ID 7), Siti (12) and Iskandar (none), from the master-data samples."""
    for jenis in ("skpd", "unit", "jabatan", "pegawai"):
        text = (DATA / "imports" / f"{jenis}.csv").read_text(encoding="utf-8")
        run_import(jenis, text, f"{jenis}.csv")
    return Skpd.get(Skpd.kode == "DPKAD")


@pytest.fixture
def setda_person(city):
    """An employee of another SKPD, with machine ID 55."""
    from ekinerja.models import Jabatan

    return f.pegawai(Jabatan.get(Jabatan.kode == "SETDA-01"), nip="196805051990031001", id_mesin="55")


# ---------------------------------------------------------------------------------------------------------------
# Contract


def test_attendance_kinds_are_listed_and_open_to_admin_skpd():
    assert COLUMNS["presensi"] == ("nip", "waktu")
    assert imports.HEADER_VARIANTS["presensi"] == (("nip", "waktu"), ("id_mesin", "waktu"))
    assert COLUMNS["apel"] == ("nip", "tanggal", "sesi")
    assert COLUMNS["cuti"] == ("nip", "jenis", "mulai", "selesai", "nomor_surat")
    for jenis in ("presensi", "apel", "cuti"):
        assert jenis in imports.kinds_for(admin=True) and jenis in imports.kinds_for(admin=False)


# ---------------------------------------------------------------------------------------------------------------
# Fingerprint scans: three forms


def test_machine_log_with_space_padded_ids_is_imported(city):
    result = run_import("presensi", attendance_file("attlog.dat"), "attlog.dat")
    assert counts(result) == (5, 0, 0)
    assert scans() == [
        (ZULFIKAR, DT(2026, 11, 2, 7, 21, 40)),
        (ZULFIKAR, DT(2026, 11, 2, 12, 2, 13)),
        (ZULFIKAR, DT(2026, 11, 2, 16, 4, 55)),
        (SITI, DT(2026, 11, 2, 7, 48, 2)),
        (SITI, DT(2026, 11, 2, 16, 31, 19)),
    ]
    assert {p.sumber for p in Presensi.select()} == {"attlog.dat"}
    audit = AuditLog.get(AuditLog.aksi == "impor", AuditLog.objek == "presensi")
    assert audit.pengguna == ACTOR
    assert audit.rincian_data == {"ditambah": 5, "diubah": 0, "tetap": 0, "berkas": "attlog.dat"}


def test_overlapping_machine_exports_are_deduplicated_and_a_reimport_changes_nothing(city):
    run_import("presensi", attendance_file("attlog.dat"), "attlog.dat")
    # The second export repeats one scan of the first, has Windows line ends and a blank line.
    result = run_import("presensi", attendance_file("attlog-overlap.dat"), "ATTLOG-2.DAT")
    assert counts(result) == (3, 0, 1)
    assert Presensi.select().count() == 8
    before = table_counts()
    for name in ("attlog.dat", "attlog-overlap.dat"):
        again = run_import("presensi", attendance_file(name), name.replace(".dat", ".txt"))
        assert again.ditambah == 0 and again.tetap in (5, 4)
    after = table_counts()
    assert after.pop("AuditLog") == before.pop("AuditLog") + 2
    assert after == before
    # The same scans as a NIP file, in the other time format, are the same scans.
    text = f"nip,waktu\n{ZULFIKAR},2026-11-03 07:29:59\n{ZULFIKAR},2026-11-03T16:00\n"
    assert counts(run_import("presensi", text, "presensi.csv")) == (0, 0, 2)


def test_nip_csv_accepts_minutes_without_seconds_and_counts_a_repeated_line_once(city):
    result = run_import("presensi", attendance_file("presensi-nip.csv"), "presensi.csv")
    assert counts(result) == (4, 0, 1)
    assert (ZULFIKAR, DT(2026, 11, 4, 16, 5, 0)) in scans()
    assert (ISKANDAR, DT(2026, 11, 4, 7, 10, 0)) in scans()
    again = run_import("presensi", attendance_file("presensi-nip.csv"), "presensi.csv")
    assert counts(again) == (0, 0, 5)


def test_a_date_cell_without_a_time_is_not_taken_for_a_scan_at_midnight(city):
    content = xlsx(["nip", "waktu"], [[ZULFIKAR, datetime.date(2026, 11, 4)]])
    errors = rejected("presensi", content, "presensi.xlsx")
    assert [error[:2] for error in errors] == [(2, "waktu")]
    assert "bukan tanggal saja" in errors[0][2] and scans() == []


def test_scans_and_apel_of_days_still_to_come_are_refused(city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 11, 10))
    before = table_counts()
    errors = rejected("presensi", f"nip,waktu\n{ZULFIKAR},2026-11-11 07:20:00\n", "presensi.csv")
    assert [error[:2] for error in errors] == [(2, "waktu")] and "belum tiba" in errors[0][2]
    errors = rejected("apel", f"nip,tanggal,sesi\n{ZULFIKAR},2026-11-10,pagi\n{ZULFIKAR},2026-11-11,pagi\n", "apel.csv")
    assert [error[:2] for error in errors] == [(3, "tanggal")] and "belum tiba" in errors[0][2]
    assert table_counts() == before


def test_machine_id_xlsx_with_datetime_cells(city):
    content = xlsx(
        ["ID_Mesin", "Waktu"],
        [
            [7, DT(2026, 11, 5, 7, 20, 59, 999_700)],  # a spreadsheet time a hair before the second
            ["12", DT(2026, 11, 5, 7, 45, 0)],
            [12.0, "2026-11-05 16:40:00"],
            ["007", DT(2026, 11, 5, 16, 2)],  # leading zeros as some machines write them
        ],
    )
    result = run_import("presensi", content, "presensi.xlsx")
    assert counts(result) == (4, 0, 0)
    assert scans() == [
        (ZULFIKAR, DT(2026, 11, 5, 7, 21, 0)),
        (ZULFIKAR, DT(2026, 11, 5, 16, 2, 0)),
        (SITI, DT(2026, 11, 5, 7, 45, 0)),
        (SITI, DT(2026, 11, 5, 16, 40, 0)),
    ]


def test_unknown_machine_id_is_reported_with_its_line_and_nothing_is_saved(city):
    log = (
        "        7\t2026-11-02 07:21:40\t1\t0\t1\t0\n"
        "\n"
        "       99\t2026-11-02 07:22:00\t1\t0\t1\t0\n"
        "       12\t2026-11-31 07:30:00\t1\t0\t1\t0\n"
        "sampah tanpa tab\n"
        "        7\t2026-11-02 16:01:00\t1\t1\t1\t0\n"
        "         \t2026-11-02 16:02:00\t1\t1\t1\t0\n"
    )
    before = table_counts()
    assert rejected("presensi", log, "attlog.dat") == [
        (3, "id_mesin", "ID mesin 99 tidak terdaftar pada pegawai mana pun (isi id_mesin pegawai)."),
        (4, "waktu", "Waktu 2026-11-31 07:30:00 bukan tanggal dan jam yang ada."),
        (
            5,
            "baris",
            "Baris bukan baris log mesin presensi (ID mesin, tab, YYYY-MM-DD HH:MM:SS); tertulis: sampah tanpa tab.",
        ),
        (7, "id_mesin", "ID mesin wajib diisi."),
    ]
    assert table_counts() == before


def test_unknown_nip_and_bad_times_in_a_csv(city):
    text = (
        "nip,waktu\n"
        f"{ZULFIKAR},2026-11-04 07:25:00\n"
        "198001012005011001,2026-11-04 07:26:00\n"
        f"{SITI},04/11/2026 07:30\n"
        f"{SITI},2026-11-04\n"
        f"{SITI},2026-11-04 25:10:00\n"
        f"{SITI},\n"
    )
    errors = rejected("presensi", text, "presensi.csv")
    assert [(row, column) for row, column, _ in errors] == [
        (3, "nip"),
        (4, "waktu"),
        (5, "waktu"),
        (6, "waktu"),
        (7, "waktu"),
    ]
    assert errors[0][2] == "Pegawai dengan NIP 198001012005011001 tidak ditemukan."
    assert errors[1][2] == (
        "Waktu harus tanggal dan jam berformat YYYY-MM-DD HH:MM:SS (mis. 2026-11-02 07:21:40); "
        "tertulis: 04/11/2026 07:30."
    )
    assert errors[3][2] == "Waktu 2026-11-04 25:10:00 bukan tanggal dan jam yang ada."
    assert errors[4][2] == "Waktu wajib diisi."
    assert Presensi.select().count() == 0


def test_presensi_file_level_problems(city):
    assert rejected("presensi", b"nip,waktu\n", "presensi.pdf") == [
        (0, "berkas", "Format berkas harus .csv, .xlsx, atau log mesin presensi .dat/.txt.")
    ]
    # Other kinds still take only CSV and XLSX.
    assert rejected("apel", b"nip,tanggal,sesi\n", "apel.dat") == [
        (0, "berkas", "Format berkas harus .csv atau .xlsx.")
    ]
    assert rejected("presensi", b"\n\n", "attlog.dat") == [(0, "berkas", "Berkas tidak berisi baris data.")]
    assert rejected("presensi", "nip,jam\n1,2\n", "presensi.csv") == [
        (0, "judul kolom", "Kolom tidak dikenal: jam. Kolom yang diharapkan: nip, waktu atau id_mesin, waktu."),
        (0, "judul kolom", "Kolom wajib tidak ada: waktu."),
    ]
    (error,) = rejected("presensi", f"nip,id_mesin,waktu\n{ZULFIKAR},7,2026-11-04 07:00\n", "presensi.csv")
    assert error[:2] == (0, "judul kolom") and "Kolom tidak dikenal: id_mesin" in error[2]


def test_a_new_scan_in_a_locked_month_is_refused_but_stored_ones_may_be_repeated(city):
    lock(2026, 10)
    zulfikar = Pegawai.get(Pegawai.nip == ZULFIKAR)
    Presensi.create(pegawai=zulfikar, waktu=DT(2026, 10, 30, 7, 15), sumber="lama.dat")
    log = (
        "        7\t2026-10-30 07:15:00\t1\t0\t1\t0\n"  # already stored: a machine export holds old months too
        "        7\t2026-10-30 16:15:00\t1\t1\t1\t0\n"  # new in a locked month
        "        7\t2026-11-02 07:21:40\t1\t0\t1\t0\n"
    )
    before = table_counts()
    assert rejected("presensi", log, "attlog.dat") == [
        (2, "waktu", "Periode 10-2026 sudah dikunci; presensi bulan itu tidak dapat ditambah atau diubah.")
    ]
    assert table_counts() == before
    without_new = "".join(line + "\n" for line in log.splitlines() if "16:15" not in line)
    assert counts(run_import("presensi", without_new, "attlog.dat")) == (1, 0, 1)


def test_machine_and_cli_and_upload_screen_take_the_machine_log(city, app, runner, client, tmp_path):
    from tests.conftest import csrf_token

    path = tmp_path / "attlog.dat"
    path.write_bytes(attendance_file("attlog.dat"))
    result = runner.invoke(args=["import", "presensi", str(path)])
    assert result.exit_code == 0, result.output
    assert "Impor presensi berhasil: 5 ditambah, 0 diubah, 0 tetap." in result.output

    f.user("opd", roles=("admin_skpd",), skpd=city)
    f.login(client, "opd")
    response = client.post(
        "/admin/impor/",
        data={
            "jenis": "presensi",
            "berkas": (io.BytesIO(attendance_file("attlog-overlap.dat")), "attlog.dat"),
            "csrf_token": csrf_token(client, "/admin/impor/"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert Presensi.select().count() == 8
    assert AuditLog.select().where(AuditLog.objek == "presensi", AuditLog.pengguna == "opd").count() == 1


# ---------------------------------------------------------------------------------------------------------------
# Apel


def test_apel_import_dedupes_and_is_idempotent(city):
    text = attendance_file("apel.csv").decode() + f"{SITI},2026-11-02,pagi\n"  # a repeated line
    result = run_import("apel", text, "apel.csv")
    assert counts(result) == (4, 0, 1)
    rows = Apel.select(Pegawai.nip, Apel.tanggal, Apel.sesi).join(Pegawai).order_by(Pegawai.nip, Apel.sesi).tuples()
    assert sorted(rows) == sorted(
        [
            (ZULFIKAR, datetime.date(2026, 11, 2), "pagi"),
            (ZULFIKAR, datetime.date(2026, 11, 2), "sore"),
            (SITI, datetime.date(2026, 11, 2), "pagi"),
            (ISKANDAR, datetime.date(2026, 11, 3), "pagi"),
        ]
    )
    assert counts(run_import("apel", attendance_file("apel.csv"), "apel.csv")) == (0, 0, 4)
    assert AuditLog.select().where(AuditLog.objek == "apel").count() == 2


def test_apel_bad_rows_are_reported_and_nothing_saved(city):
    Skpd.update(apel_sore=False).where(Skpd.id == city.id).execute()
    lock(2026, 10)
    text = (
        "nip,tanggal,sesi\n"
        f"{ZULFIKAR},2026-11-02,pagi\n"
        f"{ZULFIKAR},2026-11-02,siang\n"
        f"{SITI},2026-11-02,sore\n"
        "198001012005011001,2026-11-02,pagi\n"
        f"{SITI},2026-10-30,pagi\n"
        f"{SITI},02-11-2026,pagi\n"
    )
    errors = rejected("apel", text, "apel.csv")
    assert errors == [
        (3, "sesi", "Sesi harus salah satu dari: pagi, sore; tertulis: siang."),
        (4, "sesi", "SKPD pegawai ini tidak menyelenggarakan apel sore pada tanggal itu."),
        (5, "nip", "Pegawai dengan NIP 198001012005011001 tidak ditemukan."),
        (6, "tanggal", "Periode 10-2026 sudah dikunci; data apel bulan itu tidak dapat ditambah atau diubah."),
        (7, "tanggal", "Tanggal harus tanggal berformat YYYY-MM-DD (mis. 2024-01-02); tertulis: 02-11-2026."),
    ]
    assert Apel.select().count() == 0 and AuditLog.select().where(AuditLog.objek == "apel").count() == 0


def test_apel_sore_is_checked_against_the_skpd_of_the_position_held_that_day(city):
    """Moved on 4 November from an SKPD that holds apel sore to one that does not."""
    from ekinerja.models import RiwayatJabatan

    without_sore = f.skpd(kode="RSUD", apel_sore=False)
    moved = f.pegawai(f.jabatan(city), nip="199001012015031001", mulai=datetime.date(2026, 1, 2))
    RiwayatJabatan.update(selesai=datetime.date(2026, 11, 3)).where(RiwayatJabatan.pegawai == moved).execute()
    RiwayatJabatan.create(pegawai=moved, jabatan=f.jabatan(without_sore), mulai=datetime.date(2026, 11, 4))
    Pegawai.update(skpd=without_sore).where(Pegawai.id == moved.id).execute()

    text = f"nip,tanggal,sesi\n{moved.nip},2026-11-03,sore\n{moved.nip},2026-11-04,sore\n"
    assert rejected("apel", text, "apel.csv") == [
        (3, "sesi", "SKPD pegawai ini tidak menyelenggarakan apel sore pada tanggal itu.")
    ]
    assert counts(run_import("apel", f"nip,tanggal,sesi\n{moved.nip},2026-11-03,sore\n", "apel.csv")) == (1, 0, 0)


# ---------------------------------------------------------------------------------------------------------------
# Leave and official travel


def test_cuti_import_is_idempotent_and_updates_by_nip_and_start(city):
    result = run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")
    assert counts(result) == (3, 0, 0)
    siti = Cuti.select().join(Pegawai).where(Pegawai.nip == SITI).get()
    assert (siti.jenis, siti.mulai, siti.selesai, siti.nomor_surat) == (
        "cuti_tahunan",
        datetime.date(2026, 11, 9),
        datetime.date(2026, 11, 11),
        "800/123/DPKAD/2026",
    )
    assert counts(run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")) == (0, 0, 3)
    # Same person and start: the record is corrected, not duplicated; the old range is its own, not an overlap.
    changed = attendance_file("cuti.csv").decode().replace("2026-11-11,800/123/DPKAD/2026", "2026-11-12,800/124/2026")
    assert counts(run_import("cuti", changed, "cuti.csv")) == (0, 1, 2)
    siti = Cuti.get_by_id(siti.id)
    assert (siti.selesai, siti.nomor_surat) == (datetime.date(2026, 11, 12), "800/124/2026")
    assert Cuti.select().count() == 3


def test_overlapping_leave_within_the_file_and_with_the_database_is_refused(city):
    run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")
    before = table_counts()
    text = (
        "nip,jenis,mulai,selesai,nomor_surat\n"
        f"{ISKANDAR},cuti_tahunan,2026-11-16,2026-11-20,A/1\n"
        f"{ISKANDAR},diklat,2026-11-18,2026-11-19,A/2\n"  # inside row 2
        f"{SITI},dinas_luar,2026-11-11,2026-11-11,A/3\n"  # last day of Siti's stored leave
        f"{ZULFIKAR},cuti_besar,2026-11-01,2026-11-05,A/4\n"  # first day of Zulfikar's stored travel
        f"{ISKANDAR},cuti_sakit,2026-11-25,2026-11-26,A/5\n"
    )
    assert rejected("cuti", text, "cuti.csv") == [
        (3, "mulai", "Bertumpang tindih dengan cuti pada baris 2 (16-11-2026 s.d. 20-11-2026)."),
        (4, "mulai", "Bertumpang tindih dengan cuti tahunan 09-11-2026 s.d. 11-11-2026 (800/123/DPKAD/2026)."),
        (5, "mulai", "Bertumpang tindih dengan dinas luar 05-11-2026 s.d. 06-11-2026 (094/77/DPKAD/2026)."),
    ]
    # A later row that starts first is reported against the earlier row all the same.
    text = (
        "nip,jenis,mulai,selesai,nomor_surat\n"
        f"{ISKANDAR},diklat,2026-11-18,2026-11-19,A/2\n"
        f"{ISKANDAR},cuti_tahunan,2026-11-16,2026-11-20,A/1\n"
    )
    assert rejected("cuti", text, "cuti.csv") == [
        (3, "mulai", "Bertumpang tindih dengan cuti pada baris 2 (18-11-2026 s.d. 19-11-2026).")
    ]
    assert table_counts() == before


def test_leave_over_days_with_entries_that_count_or_may_count_is_refused(city):
    """No entry may be on a leave day (domain.md section 4), so no leave over days already worked."""
    siti = Pegawai.get(Pegawai.nip == SITI)
    for day, status in ((2, "DISETUJUI"), (3, "DIAJUKAN"), (4, "DITOLAK"), (5, "DIANULIR")):
        f.entry(siti, datetime.date(2026, 11, day), status=status)
    header = "nip,jenis,mulai,selesai,nomor_surat\n"
    assert rejected("cuti", header + f"{SITI},cuti_tahunan,2026-11-02,2026-11-06,800/1\n", "cuti.csv") == [
        (
            2,
            "mulai",
            "Pegawai ini sudah mencatat kegiatan pada 02-11-2026, 03-11-2026. Pada hari cuti, dinas luar atau diklat "
            "tidak boleh ada kegiatan: kegiatan itu harus dihapus, ditolak atau dianulir lebih dulu.",
        )
    ]
    assert Cuti.select().count() == 0
    # Rejected and annulled entries leave their day free.
    assert counts(run_import("cuti", header + f"{SITI},cuti_tahunan,2026-11-04,2026-11-06,800/1\n", "cuti.csv"))[0] == 1
    stored = Cuti.get()
    # Editing a record keeps the days it covered; only the days it newly covers are checked.
    assert leave_errors(siti, stored.mulai, stored.selesai, stored.id) == {}
    f.entry(siti, datetime.date(2026, 11, 5), start=datetime.time(10), status="DISETUJUI", uraian="Dicatat dulu")
    assert leave_errors(siti, stored.mulai, stored.selesai, stored.id) == {}
    assert "03-11-2026" in leave_errors(siti, datetime.date(2026, 11, 3), stored.selesai, stored.id)["mulai"]


def test_cuti_bad_values(city):
    text = (
        "nip,jenis,mulai,selesai,nomor_surat\n"
        f"{ISKANDAR},cuti_liburan,2026-11-16,2026-11-20,A/1\n"
        f"{SITI},cuti_tahunan,2026-11-20,2026-11-16,A/2\n"
        f"{ZULFIKAR},dinas_luar,2026-11-02,2026-11-02,\n"
        f"{ZULFIKAR},Dinas Luar,2026-11-03,2026-11-03,A/3\n"
        f"{ZULFIKAR},diklat,2026-11-03,2026-11-04,A/4\n"
    )
    errors = rejected("cuti", text, "cuti.csv")
    assert [(row, column) for row, column, _ in errors] == [
        (2, "jenis"),
        (3, "selesai"),
        (4, "nomor_surat"),
        (5, "jenis"),
        (6, "mulai"),
    ]
    assert errors[0][2].startswith("Jenis harus salah satu dari: cuti_tahunan, cuti_besar,")
    assert errors[0][2].endswith("tertulis: cuti_liburan.")
    assert errors[1][2] == "Tanggal selesai tidak boleh sebelum tanggal mulai."
    assert errors[2][2] == "Nomor surat wajib diisi."
    assert errors[3][2].endswith("tertulis: Dinas Luar.")
    assert errors[4][2] == f"Cuti pegawai NIP {ZULFIKAR} mulai 2026-11-03 sudah ada pada baris 5."
    assert Cuti.select().count() == 0


def test_leave_touching_a_locked_month_is_refused_unless_it_is_unchanged(city):
    run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")
    lock(2026, 12)
    # Unchanged rows pass, even the one reaching into December.
    assert counts(run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")) == (0, 0, 3)
    before = table_counts()
    text = (
        "nip,jenis,mulai,selesai,nomor_surat\n"
        f"{ZULFIKAR},cuti_sakit,2026-11-23,2026-11-27,800/130/DPKAD/2026\n"  # shortening it changes December
        f"{ISKANDAR},cuti_besar,2026-10-26,2027-01-08,B/1\n"  # a new leave across the locked month
        f"{SITI},cuti_tahunan,2026-11-16,2026-11-17,B/2\n"
    )
    assert rejected("cuti", text, "cuti.csv") == [
        (2, "mulai", "Periode 12-2026 sudah dikunci; cuti bulan itu tidak dapat ditambah atau diubah."),
        (3, "mulai", "Periode 12-2026 sudah dikunci; cuti bulan itu tidak dapat ditambah atau diubah."),
    ]
    assert table_counts() == before


# ---------------------------------------------------------------------------------------------------------------
# admin_skpd scope


def test_admin_skpd_imports_attendance_of_their_own_employees_only(city, setda_person):
    own = city.id
    before = table_counts()
    text = f"nip,waktu\n{ZULFIKAR},2026-11-04 07:25:00\n{setda_person.nip},2026-11-04 07:26:00\n"
    assert rejected("presensi", text, "presensi.csv", skpd_id=own) == [(3, "nip", OWN_SKPD_ONLY)]
    log = "        7\t2026-11-04 07:25:00\t1\t0\t1\t0\n       55\t2026-11-04 07:26:00\t1\t0\t1\t0\n"
    assert rejected("presensi", log, "attlog.dat", skpd_id=own) == [(2, "id_mesin", OWN_SKPD_ONLY)]
    text = f"nip,tanggal,sesi\n{setda_person.nip},2026-11-02,pagi\n"
    assert rejected("apel", text, "apel.csv", skpd_id=own) == [(2, "nip", OWN_SKPD_ONLY)]
    text = f"nip,jenis,mulai,selesai,nomor_surat\n{setda_person.nip},dinas_luar,2026-11-02,2026-11-03,X\n"
    assert rejected("cuti", text, "cuti.csv", skpd_id=own) == [(2, "nip", OWN_SKPD_ONLY)]
    assert table_counts() == before

    # The city-wide admin imports both; the admin_skpd exports and re-imports only their own.
    log = "        7\t2026-11-04 07:25:00\t1\t0\t1\t0\n       55\t2026-11-04 07:26:00\t1\t0\t1\t0\n"
    assert counts(run_import("presensi", log, "attlog.dat")) == (2, 0, 0)
    exported = imports.export_bytes("presensi", "csv", skpd_id=own).decode()
    assert exported.splitlines() == ["nip,waktu", f"{ZULFIKAR},2026-11-04 07:25:00"]
    assert counts(run_import("presensi", exported, "presensi.csv", skpd_id=own)) == (0, 0, 1)


# ---------------------------------------------------------------------------------------------------------------
# Export -> import


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_attendance(city, setda_person, fmt):
    run_import("presensi", attendance_file("attlog.dat"), "attlog.dat")
    run_import("presensi", attendance_file("presensi-nip.csv"), "presensi.csv")
    Presensi.create(pegawai=setda_person, waktu=DT(2026, 11, 4, 0, 0, 0))  # midnight stays a time
    run_import("apel", attendance_file("apel.csv"), "apel.csv")
    run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")
    expected = {"presensi": 10, "apel": 4, "cuti": 3}
    for jenis, rows in expected.items():
        snapshot = imports.export_bytes(jenis, "csv")
        assert len(snapshot.decode().splitlines()) == rows + 1
        before = table_counts()
        result = run_import(jenis, imports.export_bytes(jenis, fmt), f"{jenis}.{fmt}")
        assert counts(result) == (0, 0, rows), jenis
        after = table_counts()
        after.pop("AuditLog"), before.pop("AuditLog")
        assert after == before
        assert imports.export_bytes(jenis, "csv") == snapshot


def test_export_columns_and_cells(city):
    run_import("presensi", attendance_file("attlog.dat"), "attlog.dat")
    run_import("cuti", attendance_file("cuti.csv"), "cuti.csv")
    lines = imports.export_bytes("presensi", "csv").decode().splitlines()
    assert lines[:2] == ["nip,waktu", f"{ZULFIKAR},2026-11-02 07:21:40"]
    sheet = load_workbook(io.BytesIO(imports.export_bytes("presensi", "xlsx"))).active
    assert sheet["A1"].value == "nip" and sheet["A2"].value == ZULFIKAR and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == DT(2026, 11, 2, 7, 21, 40) and sheet["B2"].is_date
    cuti = imports.export_bytes("cuti", "csv").decode().splitlines()
    assert cuti[0] == "nip,jenis,mulai,selesai,nomor_surat"
    assert f"{ZULFIKAR},cuti_sakit,2026-11-23,2026-12-04,800/130/DPKAD/2026" in cuti


def test_an_unknown_kind_still_names_the_choices():
    with pytest.raises(ImportRejected) as info:
        imports.import_file("absen", io.BytesIO(b""), "absen.csv", ACTOR)
    (error,) = info.value.rows
    assert isinstance(error, RowError) and "presensi, apel, cuti" in error.message
