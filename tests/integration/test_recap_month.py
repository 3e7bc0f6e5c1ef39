"""The monthly recap from the database (domain.md sections 5-7, issue 4 "The recap").

Calendar (holidays, cuti bersama, Ramadan schedule), leave across months, mid-month starts and position
changes, CPNS and rounding, apel sore per SKPD, rule sets by effective date, open vs locked months with
snapshot versions, future days, the `flask recap` formats and the scoping of GET /api/v1/rekap.
The worked example of section 7 is tests/integration/test_worked_example.py; pure rules are in tests/unit.
"""

import csv
import datetime
import io
import json
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.db import database, open_database, run_concurrently
from ekinerja.models import (
    Aktivitas,
    Apel,
    Cuti,
    HariLibur,
    Jabatan,
    JadwalKhusus,
    MenitHarian,
    Pegawai,
    Periode,
    Presensi,
    PresensiHarian,
    Rekap,
    RiwayatJabatan,
    Skpd,
    TarifTpp,
)
from ekinerja.rules.calendar import day_set
from ekinerja.rules.tpp import DEMO_TARIF
from ekinerja.services import month_facts, periods, recap
from tests import factories as f

D = datetime.date
T = datetime.time
# Every month used here is over on this day, so every working day of it is judged.
AFTER = D(2026, 6, 15)
EARLY_IN, START = T(7, 15), T(7, 30)
MONEY = ("tpp_dasar", "tpp_kinerja", "tpp_disiplin", "tpp_diterima")
PERCENT = ("capaian_kinerja", "potongan_disiplin")
DOCUMENTED = (
    "nip",
    "nama",
    "skpd",
    "kelas_jabatan",
    "hari_kerja",
    "hari_berketerangan",
    "hari_efektif",
    "menit_standar",
    "menit_utama",
    "menit_tambahan",
    "menit_diakui",
    "capaian_kinerja",
    "potongan_disiplin",
    "rincian_disiplin",
    *MONEY,
)


def weekdays(year, month, start=1, end=31):
    days = []
    for n in range(start, end + 1):
        try:
            day = D(year, month, n)
        except ValueError:
            break
        if day.weekday() < 5:
            days.append(day)
    return days


MARCH = weekdays(2026, 3)  # 22 weekdays, 2 March (Mon) .. 31 March (Tue)
APRIL = weekdays(2026, 4)  # 22 weekdays
MAY = weekdays(2026, 5)  # 21 weekdays, the last one Fri 29 May


def attend(pegawai, days, masuk=EARLY_IN, pulang=None, pagi=True, sore=True):
    """Fingerprint scans before the start and after the end of the default schedule, and both apel."""
    for day in days:
        out = pulang or (T(16, 45) if day.weekday() == 4 else T(16, 10))
        Presensi.create(pegawai=pegawai, waktu=datetime.datetime.combine(day, masuk))
        Presensi.create(pegawai=pegawai, waktu=datetime.datetime.combine(day, out))
        if pagi:
            Apel.create(pegawai=pegawai, tanggal=day, sesi="pagi")
        if sore:
            Apel.create(pegawai=pegawai, tanggal=day, sesi="sore")


def approved(pegawai, day, minutes, tugas=None, start=START, status="DISETUJUI"):
    """An entry created directly with its credited minutes (tugas None: tugas tambahan)."""
    return f.entry(pegawai, day, minutes, start, status, tugas, uraian="Rapat koordinasi")


def row_of(pegawai, year, month, today=None):
    rows, _ = recap.month_recap(year, month, nip=pegawai.nip, today=today)
    assert len(rows) == 1, rows
    return rows[0]


def days_of(row):
    return (row["hari_kerja"], row["hari_berketerangan"], row["hari_efektif"], row["menit_standar"])


def pay_of(row):
    return tuple(row[name] for name in MONEY)


def deductions(row):
    return [(d["tanggal"], d["kode"], Decimal(str(d["persen"]))) for d in row["rincian_disiplin"]]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: AFTER)


@pytest.fixture
def city(app):
    f.rule_set(D(2026, 1, 1))
    dinas = f.skpd(kode="DISDIK", nama="Dinas Pendidikan", apel_sore=True)
    kabid = f.jabatan(dinas, nama="Kepala Bidang", jenis="administrator", kelas_jabatan=11)
    staf = f.jabatan(dinas, nama="Analis Kurikulum", kelas_jabatan=7, atasan=kabid)
    return SimpleNamespace(dinas=dinas, kabid=kabid, staf=staf, tugas=f.tugas(staf, norma_waktu=30))


# --- calendar -----------------------------------------------------------------------------------------------


def test_holidays_and_cuti_bersama_reduce_hari_kerja_and_are_never_tk(city):
    HariLibur.create(tanggal=D(2026, 3, 19), jenis="libur_nasional", keterangan="Hari Suci Nyepi")
    HariLibur.create(tanggal=D(2026, 3, 20), jenis="libur_nasional", keterangan="Idul Fitri 1447 H")
    HariLibur.create(tanggal=D(2026, 3, 21), jenis="libur_nasional", keterangan="Idul Fitri (Sabtu)")
    HariLibur.create(tanggal=D(2026, 3, 23), jenis="cuti_bersama", keterangan="Cuti bersama Idul Fitri")
    holidays = {D(2026, 3, 19), D(2026, 3, 20), D(2026, 3, 23)}
    person = f.pegawai(city.staf)
    working = [d for d in MARCH if d not in holidays]
    attend(person, working)  # nobody scans on a holiday
    for day in working:
        approved(person, day, 300, city.tugas)

    row = row_of(person, 2026, 3)
    # 22 weekdays - 2 national holidays - 1 cuti bersama (the Saturday holiday changes nothing)
    assert days_of(row) == (19, 0, 19, 5700)
    assert (row["menit_utama"], row["menit_diakui"], row["capaian_kinerja"]) == (5700, 5700, Decimal("100.00"))
    assert row["rincian_disiplin"] == []
    assert row["potongan_disiplin"] == 0
    assert pay_of(row) == (3_000_000, 1_800_000, 1_200_000, 3_000_000)

    days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    assert [day for day in holidays if days[day].hari_kerja] == []
    assert all(days[day].potongan == [] for day in holidays)
    assert days[D(2026, 3, 24)].hari_kerja


def test_someone_absent_the_whole_month_gets_tk_only_on_working_days(city):
    HariLibur.create(tanggal=D(2026, 3, 19), jenis="libur_nasional", keterangan="Hari Suci Nyepi")
    HariLibur.create(tanggal=D(2026, 3, 23), jenis="cuti_bersama", keterangan="Cuti bersama Idul Fitri")
    person = f.pegawai(city.staf)

    row = row_of(person, 2026, 3)
    tk_days = [tanggal for tanggal, kode, _ in deductions(row) if kode == "TK"]
    assert len(tk_days) == 20 and len(row["rincian_disiplin"]) == 20
    assert "2026-03-19" not in tk_days and "2026-03-23" not in tk_days
    assert row["potongan_disiplin"] == Decimal("60.00")  # 20 x 3.0
    assert pay_of(row) == (3_000_000, 0, 480_000, 480_000)


def test_leave_spanning_two_months_counts_in_each_month_only_its_own_days(city):
    HariLibur.create(tanggal=D(2026, 4, 3), jenis="libur_nasional", keterangan="Wafat Yesus Kristus")
    person = f.pegawai(city.staf)
    # Sat 28 March .. Fri 3 April: working days 30, 31 March and 1, 2 April (3 April is a holiday).
    Cuti.create(pegawai=person, jenis="cuti_tahunan", mulai=D(2026, 3, 28), selesai=D(2026, 4, 3), nomor_surat="851/7")
    leave = {D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 2), D(2026, 4, 3)}
    attend(person, [d for d in MARCH + APRIL if d not in leave])

    march, april = row_of(person, 2026, 3), row_of(person, 2026, 4)
    assert days_of(march) == (22, 2, 20, 6000)
    assert days_of(april) == (21, 2, 19, 5700)
    assert march["rincian_disiplin"] == [] and april["rincian_disiplin"] == []
    assert march["potongan_disiplin"] == 0 and april["potongan_disiplin"] == 0

    march_days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    assert march_days[D(2026, 3, 30)].berketerangan == "cuti_tahunan"
    assert march_days[D(2026, 3, 28)].berketerangan is None  # a Saturday is not a leave day
    assert march_days[D(2026, 3, 27)].berketerangan is None


def test_official_travel_is_berketerangan_and_not_tk(city):
    person = f.pegawai(city.staf)
    Cuti.create(pegawai=person, jenis="dinas_luar", mulai=D(2026, 3, 10), selesai=D(2026, 3, 12), nomor_surat="SPT/9")
    attend(person, [d for d in MARCH if not D(2026, 3, 10) <= d <= D(2026, 3, 12)])

    row = row_of(person, 2026, 3)
    assert days_of(row) == (22, 3, 19, 5700)
    assert row["rincian_disiplin"] == []


def test_a_person_who_starts_mid_month_counts_only_days_holding_the_position(city):
    person = f.pegawai(city.staf, mulai=D(2026, 3, 16), status="CPNS")
    # Works from the start, but misses Wed 18 March; nothing before the 16th is anyone's absence.
    attend(person, [d for d in MARCH if d >= D(2026, 3, 16) and d != D(2026, 3, 18)])
    for day in weekdays(2026, 3, 16, 20):
        approved(person, day, 300, city.tugas)
    approved(person, D(2026, 3, 13), 300, city.tugas)  # before the position: not counted

    row = row_of(person, 2026, 3)
    assert days_of(row) == (12, 0, 12, 3600)  # 16-20, 23-27, 30, 31 March
    assert deductions(row) == [("2026-03-18", "TK", Decimal("3"))]
    assert row["menit_diakui"] == 1500
    assert row["capaian_kinerja"] == Decimal("41.67")  # 1500 / 3600
    # CPNS: 80 % of 3,000,000 = 2,400,000; 1,440,000 x 41.67 % = 600,048; 960,000 x 97 % = 931,200
    assert pay_of(row) == (2_400_000, 600_048, 931_200, 1_531_248)

    days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    assert not days[D(2026, 3, 13)].hari_kerja and days[D(2026, 3, 13)].potongan == []
    assert days[D(2026, 3, 16)].hari_kerja


def test_approved_work_on_a_saturday_or_a_holiday_counts_within_the_daily_cap(city):
    HariLibur.create(tanggal=D(2026, 3, 20), jenis="libur_nasional", keterangan="Idul Fitri 1447 H")
    person = f.pegawai(city.staf)
    working = [d for d in MARCH if d != D(2026, 3, 20)]
    attend(person, working)
    for day in working:
        approved(person, day, 200, city.tugas)
    approved(person, D(2026, 3, 7), 500, city.tugas)  # a Saturday: 450 at most, as on any day
    approved(person, D(2026, 3, 20), 90)  # a tugas tambahan on the holiday

    row = row_of(person, 2026, 3)
    assert days_of(row) == (21, 0, 21, 6300)
    assert (row["menit_utama"], row["menit_tambahan"]) == (21 * 200 + 450, 90)
    days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    assert not days[D(2026, 3, 7)].hari_kerja and days[D(2026, 3, 7)].menit_utama == 500
    assert days[D(2026, 3, 7)].potongan == [] and days[D(2026, 3, 20)].menit_tambahan == 90


def test_a_position_change_pays_the_kelas_held_on_the_last_working_day(city):
    senior = f.jabatan(city.dinas, nama="Pengembang Teknologi Pembelajaran", kelas_jabatan=9, atasan=city.kabid)
    moved = f.pegawai(city.staf, mulai=D(2024, 1, 2))
    RiwayatJabatan.update(selesai=D(2026, 3, 15)).where(RiwayatJabatan.pegawai == moved).execute()
    RiwayatJabatan.create(pegawai=moved, jabatan=senior, mulai=D(2026, 3, 16))
    attend(moved, MARCH)

    row = row_of(moved, 2026, 3)
    assert days_of(row) == (22, 0, 22, 6600)  # both positions count for the working days
    assert (row["kelas_jabatan"], row["jabatan"]) == (9, "Pengembang Teknologi Pembelajaran")
    assert pay_of(row) == (4_000_000, 0, 1_600_000, 1_600_000)


def test_a_new_position_from_the_weekend_after_the_last_working_day_pays_next_month(city):
    senior = f.jabatan(city.dinas, nama="Pengembang Teknologi Pembelajaran", kelas_jabatan=9, atasan=city.kabid)
    moved = f.pegawai(city.staf, mulai=D(2024, 1, 2))
    RiwayatJabatan.update(selesai=D(2026, 5, 29)).where(RiwayatJabatan.pegawai == moved).execute()
    RiwayatJabatan.create(pegawai=moved, jabatan=senior, mulai=D(2026, 5, 30))  # Saturday
    attend(moved, MAY)

    row = row_of(moved, 2026, 5)
    assert days_of(row) == (21, 0, 21, 6300)
    assert (row["kelas_jabatan"], row["jabatan"]) == (7, "Analis Kurikulum")
    assert row["tpp_dasar"] == 3_000_000


# --- TPP ----------------------------------------------------------------------------------------------------


def test_a_transfer_judges_each_day_by_the_schedule_of_the_skpd_held_that_day(city):
    """RSUD works Saturdays and holds no apel sore; DISDIK works Monday to Friday."""
    rsud = f.skpd(kode="RSUD", apel_sore=False, jadwal=f.jadwal(sabtu_masuk=T(7, 30), sabtu_pulang=T(12, 30)))
    perawat = f.jabatan(rsud, nama="Perawat", kelas_jabatan=8)
    moved = f.pegawai(city.staf)
    RiwayatJabatan.update(selesai=D(2026, 3, 15)).where(RiwayatJabatan.pegawai == moved).execute()
    RiwayatJabatan.create(pegawai=moved, jabatan=perawat, mulai=D(2026, 3, 16))
    Pegawai.update(skpd=rsud).where(Pegawai.id == moved.id).execute()
    later = f.pegawai(city.staf)  # moves only in April: March is all DISDIK
    RiwayatJabatan.update(selesai=D(2026, 3, 31)).where(RiwayatJabatan.pegawai == later).execute()
    RiwayatJabatan.create(pegawai=later, jabatan=perawat, mulai=D(2026, 4, 1))
    Pegawai.update(skpd=rsud).where(Pegawai.id == later.id).execute()

    row = row_of(moved, 2026, 3)
    # 2-13 March: 10 DISDIK weekdays; 16-31 March: 12 weekdays and the Saturdays 21 and 28 at RSUD.
    assert row["hari_kerja"] == 24 and (row["skpd"], row["kelas_jabatan"]) == ("RSUD", 8)
    tk_days = [tanggal for tanggal, kode, _ in deductions(row)]
    assert "2026-03-21" in tk_days and "2026-03-14" not in tk_days and len(tk_days) == 24
    assert row_of(later, 2026, 3)["hari_kerja"] == 22 and row_of(later, 2026, 3)["skpd"] == city.dinas.kode
    days = {d.tanggal: d for d in recap.employee_month(moved, 2026, 3)["hari"]}
    assert days[D(2026, 3, 21)].hari_kerja and days[D(2026, 3, 21)].jadwal.pulang == T(12, 30)
    assert not days[D(2026, 3, 14)].hari_kerja

    by_skpd = {kode: {r["nip"] for r in recap.month_recap(2026, 3, skpd_kode=kode)[0]} for kode in ("RSUD", "DISDIK")}
    assert by_skpd == {"RSUD": {moved.nip}, "DISDIK": {later.nip}}
    everyone, _ = recap.compute_month(2026, 3)
    assert {r["nip"]: r["skpd"] for r in everyone} == {moved.nip: "RSUD", later.nip: "DISDIK"}


def test_cpns_gets_80_percent_and_each_part_rounds_half_up_to_whole_rupiah(city):
    TarifTpp.update(tarif=3_000_015).where(TarifTpp.kelas_jabatan == 8).execute()
    job = f.jabatan(city.dinas, kelas_jabatan=8, atasan=city.kabid)
    duty = f.tugas(job)
    cpns = f.pegawai(job, status="CPNS")
    pns = f.pegawai(job, status="PNS")
    for person in (cpns, pns):
        attend(person, MARCH)
        # 9 x 450 + 75 = 4,125 of 6,600 standard minutes: capaian 62.50 %
        for day in MARCH[:9]:
            approved(person, day, 450, duty)
        approved(person, MARCH[9], 75, duty)

    row = row_of(cpns, 2026, 3)
    assert row["capaian_kinerja"] == Decimal("62.50") and row["potongan_disiplin"] == 0
    # tpp_dasar 80 % x 3,000,015 = 2,400,012; kinerja 1,440,007.2 x 62.5 % = 900,004.5 -> 900,005 (half-up,
    # not half-even); disiplin 960,004.8 -> 960,005.
    assert pay_of(row) == (Decimal("2400012"), 900_005, 960_005, 1_860_010)
    assert recap.public_row(row)["tpp_dasar"] == 2_400_012

    row = row_of(pns, 2026, 3)
    # 1,800,009 x 62.5 % = 1,125,005.625 -> 1,125,006; 1,200,006.
    assert pay_of(row) == (3_000_015, 1_125_006, 1_200_006, 2_325_012)


def test_tambahan_is_capped_at_20_percent_of_the_standard_and_by_the_daily_cap(city):
    person = f.pegawai(city.staf)
    attend(person, MARCH)
    approved(person, MARCH[0], 400, city.tugas)
    approved(person, MARCH[0], 120, None, start=T(14, 30))  # only 50 fit under the daily 450
    approved(person, MARCH[1], 500, city.tugas)  # 450 counted
    for day in MARCH[2:6]:
        approved(person, day, 400, None)  # 1,600 extra minutes, above 20 % of 6,600 = 1,320

    row = row_of(person, 2026, 3)
    assert (row["menit_utama"], row["menit_tambahan"], row["menit_diakui"]) == (850, 1320, 2170)
    assert row["capaian_kinerja"] == Decimal("32.88")  # 2170 / 6600 = 32.878..


# --- discipline ---------------------------------------------------------------------------------------------


def test_ramadan_schedule_is_used_for_lateness_and_early_leave(city):
    ramadan = f.jadwal(
        kode="RAMADAN",
        nama="Ramadan",
        **{f"{d}_masuk": T(8, 0) for d in ("senin", "selasa", "rabu", "kamis", "jumat")},
        **{f"{d}_pulang": T(15, 0) for d in ("senin", "selasa", "rabu", "kamis")},
        jumat_pulang=T(15, 30),
    )
    JadwalKhusus.create(
        nama="Ramadan 1447 H", jadwal=city.dinas.jadwal, pengganti=ramadan, mulai=D(2026, 2, 18), selesai=D(2026, 3, 19)
    )
    person = f.pegawai(city.staf)
    fasting = [d for d in MARCH if d <= D(2026, 3, 19)]
    for day in fasting:
        masuk = T(8, 1) if day == D(2026, 3, 5) else T(7, 59)
        attend(person, [day], masuk=masuk, pulang=T(15, 30) if day.weekday() == 4 else T(15, 0))
    after = [d for d in MARCH if d > D(2026, 3, 19)]
    attend(person, [d for d in after if d != D(2026, 3, 23)])
    attend(person, [D(2026, 3, 23)], masuk=T(7, 59))

    row = row_of(person, 2026, 3)
    # 07:59 in Ramadan is on time, 08:01 is 1 minute late; leaving at 15:00 is not early in Ramadan.
    # After Ramadan, 07:59 is 29 minutes late again.
    assert [(d["tanggal"], d["kode"], d["menit"]) for d in row["rincian_disiplin"]] == [
        ("2026-03-05", "TL1", 1),
        ("2026-03-23", "TL1", 29),
    ]
    assert row["potongan_disiplin"] == Decimal("1.00")

    days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    assert (days[D(2026, 3, 2)].jadwal.masuk, days[D(2026, 3, 2)].jadwal.pulang) == (T(8, 0), T(15, 0))
    assert (days[D(2026, 3, 23)].jadwal.masuk, days[D(2026, 3, 23)].jadwal.pulang) == (T(7, 30), T(16, 0))


def scan(pegawai, day, *times):
    for moment in times:
        Presensi.create(pegawai=pegawai, waktu=datetime.datetime.combine(day, moment))


def test_check_in_is_the_first_scan_before_noon_and_check_out_the_last_from_noon(city):
    person = f.pegawai(city.staf)
    attend(person, [d for d in MARCH if d > D(2026, 3, 5)])
    # Stray scans in the morning and at noon change nothing; 12:00:00 is already the afternoon.
    scan(person, D(2026, 3, 2), T(7, 25), T(7, 20), T(11, 59, 59), T(12, 0), T(16, 5), T(13, 0))
    scan(person, D(2026, 3, 3), T(7, 20), T(11, 59, 59))  # no scan from noon on: PSW4
    scan(person, D(2026, 3, 4), T(12, 0), T(16, 30))  # no scan before noon: TL4
    scan(person, D(2026, 3, 5), T(11, 59, 59), T(12, 0))  # late and early
    for day in (D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 5)):
        Apel.create(pegawai=person, tanggal=day, sesi="pagi")
        Apel.create(pegawai=person, tanggal=day, sesi="sore")
    scan(person, D(2026, 3, 7), T(7, 0))  # a Saturday: not a working day, judged never

    days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    at = datetime.datetime.combine
    assert (days[D(2026, 3, 2)].masuk, days[D(2026, 3, 2)].pulang) == (
        at(D(2026, 3, 2), T(7, 20)),
        at(D(2026, 3, 2), T(16, 5)),
    )
    assert (days[D(2026, 3, 3)].masuk, days[D(2026, 3, 3)].pulang) == (at(D(2026, 3, 3), T(7, 20)), None)
    assert (days[D(2026, 3, 4)].masuk, days[D(2026, 3, 4)].pulang) == (None, at(D(2026, 3, 4), T(16, 30)))
    assert [(d["tanggal"], d["kode"], d["menit"]) for d in row_of(person, 2026, 3)["rincian_disiplin"]] == [
        ("2026-03-03", "PSW4", None),
        ("2026-03-04", "TL4", None),
        ("2026-03-05", "TL4", 269),
        ("2026-03-05", "PSW4", 240),
    ]


def test_a_city_recap_read_on_several_connections_equals_each_persons_own(city):
    """compute_month() for a city or an SKPD reads minutes and attendance in threads at once."""
    other = f.skpd(kode="RSUD", apel_sore=False)
    people = [f.pegawai(city.staf), f.pegawai(city.staf), f.pegawai(f.jabatan(other, kelas_jabatan=9))]
    attend(people[0], MARCH[:-3], masuk=T(7, 45))
    attend(people[1], MARCH, pagi=False, sore=False)
    attend(people[2], MARCH[2:], pulang=T(15, 10), sore=False)
    Cuti.create(pegawai=people[2], jenis="dinas_luar", mulai=D(2026, 3, 2), selesai=D(2026, 3, 3), nomor_surat="1")
    for day in MARCH[:10]:
        approved(people[0], day, 330, city.tugas)
        approved(people[1], day, 200, city.tugas)
        approved(people[1], day, 60)
        approved(people[2], day, 500)

    rows, _ = recap.compute_month(2026, 3)
    by_nip = {row["nip"]: row for row in rows}
    assert sorted(by_nip) == sorted(p.nip for p in people)
    for person in people:
        alone, _ = recap.compute_month(2026, 3, pegawai_ids=[person.id])
        assert by_nip[person.nip] == alone[0]
    assert [row["tpp_diterima"] for row in (by_nip[p.nip] for p in people)] == [
        row_of(p, 2026, 3)["tpp_diterima"] for p in people
    ]
    assert len(deductions(by_nip[people[0].nip])) == 22  # 19 x TL1 and 3 x TK
    assert by_nip[people[2].nip]["hari_berketerangan"] == 2

    # What was read per employee is freed once the rows are made, and read again when asked for.
    rows, facts = recap.compute_month(2026, 3)
    assert not set(month_facts.MonthFacts.PER_EMPLOYEE_LOADS) & set(vars(facts))
    assert [facts.compute(person.id) for person in people] == [by_nip[person.nip] for person in people]


def test_the_days_the_attendance_query_leaves_out_carry_no_tl_or_psw(city):
    """Random scans to the microsecond around the hours of two schedules (DISDIK's, and RSUD's six-day week that
    ends at 14:30), read by the city recap, against the same month judged with the times of every scanned day."""
    rng = random.Random(20261129)
    weekdays_end = {f"{day}_pulang": T(14, 30) for day in ("senin", "selasa", "rabu", "kamis", "jumat")}
    rsud = f.skpd(kode="RSUD", jadwal=f.jadwal(**weekdays_end, sabtu_masuk=T(7, 30), sabtu_pulang=T(12, 30)))
    people = [f.pegawai(city.staf) for _ in range(3)] + [f.pegawai(f.jabatan(rsud)) for _ in range(3)]
    edges = [T(7, 30), T(12, 30), T(14, 30), T(16, 0), T(16, 30)]

    def near(day, moment):
        jitter = datetime.timedelta(seconds=rng.randint(-120, 120), microseconds=rng.choice((0, 1, 999_999)))
        return datetime.datetime.combine(day, moment) + jitter

    scans = {person.id: {} for person in people}
    for person in people:
        for day in (D(2026, 3, 1) + datetime.timedelta(days=n) for n in range(31)):
            if rng.random() < 0.1:
                continue
            moments = [near(day, rng.choice(edges)) for _ in range(rng.randint(1, 3))]
            for moment in set(moments):
                Presensi.create(pegawai=person, waktu=moment)
            scans[person.id][day] = set(moments)
            for sesi in ("pagi", "sore"):
                if rng.random() < 0.8:
                    Apel.create(pegawai=person, tanggal=day, sesi=sesi)

    rows, facts = recap.compute_month(2026, 3)
    by_nip = {row["nip"]: row for row in rows}
    left_out = 0
    for person in people:
        month = facts.month_discipline(person.id)
        times = {}
        for day, moments in scans[person.id].items():
            morning = [m for m in moments if m.time() < datetime.time(12)]
            afternoon = [m for m in moments if m.time() >= datetime.time(12)]
            times[day.day] = (min(morning, default=None), max(afternoon, default=None))
        present = {
            sesi: day_set(a.tanggal.day for a in Apel.select().where(Apel.pegawai == person, Apel.sesi == sesi))
            for sesi in ("pagi", "sore")
        }
        expected = month.deductions(month.working, day_set(times), times, present["pagi"], present["sore"])
        assert [(d["tanggal"], d["kode"], d["menit"]) for d in by_nip[person.nip]["rincian_disiplin"]] == [
            (d.tanggal.isoformat(), d.kode, d.menit) for d in expected
        ]
        left_out += len(times) - len(facts.scan_times.get(person.id, {}))
    assert left_out > 20  # days within the limits of their day, of which the query sent no times


def test_the_scan_limits_come_from_the_schedules_of_the_positions_held(city):
    """An SKPD nobody held a position in (here one starting at 06:00) does not widen the hours whose days need
    their times: a day scanned within DISDIK's hours is sent as scanned only."""
    f.skpd(kode="PASAR", jadwal=f.jadwal(senin_masuk=T(6, 0), selasa_masuk=T(6, 0)), aktif=False)
    person = f.pegawai(city.staf)
    attend(person, MARCH)
    facts = month_facts.MonthFacts(2026, 3)
    assert facts.scanned[person.id] == day_set(day.day for day in MARCH)
    assert person.id not in facts.scan_times
    assert {before.time() for before, _ in facts.scan_limits.values()} == {T(7, 31)}


def test_a_city_recap_inside_a_transaction_sees_its_uncommitted_writes(city):
    """Locking computes the recap inside its transaction: no load may read on a connection of its own."""
    with database.atomic() as transaction:
        person = f.pegawai(city.staf)
        attend(person, MARCH)
        for day in MARCH:
            approved(person, day, 300, city.tugas)
        rows, _ = recap.compute_month(2026, 3)
        transaction.rollback()
    assert [(row["nip"], row["menit_utama"], row["potongan_disiplin"]) for row in rows] == [(person.nip, 6600, 0)]


def test_loads_on_an_in_memory_sqlite_database_run_in_turn_on_its_one_connection():
    """Another connection to an in-memory database would find it empty."""
    previous = database.obj
    memory = open_database("sqlite:///:memory:")
    database.initialize(memory)
    try:
        database.execute_sql("CREATE TABLE hitung (x INTEGER)")
        database.execute_sql("INSERT INTO hitung VALUES (1), (2)")
        count = "SELECT COUNT(*) FROM hitung"
        assert run_concurrently(*[lambda: database.execute_sql(count).fetchone()[0]] * 3) == [2, 2, 2]
    finally:
        memory.close()
        database.initialize(previous)


def test_apel_sore_counts_only_where_the_skpd_holds_one(city):
    tanpa = f.skpd(kode="RSUD", apel_sore=False)
    tanpa_staf = f.pegawai(f.jabatan(tanpa, kelas_jabatan=7))
    attend(tanpa_staf, MARCH, sore=False)
    dengan_staf = f.pegawai(city.staf)
    attend(dengan_staf, [d for d in MARCH if d != D(2026, 3, 10)])
    attend(dengan_staf, [D(2026, 3, 10)], sore=False)

    row = row_of(tanpa_staf, 2026, 3)
    assert row["rincian_disiplin"] == [] and row["potongan_disiplin"] == 0
    assert row["tpp_disiplin"] == 1_200_000

    row = row_of(dengan_staf, 2026, 3)
    assert deductions(row) == [("2026-03-10", "APEL_SORE", Decimal("1"))]
    assert row["potongan_disiplin"] == Decimal("1.00")
    assert row["tpp_disiplin"] == 1_188_000


def test_days_after_today_produce_no_tk(city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: D(2026, 3, 18))
    person = f.pegawai(city.staf)
    attend(person, [d for d in MARCH if d < D(2026, 3, 17)])  # 17 March missed, nothing yet from the 18th

    row = row_of(person, 2026, 3)
    assert deductions(row) == [("2026-03-17", "TK", Decimal("3"))]
    assert row["potongan_disiplin"] == Decimal("3.00")
    days = {d.tanggal: d for d in recap.employee_month(person, 2026, 3)["hari"]}
    assert all(days[d].potongan == [] for d in MARCH if d > D(2026, 3, 17))


# --- rule sets ----------------------------------------------------------------------------------------------


def test_a_month_uses_the_rule_set_in_force_on_its_first_day(city):
    f.rule_set(D(2026, 3, 2), tarif={**DEMO_TARIF, 7: 4_000_000}, menit_efektif_per_hari=240)
    f.rule_set(D(2026, 4, 1), tarif={**DEMO_TARIF, 7: 5_000_000}, menit_efektif_per_hari=200)
    person = f.pegawai(city.staf)
    attend(person, MARCH + APRIL)

    march = row_of(person, 2026, 3)  # 2 March is after 1 March: the January rules apply
    assert march["menit_standar"] == 22 * 300
    assert pay_of(march) == (3_000_000, 0, 1_200_000, 1_200_000)
    assert march["aturan"]["berlaku_mulai"] == "2026-01-01"

    april = row_of(person, 2026, 4)  # in force on 1 April itself
    assert april["menit_standar"] == 22 * 200
    assert pay_of(april) == (5_000_000, 0, 2_000_000, 2_000_000)
    assert april["aturan"]["berlaku_mulai"] == "2026-04-01"
    assert april["aturan"]["menit_efektif_per_hari"] == 200


def test_a_month_before_any_rule_set_uses_the_default_values_and_pays_no_tariff(city):
    """December 2025 precedes the only rule set (1 January 2026): the defaults of domain.md apply."""
    december = weekdays(2025, 12)
    person = f.pegawai(city.staf)
    attend(person, [d for d in december if d not in (D(2025, 12, 3), D(2025, 12, 4))])
    attend(person, [D(2025, 12, 3)], masuk=T(7, 45))  # 15 minutes late: TL1
    attend(person, [D(2025, 12, 4)], masuk=T(8, 35))  # 65 minutes late: TL3

    row = row_of(person, 2025, 12)
    assert deductions(row) == [("2025-12-03", "TL1", Decimal("0.5")), ("2025-12-04", "TL3", Decimal("1.25"))]
    assert row["potongan_disiplin"] == Decimal("1.75")
    assert row["menit_standar"] == len(december) * 300
    assert pay_of(row) == (0, 0, 0, 0)
    assert row["aturan"]["berlaku_mulai"] == "2025-01-01" and row["aturan"]["tarif"] == {}


# --- open, locked, unlocked, re-locked ----------------------------------------------------------------------


def _token(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_open_month_is_computed_now_locked_month_reads_its_snapshot_versions(client, city):
    person = f.pegawai(city.staf)
    attend(person, MARCH)
    entries = [approved(person, day, 300, city.tugas) for day in MARCH]
    f.user("verif", roles=("verifikator",))
    f.user("admin", roles=("admin",))

    row = row_of(person, 2026, 3)
    assert recap.month_recap(2026, 3)[1] is False
    assert (row["capaian_kinerja"], row["tpp_diterima"]) == (Decimal("100.00"), 3_000_000)

    # An open month follows the data: two approvals undone -> 6,000 of 6,600 minutes.
    Aktivitas.update(status="DIAJUKAN").where(Aktivitas.id.in_([entries[0].id, entries[1].id])).execute()
    MenitHarian.rebuild()
    row = row_of(person, 2026, 3)
    assert (row["menit_diakui"], row["capaian_kinerja"]) == (6000, Decimal("90.91"))
    assert pay_of(row) == (3_000_000, 1_636_380, 1_200_000, 2_836_380)

    response = client.post("/api/v1/periode/2026-03/kunci", headers=_token(client, "verif"))
    assert response.status_code == 200, response.json
    assert response.json == {"periode": "2026-03", "status": "DIKUNCI", "versi": 1}
    stored = list(Rekap.select().where(Rekap.tahun == 2026, Rekap.bulan == 3))
    assert [(r.nip, r.versi, r.berlaku, r.tpp_diterima) for r in stored] == [(person.nip, 1, True, 2_836_380)]
    assert stored[0].rincian_data["aturan"]["tarif"]["7"] == 3_000_000

    # Changes behind the lock's back change nothing in the locked month's recap.
    Aktivitas.update(status="DISETUJUI").where(Aktivitas.pegawai == person).execute()
    Presensi.delete().where(Presensi.waktu < datetime.datetime(2026, 3, 3)).execute()  # 2 March: would be TK
    MenitHarian.rebuild()
    PresensiHarian.rebuild()
    TarifTpp.update(tarif=5_000_000).where(TarifTpp.kelas_jabatan == 7).execute()
    # Identity of that moment: name, golongan, position and SKPD edited afterwards stay as they were.
    Pegawai.update(nama="Nama Baru", golongan="III/b").where(Pegawai.id == person.id).execute()
    Jabatan.update(nama="Jabatan Baru").where(Jabatan.id == city.staf.id).execute()
    Skpd.update(nama="Dinas Baru").where(Skpd.id == city.dinas.id).execute()
    rows, final = recap.month_recap(2026, 3)
    assert final is True
    assert (rows[0]["nama"], rows[0]["golongan"], rows[0]["jabatan"], rows[0]["kelas_jabatan"]) == (
        person.nama,
        "III/a",
        "Analis Kurikulum",
        7,
    )
    assert (rows[0]["skpd"], rows[0]["skpd_nama"]) == ("DISDIK", "Dinas Pendidikan")
    assert [(r["nip"], r["capaian_kinerja"], r["potongan_disiplin"]) for r in rows] == [
        (person.nip, Decimal("90.91"), 0)
    ]
    assert pay_of(rows[0]) == (3_000_000, 1_636_380, 1_200_000, 2_836_380)
    assert rows[0]["aturan"]["tarif"]["7"] == 3_000_000

    # Unlocking needs an admin and a reason; the open month is then computed from today's data.
    admin = _token(client, "admin")
    verif = _token(client, "verif")
    assert client.post("/api/v1/periode/2026-03/buka", json={"alasan": "x"}, headers=verif).status_code == 403
    assert client.post("/api/v1/periode/2026-03/buka", json={"alasan": "  "}, headers=admin).status_code == 422
    response = client.post("/api/v1/periode/2026-03/buka", json={"alasan": "Koreksi presensi 2 Maret"}, headers=admin)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "TERBUKA"
    rows, final = recap.month_recap(2026, 3)
    assert final is False
    assert (rows[0]["capaian_kinerja"], rows[0]["potongan_disiplin"]) == (Decimal("100.00"), Decimal("3.00"))
    assert deductions(rows[0]) == [("2026-03-02", "TK", Decimal("3"))]
    # 5,000,000: kinerja 3,000,000, disiplin 2,000,000 x 97 % = 1,940,000
    assert pay_of(rows[0]) == (5_000_000, 3_000_000, 1_940_000, 4_940_000)

    response = client.post("/api/v1/periode/2026-03/kunci", headers=_token(client, "verif"))
    assert response.json == {"periode": "2026-03", "status": "DIKUNCI", "versi": 2}
    versions = Rekap.select(Rekap.versi, Rekap.berlaku, Rekap.tpp_diterima).where(Rekap.pegawai == person)
    assert sorted(versions.tuples()) == [(1, False, 2_836_380), (2, True, 4_940_000)]
    rows, final = recap.month_recap(2026, 3)
    assert final is True and [r["tpp_diterima"] for r in rows] == [4_940_000]
    assert Periode.get(Periode.tahun == 2026, Periode.bulan == 3).versi == 2


def test_unlock_without_a_reason_is_refused_by_the_service(city):
    f.pegawai(city.staf)
    periods.lock("verif", 2026, 3, today=AFTER)
    with pytest.raises(periods.PeriodError):
        periods.unlock("admin", 2026, 3, " ")
    assert recap.month_recap(2026, 3)[1] is True


# --- flask recap --------------------------------------------------------------------------------------------


@pytest.fixture
def two_skpd(city):
    """DISDIK: one person with a TK on 2 March and full minutes; DINKES: one kelas 9 person without entries."""
    dinkes = f.skpd(kode="DINKES", nama="Dinas Kesehatan", apel_sore=False)
    guru = f.pegawai(city.staf, nama="Cut Nyak Meutia")
    attend(guru, MARCH[1:])
    for day in MARCH[1:]:
        approved(guru, day, 315, city.tugas)  # 21 x 315 = 6,615 >= 6,600
    bidan = f.pegawai(f.jabatan(dinkes, kelas_jabatan=9), nama="Teuku Umar")
    attend(bidan, MARCH, sore=False)
    return SimpleNamespace(guru=guru, bidan=bidan, dinkes=dinkes, **vars(city))


def test_cli_json_lines_have_the_documented_fields_and_types(runner, two_skpd):
    result = runner.invoke(args=["recap", "--periode", "2026-03", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["nip"]: r for r in map(json.loads, result.output.splitlines())}
    assert set(rows) == {two_skpd.guru.nip, two_skpd.bidan.nip}
    for row in rows.values():
        assert set(DOCUMENTED) <= set(row)
        assert all(type(row[name]) is int for name in MONEY), row
        assert all(type(row[name]) in (int, float) and round(row[name], 2) == row[name] for name in PERCENT)
    guru = rows[two_skpd.guru.nip]
    assert (guru["nama"], guru["skpd"], guru["kelas_jabatan"]) == ("Cut Nyak Meutia", "DISDIK", 7)
    assert (guru["capaian_kinerja"], guru["potongan_disiplin"]) == (100.0, 3.0)
    assert guru["rincian_disiplin"] == [{"tanggal": "2026-03-02", "kode": "TK", "persen": 3.0}]
    assert [guru[name] for name in MONEY] == [3_000_000, 1_800_000, 1_164_000, 2_964_000]
    bidan = rows[two_skpd.bidan.nip]
    assert (bidan["skpd"], bidan["kelas_jabatan"], bidan["capaian_kinerja"]) == ("DINKES", 9, 0.0)
    assert [bidan[name] for name in MONEY] == [4_000_000, 0, 1_600_000, 1_600_000]

    result = runner.invoke(args=["recap", "--periode", "2026-03", "--skpd", "DINKES", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["nip"] for line in result.output.splitlines()] == [two_skpd.bidan.nip]


def test_cli_csv_has_a_header_row(runner, two_skpd):
    result = runner.invoke(args=["recap", "--periode", "2026-03", "--skpd", "DISDIK", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO(result.output)))
    assert set(DOCUMENTED) <= set(lines[0])
    assert len(lines) == 2
    row = dict(zip(lines[0], lines[1], strict=True))
    assert (row["nip"], row["tpp_diterima"], row["kelas_jabatan"]) == (two_skpd.guru.nip, "2964000", "7")
    assert (float(row["capaian_kinerja"]), float(row["potongan_disiplin"])) == (100.0, 3.0)
    assert "2026-03-02" in row["rincian_disiplin"] and "TK" in row["rincian_disiplin"]


def test_cli_table_says_draft_for_an_open_month_and_final_for_a_locked_one(runner, two_skpd):
    result = runner.invoke(args=["recap", "--periode", "2026-03"])
    assert result.exit_code == 0, result.output
    assert "DRAFT - belum dikunci" in result.output
    assert "Cut Nyak Meutia" in result.output and "Teuku Umar" in result.output

    periods.lock("verif", 2026, 3, today=AFTER)
    result = runner.invoke(args=["recap", "--periode", "2026-03", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "final" in result.output and "DRAFT" not in result.output
    assert "Cut Nyak Meutia" in result.output


def test_cli_refuses_an_unknown_skpd_and_a_bad_period(runner, two_skpd):
    result = runner.invoke(args=["recap", "--periode", "2026-03", "--skpd", "NOPE"])
    assert result.exit_code != 0
    assert "NOPE" in result.output
    result = runner.invoke(args=["recap", "--periode", "2026-13"])
    assert result.exit_code != 0


# --- GET /api/v1/rekap --------------------------------------------------------------------------------------


@pytest.fixture
def api_users(two_skpd):
    rekan = f.pegawai(two_skpd.staf, nama="Pocut Baren")
    attend(rekan, MARCH)
    f.user(pegawai=two_skpd.guru)
    f.user(pegawai=rekan)
    f.user("admin_disdik", roles=("admin_skpd",), skpd=two_skpd.dinas)
    for role in ("keuangan", "verifikator", "admin"):
        f.user(role, roles=(role,))
    two_skpd.rekan = rekan
    return two_skpd


def _rekap(client, username, query=""):
    return client.get(f"/api/v1/rekap?periode=2026-03{query}", headers=_token(client, username))


def test_api_rekap_gives_a_pegawai_only_their_own_row(client, api_users):
    guru = api_users.guru.nip
    response = _rekap(client, guru)
    assert response.status_code == 200
    assert [r["nip"] for r in response.json] == [guru]
    assert response.json[0]["tpp_diterima"] == 2_964_000
    # Another SKPD's code never opens other people's rows.
    response = _rekap(client, guru, "&skpd=DINKES")
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert {r["nip"] for r in response.json} <= {guru}


def test_api_rekap_gives_a_pegawai_their_own_row_even_with_their_skpd(client, api_users):
    response = _rekap(client, api_users.guru.nip, "&skpd=DISDIK")
    assert response.status_code == 200, response.json
    assert [r["nip"] for r in response.json] == [api_users.guru.nip]


def test_api_rekap_gives_an_admin_skpd_their_skpd_only(client, api_users):
    response = _rekap(client, "admin_disdik")
    assert response.status_code == 200
    assert sorted(r["nip"] for r in response.json) == sorted([api_users.guru.nip, api_users.rekan.nip])
    assert {r["skpd"] for r in response.json} == {"DISDIK"}
    assert len(_rekap(client, "admin_disdik", "&skpd=DISDIK").json) == 2
    response = _rekap(client, "admin_disdik", "&skpd=DINKES")
    assert response.status_code == 422
    assert "skpd" in response.json["errors"]
    assert _rekap(client, "admin_disdik", "&skpd=NOPE").status_code == 422


def test_api_rekap_gives_an_admin_skpd_working_in_another_skpd_only_their_own_row_of_it(client, api_users):
    """admin_skpd of DISDIK whose own employee record is in DINKES (a transfer, or how the admin set it up)."""
    colleague = f.pegawai(f.jabatan(api_users.dinkes, kelas_jabatan=7), nama="Rekan Dinkes")
    attend(colleague, MARCH)
    f.user("admin_lintas", roles=("admin_skpd", "pegawai"), skpd=api_users.dinas, pegawai=api_users.bidan)
    response = _rekap(client, "admin_lintas", "&skpd=DINKES")
    assert response.status_code == 200
    assert [r["nip"] for r in response.json] == [api_users.bidan.nip]
    assert {r["nip"] for r in _rekap(client, "admin_lintas").json} == {api_users.guru.nip, api_users.rekan.nip}


@pytest.mark.parametrize("role", ["keuangan", "verifikator", "admin"])
def test_api_rekap_gives_city_wide_roles_every_skpd(client, api_users, role):
    response = _rekap(client, role)
    assert response.status_code == 200
    assert len(response.json) == 3 and {r["skpd"] for r in response.json} == {"DISDIK", "DINKES"}
    response = _rekap(client, role, "&skpd=DINKES")
    assert [r["nip"] for r in response.json] == [api_users.bidan.nip]


def test_api_rekap_needs_a_token_and_a_period(client, api_users):
    assert client.get("/api/v1/rekap?periode=2026-03").status_code == 401
    response = client.get("/api/v1/rekap?periode=2026-3", headers=_token(client, "keuangan"))
    assert response.status_code == 422 and "periode" in response.json["errors"]


def test_api_rekap_of_a_locked_month_reads_the_snapshot(client, api_users):
    periods.lock("verif", 2026, 3, today=AFTER)
    TarifTpp.update(tarif=9_000_000).where(TarifTpp.kelas_jabatan == 7).execute()
    response = _rekap(client, api_users.guru.nip)
    assert [(r["nip"], r["tpp_dasar"], r["tpp_diterima"]) for r in response.json] == [
        (api_users.guru.nip, 3_000_000, 2_964_000)
    ]
    assert response.json[0]["rincian_disiplin"] == [{"tanggal": "2026-03-02", "kode": "TK", "persen": 3.0}]


def test_openapi_lists_rekap(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/rekap"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"periode", "skpd"}
    properties = spec["components"]["schemas"]["Rekap"]["properties"]
    assert set(DOCUMENTED) <= set(properties)
