"""A city for the document tests: domain.md section 7's worked example written as rows, plus a second SKPD.

November 2026, DPKAD: the staff member (kelas 7, PNS) takes one day of leave, is late twice (TL1), leaves
early once (PSW2), is absent once (TK) and misses apel pagi twice; 5,200 catalogue and 1,500 extra minutes
are approved. Her recap: capaian 100,00 %, potongan 7,00 %, Rp 1.800.000 + Rp 1.116.000 = Rp 2.916.000.
"""

import datetime
from types import SimpleNamespace

from ekinerja import clock
from ekinerja.models import Aktivitas, Apel, BendaharaSkpd, Cuti, MenitHarian, Presensi, PresensiHarian
from ekinerja.services import periods
from tests import factories as f

YEAR, MONTH = 2026, 11
PERIODE = "2026-11"
TODAY = datetime.date(2026, 12, 7)
NOVEMBER = [datetime.date(2026, 11, d) for d in range(1, 31)]
WORKING = [d for d in NOVEMBER if d.weekday() < 5]
LEAVE = datetime.date(2026, 11, 10)
LATE = {datetime.date(2026, 11, 3), datetime.date(2026, 11, 17)}
EARLY = datetime.date(2026, 11, 12)
ABSENT = datetime.date(2026, 11, 19)
NO_APEL_PAGI = {datetime.date(2026, 11, 5), datetime.date(2026, 11, 24)}


def _at(day, hhmmss):
    return datetime.datetime.combine(day, datetime.time.fromisoformat(hhmmss))


def worked_example_attendance(person):
    scans, apel = [], []
    for day in WORKING:
        if day in (LEAVE, ABSENT):
            continue
        check_out = "15:15:00" if day == EARLY else ("16:35:02" if day.weekday() == 4 else "16:04:51")
        for time in ("07:45:10" if day in LATE else "07:24:33", "12:01:00", check_out):
            scans.append({"pegawai": person, "waktu": _at(day, time)})
        if day not in NO_APEL_PAGI:
            apel.append({"pegawai": person, "tanggal": day, "sesi": "pagi"})
        apel.append({"pegawai": person, "tanggal": day, "sesi": "sore"})
    Presensi.insert_many(scans).execute()
    PresensiHarian.refresh_days([(person.id, scan["waktu"].date()) for scan in scans])
    Apel.insert_many(apel).execute()


def worked_example_entries(person, tugas):
    rows = []
    for day in WORKING:
        if day == LEAVE:
            continue
        rows.append(
            {
                "pegawai": person,
                "tanggal": day,
                "tugas": tugas,
                "uraian": None,
                "volume": 13,
                "jam_mulai": datetime.time(8, 0),
                "jam_selesai": datetime.time(12, 20),
                "menit_diakui": 260,
                "status": "DISETUJUI",
            }
        )
        rows.append(
            {
                "pegawai": person,
                "tanggal": day,
                "tugas": None,
                "uraian": "Rapat koordinasi gaji",
                "volume": 1,
                "jam_mulai": datetime.time(13, 0),
                "jam_selesai": datetime.time(14, 15),
                "menit_diakui": 75,
                "status": "DISETUJUI",
            }
        )
    Aktivitas.insert_many(rows).execute()
    MenitHarian.refresh_days([(person.id, row["tanggal"]) for row in rows])


def build(monkeypatch):
    """The city as of 7 December 2026, November still open; returns its people, units and accounts."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    f.rule_set(datetime.date(2026, 1, 1))
    dinas = f.skpd(kode="DPKAD", nama="Dinas Pengelolaan Keuangan", singkatan="DPKAD", apel_sore=True)
    head = f.jabatan(dinas, nama="Kepala Bidang Perbendaharaan", jenis="administrator", kelas_jabatan=11)
    staff_job = f.jabatan(dinas, nama="Pengelola Gaji", kelas_jabatan=7, atasan=head)
    clerk_job = f.jabatan(dinas, nama="Bendahara Pengeluaran", kelas_jabatan=6, atasan=head)
    tugas = f.tugas(staff_job, kode="GAJI-01", uraian="Memverifikasi daftar gaji", satuan="dokumen", norma_waktu=20)
    boss = f.pegawai(head, mulai=datetime.date(2020, 1, 2), nama="Teuku Umar", golongan="IV/a")
    staff = f.pegawai(staff_job, nama="Cut Meutia", golongan="III/a", gelar_belakang="S.E.")
    clerk = f.pegawai(clerk_job, nama="Nyak Dhien", golongan="III/b")
    BendaharaSkpd.create(skpd=dinas, pegawai=clerk, mulai=datetime.date(2026, 1, 1))
    Cuti.create(pegawai=staff, jenis="cuti_tahunan", mulai=LEAVE, selesai=LEAVE, nomor_surat="800/123/2026")
    worked_example_attendance(staff)
    worked_example_entries(staff, tugas)

    other = f.skpd(kode="DISDUK", nama="Dinas Kependudukan", singkatan="DISDUK")
    stranger = f.pegawai(f.jabatan(other, nama="Verifikator Data", kelas_jabatan=7), nama="Teuku Lain")
    return SimpleNamespace(
        dinas=dinas,
        other=other,
        boss=boss,
        boss_job=head,
        staff=staff,
        clerk=clerk,
        stranger=stranger,
        tugas=tugas,
        users=SimpleNamespace(
            staff=f.user(pegawai=staff),
            boss=f.user(pegawai=boss),
            clerk=f.user(pegawai=clerk),
            stranger=f.user(pegawai=stranger),
            verifikator=f.user("verifikator", roles=("verifikator",)),
            admin=f.user("admin", roles=("admin",)),
            keuangan=f.user("keuangan", roles=("keuangan",)),
            admin_dpkad=f.user("admin.dpkad", roles=("admin_skpd",), skpd=dinas),
            admin_disduk=f.user("admin.disduk", roles=("admin_skpd",), skpd=other),
        ),
    )


def lock(city):
    return periods.lock(city.users.verifikator, YEAR, MONTH, today=TODAY)


def unlock(city):
    return periods.unlock(city.users.admin, YEAR, MONTH, "Koreksi presensi")
