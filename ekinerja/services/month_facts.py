"""A month's facts (positions, leave, minutes, scans, apel, rule set), loaded once, turned into recap and day rows."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from peewee import Case, fn

from ekinerja import clock
from ekinerja.db import as_date, as_datetime, database, day_of_month, day_set_of, least, run_concurrently
from ekinerja.lazy import loaded_once
from ekinerja.models import (
    Aktivitas,
    Apel,
    Cuti,
    Jabatan,
    MenitHarian,
    Pegawai,
    PresensiHarian,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatStatus,
    Skpd,
    TarifTpp,
)
from ekinerja.models.people import full_name
from ekinerja.rules.calendar import DaySchedule, clipped, day_numbers, day_set, days_between, month_bounds
from ekinerja.rules.dated import changes_within, value_on
from ekinerja.rules.discipline import DayDiscipline, Deduction, MonthDiscipline, total_potongan
from ekinerja.rules.kinerja import credited_day, kinerja
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.tpp import base_percent, tpp
from ekinerja.rules.vocabulary import SESI_APEL
from ekinerja.services.calendar import Calendar, rule_set_on
from ekinerja.services.participation import month_readiness
from ekinerja.services.positions import covering, in_force_between
from ekinerja.services.presence import outside_window
from ekinerja.services.rule_values import (
    OUTSIDE_SETTING,
    RULE_VALUE_FIELDS,
    SKP_PAY_FIELDS,
    discipline_rules,
    kinerja_rules,
    pay_figures,
    pay_rules,
    tpp_rules,
)
from ekinerja.services.skp_evaluation import pay_percents

NO_APEL = (0, 0)  # MonthFacts.apel of an employee at no apel in the month


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


def _raw_rows(query):
    """The driver's own tuples: on a city's month, peewee's per-value conversion would cost more than the query."""
    return database.execute(query).fetchall()


class Discipline(NamedTuple):
    """An employee's working days and discipline in the month (MonthFacts.discipline)."""

    hari_kerja: int
    hari_berketerangan: int
    last_working_day: datetime.date | None
    potongan: Decimal  # percent, capped
    rincian: list[Deduction]  # the itemised deductions, as the recap rows carry them


class Position(NamedTuple):
    """What the recap reads of a jabatan."""

    id: int
    nama: str
    kelas_jabatan: int
    skpd_id: int


class Person(NamedTuple):
    """What the recap prints of an employee."""

    nip: str
    nama: str
    golongan: str
    status: str
    status_ptkp: str


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
        # The days that are over (a day is judged once its check-out has happened), as a day set.
        days_over = (min(self.today, self.last + datetime.timedelta(days=1)) - self.first).days
        self.finished = day_set(range(1, days_over + 1))
        # Filled as the month is judged: by the one prefetch load that judges it, else by the caller's thread.
        self._working_days_by_jadwal = {}
        self._skpd_discipline = {}

    def prefetch(self):
        """Read and judge the month of a city or an SKPD at once: while the database sums the approved minutes,
        the attendance is read and every employee's discipline judged. The longest chain (the scans outside the
        limits, then the judging) starts first."""
        run_concurrently(
            lambda: (self.scan_times, self.discipline),
            lambda: self.scanned,
            lambda: self.minutes,
            lambda: (self.apel, self.jabatan, self.leave, self.employees, self.tariffs, self.dated),
        )

    def _scoped(self, query, field):
        if self.pegawai_ids is not None:
            query = query.where(field.in_(self.pegawai_ids))
        if self.skpd_id is not None:
            # Everyone who held a position of the SKPD in the month, with all their positions of the month.
            held_here = (
                RiwayatJabatan.select(RiwayatJabatan.pegawai)
                .join(Jabatan)
                .where(Jabatan.skpd == self.skpd_id, in_force_between(RiwayatJabatan, self.first, self.last))
            )
            query = query.where(field.in_(held_here))
        return query

    @loaded_once
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
            Pegawai.status_ptkp,
        )
        return {
            pegawai_id: Person(nip, full_name(depan, nama, belakang), golongan, status, ptkp)
            for pegawai_id, nip, depan, nama, belakang, golongan, status, ptkp in _raw_rows(
                self._scoped(query, Pegawai.id)
            )
        }

    @loaded_once
    def skpds(self):
        return {s.id: s for s in Skpd.select()}

    @loaded_once
    def absent_skpds(self):
        """{kode: Skpd} of the SKPDs the month's recap leaves out (services.participation): their employees."""
        rows = month_readiness(self.skpds.values(), self.year, self.month, self.today)
        return {row["skpd"].kode: row["skpd"] for row in rows if row["alasan"]}

    @loaded_once
    def dated(self):
        """{pegawai: (status history, golongan history)}, each [(tmt, value)] in tmt order."""
        histories = defaultdict(lambda: ([], []))
        for index, (model, field) in enumerate(
            ((RiwayatStatus, RiwayatStatus.status), (RiwayatGolongan, RiwayatGolongan.golongan))
        ):
            query = model.select(model.pegawai, model.tmt, field).order_by(model.pegawai, model.tmt)
            for pegawai_id, tmt, value in _raw_rows(self._scoped(query, model.pegawai)):
                histories[pegawai_id][index].append((as_date(tmt), value))
        return histories

    def _held_in_month(self, query):
        held = query.where(in_force_between(RiwayatJabatan, self.first, self.last))
        return self._scoped(held, RiwayatJabatan.pegawai)

    @loaded_once
    def positions(self):
        """{pegawai: [(from, to, jabatan id)]} for the positions held within the month."""
        query = RiwayatJabatan.select(
            RiwayatJabatan.pegawai, RiwayatJabatan.jabatan, RiwayatJabatan.mulai, RiwayatJabatan.selesai
        )
        held = defaultdict(list)
        for pegawai_id, jabatan_id, mulai, selesai in _raw_rows(self._held_in_month(query)):
            held[pegawai_id].append((*clipped(as_date(mulai), as_date(selesai), self.first, self.last), jabatan_id))
        return held

    @loaded_once
    def jabatan(self):
        """{jabatan id: Position} of the positions held in the month."""
        ids = {j for periods in self.positions.values() for _, _, j in periods}
        if not ids:
            return {}
        query = Jabatan.select(Jabatan.id, Jabatan.nama, Jabatan.kelas_jabatan, Jabatan.skpd).where(
            Jabatan.id.in_(sorted(ids))
        )
        return {row[0]: Position(*row) for row in _raw_rows(query)}

    @loaded_once
    def tariffs(self):
        if self.aturan.id is None:
            return {}
        query = TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).where(TarifTpp.aturan == self.aturan.id)
        return dict(query.tuples())

    @loaded_once
    def leave(self):
        query = Cuti.select(Cuti.pegawai, Cuti.jenis, Cuti.mulai, Cuti.selesai).where(
            Cuti.mulai <= self.last, Cuti.selesai >= self.first
        )
        days = defaultdict(dict)
        for pegawai_id, jenis, mulai, selesai in self._scoped(query, Cuti.pegawai).tuples():
            days[pegawai_id].update(
                (day, jenis) for day in days_between(*clipped(mulai, selesai, self.first, self.last))
            )
        return days

    @loaded_once
    def minutes(self):
        """{pegawai: (menit_utama, tambahan_harian)}: the sums of the credited minutes (credited_day) of every day on
        which the employee held a position; approved work counts on each of them, a Saturday or a holiday included,
        less the minutes outside the attendance window where the month's rule set does not count them."""
        return self.minutes_under(self.rules[0].batas_menit_harian, self.aturan.hitung_menit_luar_presensi)

    def _approved_days(self, *columns):
        """Query: the month's MenitHarian rows (pegawai, *columns) of the days on which a position was held; whether
        a position was held that day is asked only for those who did not hold one all month."""
        days = MenitHarian
        query = days.select(days.pegawai, *columns).where(days.tanggal.between(self.first, self.last))
        changed = [p for p, periods in self.positions.items() if not self._one_position_all_month(periods)]
        if changed:
            position_held = RiwayatJabatan.select(RiwayatJabatan.id).where(
                RiwayatJabatan.pegawai == days.pegawai, covering(RiwayatJabatan, days.tanggal)
            )
            query = query.where(days.pegawai.not_in(changed) | fn.EXISTS(position_held))
        return self._scoped(query, days.pegawai)

    def minutes_under(self, cap, count_outside=True):
        """minutes under this daily cap, with or without the minutes outside the attendance window: the one place
        that credits a month's approved minutes (the recap, the slip, the employee's month and the what-if).

        Counting them, the database sums the days' approved minutes (MenitHarian) with the cap applied, so that a
        city's month comes back as one row per employee; without them, each day's minutes less its outside ones.
        """
        days = MenitHarian
        if count_outside:
            utama, tambahan = credited_day(days.menit_utama, days.menit_tambahan, cap, least)
            rows = _raw_rows(self._approved_days(fn.SUM(utama), fn.SUM(tambahan)).group_by(days.pegawai))
            return {pegawai_id: (int(utama), int(extra)) for pegawai_id, utama, extra in rows}
        totals = {}
        for pegawai_id, tanggal, utama, extra in _raw_rows(
            self._approved_days(days.tanggal, days.menit_utama, days.menit_tambahan)
        ):
            utama, extra = self._counted(pegawai_id, as_date(tanggal), utama, extra, False)
            credited = credited_day(utama, extra, cap)
            before = totals.get(pegawai_id, (0, 0))
            totals[pegawai_id] = (before[0] + credited[0], before[1] + credited[1])
        return totals

    @loaded_once
    def outside(self):
        """{(pegawai, day): presence.Outside} of the month's approved minutes outside the attendance window."""
        return outside_window(self.first, self.last, self._scoped)

    def _counted(self, pegawai_id, day, utama, extra, count_outside):
        """A day's approved (utama, tambahan) as counted: less its minutes outside the attendance window unless
        those count."""
        away = None if count_outside else self.outside.get((pegawai_id, day))
        return (utama, extra) if away is None else (utama - away.utama, extra - away.tambahan)

    def day_minutes(self, pegawai_id, count_outside=None):
        """{day: (utama, tambahan)} of one employee's approved minutes as counted (before the daily cap).

        count_outside: whether the minutes outside the attendance window count (None: as the month's rule set says).
        """
        if count_outside is None:
            count_outside = self.aturan.hitung_menit_luar_presensi
        query = MenitHarian.select(MenitHarian.tanggal, MenitHarian.menit_utama, MenitHarian.menit_tambahan).where(
            MenitHarian.pegawai == pegawai_id, MenitHarian.tanggal.between(self.first, self.last)
        )
        return {day: self._counted(pegawai_id, day, u, t, count_outside) for day, u, t in query.tuples()}

    @loaded_once
    def scan_limits(self):
        """{day number: (check-in before, check-out after)}: scans within both carry no TL or PSW on that day in
        any SKPD of a position held in the month (the earliest check_in_before and the latest check_out_after of
        their schedules that day)."""
        # Asked of the database rather than of self.positions, so that scan_times need not wait for them.
        held_in = self._held_in_month(RiwayatJabatan.select(Jabatan.skpd).join(Jabatan).distinct())
        limits = {}
        for (skpd_id,) in held_in.tuples():
            for day, judge in self.skpd_discipline(self.skpds[skpd_id]).judges.items():
                before, after = limits.get(day.day, (judge.check_in_before, judge.check_out_after))
                limits[day.day] = (min(before, judge.check_in_before), max(after, judge.check_out_after))
        return limits

    @loaded_once
    def scanned(self):
        """{pegawai: the days with at least one scan, as a day set}: one row per employee from PresensiHarian."""
        days = PresensiHarian
        query = (
            days.select(days.pegawai, day_set_of(day_of_month(days.tanggal)))
            .where(days.tanggal.between(self.first, self.last))
            .group_by(days.pegawai)
        )
        return dict(_raw_rows(self._scoped(query, days.pegawai)))

    @loaded_once
    def scan_times(self):
        """{pegawai: {day number: (check-in, check-out)}} of the days whose scans lie outside scan_limits: the only
        scanned days that may carry a TL or PSW. The database leaves out the others, most of a city's month."""
        days = PresensiHarian
        number = day_of_month(days.tanggal)
        outside = days.masuk.is_null() | days.pulang.is_null()
        if self.scan_limits:  # a day no schedule works on has no limits, and no judge to ask either
            check_in_before = Case(number, [(n, before) for n, (before, _) in self.scan_limits.items()])
            check_out_after = Case(number, [(n, after) for n, (_, after) in self.scan_limits.items()])
            outside |= (days.masuk >= check_in_before) | (days.pulang <= check_out_after)
        query = days.select(days.pegawai, number, days.masuk, days.pulang).where(
            days.tanggal.between(self.first, self.last), outside
        )
        times = defaultdict(dict)
        for pegawai_id, n, masuk, pulang in _raw_rows(self._scoped(query, days.pegawai)):
            times[pegawai_id][n] = (as_datetime(masuk), as_datetime(pulang))
        return times

    def day_scans(self, pegawai_id):
        """{day: (check-in, check-out)} of one employee's days with scans."""
        days = PresensiHarian
        query = days.select(days.tanggal, days.masuk, days.pulang).where(
            days.pegawai == pegawai_id, days.tanggal.between(self.first, self.last)
        )
        return {day: (masuk, pulang) for day, masuk, pulang in query.tuples()}

    @loaded_once
    def apel(self):
        """{pegawai: (apel pagi, apel sore)}: the days present at each apel, as day sets."""
        number = day_of_month(Apel.tanggal)
        query = (  # day_set_of may sum: an employee has one row per day and sesi (a unique index)
            Apel.select(Apel.pegawai, *(day_set_of(Case(None, [(Apel.sesi == sesi, number)])) for sesi in SESI_APEL))
            .where(Apel.tanggal.between(self.first, self.last))
            .group_by(Apel.pegawai)
        )
        rows = _raw_rows(self._scoped(query, Apel.pegawai))
        return {pegawai_id: (pagi or 0, sore or 0) for pegawai_id, pagi, sore in rows}  # NULL: no apel of that sesi

    @loaded_once
    def skp_pay(self):
        """{pegawai: percent of the kinerja part paid} by the periodic SKP predikat; empty unless the SKP rule set
        links pay to it."""
        return pay_percents(self.year, self.month)

    @loaded_once
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

    def month_discipline(self, pegawai_id):
        """The MonthDiscipline of the month's working days on which the employee held a position.

        Each day is a working day by the schedule of the SKPD of the position held that day, and judged by that
        SKPD's schedule and apel: after a transfer, by the old SKPD's up to it and the new one's from it.
        Callers only read it: in the common case it is the one every employee of the SKPD shares.
        """
        periods = sorted(self.positions.get(pegawai_id, ()))
        if self._one_position_all_month(periods):  # the common case
            return self.skpd_discipline(self.position_skpd(periods[0][2]))
        judges = {}
        for start, end, jabatan_id in periods:
            judges_here = self.skpd_discipline(self.position_skpd(jabatan_id)).judges
            judges.update((day, judge) for day, judge in judges_here.items() if start <= day <= end)
        return MonthDiscipline(dict(sorted(judges.items())))

    def position_for_pay(self, pegawai_id, last_working_day):
        """The jabatan held on the employee's last working day of the month (else the last one held)."""
        periods = sorted(self.positions.get(pegawai_id, ()))
        if len(periods) == 1:
            return self.jabatan[periods[0][2]]
        if last_working_day:
            for start, end, jabatan_id in periods:
                if start <= last_working_day <= end:
                    return self.jabatan[jabatan_id]
        return self.jabatan[periods[-1][2]] if periods else None

    def skpd_discipline(self, skpd):
        """The MonthDiscipline of everyone in this SKPD all month (one per schedule and apel sore)."""
        key = (skpd.jadwal_id, skpd.apel_sore)
        if key not in self._skpd_discipline:
            self._skpd_discipline[key] = MonthDiscipline(
                {
                    day: DayDiscipline(day, self.calendar.schedule(skpd.jadwal_id, day), skpd.apel_sore, self.rules[1])
                    for day in self._month_working_days(skpd.jadwal_id)
                }
            )
        return self._skpd_discipline[key]

    def _judge(self, pegawai_id):
        """The employee's Discipline: working days, leave days, and the deductions of the finished days."""
        month = self.month_discipline(pegawai_id)
        on_leave = month.working & day_set(day.day for day in self.leave.get(pegawai_id, ()))
        # Today's check-out has not happened yet: only finished days are judged.
        judged = month.working & ~on_leave & self.finished
        scanned, scan_times = self.scanned.get(pegawai_id, 0), self.scan_times.get(pegawai_id, {})
        deductions = month.deductions(judged, scanned, scan_times, *self.apel.get(pegawai_id, NO_APEL))
        return Discipline(
            month.working.bit_count(),
            on_leave.bit_count(),
            month.last_day,
            total_potongan(deductions, self.rules[1]),
            deductions,
        )

    @loaded_once
    def discipline(self):
        """{pegawai: Discipline} of everyone in scope."""
        return {pegawai_id: self._judge(pegawai_id) for pegawai_id in self.positions}

    # The loads with a value per employee that compute() reads; the rows keep only the deduction lists of discipline.
    PER_EMPLOYEE_LOADS = ("minutes", "scanned", "scan_times", "apel", "leave", "employees", "discipline", "dated")

    def forget_per_employee_loads(self):
        """Free the per-employee loads once every row is computed (a later use reads them again).

        For a city they are a few hundred thousand objects; freed while the cyclic garbage collector is paused
        (bulk.cyclic_gc_paused), it need not walk them once, let alone again at each of its passes.
        """
        for name in self.PER_EMPLOYEE_LOADS:
            self.__dict__.pop(name, None)

    def compute(self, pegawai_id):
        """Every figure of the recap for one employee, with the itemised discipline deductions."""
        person = self.employees[pegawai_id]
        discipline = self.discipline[pegawai_id]
        kinerja_values, _, tpp_values = self.rules
        menit_utama, tambahan_harian = self.minutes.get(pegawai_id, (0, 0))
        result = kinerja(
            discipline.hari_kerja, discipline.hari_berketerangan, menit_utama, tambahan_harian, kinerja_values
        )
        jabatan = self.position_for_pay(pegawai_id, discipline.last_working_day)
        skpd = self.position_skpd(jabatan.id)  # a transfer during the month: listed where the pay position is
        tarif = self.tariffs.get(jabatan.kelas_jabatan, 0)
        capaian_dibayar = result.capaian_kinerja
        skp_percent = self.skp_pay.get(pegawai_id)
        if skp_percent is not None:  # the city pays the kinerja part by the periodic SKP predikat
            capaian_dibayar = round_half_up(capaian_dibayar * skp_percent / 100, 2)
        status, golongan, persen_dasar = self._pay_inputs(pegawai_id, person, discipline)
        pay = tpp(tarif, status, capaian_dibayar, discipline.potongan, tpp_values, persen_dasar)
        return {
            "nip": person.nip,
            "nama": person.nama,
            "golongan": golongan,
            "status_pegawai": status,
            "jabatan": jabatan.nama,
            "kelas_jabatan": jabatan.kelas_jabatan,
            "skpd": skpd.kode,
            "skpd_nama": skpd.nama,
            **result._asdict(),
            "potongan_disiplin": discipline.potongan,
            "rincian_disiplin": discipline.rincian,
            "tpp_dasar": pay.tpp_dasar,
            "tpp_kinerja": pay.tpp_kinerja,
            "tpp_disiplin": pay.tpp_disiplin,
            "tpp_diterima": pay.tpp_diterima,
            "pegawai_id": pegawai_id,
            **({} if skp_percent is None else {SKP_PAY_FIELDS[0]: skp_percent, SKP_PAY_FIELDS[1]: capaian_dibayar}),
            **pay_figures(pay.tpp_diterima, golongan, self.pay_rules, person.status_ptkp),
            **({} if persen_dasar is None else {"persen_dasar": persen_dasar}),
        }

    @loaded_once
    def pay_rules(self):
        return pay_rules(self.aturan)

    def _pay_inputs(self, pegawai_id, person, discipline):
        """(status, golongan, percent of the tariff paid as base or None) of the month from the dated history.

        Status and golongan are those of the last working day (the employee's own fields without a history); a
        status that changed within the month pays its working days as the rule set's status_berubah says.
        """
        statuses, golongans = self.dated.get(pegawai_id, ((), ()))
        day = discipline.last_working_day or self.last
        status = value_on(statuses, day) or person.status
        golongan = value_on(golongans, day) or person.golongan
        persen_dasar = None
        if changes_within(statuses, self.first, self.last):
            working = self.month_discipline(pegawai_id).working
            by_day = [value_on(statuses, self.first.replace(day=n)) for n in day_numbers(working)]
            if len(set(by_day)) > 1:
                persen_dasar = base_percent(by_day, self.rules[2])
        return status, golongan, persen_dasar

    def rule_values(self):
        values = {name: getattr(self.aturan, name) for name in RULE_VALUE_FIELDS}
        values["berlaku_mulai"] = self.aturan.berlaku_mulai.isoformat()
        values["tarif"] = {str(k): v for k, v in sorted(self.tariffs.items())}
        return values

    def working_hours(self, pegawai_id):
        """{day: DaySchedule} of the employee's working days of the month."""
        return {day: judge.schedule for day, judge in self.month_discipline(pegawai_id).judges.items()}

    def stored_hours(self, pegawai_id):
        """working_hours as a locked month's snapshot keeps them: {day number: [masuk, pulang]} as text."""
        return {
            str(day.day): [hours.masuk.isoformat(), hours.pulang.isoformat()]
            for day, hours in self.working_hours(pegawai_id).items()
        }

    def _hours_from_stored(self, stored):
        return {
            self.first.replace(day=int(number)): DaySchedule(*map(datetime.time.fromisoformat, hours))
            for number, hours in stored.items()
        }

    def day_rows(self, pegawai_id, figures=None):
        """The month day by day for one employee: attendance, deductions, minutes and entry statuses.

        figures: a locked month's stored recap, whose itemised deductions and working hours the days then show.
        """
        stored = (figures or {}).get("jadwal")
        # A locked month's days count the outside minutes as its rule set did when it was locked.
        stored_rules = (figures or {}).get("aturan")
        count_outside = None if stored_rules is None else stored_rules.get(OUTSIDE_SETTING, True)
        working = self.working_hours(pegawai_id) if stored is None else self._hours_from_stored(stored)
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
        scans = self.day_scans(pegawai_id)
        minutes = self.day_minutes(pegawai_id, count_outside)
        rows = []
        for day in days_between(self.first, self.last):
            check_in, check_out = scans.get(day, (None, None))
            utama, tambahan = minutes.get(day, (0, 0))
            rows.append(
                DayRow(
                    day,
                    day in working,
                    leave.get(day) if day in working else None,
                    check_in,
                    check_out,
                    working.get(day),
                    deductions.get(day.isoformat(), []),
                    utama,
                    tambahan,
                    submitted[day],
                    dict(statuses[day]),
                )
            )
        return rows, figures
