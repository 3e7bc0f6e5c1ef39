"""Healthy competition: each locked month's SKPD figures (stored when it is locked), rankings, trends, own band."""

import datetime
import json
from collections import defaultdict

from peewee import Case, fn

from ekinerja.models import Aktivitas, MenitHarian, Periode, Rekap, SkorSkpd
from ekinerja.models.institutions import AturanInstitusi
from ekinerja.rules import ranking
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.rules.workflow import Status
from ekinerja.services.calendar import approval_deadline

WAITING = (Status.DIAJUKAN.value, Status.REVISI.value)


def _people(period):
    """{pegawai: (skpd kode, skpd nama, capaian, hari efektif, days with a deduction, tpp diterima)} of a snapshot."""
    query = Rekap.select(
        Rekap.pegawai,
        Rekap.skpd_kode,
        Rekap.skpd_nama,
        Rekap.capaian_kinerja,
        Rekap.hari_efektif,
        Rekap.tpp_diterima,
        Rekap.rincian,
    ).where(Rekap.tahun == period.tahun, Rekap.bulan == period.bulan, Rekap.versi == period.versi)
    people = {}
    for pegawai_id, kode, nama, capaian, efektif, diterima, rincian in query.tuples():
        deducted = {item["tanggal"] for item in json.loads(rincian)["rincian_disiplin"]}
        people[pegawai_id] = (kode, nama, capaian, efektif, len(deducted), diterima)
    return people


def _logged_days(first, last):
    """{pegawai: days with approved minutes} of the month."""
    query = (
        MenitHarian.select(MenitHarian.pegawai, fn.COUNT(MenitHarian.id))
        .where(MenitHarian.tanggal.between(first, last))
        .group_by(MenitHarian.pegawai)
    )
    return dict(query.tuples())


def _decided_in_time(year, month, first, last):
    """{pegawai: (entries submitted, entries decided by the approval deadline)} of the month."""
    deadline = datetime.datetime.combine(approval_deadline(year, month), datetime.time.max)
    in_time = Case(None, [((Aktivitas.diputuskan_pada <= deadline) & Aktivitas.status.not_in(WAITING), 1)], 0)
    query = (
        Aktivitas.select(Aktivitas.pegawai, fn.COUNT(Aktivitas.id), fn.SUM(in_time))
        .where(Aktivitas.tanggal.between(first, last))
        .group_by(Aktivitas.pegawai)
    )
    return {pegawai_id: (int(total), int(timely or 0)) for pegawai_id, total, timely in query.tuples()}


def store_month(period):
    """Store the SKPD figures of a month being locked, from its fresh snapshot (inside the lock's transaction)."""
    first, last = month_bounds(period.tahun, period.bulan)
    people = _people(period)
    logged = _logged_days(first, last)
    decided = _decided_in_time(period.tahun, period.bulan, first, last)
    sums = defaultdict(lambda: defaultdict(int))
    for pegawai_id, (kode, nama, capaian, efektif, deducted, diterima) in people.items():
        entry = sums[kode]
        entry["nama"] = nama
        entry["pegawai"] += 1
        entry["capaian"] += capaian
        entry["efektif"] += efektif
        entry["tanpa_potongan"] += max(0, efektif - deducted)
        entry["hari_lkh"] += min(logged.get(pegawai_id, 0), efektif)
        submitted, timely = decided.get(pegawai_id, (0, 0))
        entry["diajukan"] += submitted
        entry["tepat"] += timely
        entry["tpp"] += diterima
    weights = AturanInstitusi.current().weights()
    rows = {}
    for kode, entry in sums.items():
        measures = {
            "rata_capaian": round_half_up(entry["capaian"] / entry["pegawai"], 2),
            "persen_disiplin": ranking.percent(entry["tanpa_potongan"], entry["efektif"]),
            # A month without any entry (one recorded before e-Kinerja) has no LKH to measure.
            "persen_lkh": ranking.percent(entry["hari_lkh"], entry["efektif"]) if entry["diajukan"] else None,
            "persen_tepat": ranking.percent(entry["tepat"], entry["diajukan"]),
        }
        rows[kode] = {
            **measures,
            "tahun": period.tahun,
            "bulan": period.bulan,
            "versi": period.versi,
            "skpd_kode": kode,
            "skpd_nama": entry["nama"],
            "pegawai": entry["pegawai"],
            "tpp_diterima": entry["tpp"],
            "skor": ranking.score(measures, weights),
        }
    places = ranking.ranks({kode: row["skor"] for kode, row in rows.items()})
    records = [{**row, "peringkat": places[kode]} for kode, row in sorted(rows.items())]
    for start in range(0, len(records), 200):
        SkorSkpd.insert_many(records[start : start + 200]).execute()
    return len(records)


def _current(query):
    """Only the rows of the locked months' current versions."""
    return query.join(
        Periode,
        on=(
            (Periode.tahun == SkorSkpd.tahun)
            & (Periode.bulan == SkorSkpd.bulan)
            & (Periode.versi == SkorSkpd.versi)
            & (Periode.status == DIKUNCI)
        ),
    )


def month_scores(year, month):
    """The SKPD rows of a locked month, best first; empty while the month is open."""
    query = SkorSkpd.select(SkorSkpd).where(SkorSkpd.tahun == year, SkorSkpd.bulan == month)
    return list(_current(query).order_by(SkorSkpd.peringkat, SkorSkpd.skpd_kode))


def scores_between(first, last):
    """Every current SKPD row of the locked months from first to last ((year, month) pairs), oldest first."""
    key = SkorSkpd.tahun * 100 + SkorSkpd.bulan
    query = SkorSkpd.select(SkorSkpd).where(key.between(first[0] * 100 + first[1], last[0] * 100 + last[1]))
    return list(_current(query).order_by(SkorSkpd.tahun, SkorSkpd.bulan, SkorSkpd.peringkat))


def year_scores(year):
    """The year's ranking: per SKPD the mean of its monthly scores over the year's locked months, best first."""
    per_skpd = defaultdict(list)
    names = {}
    for row in scores_between((year, 1), (year, 12)):
        per_skpd[row.skpd_kode].append(row)
        names[row.skpd_kode] = row.skpd_nama
    means = {kode: ranking.mean([r.skor for r in rows]) for kode, rows in per_skpd.items()}
    places = ranking.ranks(means)
    rows = [
        {
            "skpd_kode": kode,
            "skpd_nama": names[kode],
            "bulan": len(per_skpd[kode]),
            "rata_capaian": ranking.mean([r.rata_capaian for r in per_skpd[kode]]),
            "skor": means[kode],
            "peringkat": places[kode],
        }
        for kode in per_skpd
    ]
    return sorted(rows, key=lambda r: (r["peringkat"], r["skpd_kode"]))


def months_back(year, month, count):
    """The count months ending with (year, month), oldest first."""
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def trends(year, month, count=12):
    """{skpd kode: {"nama", "skor": {(year, month): skor}}} and the months, over the count months to (year, month)."""
    months = months_back(year, month, count)
    series = {}
    for row in scores_between(months[0], months[-1]):
        entry = series.setdefault(row.skpd_kode, {"nama": row.skpd_nama, "skor": {}})
        entry["skor"][(row.tahun, row.bulan)] = row.skor
    return months, dict(sorted(series.items()))


def own_band(pegawai_id, year, month):
    """A person's place in their SKPD's locked month: band, and (when the city shows names) the SKPD's ranking.

    None when the month is open or the person has no stored recap.
    """
    if not Periode.is_locked(year, month):
        return None
    current = Rekap.select().where(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
    own = current.where(Rekap.pegawai == pegawai_id).first()
    if own is None:
        return None
    settings = AturanInstitusi.current()
    weights = settings.weights()
    colleagues = list(
        current.select(Rekap.pegawai, Rekap.nama, Rekap.capaian_kinerja, Rekap.potongan_disiplin)
        .where(Rekap.skpd_kode == own.skpd_kode)
        .tuples()
    )
    scores = {pid: ranking.person_score(capaian, potongan, weights) for pid, _, capaian, potongan in colleagues}
    places = ranking.ranks(scores)
    named = None
    if settings.tampilkan_nama:
        named = sorted(
            ({"nama": nama, "skor": scores[pid], "peringkat": places[pid]} for pid, nama, _, _ in colleagues),
            key=lambda r: (r["peringkat"], r["nama"]),
        )
    return {
        "skpd_nama": own.skpd_nama,
        "band": ranking.band(places[pegawai_id], len(scores)),
        "skor": scores[pegawai_id],
        "jumlah": len(scores),
        "daftar": named,
    }
