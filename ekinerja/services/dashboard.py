"""What each role's home page shows: the person's own numbers, each read in a few queries whatever the city's size.

Staff: their month so far (the recap's own figures), the days scanned without an entry, the entries returned to
them, and their last twelve months. A superior: what waits for them per subordinate, and who logged nothing this
week. A verifikator: what still waits per SKPD in the month under verification, the approval deadline. Admins:
SKPD readiness and the data to fix. Keuangan: the month's totals per SKPD and which months are locked.
"""

import datetime
from typing import NamedTuple

from peewee import fn

from ekinerja.db import as_date
from ekinerja.i18n import BULAN
from ekinerja.models import Aktivitas, Jabatan, Pegawai, Periode, RiwayatJabatan, Skpd, UraianTugas
from ekinerja.models.people import full_name
from ekinerja.rules.calendar import month_bounds, previous_month
from ekinerja.rules.masterdata import norma_waktu_problem
from ekinerja.rules.vocabulary import PRASYARAT
from ekinerja.rules.workflow import Status
from ekinerja.services import analysis, approvals, participation, recap
from ekinerja.services.calendar import approval_deadline
from ekinerja.services.notifications import returned_entries
from ekinerja.services.positions import covering, subordinates
from ekinerja.services.signatories import head_positions

LISTED = 10  # rows of each problem list on the page; its count says how many there are in all
FINANCE_MONTHS = 3  # the months whose lock keuangan sees
OPEN_MONTHS_DRAWN = 3  # the staff chart computes the open months among the last three; older ones only if locked


# -- staff ---------------------------------------------------------------------------------------------------------


class MonthPoint(NamedTuple):
    tahun: int
    bulan: int
    capaian: float | None  # capaian kinerja, percent
    tpp: int | None  # TPP diterima (gross), rupiah

    @property
    def label(self):
        """Nov: twelve months in a row need no year on the axis."""
        return BULAN[self.bulan - 1][:3]


def _points(months):
    return [
        MonthPoint(y, m, float(row["capaian_kinerja"]) if row else None, int(row["tpp_diterima"]) if row else None)
        for y, m, row in months
    ]


def twelve_months(pegawai_id, year, month, current=None, recent_open=0, today=None):
    """The chart's points: capaian and TPP of the employee's twelve months up to (year, month), as the recap has
    them (recap.history: a locked month's snapshot, an open one among the last recent_open computed now)."""
    return _points(recap.history(pegawai_id, year, month, current, recent_open, today=today))


def staff(pegawai, today):
    """The employee's month so far, the scanned days without an entry, the entries to fix and twelve months."""
    summary = recap.employee_month(pegawai, today.year, today.month, today=today)
    row = summary["rekap"]
    # A working day that is over, with a scan and no entry in any status: an LKH not written.
    missing = [
        day.tanggal
        for day in summary["hari"]
        if day.hari_kerja and day.tanggal < today and (day.masuk or day.pulang) and not day.status
    ]
    return {
        "rekap": row,
        "tanpa_lkh": missing,
        "dikembalikan": returned_entries(pegawai.id),
        "riwayat": twelve_months(pegawai.id, today.year, today.month, row, OPEN_MONTHS_DRAWN, today=today),
    }


# -- superior ------------------------------------------------------------------------------------------------------


class Waiting(NamedTuple):
    nip: str
    nama: str
    jumlah: int
    tertua: datetime.date  # the date of the oldest entry waiting
    umur: int  # its age in days


def team(user, today):
    """A superior's view, or None for someone who leads nobody today: the entries waiting for their decision per
    subordinate with the age of the oldest, and the subordinates with no entry this week (Monday to today)."""
    if not user.pegawai_id:
        return None
    people = subordinates(user.pegawai_id, today)
    if not people:
        return None
    ids = [p.id for p in people]
    # The inbox's own condition, read for these people only (their entries by the employee's index, not the city's).
    only = (*approvals.WAITING, Aktivitas.pegawai.in_(ids))
    pending = approvals.subordinate_entries(user, *approvals.inbox_window(today), today, only)
    waiting = []
    if pending is not None:
        oldest = fn.MIN(Aktivitas.tanggal)
        person = (Pegawai.id, Pegawai.nip, Pegawai.gelar_depan, Pegawai.nama, Pegawai.gelar_belakang)
        grouped = (
            pending.select(*person, fn.COUNT(Aktivitas.id.distinct()), oldest)
            .group_by(*person)
            .order_by(oldest, Pegawai.nama)
        )
        for _, nip, depan, nama, belakang, count, first in grouped.tuples():
            first = as_date(first)
            waiting.append(Waiting(nip, full_name(depan, nama, belakang), count, first, (today - first).days))
    monday = today - datetime.timedelta(days=today.weekday())
    logged = (
        Aktivitas.select(Aktivitas.pegawai)
        .where(Aktivitas.pegawai.in_(ids), Aktivitas.tanggal.between(monday, today))
        .distinct()
    )
    logged_ids = {pegawai_id for (pegawai_id,) in logged.tuples()}
    return {
        "menunggu": waiting,
        "jumlah_menunggu": sum(w.jumlah for w in waiting),
        "tanpa_kegiatan": [p for p in people if p.id not in logged_ids],
        "bawahan": len(people),
        "sejak": monday,
    }


# -- verifikator ---------------------------------------------------------------------------------------------------


def month_under_verification(today):
    """Last month until it is locked, then this one."""
    last_month = previous_month(today)[0]
    if Periode.is_locked(last_month.year, last_month.month):
        return today.year, today.month
    return last_month.year, last_month.month


def verification(today):
    """The month under verification: the entries still waiting per SKPD (whoever decides them: past the approval
    deadline, the verifikator), the SKPDs with none left, and the days left before the deadline; the SKPDs counted
    are those the month's recap takes in (participation.month_readiness), as the lock will."""
    year, month = month_under_verification(today)
    first, last = month_bounds(year, month)
    still_waiting = dict(
        Aktivitas.select(Pegawai.skpd, fn.COUNT(Aktivitas.id))
        .join(Pegawai)
        .where(Aktivitas.tanggal.between(first, last), Aktivitas.status == Status.DIAJUKAN)
        .group_by(Pegawai.skpd)
        .tuples()
    )
    # The SKPDs the month's recap, and so its lock, takes in: taking part and, once the month is over, ready.
    active = Skpd.select().where(Skpd.aktif).order_by(Skpd.kode)
    taking_part = [
        row["skpd"] for row in participation.month_readiness(active, year, month, today) if not row["alasan"]
    ]
    deadline = approval_deadline(year, month)
    return {
        "per_skpd": [(s, still_waiting[s.id]) for s in taking_part if still_waiting.get(s.id)],
        "tahun": year,
        "bulan": month,
        "menunggu_bulan": sum(still_waiting.get(s.id, 0) for s in taking_part),
        "skpd_selesai": sum(1 for s in taking_part if not still_waiting.get(s.id)),
        "skpd_total": len(taking_part),
        "batas": deadline,
        "sisa_hari": (deadline - today).days,
    }


# -- admin, admin_skpd ---------------------------------------------------------------------------------------------


class Problem(NamedTuple):
    kind: str  # tanpa_atasan, tanpa_jabatan, tanpa_id_mesin, tanpa_norma
    label: str
    jumlah: int
    listed: list  # (id, text) of the first LISTED, each fixed at the portal's page for that id


def _problem(kind, label, rows):
    return Problem(kind, label, len(rows), rows[:LISTED])


def data_problems(skpd_ids, today):
    """The master data to fix in these SKPDs: positions (but the SKPD's top one) without a superior, active
    employees holding no position today or without a fingerprint machine id, active duties without norma waktu."""
    heads = set(head_positions(skpd_ids).values())
    no_superior = (
        Jabatan.select(Jabatan.id, Jabatan.kode, Jabatan.nama)
        .where(Jabatan.skpd.in_(skpd_ids), Jabatan.aktif, Jabatan.atasan.is_null(), Jabatan.id.not_in(sorted(heads)))
        .order_by(Jabatan.kode)
    )
    people = Pegawai.select(Pegawai.id, Pegawai.nip, Pegawai.nama).where(Pegawai.skpd.in_(skpd_ids), Pegawai.aktif)
    holding = RiwayatJabatan.select(RiwayatJabatan.id).where(
        RiwayatJabatan.pegawai == Pegawai.id, covering(RiwayatJabatan, today)
    )
    no_position = people.where(~fn.EXISTS(holding)).order_by(Pegawai.nama)
    no_machine_id = people.where(Pegawai.id_mesin.is_null() | (fn.TRIM(Pegawai.id_mesin) == "")).order_by(Pegawai.nama)
    positions = Jabatan.select(Jabatan.id).where(Jabatan.skpd.in_(skpd_ids), Jabatan.aktif)
    duties = (
        UraianTugas.select(UraianTugas.id, UraianTugas.kode, UraianTugas.uraian, UraianTugas.norma_waktu)
        .where(UraianTugas.aktif, UraianTugas.jabatan.in_(positions))
        .order_by(UraianTugas.kode, UraianTugas.id)
    )
    return [
        _problem(
            "tanpa_atasan", "Jabatan tanpa atasan", [(i, f"{kode} {nama}") for i, kode, nama in no_superior.tuples()]
        ),
        _problem(
            "tanpa_jabatan", "Pegawai tanpa jabatan", [(i, f"{nip} {nama}") for i, nip, nama in no_position.tuples()]
        ),
        _problem(
            "tanpa_id_mesin",
            "Pegawai tanpa ID mesin absensi",
            [(i, f"{nip} {nama}") for i, nip, nama in no_machine_id.tuples()],
        ),
        _problem(
            "tanpa_norma",
            "Uraian tugas tanpa norma waktu",
            [(i, f"{kode} {uraian}") for i, kode, uraian, norma in duties.tuples() if norma_waktu_problem(norma)],
        ),
    ]


def readiness(skpd_query, year):
    """How many SKPDs meet the six prerequisites, and for the others which ones they miss (the readiness screen)."""
    rows = analysis.readiness(skpd_query, year)
    not_ready = [
        {"skpd": row["skpd"], "kurang": [PRASYARAT[key] for key, c in row["kriteria"].items() if not c.terpenuhi]}
        for row in rows
        if not row["siap"]
    ]
    return {"siap": len(rows) - len(not_ready), "total": len(rows), "belum": not_ready, "tahun": year}


def admin(user, today):
    """Readiness and data problems of the SKPDs an admin looks after: all active ones, or an admin_skpd's own."""
    skpds = Skpd.select().where(Skpd.aktif).order_by(Skpd.kode)
    if not user.has_role("admin"):
        skpds = skpds.where(Skpd.id == user.skpd_id)
    ids = [s.id for s in skpds]
    return {"kesiapan": readiness(skpds, today.year), "masalah": data_problems(ids, today)}


# -- keuangan ------------------------------------------------------------------------------------------------------


def finance(today):
    """Whether each of the last FINANCE_MONTHS months is locked, and the totals per SKPD of the latest locked one
    (read from its snapshot: an open month's figures are on the city recap, computed when asked)."""
    months, day = [], today
    for _ in range(FINANCE_MONTHS):
        day = previous_month(day)[0]
        months.append((day.year, day.month))
    locked = set(Periode.locked())
    latest = max((pair for pair in locked if pair <= months[0]), default=None)
    totals = recap.city_totals(*latest)[0] if latest else []
    return {
        "bulan": [(y, m, (y, m) in locked) for y, m in months],
        "terkunci": latest,
        "total": totals,
        "jumlah": {name: sum(t[name] for t in totals) for name in ("pegawai", *recap.PAID)},
    }
