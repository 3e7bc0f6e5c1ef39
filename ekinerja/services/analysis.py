"""Derived master-data views: SKPD readiness for e-Kinerja and ABK staffing need."""

from collections import defaultdict
from typing import NamedTuple

from peewee import fn

from ekinerja import clock
from ekinerja.models import Jabatan, RiwayatJabatan, SkpdPrasyarat, Target, UraianTugas
from ekinerja.rules.abk import staffing_need
from ekinerja.rules.vocabulary import PRASYARAT
from ekinerja.services.positions import covering

DERIVED = ("anjab", "abk", "renstra_renja", "target_kinerja")


class Criterion(NamedTuple):
    terpenuhi: bool
    sumber: str  # 'data' or 'konfirmasi'
    keterangan: str


def _anjab_abk(skpd_ids):
    """Per SKPD: (active positions, positions without an active duty, active duties without volume)."""
    positions = defaultdict(int)
    without_duty = defaultdict(int)
    duties_per_position = dict(
        UraianTugas.select(UraianTugas.jabatan, fn.COUNT(UraianTugas.id))
        .where(UraianTugas.aktif)
        .group_by(UraianTugas.jabatan)
        .tuples()
    )
    for jabatan_id, skpd_id in (
        Jabatan.select(Jabatan.id, Jabatan.skpd).where(Jabatan.aktif, Jabatan.skpd.in_(skpd_ids)).tuples()
    ):
        positions[skpd_id] += 1
        if not duties_per_position.get(jabatan_id):
            without_duty[skpd_id] += 1
    no_volume = dict(
        UraianTugas.select(Jabatan.skpd, fn.COUNT(UraianTugas.id))
        .join(Jabatan)
        .where(UraianTugas.aktif, Jabatan.aktif, Jabatan.skpd.in_(skpd_ids), UraianTugas.volume_tahunan <= 0)
        .group_by(Jabatan.skpd)
        .tuples()
    )
    return positions, without_duty, no_volume


def readiness(skpd_query, year):
    """For each SKPD: the six prerequisites, derived from data where it shows them, else confirmed by admin."""
    skpds = list(skpd_query)
    ids = [s.id for s in skpds]
    positions, without_duty, no_volume = _anjab_abk(ids)
    targets = defaultdict(set)
    for skpd_id, jenis, tahun in (
        Target.select(Target.skpd, Target.jenis, Target.tahun).where(Target.skpd.in_(ids)).tuples()
    ):
        if jenis == "renstra" and tahun - 4 <= year <= tahun + 4:
            targets[skpd_id].add("renstra")
        elif tahun == year:
            targets[skpd_id].add(jenis)
    confirmations = {(c.skpd_id, c.syarat): c for c in SkpdPrasyarat.select().where(SkpdPrasyarat.skpd.in_(ids))}
    rows = []
    for skpd in skpds:
        criteria = {
            "anjab": Criterion(
                positions[skpd.id] > 0 and without_duty[skpd.id] == 0,
                "data",
                f"{positions[skpd.id]} jabatan aktif, {without_duty[skpd.id]} tanpa uraian tugas",
            ),
            "abk": Criterion(
                positions[skpd.id] > 0 and not no_volume.get(skpd.id),
                "data",
                f"{no_volume.get(skpd.id, 0)} uraian tugas tanpa volume tahunan",
            ),
            "renstra_renja": Criterion(
                {"renstra", "renja"} <= targets[skpd.id],
                "data",
                "Renstra: "
                + ("ada" if "renstra" in targets[skpd.id] else "belum")
                + f"; Renja {year}: "
                + ("ada" if "renja" in targets[skpd.id] else "belum"),
            ),
            "target_kinerja": Criterion(
                "target_kinerja" in targets[skpd.id],
                "data",
                f"Target Kinerja {year}: " + ("ada" if "target_kinerja" in targets[skpd.id] else "belum"),
            ),
        }
        for syarat in PRASYARAT:
            if syarat in criteria:
                continue
            confirmation = confirmations.get((skpd.id, syarat))
            criteria[syarat] = Criterion(
                confirmation is not None,
                "konfirmasi",
                f"Dok. {confirmation.nomor_dokumen} ({confirmation.dikonfirmasi_oleh})"
                if confirmation
                else "belum dikonfirmasi",
            )
        rows.append({"skpd": skpd, "kriteria": criteria, "siap": all(c.terpenuhi for c in criteria.values())})
    return rows


def holders_today(jabatan_ids, today):
    return dict(
        RiwayatJabatan.select(RiwayatJabatan.jabatan, fn.COUNT(RiwayatJabatan.id))
        .where(
            RiwayatJabatan.jabatan.in_(jabatan_ids),
            covering(RiwayatJabatan, today),
        )
        .group_by(RiwayatJabatan.jabatan)
        .tuples()
    )


def staffing_by_position(skpd, today=None):
    """ABK per active position of an SKPD: workload, people needed and present, shortage or surplus."""
    today = today or clock.today()
    positions = list(Jabatan.select().where(Jabatan.skpd == skpd, Jabatan.aktif).order_by(Jabatan.kode))
    duties = defaultdict(list)
    for jabatan_id, volume, norma in (
        UraianTugas.select(UraianTugas.jabatan, UraianTugas.volume_tahunan, UraianTugas.norma_waktu)
        .where(UraianTugas.jabatan.in_([p.id for p in positions]), UraianTugas.aktif)
        .tuples()
    ):
        duties[jabatan_id].append((volume, norma))
    holders = holders_today([p.id for p in positions], today)
    return [(p, staffing_need(duties[p.id], holders.get(p.id, 0))) for p in positions]


def staffing_by_skpd(skpd_list, today=None):
    """Per SKPD: total people needed (rounded per position) and present, with shortage and surplus."""
    rows = []
    for skpd in skpd_list:
        needs = [need for _, need in staffing_by_position(skpd, today)]
        rows.append(
            {
                "skpd": skpd,
                "kebutuhan": sum(n.kebutuhan_bulat for n in needs),
                "ada": sum(n.ada for n in needs),
                "kurang": sum(-n.selisih for n in needs if n.selisih < 0),
                "lebih": sum(n.selisih for n in needs if n.selisih > 0),
            }
        )
    return rows
