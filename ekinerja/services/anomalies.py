"""Anomaly flags of a month for the verifikator, the reconciliation of minutes with attendance, and marking a flag
as checked (with a note, audited). Flags explain; they never change a figure."""

from collections import defaultdict
from typing import NamedTuple

from ekinerja import clock
from ekinerja.bulk import cyclic_gc_paused
from ekinerja.db import database, write_transaction
from ekinerja.models import Aktivitas, MenitHarian, Pegawai, Rekap, Skpd, User
from ekinerja.models.institutions import AturanInstitusi, CekAnomali
from ekinerja.rules import anomalies
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.refusal import Refused
from ekinerja.rules.workflow import Status
from ekinerja.services import audit, month_cache, presence
from ekinerja.services.calendar import rule_set_on

REJECTED = Status.DITOLAK.value


class Presence(NamedTuple):
    """An employee's approved minutes of the month inside and outside the attendance window."""

    menit_dalam: int
    menit_luar: int
    dihitung: bool = True  # whether the month's rule set counts the minutes outside


class MonthFlags(NamedTuple):
    """The flags of a month in a scope, with who they concern, and everyone's reconciliation."""

    flags: list  # of dicts: flag, label, people, checked
    presence: dict  # {pegawai id: Presence}
    by_entry: dict  # {entry id: [labels]}


def outside_minutes_count(year, month):
    """Whether the month's rule set counts the approved minutes outside the attendance window (that of a locked
    month can no longer change)."""
    return rule_set_on(month_bounds(year, month)[0]).hitung_menit_luar_presensi


def _members(year, month, skpd_id, version):
    """The people of an SKPD in a month (a query of their ids; None for everyone): for a locked month those its
    snapshot (Rekap of that version) recorded in the SKPD, so that a later move changes none of its flags; for an
    open month today's staff."""
    if skpd_id is None:
        return None
    if version is None:
        return Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd_id)
    return Rekap.select(Rekap.pegawai).where(
        Rekap.tahun == year,
        Rekap.bulan == month,
        Rekap.versi == version,
        Rekap.skpd_kode.in_(Skpd.select(Skpd.kode).where(Skpd.id == skpd_id)),
    )


def _scoped(query, field, members, pegawai_ids):
    if members is not None:
        query = query.where(field.in_(members))
    if pegawai_ids is not None:
        query = query.where(field.in_(sorted(pegawai_ids)))
    return query


def _entries(first, last, members, pegawai_ids):
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
        Aktivitas.status,
        Aktivitas.diputuskan_oleh,
        Aktivitas.diputuskan_pada,
    ).where(Aktivitas.tanggal.between(first, last))
    # The driver's own rows, typed here only where SQLite returns text: an SKPD's month is tens of thousands of
    # entries, and peewee's conversion of every value would cost more than the query.
    rows = database.execute(_scoped(query, Aktivitas.pegawai, members, pegawai_ids)).fetchall()
    typed = [(2, Aktivitas.tanggal), (8, Aktivitas.dibuat_pada), (11, Aktivitas.diputuskan_pada)]
    if rows and any(isinstance(rows[0][i], str) for i, _ in typed):
        rows = [list(row) for row in rows]
        for row in rows:
            for i, field in typed:
                if isinstance(row[i], str):
                    row[i] = field.python_value(row[i])
    return rows


def _approved_days(first, last, members, pegawai_ids):
    """{(pegawai, day): approved minutes} of the month (MenitHarian)."""
    days = MenitHarian
    query = days.select(days.pegawai, days.tanggal, days.menit_utama, days.menit_tambahan)
    query = _scoped(query.where(days.tanggal.between(first, last)), days.pegawai, members, pegawai_ids)
    return {(p, day): utama + tambahan for p, day, utama, tambahan in query.tuples()}


def _presence(day_minutes, first, last, members, pegawai_ids):
    """{pegawai: Presence} and {pegawai: (outside minutes, entry ids)} of the approved minutes."""
    outside_days = presence.outside_window(
        first, last, lambda query, field: _scoped(query, field, members, pegawai_ids)
    )
    approved, outside = defaultdict(int), defaultdict(lambda: [0, []])
    for (pegawai_id, _), minutes in day_minutes.items():
        approved[pegawai_id] += minutes
    for (pegawai_id, _), away in outside_days.items():
        outside[pegawai_id][0] += away.utama + away.tambahan
        outside[pegawai_id][1] += away.aktivitas_ids
    counted = rule_set_on(first).hitung_menit_luar_presensi
    found = {p: Presence(minutes - outside[p][0], outside[p][0], counted) for p, minutes in approved.items()}
    return found, {p: (minutes, ids) for p, (minutes, ids) in outside.items() if minutes}


def month_flags(year, month, skpd_id=None, pegawai_ids=None):
    """The month's flags for an SKPD's people (or some people), with names, and whether each was checked.

    A locked month's flags are found once per lock and thresholds in each process (month_cache): its entries,
    scans and SKPD membership (its snapshot's) no longer change; names and checks are read at every call.
    """
    limits = AturanInstitusi.current().thresholds()
    locked = month_cache.lock_key(year, month)
    scope = (skpd_id, None if pegawai_ids is None else tuple(sorted(pegawai_ids)))
    members = _members(year, month, skpd_id, None if locked is None else locked[2])

    def find():
        with cyclic_gc_paused():
            return _findings(year, month, members, pegawai_ids, limits)

    flags, found, by_entry = find() if locked is None else month_cache.cached(("anomali", locked, scope, limits), find)
    return MonthFlags(_described(year, month, flags), found, by_entry)


def _findings(year, month, members, pegawai_ids, limits):
    """(flags, {pegawai: Presence}, {entry id: [labels]}) of the month in the scope."""
    first, last = month_bounds(year, month)
    rows = _entries(first, last, members, pegawai_ids)
    entries = [
        anomalies.Entry(r[0], r[1], r[2], r[3], r[4] or r[5] or "", r[6], r[7], r[8])
        for r in rows
        if r[9] != REJECTED  # a rejected entry was already looked at
    ]
    day_minutes = _approved_days(first, last, members, pegawai_ids)
    found, outside = _presence(day_minutes, first, last, members, pegawai_ids)
    flags = (
        anomalies.copied_texts(entries, limits)
        + anomalies.at_daily_cap(day_minutes, rule_set_on(first).batas_menit_harian, limits)
        + anomalies.outside_presence(outside, limits)
        + anomalies.unusual_volumes(entries, limits)
        + anomalies.month_end_bulk(entries, last, limits)
    )
    decisions = [(r[10], r[11], r[0]) for r in rows if r[10] is not None and r[11] is not None]
    deciders = anomalies.fast_approvals(decisions, limits)
    return flags + [flag for _, flag in deciders], found, _by_entry(flags)


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
    found, _ = _presence(_approved_days(first, last, None, [pegawai_id]), first, last, None, [pegawai_id])
    return found.get(pegawai_id, Presence(0, 0, rule_set_on(first).hitung_menit_luar_presensi))


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
