"""The city's calendar from the database: schedules per SKPD and day, holidays, the rule set in force."""

import datetime

from ekinerja import clock
from ekinerja.db import read_once
from ekinerja.lazy import loaded_once
from ekinerja.models import AturanTpp, HariLibur, JadwalKerja, JadwalKhusus
from ekinerja.rules.calendar import DEFAULT_WEEK, DaySchedule, month_bounds
from ekinerja.rules.calendar import input_window_end as _input_window_end
from ekinerja.rules.calendar import working_days as _working_days


class Calendar:
    """Holidays and schedules loaded once for a date range; answers per SKPD and day without more queries."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        # A city recap asks for the same few (profile, day) pairs once per employee.
        self._schedules = {}

    @loaded_once
    def holidays(self):
        query = HariLibur.select(HariLibur.tanggal).where(HariLibur.tanggal.between(self.start, self.end))
        return {day for (day,) in query.tuples()}

    @loaded_once
    def _profiles(self):
        return {j.id: j for j in JadwalKerja.select()}

    @loaded_once
    def _special(self):
        return list(JadwalKhusus.select().where(JadwalKhusus.mulai <= self.end, JadwalKhusus.selesai >= self.start))

    def schedule(self, jadwal_id, day):
        """The hours of a day for an SKPD on profile jadwal_id (None: the default week), or None on a day off."""
        key = (jadwal_id, day)
        if key not in self._schedules:
            self._schedules[key] = self._schedule(jadwal_id, day)
        return self._schedules[key]

    def _schedule(self, jadwal_id, day):
        if day in self.holidays:
            return None
        profile_id = jadwal_id
        for special in self._special:
            if special.jadwal_id == jadwal_id and special.mulai <= day <= special.selesai:
                profile_id = special.pengganti_id
        profile = self._profiles.get(profile_id)
        if profile is None:
            return DEFAULT_WEEK[day.weekday()]
        hours = profile.hours_on(day.weekday())
        return DaySchedule(*hours) if hours else None

    def is_working_day(self, jadwal_id, day):
        return self.schedule(jadwal_id, day) is not None

    def working_days(self, jadwal_id, start=None, end=None):
        return _working_days(start or self.start, end or self.end, lambda d: self.schedule(jadwal_id, d), ())

    @classmethod
    def for_month(cls, year, month):
        return cls(*month_bounds(year, month))


def rule_set_on(day):
    """The rule set in force on a day; the model defaults when none has been entered yet."""
    # A city has a handful of rule sets: read at once, once per request, and chosen from for each day asked.
    newest_first = read_once("rule_sets", lambda: list(AturanTpp.select().order_by(AturanTpp.berlaku_mulai.desc())))
    found = next((rule_set for rule_set in newest_first if rule_set.berlaku_mulai <= day), None)
    return found or AturanTpp(berlaku_mulai=datetime.date(day.year, 1, 1), nama="Aturan bawaan")


def signing_day(year, month, today=None):
    """The date under a month's signatures: its last day, or today while the month runs."""
    today = today or clock.today()
    return min(today, month_bounds(year, month)[1])


def approval_deadline(year, month):
    """Day batas_persetujuan of the month after (year, month): after it only a verifikator decides.

    The month's rule set decides it: the one in force on its first day, as for all of the month's figures.
    """
    first, last = month_bounds(year, month)
    next_month = last + datetime.timedelta(days=1)
    return next_month.replace(day=min(rule_set_on(first).batas_persetujuan, 28))


def input_window_end(day, jadwal_id):
    """The last day on which an entry dated `day` may still be made by staff on schedule profile jadwal_id (None:
    the default week): batas_input_hari_kerja working days of the month's rule set after it."""
    allowed = rule_set_on(day.replace(day=1)).batas_input_hari_kerja
    calendar = Calendar(day, day + datetime.timedelta(days=max(31, 3 * allowed + 31)))
    return _input_window_end(day, allowed, lambda d: calendar.is_working_day(jadwal_id, d))


def holiday_names(start, end):
    """{date: name} of the holidays from start to end."""
    query = HariLibur.select(HariLibur.tanggal, HariLibur.keterangan).where(HariLibur.tanggal.between(start, end))
    return dict(query.tuples())
