"""Dated status and golongan through the recap, deductions and net kept by a lock, SKPD participation, the
treasurer's files against the nominatif, and marking a month paid."""

import csv
import datetime
import io
import json
import threading
from decimal import Decimal

import pytest

from ekinerja.db import database, is_sqlite
from ekinerja.models import AuditLog, Periode, Rekap, Skpd, SkpdIkutBulan
from ekinerja.models.organisation import PARTICIPATING_SINCE
from ekinerja.rules.refusal import Conflict, Refused
from ekinerja.services import participation, pay_inputs, payments, periods, recap
from reports import data, payment
from tests.integration import documents_city as c

MID_NOVEMBER = datetime.date(2026, 11, 16)  # 10 working days before it (2-13 Nov), 11 from it


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def _row(city, person, month=c.MONTH):
    rows, _ = recap.month_recap(c.YEAR, month, nip=person.nip)
    return rows[0]


def test_a_cpns_made_pns_mid_month_is_paid_each_working_day_at_its_status(city):
    admin = city.users.admin
    pay_inputs.record_status(city.staff, "CPNS", datetime.date(2025, 1, 1), admin, nomor_sk="800/1/2025")
    pay_inputs.record_status(city.staff, "PNS", MID_NOVEMBER, admin, nomor_sk="800/9/2026")
    assert city.staff.__class__.get_by_id(city.staff.id).status == "PNS"  # the current status follows the history

    november = _row(city, city.staff)
    expected = (Decimal(80) * 10 + Decimal(100) * 11) / 21
    assert november["persen_dasar"] == expected and november["status_pegawai"] == "PNS"
    assert november["tpp_dasar"] == Decimal(3_000_000) * expected / 100
    # capaian 100 %, potongan 7 % as in the worked example, on the mixed base
    assert november["tpp_kinerja"] == 1_628_571 and november["tpp_disiplin"] == 1_009_714
    october = _row(city, city.staff, 10)  # recomputed later: still a CPNS month
    assert october["status_pegawai"] == "CPNS" and october["tpp_dasar"] == 2_400_000 and "persen_dasar" not in october


def test_a_golongan_change_mid_month_counts_from_its_tmt_and_sets_the_pph21(city):
    admin = city.users.admin
    pay_inputs.record_golongan(city.staff, "III/d", datetime.date(2022, 4, 1), admin)
    pay_inputs.record_golongan(city.staff, "IV/a", MID_NOVEMBER, admin)
    november = _row(city, city.staff)
    assert november["golongan"] == "IV/a" and november["tpp_diterima"] == 2_916_000  # gross unchanged
    assert [(i["kode"], i["rupiah"]) for i in november["potongan_tpp"]] == [("PPH21", 437_400), ("BPJS", 29_160)]
    assert november["tpp_bersih"] == 2_449_440
    october = _row(city, city.staff, 10)
    assert october["golongan"] == "III/d" and october["potongan_tpp"][0]["persen"] == 5
    with pytest.raises(Refused) as refused:
        pay_inputs.record_golongan(city.staff, "V/a", MID_NOVEMBER, admin)
    assert "golongan" in refused.value.errors


def test_the_worked_example_keeps_its_gross_and_shows_its_deductions_and_net_before_and_after_the_lock(city):
    open_row = _row(city, city.staff)
    assert (open_row["tpp_kinerja"], open_row["tpp_disiplin"], open_row["tpp_diterima"]) == (
        1_800_000,
        1_116_000,
        2_916_000,
    )
    assert open_row["jumlah_potongan"] == 145_800 + 29_160 and open_row["tpp_bersih"] == 2_741_040
    c.lock(city)
    stored = _row(city, city.staff)
    assert stored["tpp_bersih"] == 2_741_040 and stored["bpjs_pemberi_kerja"] == 116_640
    assert [(i["kode"], int(i["rupiah"])) for i in stored["potongan_tpp"]] == [("PPH21", 145_800), ("BPJS", 29_160)]
    assert "tpp_bersih" in Rekap.get(Rekap.nip == city.staff.nip).rincian_data


def test_a_month_locked_before_deductions_were_kept_shows_them_from_its_stored_gross(city):
    c.lock(city)
    rekap = Rekap.get(Rekap.nip == city.staff.nip)
    stored = rekap.rincian_data
    for name in ("potongan_tpp", "jumlah_potongan", "tpp_bersih", "bpjs_pemberi_kerja"):
        stored.pop(name)
    Rekap.update(rincian=json.dumps(stored)).where(Rekap.id == rekap.id).execute()
    assert _row(city, city.staff)["tpp_bersih"] == 2_741_040


def test_an_skpd_that_does_not_take_part_is_left_out_with_its_reason(city):
    Skpd.update(ikut_mulai=datetime.date(2026, 12, 1)).where(Skpd.id == city.other.id).execute()
    totals, _ = recap.city_totals(c.YEAR, c.MONTH)
    assert [t["skpd"] for t in totals] == ["DPKAD"]
    assert recap.month_recap(c.YEAR, c.MONTH, skpd_kode="DISDUK") == ([], False)
    ((absent, reason),) = recap.absent_skpds(c.YEAR, c.MONTH)
    assert absent.kode == "DISDUK" and "mulai 1 Desember 2026" in reason
    assert recap.absent_skpds(c.YEAR, 12) == []
    c.lock(city)
    assert {r.skpd_kode for r in Rekap.select()} == {"DPKAD"}


def test_joining_needs_the_prerequisites(city):
    errors = pay_inputs.participation_errors(city.other, datetime.date(2027, 1, 1))
    assert "Prasyarat belum terpenuhi" in errors["ikut_mulai"]
    assert pay_inputs.participation_errors(city.other, city.other.ikut_mulai) == {}


def test_the_transfer_file_pays_the_nominatif_to_the_rupiah(city):
    keuangan = city.users.keuangan
    for number, person in enumerate((city.boss, city.staff, city.clerk)):
        pay_inputs.set_bank_details(person, "Bank Aceh Syariah", f"0101{number:06d}", keuangan)
    c.lock(city)
    rows, final = recap.month_recap(c.YEAR, c.MONTH, skpd_kode="DPKAD")
    listed = data.nominatif(city.dinas, rows, recap.skpd_totals(rows), final, c.YEAR, c.MONTH)["jumlah"]

    export = payment.transfer_file(city.dinas, c.YEAR, c.MONTH)
    lines = list(csv.reader(io.StringIO(export.content.decode())))
    assert lines[0] == ["Nama", "Nomor Rekening", "Jumlah", "Keterangan"] and len(lines) == 4
    assert sum(int(line[2]) for line in lines[1:]) == listed["tpp_bersih"]
    assert listed["tpp_bersih"] + listed["jumlah_potongan"] == listed["tpp_diterima"]
    staff_line = next(line for line in lines if line[0] == "Cut Meutia, S.E.")
    assert staff_line[1:] == ["0101000001", "2741040", f"TPP November 2026 NIP {city.staff.nip}"]
    _, totals = payments.payment_list(city.dinas, c.YEAR, c.MONTH)
    assert totals["tpp_diterima"] == listed["tpp_diterima"] and totals["tpp_bersih"] == listed["tpp_bersih"]
    semicolons = payment.transfer_file(city.dinas, c.YEAR, c.MONTH, "titik_koma").content.decode().splitlines()
    assert semicolons[-1] == f"TOTAL;{listed['tpp_bersih']};3;"
    assert payment.payment_workbook(city.dinas, c.YEAR, c.MONTH).content.startswith(b"PK")
    filename, html = payment.summary(c.YEAR, c.MONTH)
    assert filename.endswith("-kota.pdf") and "REKAPITULASI PEMBAYARAN" in html


def test_the_treasurer_files_wait_for_the_lock(city):
    with pytest.raises(Conflict):
        payments.payment_list(city.dinas, c.YEAR, c.MONTH)


def test_keuangan_marks_a_locked_month_paid_once_with_audit_and_the_slip_shows_it(city):
    keuangan, paid_on = city.users.keuangan, datetime.date(2026, 12, 10)
    with pytest.raises(Conflict):
        payments.mark_paid(city.dinas, c.YEAR, c.MONTH, paid_on, "SP2D-001", keuangan)
    c.lock(city)
    with pytest.raises(Refused) as refused:
        payments.mark_paid(city.dinas, c.YEAR, c.MONTH, None, " ", keuangan)
    assert set(refused.value.errors) == {"tanggal_bayar", "nomor_dokumen"}
    payments.mark_paid(city.dinas, c.YEAR, c.MONTH, paid_on, "SP2D-001", keuangan)
    with pytest.raises(Conflict):
        payments.mark_paid(city.dinas, c.YEAR, c.MONTH, paid_on, "SP2D-002", keuangan)
    entry = AuditLog.get(AuditLog.aksi == "tandai_dibayar")
    assert entry.pengguna == "keuangan" and "SP2D-001" in entry.rincian
    slip = data.slip(_row(city, city.staff), True, c.YEAR, c.MONTH)
    assert slip["dibayar"].nomor_dokumen == "SP2D-001" and slip["tpp_bersih"] == 2_741_040


@pytest.mark.parametrize("account", ["12345", "1234567890123456789012", "0101-000001", "٠١٢٣٤٥٦٧٨٩", "1234 5678"])
def test_account_numbers_are_six_to_twenty_ascii_digits(city, account):
    with pytest.raises(Refused) as refused:
        pay_inputs.set_bank_details(city.staff, "Bank Aceh", account, city.users.keuangan)
    assert "nomor_rekening" in refused.value.errors


def test_bank_changes_are_audited_without_the_number(city):
    pay_inputs.set_bank_details(city.staff, "BSI", "7123456789", city.users.keuangan)
    entry = AuditLog.get(AuditLog.aksi == "ubah_rekening")
    assert "7123456789" not in " ".join(filter(None, (entry.dari, entry.ke, entry.rincian)))


def test_a_rule_set_on_the_ter_method_withholds_by_ptkp_status_and_the_lock_keeps_it(city):
    """Kelas 7 paid Rp 9.000.000: gross 5.400.000 + 3.600.000 x 93 % = 8.748.000 (the worked example's month).
    TK/0 -> TER A 8.550.001-9.650.000: 1,75 % = 153.090; K/1 -> TER B 7.300.001-9.200.000: 1 % = 87.480;
    BPJS 1 % = 87.480 either way."""
    from ekinerja.models import AturanTpp, Pegawai, TarifTpp

    AturanTpp.update(metode_pph21="ter").execute()
    TarifTpp.update(tarif=9_000_000).where(TarifTpp.kelas_jabatan == 7).execute()
    row = _row(city, city.staff)
    assert row["tpp_diterima"] == 8_748_000 and row["status_ptkp"] == "TK/0"
    assert [(i["kode"], i["persen"], i["rupiah"]) for i in row["potongan_tpp"]] == [
        ("PPH21", Decimal("1.75"), 153_090),
        ("BPJS", Decimal(1), 87_480),
    ]
    assert row["tpp_bersih"] == 8_507_430
    Pegawai.update(status_ptkp="K/1").where(Pegawai.id == city.staff.id).execute()
    assert _row(city, city.staff)["tpp_bersih"] == 8_748_000 - 87_480 - 87_480 == 8_573_040
    c.lock(city)
    Pegawai.update(status_ptkp="TK/0").where(Pegawai.id == city.staff.id).execute()
    stored = _row(city, city.staff)  # the snapshot keeps the status the month was taxed by
    assert (stored["status_ptkp"], stored["tpp_bersih"]) == ("K/1", 8_573_040)


JOINED = datetime.date(2026, 10, 1)
NOT_READY = (
    "Bulan ini belum siap direkap: tidak ada data presensi sidik jari dan tidak ada apel tercatat. "
    "Admin dapat tetap mengikutkannya."
)


def test_an_skpd_that_joined_but_has_no_scans_nor_apel_in_a_month_over_is_left_out_with_the_reason(city):
    Skpd.update(ikut_mulai=JOINED).execute()  # both SKPDs joined on a date; only DPKAD has November's data
    ((absent, reason),) = recap.absent_skpds(c.YEAR, c.MONTH)
    assert (absent.kode, reason) == ("DISDUK", NOT_READY)
    totals, _ = recap.city_totals(c.YEAR, c.MONTH)
    assert [(t["skpd"], t["pegawai"]) for t in totals] == [("DPKAD", 3)]
    assert recap.absent_skpds(c.YEAR, 12) == []  # December is still running (today 7 December): not judged
    with pytest.raises(Refused) as refused:  # leaving an SKPD out of the locked pay needs a reason
        c.lock(city)
    assert "1 SKPD tidak ikut direkap bulan ini (DISDUK)" in refused.value.errors["alasan"]
    periods.lock(city.users.verifikator, c.YEAR, c.MONTH, today=c.TODAY, reason="Disduk masih presensi manual")
    assert {r.skpd_kode for r in Rekap.select()} == {"DPKAD"}
    assert [s.kode for s, _ in recap.absent_skpds(c.YEAR, c.MONTH)] == ["DISDUK"]
    with pytest.raises(Conflict):
        participation.include_month(city.other, c.YEAR, c.MONTH, "Presensi manual", city.users.admin)


def test_apel_alone_does_not_make_a_month_ready_the_reason_names_what_is_missing(city):
    from ekinerja.models import Apel

    Skpd.update(ikut_mulai=JOINED).where(Skpd.id == city.other.id).execute()
    Apel.create(pegawai=city.stranger, tanggal=datetime.date(2026, 11, 2), sesi="pagi")
    ((_, reason),) = recap.absent_skpds(c.YEAR, c.MONTH)
    assert reason.startswith("Bulan ini belum siap direkap: tidak ada data presensi sidik jari. ")


def test_the_admin_includes_a_month_not_ready_with_a_reason_audited_and_can_withdraw_it(city):
    Skpd.update(ikut_mulai=JOINED).where(Skpd.id == city.other.id).execute()
    admin = city.users.admin
    with pytest.raises(Refused) as refused:
        participation.include_month(city.other, c.YEAR, c.MONTH, "  ", admin)
    assert "alasan" in refused.value.errors
    participation.include_month(city.other, c.YEAR, c.MONTH, "Presensi manual: mesin rusak", admin)
    assert recap.absent_skpds(c.YEAR, c.MONTH) == []
    totals, _ = recap.city_totals(c.YEAR, c.MONTH)
    assert [(t["skpd"], t["pegawai"]) for t in totals] == [("DISDUK", 1), ("DPKAD", 3)]
    (entry,) = AuditLog.select().where(AuditLog.aksi == "ikutkan_rekap")
    assert (entry.objek_id, entry.rincian_data) == (
        str(city.other.id),
        {"periode": "2026-11", "alasan": "Presensi manual: mesin rusak"},
    )
    with pytest.raises(Conflict):
        participation.include_month(city.other, c.YEAR, c.MONTH, "lagi", admin)
    participation.withdraw_inclusion(city.other, c.YEAR, c.MONTH, admin)
    assert [s.kode for s, _ in recap.absent_skpds(c.YEAR, c.MONTH)] == ["DISDUK"]
    assert AuditLog.select().where(AuditLog.aksi == "batal_ikutkan_rekap").count() == 1


def test_an_skpd_recorded_without_a_date_is_not_judged_so_no_earlier_recap_changes(city):
    assert city.other.ikut_mulai == PARTICIPATING_SINCE
    assert recap.absent_skpds(c.YEAR, c.MONTH) == []
    totals, _ = recap.city_totals(c.YEAR, c.MONTH)
    assert [t["skpd"] for t in totals] == ["DISDUK", "DPKAD"]


def test_an_inclusion_refused_in_a_locked_month_and_withdrawing_one_too(city):
    Skpd.update(ikut_mulai=JOINED).where(Skpd.id == city.other.id).execute()
    admin = city.users.admin
    participation.include_month(city.other, c.YEAR, c.MONTH, "Presensi manual", admin)
    c.lock(city)
    with pytest.raises(Conflict, match="sudah dikunci"):
        participation.withdraw_inclusion(city.other, c.YEAR, c.MONTH, admin)
    with pytest.raises(Conflict, match="sudah dikunci"):
        participation.include_month(city.other, c.YEAR, c.MONTH, "Presensi manual", admin)
    assert SkpdIkutBulan.select().count() == 1


def test_an_inclusion_waits_for_a_lock_in_progress_and_is_then_refused(app, city):
    """On PostgreSQL the inclusion takes the month's period row first: it cannot slip in while the lock snapshots."""
    if is_sqlite():
        pytest.skip("SQLite runs one write transaction at a time")
    Skpd.update(ikut_mulai=JOINED).where(Skpd.id == city.other.id).execute()
    period = Periode.create(tahun=c.YEAR, bulan=c.MONTH, status="TERBUKA", versi=0)
    main = database.obj
    locker = type(main)(main.database, **main.connect_params)
    locker.connect()
    locker.execute_sql("BEGIN")
    locker.execute_sql("UPDATE periode SET status = 'DIKUNCI' WHERE id = %s", (period.id,))
    outcome = []

    def include_meanwhile():
        with app.app_context(), database.connection_context():
            try:
                participation.include_month(city.other, c.YEAR, c.MONTH, "Presensi manual", city.users.admin)
                outcome.append("diikutkan")
            except Conflict:
                outcome.append("ditolak")

    thread = threading.Thread(target=include_meanwhile)
    thread.start()
    thread.join(1)
    finished_while_the_lock_was_open = bool(outcome)
    locker.execute_sql("COMMIT")
    locker.close()
    thread.join(10)
    assert not finished_while_the_lock_was_open
    assert outcome == ["ditolak"]
    assert SkpdIkutBulan.select().count() == 0
