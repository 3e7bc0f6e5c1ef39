"""Dated status and golongan through the recap, deductions and net kept by a lock, SKPD participation, the
treasurer's files against the nominatif, and marking a month paid."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest

from ekinerja.models import AuditLog, Rekap, Skpd
from ekinerja.rules.refusal import Conflict, Refused
from ekinerja.services import pay_inputs, payments, recap
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
