"""Anomaly flags of a month for the verifikator, the reconciliation of minutes with attendance, and marking a flag
as checked (with a note, audited). Flags explain; they never change a figure."""

from collections import defaultdict
from typing import NamedTuple

from ekinerja import clock
from ekinerja.db import database, write_transaction
from ekinerja.models import Aktivitas, Cuti, MenitHarian, Pegawai, PresensiHarian, User
from ekinerja.models.institutions import AturanInstitusi, CekAnomali
from ekinerja.rules import anomalies
from ekinerja.rules.calendar import clipped, days_between, month_bounds
from ekinerja.rules.refusal import Refused
from ekinerja.rules.workflow import COUNTED, Status
from ekinerja.services import audit
from ekinerja.services.calendar import rule_set_on

REJECTED = Status.DITOLAK.value


class Presence(NamedTuple):
    """An employee's approved minutes of the month inside and outside the attendance window."""

    menit_dalam: int
    menit_luar: int


class MonthFlags(NamedTuple):
    """The flags of a month in a scope, with who they concern, and everyone's reconciliation."""

    flags: list  # of dicts: flag, label, people, checked
    presence: dict  # {pegawai id: Presence}
    by_entry: dict  # {entry id: [labels]}


def _scoped(query, field, skpd_id, pegawai_ids):
    if skpd_id is not None:
        query = query.where(field.in_(Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd_id)))
    if pegawai_ids is not None:
        query = query.where(field.in_(sorted(pegawai_ids)))
    return query


def _entries(first, last, skpd_id, pegawai_ids):
    query = Aktivitas.select(
        Aktivitas.id,
        Aktivitas.pegawai,
        Aktivitas.tanggal,
        Aktivitas.tugas,
        Aktivitas.keterangan,
        Aktivitas.uraian,
        Aktivitas.volume,
        Aktivitas.menit_diakui,
        Aktivitas.dibuat_pada,
        Aktivitas.jam_mulai,
        Aktivitas.jam_selesai,
        Aktivitas.status,
        Aktivitas.diputuskan_oleh,
        Aktivitas.diputuskan_pada,
    ).where(Aktivitas.tanggal.between(first, last))
    # The driver's own rows, typed here only where SQLite returns text: an SKPD's month is tens of thousands of
    # entries, and peewee's conversion of every value would cost more than the query.
    rows = database.execute(_scoped(query, Aktivitas.pegawai, skpd_id, pegawai_ids)).fetchall()
    typed = [(2, Aktivitas.tanggal), (8, Aktivitas.dibuat_pada), (9, Aktivitas.jam_mulai), (10, Aktivitas.jam_selesai)]
    typed.append((13, Aktivitas.diputuskan_pada))
    if rows and any(isinstance(rows[0][i], str) for i, _ in typed):
        rows = [list(row) for row in rows]
        for row in rows:
            for i, field in typed:
                if isinstance(row[i], str):
                    row[i] = field.python_value(row[i])
    return rows


def _presence(rows, first, last, skpd_id, pegawai_ids):
    """{pegawai: Presence} and {pegawai: (outside minutes, entry ids)} of the approved entries."""
    scans = _scoped(
        PresensiHarian.select(
            PresensiHarian.pegawai, PresensiHarian.tanggal, PresensiHarian.masuk, PresensiHarian.pulang
        ).where(PresensiHarian.tanggal.between(first, last)),
        PresensiHarian.pegawai,
        skpd_id,
        pegawai_ids,
    )
    window = {(p, day): (masuk, pulang) for p, day, masuk, pulang in scans.tuples()}
    leave = _scoped(
        Cuti.select(Cuti.pegawai, Cuti.mulai, Cuti.selesai).where(Cuti.mulai <= last, Cuti.selesai >= first),
        Cuti.pegawai,
        skpd_id,
        pegawai_ids,
    )
    away = {
        (p, day) for p, mulai, selesai in leave.tuples() for day in days_between(*clipped(mulai, selesai, first, last))
    }
    inside, outside = defaultdict(int), defaultdict(lambda: [0, []])
    for entry_id, pegawai_id, day, *_, credited, _, start, end, status, _, _ in rows:
        if status not in COUNTED:
            continue
        masuk, pulang = window.get((pegawai_id, day), (None, None))
        dalam, luar = anomalies.split_by_presence(start, end, credited, masuk, pulang, (pegawai_id, day) in away)
        inside[pegawai_id] += dalam
        if luar:
            outside[pegawai_id][0] += luar
            outside[pegawai_id][1].append(entry_id)
    presence = {p: Presence(inside[p], outside[p][0] if p in outside else 0) for p in set(inside) | set(outside)}
    return presence, {p: tuple(v) for p, v in outside.items()}


def month_flags(year, month, skpd_id=None, pegawai_ids=None):
    """The month's flags for an SKPD's people (or some people), with names, and whether each was checked."""
    first, last = month_bounds(year, month)
    limits = AturanInstitusi.current().thresholds()
    rows = _entries(first, last, skpd_id, pegawai_ids)
    entries = [
        anomalies.Entry(r[0], r[1], r[2], r[3], r[4] or r[5] or "", r[6], r[7], r[8])
        for r in rows
        if r[11] != REJECTED  # a rejected entry was already looked at
    ]
    day_minutes = {
        (p, day): utama + tambahan
        for p, day, utama, tambahan in _scoped(
            MenitHarian.select(
                MenitHarian.pegawai, MenitHarian.tanggal, MenitHarian.menit_utama, MenitHarian.menit_tambahan
            ).where(MenitHarian.tanggal.between(first, last)),
            MenitHarian.pegawai,
            skpd_id,
            pegawai_ids,
        ).tuples()
    }
    presence, outside = _presence(rows, first, last, skpd_id, pegawai_ids)
    flags = (
        anomalies.copied_texts(entries, limits)
        + anomalies.at_daily_cap(day_minutes, rule_set_on(first).batas_menit_harian, limits)
        + anomalies.outside_presence(outside, limits)
        + anomalies.unusual_volumes(entries, limits)
        + anomalies.month_end_bulk(entries, last, limits)
    )
    decisions = [(r[12], r[13], r[0]) for r in rows if r[12] is not None and r[13] is not None]
    deciders = anomalies.fast_approvals(decisions, limits)
    return MonthFlags(_described(year, month, flags + [flag for _, flag in deciders]), presence, _by_entry(flags))


def _by_entry(flags):
    labels = defaultdict(list)
    for flag in flags:
        for entry_id in flag.aktivitas_ids:
            labels[entry_id].append(anomalies.JENIS_LABELS[flag.jenis])
    return dict(labels)


def _described(year, month, flags):
    people = {p for flag in flags for p in flag.pegawai_ids}
    names = (
        dict(Pegawai.select(Pegawai.id, Pegawai.nama).where(Pegawai.id.in_(sorted(people))).tuples()) if people else {}
    )
    users = {flag.pengguna_id for flag in flags if flag.pengguna_id}
    usernames = dict(User.select(User.id, User.username).where(User.id.in_(sorted(users))).tuples()) if users else {}
    checked = (
        {
            c.kunci: c
            for c in CekAnomali.select().where(
                CekAnomali.tahun == year, CekAnomali.bulan == month, CekAnomali.kunci.in_([f.kunci for f in flags])
            )
        }
        if flags
        else {}
    )
    return [
        {
            "flag": flag,
            "label": anomalies.JENIS_LABELS[flag.jenis],
            "orang": [names.get(p, "-") for p in flag.pegawai_ids] or [usernames.get(flag.pengguna_id, "-")],
            "diperiksa": checked.get(flag.kunci),
        }
        for flag in flags
    ]


def entry_flags(entries):
    """{entry id: [labels]} among these entries alone (an inbox: what is waiting), without another query."""
    limits = AturanInstitusi.current().thresholds()
    by_month = defaultdict(list)
    for e in entries:
        by_month[month_bounds(e.tanggal.year, e.tanggal.month)[1]].append(
            anomalies.Entry(
                e.id,
                e.pegawai_id,
                e.tanggal,
                e.tugas_id,
                e.keterangan or e.uraian or "",
                e.volume,
                e.menit_diakui,
                e.dibuat_pada,
            )
        )
    flags = []
    for last, items in by_month.items():
        flags += anomalies.copied_texts(items, limits)
        flags += anomalies.unusual_volumes(items, limits)
        flags += anomalies.month_end_bulk(items, last, limits)
    return _by_entry(flags)


def presence_of(pegawai_id, year, month):
    """One employee's Presence of the month (the month page's reconciliation)."""
    first, last = month_bounds(year, month)
    rows = _entries(first, last, None, [pegawai_id])
    presence, _ = _presence(rows, first, last, None, [pegawai_id])
    return presence.get(pegawai_id, Presence(0, 0))


def mark_checked(actor, year, month, jenis, kunci, catatan):
    """Record that a flag was looked into, with a note; again for the same flag replaces the note."""
    catatan = (catatan or "").strip()
    if not catatan:
        raise Refused({"catatan": "Catatan pemeriksaan wajib diisi."})
    if jenis not in anomalies.JENIS_LABELS or not kunci:
        raise Refused("Tanda anomali tidak dikenal.")
    with write_transaction():
        found = CekAnomali.get_or_none(CekAnomali.tahun == year, CekAnomali.bulan == month, CekAnomali.kunci == kunci)
        check = found or CekAnomali(tahun=year, bulan=month, jenis=jenis, kunci=kunci[:200])
        before = found.catatan if found else None
        check.catatan = catatan
        check.diperiksa_oleh = audit.actor_name(actor)
        check.diperiksa_pada = clock.now()
        check.save()
        audit.record(
            actor,
            "periksa",
            "anomali",
            check.id,
            alasan=catatan,
            rincian={
                "periode": f"{year:04d}-{month:02d}",
                "jenis": jenis,
                "kunci": kunci,
                "catatan_sebelumnya": before,
            },
        )
    return check
