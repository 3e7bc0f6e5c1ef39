"""The public transparency page's figures: per SKPD and locked month, never a person; cached per process
(month_cache), keyed by the (year, month, version) of every locked month, at the cost of one small query."""

from collections import defaultdict
from decimal import Decimal

from ekinerja.models import Periode
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.services import ranking
from ekinerja.services.month_cache import cached

COLUMNS = (
    "periode",
    "skpd_kode",
    "skpd_nama",
    "jumlah_pegawai",
    "rata_capaian_kinerja",
    "persen_hari_tanpa_potongan",
    "tpp_dibayar",
    "peringkat",
)


def versions():
    """The (year, month, version, time of the lock) of every locked month, oldest first: the key of everything
    public."""
    query = (
        Periode.select(Periode.tahun, Periode.bulan, Periode.versi, Periode.diubah_pada)
        .where(Periode.status == DIKUNCI)
        .order_by(Periode.tahun, Periode.bulan)
    )
    return tuple(query.tuples())


def _row(score):
    return {
        "periode": f"{score.tahun:04d}-{score.bulan:02d}",
        "skpd_kode": score.skpd_kode,
        "skpd_nama": score.skpd_nama,
        "jumlah_pegawai": score.pegawai,
        "rata_capaian_kinerja": score.rata_capaian,
        "persen_hari_tanpa_potongan": score.persen_disiplin,
        "tpp_dibayar": score.tpp_diterima,
        "peringkat": score.peringkat,
    }


def _weighted(rows, name):
    people = sum(r["jumlah_pegawai"] for r in rows if r[name] is not None)
    if not people:
        return None
    return round_half_up(
        sum((r[name] * r["jumlah_pegawai"] for r in rows if r[name] is not None), Decimal(0)) / people, 2
    )


def _figures(locked):
    """{"bulan": {kode: [SKPD rows]}, "kota": [one row per month]} of the locked months."""
    if not locked:
        return {"bulan": {}, "kota": []}
    by_month = defaultdict(list)
    for score in ranking.scores_between(locked[0][:2], locked[-1][:2]):
        by_month[f"{score.tahun:04d}-{score.bulan:02d}"].append(_row(score))
    city = [
        {
            "periode": kode,
            "jumlah_pegawai": sum(r["jumlah_pegawai"] for r in rows),
            "rata_capaian_kinerja": _weighted(rows, "rata_capaian_kinerja"),
            "persen_hari_tanpa_potongan": _weighted(rows, "persen_hari_tanpa_potongan"),
            "tpp_dibayar": sum(r["tpp_dibayar"] for r in rows),
        }
        for kode, rows in sorted(by_month.items())
    ]
    return {"bulan": dict(by_month), "kota": city}


def figures():
    """(key, figures) of every locked month, from this process's cache when no month was locked or unlocked since."""
    key = versions()
    return key, cached(("publik", key), lambda: _figures(key))
