"""Import and export of the status and golongan histories, bank details and PTKP status: all or nothing, row numbers
in errors, the current value following the latest TMT, bank details for admin (and keuangan) only."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from ekinerja.models import AuditLog, Pegawai, RiwayatGolongan, RiwayatStatus
from ekinerja.services import imports
from ekinerja.services.imports import COLUMNS, ImportRejected
from tests import factories as f

ACTOR = "penguji"


@pytest.fixture
def people(app):
    own, other = f.skpd(kode="DPKAD"), f.skpd(kode="DISDUK")
    person = f.pegawai(f.jabatan(own), nama="Cut Meutia", golongan="III/a", status="CPNS")
    stranger = f.pegawai(f.jabatan(other), nama="Teuku Lain")
    return own, person, stranger


def run(jenis, text, skpd_id=None, filename=None):
    return imports.import_file(jenis, io.BytesIO(text.encode()), filename or f"{jenis}.csv", ACTOR, skpd_id=skpd_id)


def refused(jenis, text, skpd_id=None):
    with pytest.raises(ImportRejected) as info:
        run(jenis, text, skpd_id)
    return [tuple(e) for e in info.value.rows]


def test_the_import_columns_of_the_pay_inputs():
    assert COLUMNS["riwayat_status"] == ("nip", "status", "tmt", "nomor_sk")
    assert COLUMNS["riwayat_golongan"] == ("nip", "golongan", "tmt", "nomor_sk")
    assert COLUMNS["rekening"] == ("nip", "nama_bank", "nomor_rekening")
    assert COLUMNS["ptkp"] == ("nip", "status_ptkp")
    assert "rekening" in imports.kinds_for(admin=True) and "rekening" not in imports.kinds_for(admin=False)
    assert {"riwayat_status", "riwayat_golongan", "ptkp"} <= set(imports.kinds_for(admin=False))


def test_golongan_rows_are_added_then_kept_then_changed_and_the_current_golongan_follows_the_latest(people):
    _, person, _ = people
    text = f"nip,golongan,tmt,nomor_sk\n{person.nip},III/a,2020-01-01,\n{person.nip},III/b,2026-04-01,823/4/2026\n"
    result = run("riwayat_golongan", text)
    assert (result.ditambah, result.diubah, result.tetap) == (2, 0, 0)
    rows = RiwayatGolongan.select().where(RiwayatGolongan.pegawai == person.id).order_by(RiwayatGolongan.tmt)
    assert [(r.golongan, r.tmt, r.nomor_sk) for r in rows] == [
        ("III/a", datetime.date(2020, 1, 1), None),
        ("III/b", datetime.date(2026, 4, 1), "823/4/2026"),
    ]
    assert Pegawai.get_by_id(person.id).golongan == "III/b"
    assert run("riwayat_golongan", text).summary() == "0 ditambah, 0 diubah, 2 tetap"
    changed = text.replace("III/b,2026-04-01,823/4/2026", "III/c,2026-04-01,823/5/2026")
    assert run("riwayat_golongan", changed).summary() == "0 ditambah, 1 diubah, 1 tetap"
    assert Pegawai.get_by_id(person.id).golongan == "III/c"
    entries = AuditLog.select().where(AuditLog.aksi == "impor", AuditLog.objek == "riwayat_golongan")
    assert [e.rincian_data["ditambah"] for e in entries.order_by(AuditLog.id)] == [2, 0, 0]


def test_a_status_file_with_bad_rows_saves_nothing_and_names_each_row(people):
    _, person, _ = people
    text = (
        "nip,status,tmt,nomor_sk\n"
        f"{person.nip},PNS,2026-11-16,800/9/2026\n"
        f"{person.nip},HONORER,2025-01-01,\n"
        "198001012005011999,PNS,2026-01-01,\n"
        f"{person.nip},CPNS,2026-11-16,\n"
        f"{person.nip},PNS,16-11-2026,\n"
    )
    errors = refused("riwayat_status", text)
    assert [(row, column) for row, column, _ in errors] == [
        (3, "status"),
        (4, "nip"),
        (5, "tmt"),
        (6, "tmt"),
    ]
    assert errors[0][2] == "Status harus salah satu dari: PNS, CPNS; tertulis: HONORER."
    assert errors[1][2] == "Pegawai dengan NIP 198001012005011999 tidak ditemukan."
    assert errors[2][2] == f"Status NIP {person.nip} dengan TMT 2026-11-16 sudah ada pada baris 2."
    assert RiwayatStatus.select().count() == 0 and Pegawai.get_by_id(person.id).status == "CPNS"


def test_an_skpd_admin_imports_histories_of_their_own_employees_only(people):
    own, person, stranger = people
    text = f"nip,status,tmt,nomor_sk\n{person.nip},PNS,2026-01-01,\n{stranger.nip},CPNS,2026-01-01,\n"
    assert refused("riwayat_status", text, skpd_id=own.id) == [
        (3, "nip", "Anda hanya dapat mengimpor data SKPD Anda sendiri.")
    ]


def test_the_employee_import_no_longer_changes_a_golongan_it_names_the_history_instead(people):
    _, person, _ = people
    header = "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
    errors = refused("pegawai", header + f"{person.nip},{person.nama},,,IV/a,CPNS,,,\n")
    assert errors == [
        (
            2,
            "golongan",
            "Golongan pegawai ini III/a; perubahannya dicatat dengan TMT lewat impor riwayat_golongan atau "
            "riwayat golongan di portal, bukan lewat impor pegawai.",
        )
    ]
    assert Pegawai.get_by_id(person.id).golongan == "III/a"


def test_bank_details_are_checked_with_the_account_rule_and_saved_all_or_nothing(people):
    _, person, stranger = people
    bad = f"nip,nama_bank,nomor_rekening\n{person.nip},Bank Aceh,0101000001\n{stranger.nip},BSI,71-23\n"
    assert refused("rekening", bad) == [
        (3, "nomor_rekening", "Nomor rekening harus 6 sampai 20 angka, tanpa spasi atau tanda baca.")
    ]
    assert Pegawai.get_by_id(person.id).nomor_rekening is None
    good = bad.replace("71-23", "7123456789")
    assert run("rekening", good).summary() == "0 ditambah, 2 diubah, 0 tetap"
    assert (Pegawai.get_by_id(stranger.id).nama_bank, Pegawai.get_by_id(stranger.id).nomor_rekening) == (
        "BSI",
        "7123456789",
    )
    assert run("rekening", good).summary() == "0 ditambah, 0 diubah, 2 tetap"


def test_bank_details_are_for_the_city_admin_only(people):
    own, person, _ = people
    text = f"nip,nama_bank,nomor_rekening\n{person.nip},Bank Aceh,0101000001\n"
    assert refused("rekening", text, skpd_id=own.id) == [(0, "jenis", "Jenis data ini hanya dapat diimpor oleh admin.")]


def test_ptkp_status_is_imported_and_an_unknown_one_refused(people):
    _, person, stranger = people
    assert refused("ptkp", f"nip,status_ptkp\n{person.nip},K/4\n") == [
        (
            2,
            "status_ptkp",
            "Status PTKP harus salah satu dari: TK/0, TK/1, K/0, TK/2, TK/3, K/1, K/2, K/3; tertulis: K/4.",
        )
    ]
    assert run("ptkp", f"nip,status_ptkp\n{person.nip},k/2\n{stranger.nip},TK/0\n").summary() == (
        "0 ditambah, 1 diubah, 1 tetap"
    )
    assert Pegawai.get_by_id(person.id).status_ptkp == "K/2"


def test_the_exports_read_back_as_the_same_rows(people):
    own, person, stranger = people
    run("riwayat_status", f"nip,status,tmt,nomor_sk\n{person.nip},CPNS,2024-01-01,\n{person.nip},PNS,2026-11-16,SK/9\n")
    run("rekening", f"nip,nama_bank,nomor_rekening\n{person.nip},Bank Aceh,0101000001\n")
    csv_text = imports.export_bytes("riwayat_status", "csv").decode()
    assert csv_text.splitlines() == [
        "nip,status,tmt,nomor_sk",
        f"{person.nip},CPNS,2024-01-01,",
        f"{person.nip},PNS,2026-11-16,SK/9",
    ]
    assert run("riwayat_status", csv_text).summary() == "0 ditambah, 0 diubah, 2 tetap"
    sheet = load_workbook(io.BytesIO(imports.export_bytes("rekening", "xlsx", skpd_id=own.id))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["nip", "nama_bank", "nomor_rekening"],
        [person.nip, "Bank Aceh", "0101000001"],
    ]
    assert stranger.nip not in imports.export_bytes("ptkp", "csv", skpd_id=own.id).decode()


def test_a_new_employee_imported_starts_both_histories_at_the_tmt_cpns_in_the_nip(people):
    own, _, _ = people
    job = f.jabatan(own)
    job.kode = "DPKAD-09"
    job.save()
    header = "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
    run("pegawai", header + "199702142024032001,Siti Rahmah,,,II/c,CPNS,DPKAD-09,2024-03-01,\n")
    siti = Pegawai.get(Pegawai.nip == "199702142024032001")
    assert [(r.status, r.tmt) for r in siti.riwayat_status] == [("CPNS", datetime.date(2024, 3, 1))]
    assert [(r.golongan, r.tmt) for r in siti.riwayat_golongan] == [("II/c", datetime.date(2024, 3, 1))]


def _entries(aksi):
    rows = AuditLog.select().where(AuditLog.aksi == aksi, AuditLog.objek == "pegawai").order_by(AuditLog.id)
    return [(e.pengguna, e.objek_id, e.dari, e.ke, e.rincian_data) for e in rows]


def test_each_employee_whose_bank_details_an_import_changes_has_the_verbs_audit_entry_without_the_number(people):
    _, person, stranger = people
    text = f"nip,nama_bank,nomor_rekening\n{person.nip},Bank Aceh,0101000001\n{stranger.nip},BSI,7123456789\n"
    run("rekening", text)
    assert _entries("ubah_rekening") == [
        (ACTOR, str(person.id), None, "Bank Aceh", {}),
        (ACTOR, str(stranger.id), None, "BSI", {}),
    ]
    run("rekening", text)  # nothing changes: no new entries
    assert len(_entries("ubah_rekening")) == 2
    numbers = [getattr(e, c) or "" for e in AuditLog.select() for c in ("dari", "ke", "rincian")]
    assert not any("0101000001" in value or "7123456789" in value for value in numbers)


def test_each_employee_whose_ptkp_an_import_changes_has_the_portals_audit_entry(people):
    _, person, stranger = people
    run("ptkp", f"nip,status_ptkp\n{person.nip},K/2\n{stranger.nip},K/1\n")
    assert _entries("ubah") == [
        (ACTOR, str(person.id), None, None, {"status_ptkp": ["TK/0", "K/2"]}),
        (ACTOR, str(stranger.id), None, None, {"status_ptkp": ["TK/0", "K/1"]}),
    ]


def test_each_history_row_an_import_adds_or_changes_has_the_verbs_audit_entry(people):
    _, person, stranger = people
    text = f"nip,golongan,tmt,nomor_sk\n{person.nip},III/b,2026-04-01,\n{stranger.nip},IV/a,2026-05-01,\n"
    run("riwayat_golongan", text)
    assert _entries("riwayat_golongan") == [
        (ACTOR, str(person.id), None, "III/b", {"tmt": "2026-04-01"}),
        (ACTOR, str(stranger.id), None, "IV/a", {"tmt": "2026-05-01"}),
    ]
    run("riwayat_golongan", text.replace("III/b", "III/c"))
    assert _entries("riwayat_golongan")[2:] == [(ACTOR, str(person.id), "III/b", "III/c", {"tmt": "2026-04-01"})]
    run("riwayat_status", f"nip,status,tmt,nomor_sk\n{person.nip},PNS,2026-06-01,\n")
    assert _entries("riwayat_status") == [(ACTOR, str(person.id), None, "PNS", {"tmt": "2026-06-01"})]
