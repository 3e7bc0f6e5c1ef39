"""A month of one employee or of many: working days, leave, approved minutes and the kinerja score."""

import datetime
from collections import defaultdict
from typing import NamedTuple

from peewee import fn

from ekinerja.models import Aktivitas, Cuti, RiwayatJabatan, Skpd
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.kinerja import KinerjaRules, kinerja
from ekinerja.rules.workflow import COUNTED
from ekinerja.services.calendar import Calendar, rule_set_on


class DayRow(NamedTuple):
    tanggal: datetime.date
    hari_kerja: bool
    berketerangan: str | None
    menit_utama: int
    menit_tambahan: int
    menit_diajukan: int
    status: dict


def kinerja_rules(aturan):
    return KinerjaRules(aturan.menit_efektif_per_hari, aturan.batas_menit_harian, aturan.batas_tambahan_persen)


class MonthFacts:
    """Everything a month's computation reads, loaded in a fixed number of queries for any number of employees."""

    def __init__(self, year, month, pegawai_ids=None):
        self.year, self.month = year, month
        self.first, self.last = month_bounds(year, month)
        self.calendar = Calendar(self.first, self.last)
        self.aturan = rule_set_on(self.first)
        self.pegawai_ids = pegawai_ids
        self.positions = self._positions()
        self.leave = self._leave()
        self.minutes = self._approved_minutes()

    def _scoped(self, query, field):
        return query if self.pegawai_ids is None else query.where(field.in_(self.pegawai_ids))

    def _positions(self):
        query = RiwayatJabatan.select(
            RiwayatJabatan.pegawai, RiwayatJabatan.jabatan, RiwayatJabatan.mulai, RiwayatJabatan.selesai
        ).where(
            RiwayatJabatan.mulai <= self.last, RiwayatJabatan.selesai.is_null() | (RiwayatJabatan.selesai >= self.first)
        )
        held = defaultdict(list)
        for pegawai_id, jabatan_id, mulai, selesai in self._scoped(query, RiwayatJabatan.pegawai).tuples():
            held[pegawai_id].append((max(mulai, self.first), min(selesai or self.last, self.last), jabatan_id))
        return held

    def _leave(self):
        query = Cuti.select(Cuti.pegawai, Cuti.jenis, Cuti.mulai, Cuti.selesai).where(
            Cuti.mulai <= self.last, Cuti.selesai >= self.first
        )
        days = defaultdict(dict)
        for pegawai_id, jenis, mulai, selesai in self._scoped(query, Cuti.pegawai).tuples():
            day = max(mulai, self.first)
            while day <= min(selesai, self.last):
                days[pegawai_id][day] = jenis
                day += datetime.timedelta(days=1)
        return days

    def _approved_minutes(self):
        """{pegawai: {day: [utama, tambahan]}} of approved entries: one grouped query."""
        is_tambahan = Aktivitas.tugas.is_null()
        query = (
            Aktivitas.select(
                Aktivitas.pegawai, Aktivitas.tanggal, is_tambahan.alias("tambahan"), fn.SUM(Aktivitas.menit_diakui)
            )
            .where(Aktivitas.tanggal.between(self.first, self.last), Aktivitas.status.in_(list(COUNTED)))
            .group_by(Aktivitas.pegawai, Aktivitas.tanggal, is_tambahan)
        )
        minutes = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for pegawai_id, day, tambahan, total in self._scoped(query, Aktivitas.pegawai).tuples():
            minutes[pegawai_id][day][1 if tambahan else 0] += int(total)
        return minutes

    def working_days(self, pegawai_id, jadwal_id):
        """Working days of the month on which the employee held a position."""
        days = []
        for start, end, _ in self.positions.get(pegawai_id, ()):
            days.extend(self.calendar.working_days(jadwal_id, start, end))
        return sorted(set(days))

    def kinerja(self, pegawai_id, jadwal_id):
        days = self.working_days(pegawai_id, jadwal_id)
        leave = self.leave.get(pegawai_id, {})
        berketerangan = sum(1 for d in days if d in leave)
        daily = {d: tuple(v) for d, v in self.minutes.get(pegawai_id, {}).items()}
        return kinerja(len(days), berketerangan, daily, kinerja_rules(self.aturan))


def employee_month(pegawai, year, month):
    """Day by day figures of one employee's month and the kinerja score as the slip will show it."""
    facts = MonthFacts(year, month, [pegawai.id])
    jadwal_id = Skpd.get_by_id(pegawai.skpd_id).jadwal_id
    working = set(facts.working_days(pegawai.id, jadwal_id))
    leave = facts.leave.get(pegawai.id, {})
    statuses = defaultdict(lambda: defaultdict(int))
    submitted = defaultdict(int)
    query = (
        Aktivitas.select(Aktivitas.tanggal, Aktivitas.status, fn.COUNT(Aktivitas.id), fn.SUM(Aktivitas.menit_diakui))
        .where(Aktivitas.pegawai == pegawai.id, Aktivitas.tanggal.between(facts.first, facts.last))
        .group_by(Aktivitas.tanggal, Aktivitas.status)
    )
    for day, status, count, minutes in query.tuples():
        statuses[day][status] += count
        submitted[day] += int(minutes)
    rows = []
    day = facts.first
    while day <= facts.last:
        utama, tambahan = facts.minutes.get(pegawai.id, {}).get(day, (0, 0))
        rows.append(DayRow(day, day in working, leave.get(day), utama, tambahan, submitted[day], dict(statuses[day])))
        day += datetime.timedelta(days=1)
    return {"hari": rows, "kinerja": facts.kinerja(pegawai.id, jadwal_id), "aturan": facts.aturan}
