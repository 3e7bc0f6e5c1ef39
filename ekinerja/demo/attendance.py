"""Fingerprint scans and apel of the demo people, from the past month until yesterday."""

import datetime
import random

from ekinerja import clock
from ekinerja.db import insert_all
from ekinerja.demo.city import DEMO_SKPD_CODES
from ekinerja.models import Apel, Cuti, Jabatan, Presensi, PresensiHarian, RiwayatJabatan, Skpd
from ekinerja.rules.calendar import clipped, days_between, previous_month
from ekinerja.services.calendar import Calendar
from ekinerja.services.periods import locked_months
from ekinerja.services.positions import in_force_between


def seed_attendance(today=None, first=None, last=None):
    """Fingerprint scans and apel from first to last (by default the past month and this month up to yesterday),
    for every demo employee.

    Mostly on time, with the usual lapses: a late arrival, an early departure, a missed apel, now and then a day
    without any scan. Nothing on leave days, days off, days without a position or days of a locked month.
    """
    today = today or clock.today()
    rng = random.Random("ekinerja-demo-presensi" + ("" if first is None else f"-{first}"))
    first, last = first or previous_month(today)[0], last or today - datetime.timedelta(days=1)
    calendar = Calendar(first, last)
    held = (
        RiwayatJabatan.select(RiwayatJabatan, Jabatan, Skpd)
        .join(Jabatan)
        .join(Skpd)
        .where(
            Skpd.kode.in_(DEMO_SKPD_CODES),
            in_force_between(RiwayatJabatan, first, last),
        )
        .order_by(RiwayatJabatan.pegawai, RiwayatJabatan.mulai)
    )
    away = {
        (cuti.pegawai_id, day)
        for cuti in Cuti.select().where(Cuti.mulai <= last, Cuti.selesai >= first)
        for day in days_between(cuti.mulai, cuti.selesai)
    }
    locked = locked_months([first, last])
    scans, apel = [], []
    for position in held:
        skpd = position.jabatan.skpd
        start, end = clipped(position.mulai, position.selesai, first, last)
        for day in calendar.working_days(skpd.jadwal_id, start, end):
            if (position.pegawai_id, day) in away or (day.year, day.month) in locked or rng.random() < 0.01:
                continue
            hours = calendar.schedule(skpd.jadwal_id, day)
            late, early = rng.random() < 0.06, rng.random() < 0.03
            masuk = datetime.datetime.combine(day, hours.masuk)
            masuk += datetime.timedelta(minutes=rng.randint(1, 50) if late else -rng.randint(3, 25))
            pulang = datetime.datetime.combine(day, hours.pulang)
            pulang += datetime.timedelta(minutes=-rng.randint(5, 45) if early else rng.randint(1, 30))
            pulang += datetime.timedelta(seconds=rng.randint(0, 59))
            scans += [(position.pegawai_id, masuk, "demo"), (position.pegawai_id, pulang, "demo")]
            if rng.random() > 0.04:
                apel.append((position.pegawai_id, day, "pagi"))
            if skpd.apel_sore and rng.random() > 0.03:
                apel.append((position.pegawai_id, day, "sore"))
    insert_all(Presensi, scans, [Presensi.pegawai, Presensi.waktu, Presensi.sumber], batch=500)
    PresensiHarian.refresh_days([(pegawai_id, waktu.date()) for pegawai_id, waktu, _ in scans])
    insert_all(Apel, apel, [Apel.pegawai, Apel.tanggal, Apel.sesi], batch=500)
    return {"presensi": len(scans), "apel": len(apel)}
