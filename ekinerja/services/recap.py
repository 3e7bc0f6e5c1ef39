"""The monthly recap: working days, leave, approved minutes, discipline and TPP, for one employee or the city.

An open month is computed from current data on demand; a locked month is read from the Rekap snapshot
stored when it was locked (see snapshot()), never recomputed.
"""

import datetime
import functools
import json
import secrets
from collections import defaultdict
from typing import NamedTuple

from peewee import Case, fn

from ekinerja import clock
from ekinerja.db import before_time_of_day, database, date_of, run_concurrently
from ekinerja.models import (
    Aktivitas,
    Apel,
    Cuti,
    Jabatan,
    Pegawai,
    Periode,
    Presensi,
    Rekap,
    RiwayatJabatan,
    Skpd,
    TarifTpp,
)
from ekinerja.models.people import full_name
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.discipline import NOON, DayDiscipline, DisciplineRules, total_potongan
from ekinerja.rules.kinerja import KinerjaRules, kinerja
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.tpp import TppRules, tpp
from ekinerja.rules.workflow import COUNTED
from ekinerja.services import masterdata
from ekinerja.services.calendar import Calendar, rule_set_on

# Every value of the rule set that a month's figures depend on, stored with a locked month's recap.
RULE_VALUE_FIELDS = (
    ("menit_efektif_per_hari", "batas_menit_harian") + masterdata.PERCENT_FIELDS + masterdata.DEDUCTION_FIELDS
)


# Where attendance[pegawai][day] says whether the employee was at that apel session.
APEL_COLUMN = {"pagi": 2, "sore": 3}
NO_ATTENDANCE = (None, None, False, False)


class DayRow(NamedTuple):
    """One day of an employee's month as the employee, their superior and the verifikator see it."""

    tanggal: datetime.date
    hari_kerja: bool
    berketerangan: str | None
    masuk: datetime.datetime | None
    pulang: datetime.datetime | None
    jadwal: object
    potongan: list
    menit_utama: int
    menit_tambahan: int
    menit_diajukan: int
    status: dict


def kinerja_rules(aturan):
    return KinerjaRules(aturan.menit_efektif_per_hari, aturan.batas_menit_harian, aturan.batas_tambahan_persen)


def discipline_rules(aturan):
    return DisciplineRules(
        tk=aturan.potongan_tk,
        tl=(aturan.potongan_tl1, aturan.potongan_tl2, aturan.potongan_tl3, aturan.potongan_tl4),
        psw=(aturan.potongan_psw1, aturan.potongan_psw2, aturan.potongan_psw3, aturan.potongan_psw4),
        apel_pagi=aturan.potongan_apel_pagi,
        apel_sore=aturan.potongan_apel_sore,
        batas_potongan=aturan.batas_potongan,
    )


def tpp_rules(aturan):
    return TppRules(aturan.persen_cpns, aturan.bobot_kinerja, aturan.bobot_disiplin)


def _loaded_once(method):
    """A property computed on first use and kept on the instance, like functools.cached_property but without its
    lock: on Python 3.11 that lock is one for all instances, so one city's recap would hold up every other
    request's month in a threaded server."""
    name = method.__name__

    @functools.wraps(method)
    def get(self):
        if name not in self.__dict__:
            self.__dict__[name] = method(self)
        return self.__dict__[name]

    return property(get)


def _raw_rows(query):
    """The driver's own tuples: on a city's month, peewee's per-value conversion would cost more than the query."""
    return database.execute(query).fetchall()


class _Dates(dict):
    """Dates as the driver returns them (ISO text from SQLite, dates from PostgreSQL), converted once each."""

    def __missing__(self, value):
        self[value] = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        return self[value]


def _as_datetime(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


class Person(NamedTuple):
    """What the recap prints of an employee."""

    nip: str
    nama: str
    golongan: str
    status: str


class MonthFacts:
    """Everything a month's computation reads, in a fixed number of queries for any number of employees."""

    def __init__(self, year, month, pegawai_ids=None, skpd_id=None, today=None):
        self.year, self.month = year, month
        self.first, self.last = month_bounds(year, month)
        self.today = today or clock.today()
        self.calendar = Calendar(self.first, self.last)
        self.aturan = rule_set_on(self.first)
        self.pegawai_ids = pegawai_ids
        self.skpd_id = skpd_id
        self._working_days_by_jadwal = {}
        self._day_discipline = {}

    def prefetch(self):
        """Read the month of a city or an SKPD: the approved minutes, the attendance and the rest at once."""
        run_concurrently(
            lambda: self.minutes,
            lambda: self.attendance,
            lambda: (self.employees, self.skpds, self.jabatan, self.tariffs, self.leave, self.calendar.holidays),
        )

    def _scoped(self, query, field):
        if self.pegawai_ids is not None:
            query = query.where(field.in_(self.pegawai_ids))
        if self.skpd_id is not None:
            # Everyone who held a position of the SKPD in the month, with all their positions of the month.
            held_here = (
                RiwayatJabatan.select(RiwayatJabatan.pegawai)
                .join(Jabatan)
                .where(
                    Jabatan.skpd == self.skpd_id,
                    RiwayatJabatan.mulai <= self.last,
                    RiwayatJabatan.selesai.is_null() | (RiwayatJabatan.selesai >= self.first),
                )
            )
            query = query.where(field.in_(held_here))
        return query

    @_loaded_once
    def employees(self):
        """{pegawai: Person} of everyone in scope."""
        query = Pegawai.select(
            Pegawai.id,
            Pegawai.nip,
            Pegawai.gelar_depan,
            Pegawai.nama,
            Pegawai.gelar_belakang,
            Pegawai.golongan,
            Pegawai.status,
        )
        return {
            pegawai_id: Person(nip, full_name(depan, nama, belakang), golongan, status)
            for pegawai_id, nip, depan, nama, belakang, golongan, status in _raw_rows(self._scoped(query, Pegawai.id))
        }

    @_loaded_once
    def skpds(self):
        return {s.id: s for s in Skpd.select()}

    @_loaded_once
    def positions(self):
        """{pegawai: [(from, to, jabatan id)]} for the positions held within the month."""
        query = RiwayatJabatan.select(
            RiwayatJabatan.pegawai, RiwayatJabatan.jabatan, RiwayatJabatan.mulai, RiwayatJabatan.selesai
        ).where(
            RiwayatJabatan.mulai <= self.last,
            RiwayatJabatan.selesai.is_null() | (RiwayatJabatan.selesai >= self.first),
        )
        held = defaultdict(list)
        for pegawai_id, jabatan_id, mulai, selesai in self._scoped(query, RiwayatJabatan.pegawai).tuples():
            held[pegawai_id].append((max(mulai, self.first), min(selesai or self.last, self.last), jabatan_id))
        return held

    @_loaded_once
    def jabatan(self):
        ids = {j for periods in self.positions.values() for _, _, j in periods}
        return {j.id: j for j in Jabatan.select().where(Jabatan.id.in_(list(ids)))} if ids else {}

    @_loaded_once
    def tariffs(self):
        if self.aturan.id is None:
            return {}
        query = TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).where(TarifTpp.aturan == self.aturan.id)
        return dict(query.tuples())

    @_loaded_once
    def leave(self):
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

    @_loaded_once
    def minutes(self):
        """{pegawai: {day: (utama, tambahan)}} of approved entries, grouped per employee and day like the baseline."""
        tambahan = Aktivitas.tugas.is_null()
        query = (
            Aktivitas.select(
                Aktivitas.pegawai,
                Aktivitas.tanggal,
                fn.SUM(Case(None, [(tambahan, 0)], Aktivitas.menit_diakui)),
                fn.SUM(Case(None, [(tambahan, Aktivitas.menit_diakui)], 0)),
            )
            .where(Aktivitas.tanggal.between(self.first, self.last), Aktivitas.status.in_(list(COUNTED)))
            .group_by(Aktivitas.pegawai, Aktivitas.tanggal)
        )
        minutes = defaultdict(dict)
        dates = _Dates()
        for pegawai_id, day, utama, extra in _raw_rows(self._scoped(query, Aktivitas.pegawai)):
            minutes[pegawai_id][dates[day]] = (int(utama), int(extra))
        return minutes

    @_loaded_once
    def attendance(self):
        """{pegawai: {day: [check-in, check-out, at apel pagi, at apel sore]}} of the days with a scan or an apel.

        The check-in is the day's first scan before NOON, the check-out its last scan from NOON on; a day
        with scans has at least one of them.
        """
        start = datetime.datetime.combine(self.first, datetime.time.min)
        end = datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time.min)
        morning = before_time_of_day(Presensi.waktu, NOON)
        day = date_of(Presensi.waktu)
        scans = (
            Presensi.select(
                Presensi.pegawai,
                day,
                fn.MIN(Case(None, [(morning, Presensi.waktu)])),
                fn.MAX(Case(None, [(morning, None)], Presensi.waktu)),
            )
            .where(Presensi.waktu >= start, Presensi.waktu < end)
            .group_by(Presensi.pegawai, day)
        )
        days = defaultdict(dict)
        dates = _Dates()
        for pegawai_id, scan_day, check_in, check_out in _raw_rows(self._scoped(scans, Presensi.pegawai)):
            days[pegawai_id][dates[scan_day]] = [_as_datetime(check_in), _as_datetime(check_out), False, False]
        apel = Apel.select(Apel.pegawai, Apel.tanggal, Apel.sesi).where(Apel.tanggal.between(self.first, self.last))
        for pegawai_id, apel_day, sesi in _raw_rows(self._scoped(apel, Apel.pegawai)):
            of_day = days[pegawai_id].setdefault(dates[apel_day], list(NO_ATTENDANCE))
            of_day[APEL_COLUMN[sesi]] = True
        return days

    @_loaded_once
    def rules(self):
        """The month's rule values as the pure rules take them: (kinerja, discipline, tpp)."""
        return kinerja_rules(self.aturan), discipline_rules(self.aturan), tpp_rules(self.aturan)

    def _month_working_days(self, jadwal_id):
        if jadwal_id not in self._working_days_by_jadwal:
            self._working_days_by_jadwal[jadwal_id] = self.calendar.working_days(jadwal_id)
        return self._working_days_by_jadwal[jadwal_id]

    def position_skpd(self, jabatan_id):
        return self.skpds[self.jabatan[jabatan_id].skpd_id]

    def _one_position_all_month(self, periods):
        return len(periods) == 1 and periods[0][:2] == (self.first, self.last)

    def working_days(self, pegawai_id):
        """{working day: its DayDiscipline} of the month's days on which the employee held a position, in order.

        Each day is a working day by the schedule of the SKPD of the position held that day, and judged by that
        SKPD's schedule and apel: after a transfer, by the old SKPD's up to it and the new one's from it.
        Callers only read it: in the common case it is the dict every employee of the SKPD shares.
        """
        periods = sorted(self.positions.get(pegawai_id, ()))
        if self._one_position_all_month(periods):  # the common case
            return self.day_discipline(self.position_skpd(periods[0][2]))
        days = {}
        for start, end, jabatan_id in periods:
            judges = self.day_discipline(self.position_skpd(jabatan_id))
            days.update((day, judge) for day, judge in judges.items() if start <= day <= end)
        return dict(sorted(days.items()))

    def position_for_pay(self, pegawai_id, days):
        """The jabatan held on the employee's last working day of the month (else the last one held)."""
        periods = sorted(self.positions.get(pegawai_id, ()))
        if days:
            for start, end, jabatan_id in periods:
                if start <= days[-1] <= end:
                    return self.jabatan[jabatan_id]
        return self.jabatan[periods[-1][2]] if periods else None

    def day_discipline(self, skpd):
        """{working day: its discipline rules} for everyone in this SKPD (one per schedule and apel sore)."""
        key = (skpd.jadwal_id, skpd.apel_sore)
        if key not in self._day_discipline:
            self._day_discipline[key] = {
                day: DayDiscipline(day, self.calendar.schedule(skpd.jadwal_id, day), skpd.apel_sore, self.rules[1])
                for day in self._month_working_days(skpd.jadwal_id)
            }
        return self._day_discipline[key]

    def compute(self, pegawai_id):
        """Every figure of the recap for one employee, with the itemised discipline deductions."""
        person = self.employees[pegawai_id]
        working = self.working_days(pegawai_id)
        days = list(working)
        leave = self.leave.get(pegawai_id, {})
        minutes = self.minutes.get(pegawai_id, {})
        attendance = self.attendance.get(pegawai_id, {})
        kinerja_values, discipline_values, tpp_values = self.rules
        # Approved work counts on every day the employee held a position, a Saturday or a holiday included.
        periods = self.positions[pegawai_id]
        if self._one_position_all_month(periods):
            daily_minutes = minutes
        else:
            daily_minutes = {d: v for d, v in minutes.items() if any(a <= d <= b for a, b, _ in periods)}
        berketerangan = 0
        deductions = []
        for day, judge in working.items():
            if day in leave:
                berketerangan += 1
            elif day < self.today:  # today's check-out has not happened yet: only finished days are judged
                deductions += judge.deductions(*attendance.get(day, NO_ATTENDANCE))
        result = kinerja(len(days), berketerangan, daily_minutes, kinerja_values)
        potongan = total_potongan(deductions, discipline_values)
        jabatan = self.position_for_pay(pegawai_id, days)
        skpd = self.position_skpd(jabatan.id)  # a transfer during the month: listed where the pay position is
        tarif = self.tariffs.get(jabatan.kelas_jabatan, 0)
        pay = tpp(tarif, person.status, result.capaian_kinerja, potongan, tpp_values)
        return {
            "nip": person.nip,
            "nama": person.nama,
            "golongan": person.golongan,
            "status_pegawai": person.status,
            "jabatan": jabatan.nama,
            "kelas_jabatan": jabatan.kelas_jabatan,
            "skpd": skpd.kode,
            "skpd_nama": skpd.nama,
            **result._asdict(),
            "potongan_disiplin": potongan,
            "rincian_disiplin": [
                {"tanggal": d.tanggal.isoformat(), "kode": d.kode, "persen": d.persen, "menit": d.menit}
                for d in deductions
            ],
            "tpp_dasar": pay.tpp_dasar,
            "tpp_kinerja": pay.tpp_kinerja,
            "tpp_disiplin": pay.tpp_disiplin,
            "tpp_diterima": pay.tpp_diterima,
            "pegawai_id": pegawai_id,
        }

    def rule_values(self):
        values = {name: getattr(self.aturan, name) for name in RULE_VALUE_FIELDS}
        values["berlaku_mulai"] = self.aturan.berlaku_mulai.isoformat()
        values["tarif"] = {str(k): v for k, v in sorted(self.tariffs.items())}
        return values

    def day_rows(self, pegawai_id, figures=None):
        """The month day by day for one employee: attendance, deductions, minutes and entry statuses.

        figures: a locked month's stored recap, whose itemised deductions the days then show.
        """
        working = self.working_days(pegawai_id)
        leave = self.leave.get(pegawai_id, {})
        figures = figures or self.compute(pegawai_id)
        deductions = defaultdict(list)
        for item in figures["rincian_disiplin"]:
            deductions[item["tanggal"]].append(item)
        statuses = defaultdict(lambda: defaultdict(int))
        submitted = defaultdict(int)
        query = (
            Aktivitas.select(
                Aktivitas.tanggal, Aktivitas.status, fn.COUNT(Aktivitas.id), fn.SUM(Aktivitas.menit_diakui)
            )
            .where(Aktivitas.pegawai == pegawai_id, Aktivitas.tanggal.between(self.first, self.last))
            .group_by(Aktivitas.tanggal, Aktivitas.status)
        )
        for day, status, count, minutes in query.tuples():
            statuses[day][status] += count
            submitted[day] += int(minutes)
        attendance = self.attendance.get(pegawai_id, {})
        rows = []
        day = self.first
        while day <= self.last:
            check_in, check_out, _, _ = attendance.get(day, NO_ATTENDANCE)
            utama, tambahan = self.minutes.get(pegawai_id, {}).get(day, (0, 0))
            rows.append(
                DayRow(
                    day,
                    day in working,
                    leave.get(day) if day in working else None,
                    check_in,
                    check_out,
                    working[day].schedule if day in working else None,
                    deductions.get(day.isoformat(), []),
                    utama,
                    tambahan,
                    submitted[day],
                    dict(statuses[day]),
                )
            )
            day += datetime.timedelta(days=1)
        return rows, figures


def month_is_locked(year, month):
    """Whether a month is DIKUNCI (here rather than in periods, which builds on this module)."""
    return Periode.select().where(Periode.tahun == year, Periode.bulan == month, Periode.status == "DIKUNCI").exists()


def employee_month(pegawai, year, month, today=None):
    """Day-by-day figures of one employee's month and the recap as the slip shows it (the stored one if locked)."""
    facts = MonthFacts(year, month, pegawai_ids=[pegawai.id], today=today)
    if pegawai.id not in facts.positions:
        return {"hari": [], "rekap": None, "aturan": facts.aturan, "final": False}
    stored = None
    if month_is_locked(year, month):
        rows, _ = month_recap(year, month, nip=pegawai.nip)
        stored = rows[0] if rows else None
    rows, figures = facts.day_rows(pegawai.id, stored)
    if stored is None:
        figures["aturan"] = facts.rule_values()
    return {"hari": rows, "rekap": figures, "aturan": facts.aturan, "final": stored is not None}


def compute_month(year, month, skpd_id=None, pegawai_ids=None, today=None):
    """Recap rows of every employee who held a position in the month (optionally one SKPD or some people)."""
    facts = MonthFacts(year, month, pegawai_ids=pegawai_ids, skpd_id=skpd_id, today=today)
    if pegawai_ids is None:
        facts.prefetch()
    rows = [facts.compute(pegawai_id) for pegawai_id in facts.positions]
    if skpd_id is not None:  # someone who moved away during the month is listed by the SKPD of their pay position
        rows = [row for row in rows if row["skpd"] == facts.skpds[skpd_id].kode]
    rows.sort(key=lambda r: (r["skpd"], -r["kelas_jabatan"], r["nip"]))
    return rows, facts


def _stored_row(rekap):
    data = {name: getattr(rekap, name) for name in SNAPSHOT_FIELDS}
    data["skpd"] = rekap.skpd_kode
    data["pegawai_id"] = rekap.pegawai_id
    data["kode_verifikasi"] = rekap.kode_verifikasi
    stored = rekap.rincian_data
    data["rincian_disiplin"] = stored["rincian_disiplin"]
    data["aturan"] = stored["aturan"]
    data.update({name: stored[name] for name in TAMBAHAN_FIELDS if name in stored})  # not in older snapshots
    return data


FIGURES = (
    "hari_kerja",
    "hari_berketerangan",
    "hari_efektif",
    "menit_standar",
    "menit_utama",
    "menit_tambahan",
    "menit_diakui",
    "capaian_kinerja",
    "potongan_disiplin",
    "tpp_dasar",
    "tpp_kinerja",
    "tpp_disiplin",
    "tpp_diterima",
)
# How menit_tambahan came about (kept with the itemised deductions of a locked month, for the slip).
TAMBAHAN_FIELDS = ("menit_tambahan_disetujui", "batas_menit_tambahan")
SNAPSHOT_FIELDS = ("nip", "nama", "golongan", "status_pegawai", "jabatan", "kelas_jabatan", "skpd_nama") + FIGURES


def snapshot(period):
    """Store the recap of a month being locked as version period.versi; older versions stop being valid."""
    rows, facts = compute_month(
        period.tahun, period.bulan, today=month_bounds(period.tahun, period.bulan)[1] + datetime.timedelta(days=1)
    )
    Rekap.update(berlaku=False).where(Rekap.tahun == period.tahun, Rekap.bulan == period.bulan).execute()
    rule_values = facts.rule_values()
    records = []
    for row in rows:
        records.append(
            {
                **{name: row[name] for name in SNAPSHOT_FIELDS},
                "tahun": period.tahun,
                "bulan": period.bulan,
                "versi": period.versi,
                "berlaku": True,
                "kode_verifikasi": secrets.token_urlsafe(12),
                "pegawai": row["pegawai_id"],
                "skpd_kode": row["skpd"],
                "rincian": json.dumps(
                    {
                        "rincian_disiplin": row["rincian_disiplin"],
                        "aturan": rule_values,
                        **{name: row[name] for name in TAMBAHAN_FIELDS},
                    },
                    default=str,
                    sort_keys=True,
                ),
            }
        )
    for start in range(0, len(records), 500):
        Rekap.insert_many(records[start : start + 500]).execute()
    return len(records)


def month_recap(year, month, skpd_kode=None, nip=None, today=None):
    """Recap rows of a month: the stored snapshot when locked, else computed now. Also returns whether final."""
    if month_is_locked(year, month):
        query = Rekap.select().where(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
        if skpd_kode:
            query = query.where(Rekap.skpd_kode == skpd_kode)
        if nip:
            query = query.where(Rekap.nip == nip)
        rows = [_stored_row(r) for r in query.order_by(Rekap.skpd_kode, Rekap.kelas_jabatan.desc(), Rekap.nip)]
        return rows, True
    skpd_id = Skpd.select(Skpd.id).where(Skpd.kode == skpd_kode).scalar() if skpd_kode else None
    if skpd_kode and skpd_id is None:
        return [], False
    pegawai_ids = None
    if nip:
        pegawai_ids = list(Pegawai.select(Pegawai.id).where(Pegawai.nip == nip).tuples())
        pegawai_ids = [pid for (pid,) in pegawai_ids]
    rows, facts = compute_month(year, month, skpd_id=skpd_id, pegawai_ids=pegawai_ids, today=today)
    rule_values = facts.rule_values()
    for row in rows:
        row["aturan"] = rule_values
    return rows, False


PUBLIC_FIELDS = ("nip", "nama", "skpd", "kelas_jabatan") + FIGURES
PERCENT_FIELDS = {"capaian_kinerja", "potongan_disiplin"}


def public_row(row):
    """A recap row for the CLI and the API: rupiah as integers, percentages as numbers with two decimals."""
    data = {}
    for name in PUBLIC_FIELDS:
        value = row[name]
        if name in PERCENT_FIELDS:
            value = float(round_half_up(value, 2))
        elif name == "tpp_dasar":
            value = int(round_half_up(value))
        data[name] = value
    data["rincian_disiplin"] = [
        {"tanggal": d["tanggal"], "kode": d["kode"], "persen": float(round_half_up(d["persen"], 2))}
        for d in row["rincian_disiplin"]
    ]
    return data


def skpd_totals(rows):
    """One row per SKPD: head count and the sums of the three paid amounts."""
    totals = {}
    for row in rows:
        entry = totals.setdefault(
            row["skpd"],
            {
                "skpd": row["skpd"],
                "skpd_nama": row["skpd_nama"],
                "pegawai": 0,
                "tpp_kinerja": 0,
                "tpp_disiplin": 0,
                "tpp_diterima": 0,
            },
        )
        entry["pegawai"] += 1
        for name in ("tpp_kinerja", "tpp_disiplin", "tpp_diterima"):
            entry[name] += row[name]
    return list(totals.values())
