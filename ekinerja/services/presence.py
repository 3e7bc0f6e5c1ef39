"""Approved minutes outside the attendance window, per employee and day: the one computation that the recap (where
the rule set does not count them), the anomaly flags and the reconciliation on the month pages read."""

from collections import defaultdict
from typing import NamedTuple

from peewee import JOIN

from ekinerja.db import time_of_day
from ekinerja.models import Aktivitas, Cuti, PresensiHarian
from ekinerja.rules.anomalies import split_by_presence
from ekinerja.rules.calendar import clipped, days_between
from ekinerja.rules.workflow import COUNTED


class Outside(NamedTuple):
    """One employee's day: approved minutes outside the attendance window, of duties and of extra tasks, and the
    entries they come from."""

    utama: int
    tambahan: int
    aktivitas_ids: tuple[int, ...]


def outside_window(first, last, scoped=lambda query, field: query):
    """{(pegawai, day): Outside} of the approved entries from first to last (rules.anomalies.split_by_presence).

    scoped(query, field) narrows a query to the caller's people by its employee field. The database leaves out the
    entries wholly within both scans of their day, most of a month, unless the person was on leave in the month.
    """
    scan, entry = PresensiHarian, Aktivitas
    within_scans = (
        scan.masuk.is_null(False)
        & scan.pulang.is_null(False)
        & (time_of_day(scan.masuk) <= entry.jam_mulai)
        & (entry.jam_selesai <= time_of_day(scan.pulang))
    )
    leave = scoped(
        Cuti.select(Cuti.pegawai, Cuti.mulai, Cuti.selesai).where(Cuti.mulai <= last, Cuti.selesai >= first),
        Cuti.pegawai,
    )
    away = {(p, day) for p, start, end in leave.tuples() for day in days_between(*clipped(start, end, first, last))}
    candidates = ~within_scans
    if away:
        candidates |= entry.pegawai.in_(sorted({p for p, _ in away}))
    query = (
        entry.select(
            entry.id,
            entry.pegawai,
            entry.tanggal,
            entry.tugas,
            entry.jam_mulai,
            entry.jam_selesai,
            entry.menit_diakui,
            scan.masuk,
            scan.pulang,
        )
        .join(scan, JOIN.LEFT_OUTER, on=(scan.pegawai == entry.pegawai) & (scan.tanggal == entry.tanggal))
        .where(entry.tanggal.between(first, last), entry.status.in_(sorted(COUNTED)), candidates)
    )  # unordered: ordered by id, SQLite walks every counted entry of every month by its status index for the order
    days = defaultdict(lambda: [0, 0, []])
    for entry_id, pegawai_id, day, tugas_id, *span, credited, masuk, pulang in scoped(query, entry.pegawai).tuples():
        _, luar = split_by_presence(*span, credited, masuk, pulang, (pegawai_id, day) in away)
        if luar:
            found = days[(pegawai_id, day)]
            found[0 if tugas_id is not None else 1] += luar
            found[2].append(entry_id)
    return {key: Outside(utama, tambahan, tuple(sorted(ids))) for key, (utama, tambahan, ids) in days.items()}
