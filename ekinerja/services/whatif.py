"""What-if: a locked month's recap recomputed under a draft rule set, beside what was paid; the snapshot is only
read. For the budget talks of the Sekda and the finance office."""

import json

from ekinerja.bulk import cyclic_gc_paused
from ekinerja.db import database
from ekinerja.models import AturanTpp, Rekap, TarifTpp
from ekinerja.rules.refusal import Refused
from ekinerja.rules.simulation import recompute
from ekinerja.services import month_cache
from ekinerja.services.month_facts import MonthFacts
from ekinerja.services.rule_values import OUTSIDE_SETTING, discipline_rules, kinerja_rules, tpp_rules

COLUMNS = ("kelompok", "kode", "nama", "pegawai", "tpp_dibayar", "tpp_simulasi", "selisih")


def _add(groups, key, nama, paid, simulated):
    entry = groups.setdefault(key, {"nama": nama, "pegawai": 0, "tpp_dibayar": 0, "tpp_simulasi": 0})
    entry["pegawai"] += 1
    entry["tpp_dibayar"] += paid
    entry["tpp_simulasi"] += simulated


def _listed(groups, kelompok):
    return [
        {"kelompok": kelompok, "kode": key, **entry, "selisih": entry["tpp_simulasi"] - entry["tpp_dibayar"]}
        for key, entry in sorted(groups.items())
    ]


def simulate(year, month, aturan_id):
    """{"aturan", "skpd": rows, "kelas": rows, "total": row}: the month's TPP paid and under the draft rule set.

    Worked out once per lock of the month and values of the draft in each process (month_cache).
    """
    locked = month_cache.lock_key(year, month)
    if locked is None:
        raise Refused({"periode": "Simulasi hanya untuk periode yang sudah dikunci (angka yang dibayar)."})
    aturan = AturanTpp.get_or_none(AturanTpp.id == aturan_id)
    if aturan is None:
        raise Refused({"aturan": "Pilih aturan TPP (rancangan) yang disimulasikan."})
    tarif = dict(TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).where(TarifTpp.aturan == aturan).tuples())
    drafted = tuple((field.name, getattr(aturan, field.name)) for field in AturanTpp._meta.sorted_fields)
    key = ("simulasi", locked, drafted, tuple(sorted(tarif.items())))

    def priced():
        with cyclic_gc_paused():
            return _priced(year, month, aturan, tarif)

    return {"aturan": aturan, **month_cache.cached(key, priced)}


def _priced(year, month, aturan, tarif):
    rules = (kinerja_rules(aturan), discipline_rules(aturan), tpp_rules(aturan))
    current = (Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
    rows = Rekap.select(
        Rekap.pegawai,
        Rekap.skpd_kode,
        Rekap.skpd_nama,
        Rekap.kelas_jabatan,
        Rekap.status_pegawai,
        Rekap.hari_kerja,
        Rekap.hari_berketerangan,
        Rekap.menit_utama,
        Rekap.menit_tambahan_disetujui,
        Rekap.tpp_diterima,
        Rekap.kode_potongan,
    ).where(*current)
    # Every row of a month stores the rule values it was paid under, the same for all: read from one of them.
    sample = Rekap.select(Rekap.rincian).where(*current).limit(1).scalar()
    paid_rules = json.loads(sample)["aturan"] if sample else {}
    # The minutes credited again (MonthFacts.minutes_under), only when the draft credits them otherwise: another
    # daily cap, or another choice whether the minutes outside the attendance window count.
    credited_as_drafted = (aturan.batas_menit_harian, aturan.hitung_menit_luar_presensi)
    recapped = None
    if sample and (paid_rules["batas_menit_harian"], paid_rules.get(OUTSIDE_SETTING, True)) != credited_as_drafted:
        recapped = MonthFacts(year, month).minutes_under(*credited_as_drafted)
    by_skpd, by_kelas = {}, {}
    for pegawai_id, kode, nama, kelas, status, kerja, berketerangan, utama, tambahan, paid, codes in database.execute(
        rows
    ).fetchall():
        if recapped is not None:
            utama, tambahan = recapped.get(pegawai_id, (0, 0))
        figures = {
            "hari_kerja": kerja,
            "hari_berketerangan": berketerangan,
            "menit_utama": utama,
            "menit_tambahan_disetujui": tambahan,
            "kelas_jabatan": kelas,
            "status_pegawai": status,
        }
        simulated = recompute(figures, codes.split(), tarif, rules)["tpp_diterima"]
        _add(by_skpd, kode, nama, paid, simulated)
        _add(by_kelas, kelas, f"Kelas {kelas}", paid, simulated)
    skpd_rows = _listed(by_skpd, "SKPD")
    total = {
        "kelompok": "Kota",
        "kode": "",
        "nama": "Jumlah",
        **{name: sum(r[name] for r in skpd_rows) for name in ("pegawai", "tpp_dibayar", "tpp_simulasi", "selisih")},
    }
    return {"skpd": skpd_rows, "kelas": _listed(by_kelas, "Kelas"), "total": total}
