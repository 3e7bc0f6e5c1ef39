"""The monthly recap: working days, leave, approved minutes, discipline and TPP, for one employee or the city.

An open month is computed from current data on demand; a locked month is read from the Rekap snapshot
stored when it was locked (see snapshot()), never recomputed.
"""

import datetime
import functools
import json
import secrets

from peewee import fn

from ekinerja.bulk import cyclic_gc_paused
from ekinerja.models import Aktivitas, Pegawai, Periode, Rekap, Skpd, UraianTugas
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.simulation import deduction_codes
from ekinerja.services import participation, signatories
from ekinerja.services.calendar import rule_set_on, signing_day
from ekinerja.services.month_facts import MonthFacts
from ekinerja.services.rule_values import PAY_FIELDS, SKP_PAY_FIELDS, pay_figures, pay_rules


def employee_month(pegawai, year, month, today=None):
    """Day-by-day figures of one employee's month and the recap as the slip shows it (the stored one if locked)."""
    facts = MonthFacts(year, month, pegawai_ids=[pegawai.id], today=today)
    if pegawai.id not in facts.positions:
        return {"hari": [], "rekap": None, "aturan": facts.aturan, "final": False}
    stored = None
    if Periode.is_locked(year, month):
        rows, _ = month_recap(year, month, nip=pegawai.nip)
        stored = rows[0] if rows else None
    rows, figures = facts.day_rows(pegawai.id, stored)
    if stored is None:
        figures["aturan"] = facts.rule_values()
    return {"hari": rows, "rekap": figures, "aturan": facts.aturan, "final": stored is not None}


def compute_month(year, month, skpd_id=None, pegawai_ids=None, today=None):
    """Recap rows of every employee who held a position in the month (optionally one SKPD or some people)."""
    facts = MonthFacts(year, month, pegawai_ids=pegawai_ids, skpd_id=skpd_id, today=today)
    with cyclic_gc_paused():
        if pegawai_ids is None:
            facts.prefetch()
        rows = [facts.compute(pegawai_id) for pegawai_id in facts.positions]
        if facts.absent_skpds:  # an SKPD not taking part this month is left out (absent_skpds says why)
            rows = [row for row in rows if row["skpd"] not in facts.absent_skpds]
        if skpd_id is not None:  # someone who moved away during the month is listed by the SKPD of their pay position
            rows = [row for row in rows if row["skpd"] == facts.skpds[skpd_id].kode]
        rows.sort(key=lambda r: (r["skpd"], -r["kelas_jabatan"], r["nip"]))
        facts.forget_per_employee_loads()
    return rows, facts


def _pay_rules_when_needed(year, month):
    """The month's pay rules, read on first call: only snapshots older than the kept deductions need them."""
    return functools.cache(lambda: pay_rules(rule_set_on(month_bounds(year, month)[0])))


def _stored_row(rekap, month_pay_rules):
    data = {name: getattr(rekap, name) for name in SNAPSHOT_FIELDS}
    data["skpd"] = rekap.skpd_kode
    data["pegawai_id"] = rekap.pegawai_id
    data["kode_verifikasi"] = rekap.kode_verifikasi
    stored = rekap.rincian_data
    data["rincian_disiplin"] = stored["rincian_disiplin"]
    data["aturan"] = stored["aturan"]
    # Not in older snapshots; the SKP pay fields only where the SKP rule set linked pay to the predikat.
    data.update({name: stored[name] for name in TAMBAHAN_FIELDS + SKP_PAY_FIELDS + DOCUMENT_FIELDS if name in stored})
    data.update(_stored_pay(stored, rekap.tpp_diterima, rekap.golongan, month_pay_rules))
    if "persen_dasar" in stored:
        data["persen_dasar"] = stored["persen_dasar"]
    return data


def _stored_pay(stored, gross, golongan, month_pay_rules):
    """PAY_FIELDS of a locked row's stored details; a row locked before deductions were kept: from its gross."""
    if "tpp_bersih" in stored:
        return {name: stored[name] for name in PAY_FIELDS if name in stored}
    return pay_figures(gross, golongan, month_pay_rules())


def stored_net_pay(year, month):
    """{rekap id: (jumlah_potongan, tpp_bersih)} of every stored row of a month, worked out from its details as the
    screens do (migration 19 copies them into the rows' columns)."""
    month_pay_rules = _pay_rules_when_needed(year, month)
    query = Rekap.select(Rekap.id, Rekap.tpp_diterima, Rekap.golongan, Rekap.rincian).where(
        Rekap.tahun == year, Rekap.bulan == month
    )
    net = {}
    for rekap_id, gross, golongan, rincian in query.tuples().iterator():
        pay = _stored_pay(json.loads(rincian), gross, golongan, month_pay_rules)
        net[rekap_id] = tuple(int(pay[name]) for name in NET)
    return net


def stored_row(year, month, pegawai_id):
    """An employee's recap row as stored when the month was locked, or None (an open month, or not in it)."""
    if not Periode.is_locked(year, month):
        return None
    rekap = Rekap.get_or_none(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku, Rekap.pegawai == pegawai_id)
    return _stored_row(rekap, _pay_rules_when_needed(year, month)) if rekap is not None else None


FIGURES = (
    "hari_kerja",
    "hari_berketerangan",
    "hari_efektif",
    "menit_standar",
    "menit_utama",
    "menit_tambahan",
    "menit_diakui",
    "capaian_kinerja",
    "potongan_disiplin",
    "tpp_dasar",
    "tpp_kinerja",
    "tpp_disiplin",
    "tpp_diterima",
)
# How menit_tambahan came about (kept with the itemised deductions of a locked month, for the slip).
TAMBAHAN_FIELDS = ("menit_tambahan_disetujui", "batas_menit_tambahan")
# What the documents and day rows print beyond the figures, as it stood when the month was locked: who signs
# (atasan; the SKPD's kepala and bendahara), the hours of each working day (jadwal) and the texts of the duties
# the employee's entries cite (tugas). Snapshots stored before they were kept lack them; those read the current ones.
DOCUMENT_FIELDS = ("atasan", "kepala", "bendahara", "jadwal", "tugas")
SNAPSHOT_FIELDS = ("nip", "nama", "golongan", "status_pegawai", "jabatan", "kelas_jabatan", "skpd_nama") + FIGURES


def _duty_texts(year, month):
    """{pegawai id: {tugas id as text: [uraian, satuan]}} of the duties the month's entries cite."""
    first, last = month_bounds(year, month)
    query = (
        Aktivitas.select(Aktivitas.pegawai, UraianTugas.id, UraianTugas.uraian, UraianTugas.satuan)
        .join(UraianTugas)
        .where(Aktivitas.tanggal.between(first, last))
        .distinct()
    )
    texts = {}
    for pegawai_id, tugas_id, uraian, satuan in query.tuples():
        texts.setdefault(pegawai_id, {})[str(tugas_id)] = [uraian, satuan]
    return texts


def _document_facts(year, month, rows, facts, today):
    """{pegawai id: the DOCUMENT_FIELDS of their row}, read once for the whole month being locked."""
    day = signing_day(year, month, today)
    atasan = signatories.superiors(year, month)
    by_kode = {skpd.kode: skpd for skpd in facts.skpds.values()}
    signers = {kode: signatories.skpd_signatories(by_kode[kode], day) for kode in {row["skpd"] for row in rows}}
    duties = _duty_texts(year, month)
    return {
        row["pegawai_id"]: {
            "atasan": atasan.get(row["pegawai_id"]),
            "kepala": signers[row["skpd"]][0],
            "bendahara": signers[row["skpd"]][1],
            "jadwal": facts.stored_hours(row["pegawai_id"]),
            "tugas": duties.get(row["pegawai_id"], {}),
        }
        for row in rows
    }


def snapshot(period):
    """Store the recap of a month being locked as version period.versi; older versions stop being valid."""
    today = month_bounds(period.tahun, period.bulan)[1] + datetime.timedelta(days=1)
    rows, facts = compute_month(period.tahun, period.bulan, today=today)
    printed = _document_facts(period.tahun, period.bulan, rows, facts, today)
    Rekap.update(berlaku=False).where(Rekap.tahun == period.tahun, Rekap.bulan == period.bulan).execute()
    rule_values = facts.rule_values()
    records = []
    for row in rows:
        records.append(
            {
                **{name: row[name] for name in SNAPSHOT_FIELDS},
                "tahun": period.tahun,
                "bulan": period.bulan,
                "versi": period.versi,
                "berlaku": True,
                "kode_verifikasi": secrets.token_urlsafe(12),
                "pegawai": row["pegawai_id"],
                "skpd_kode": row["skpd"],
                "menit_tambahan_disetujui": row["menit_tambahan_disetujui"],
                "kode_potongan": deduction_codes(row["rincian_disiplin"]),
                **{name: int(row[name]) for name in NET},
                "rincian": json.dumps(
                    {
                        "rincian_disiplin": row["rincian_disiplin"],
                        "aturan": rule_values,
                        **{name: row[name] for name in TAMBAHAN_FIELDS + PAY_FIELDS},
                        **({"persen_dasar": row["persen_dasar"]} if "persen_dasar" in row else {}),
                        **{name: row[name] for name in SKP_PAY_FIELDS if name in row},
                        **printed[row["pegawai_id"]],
                    },
                    default=str,
                    sort_keys=True,
                ),
            }
        )
    for start in range(0, len(records), 500):
        Rekap.insert_many(records[start : start + 500]).execute()
    return len(records)


def month_recap(year, month, skpd_kode=None, nip=None, today=None):
    """Recap rows of a month: the stored snapshot when locked, else computed now. Also returns whether final."""
    if Periode.is_locked(year, month):
        query = Rekap.select().where(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
        if skpd_kode:
            query = query.where(Rekap.skpd_kode == skpd_kode)
        if nip:
            query = query.where(Rekap.nip == nip)
        ordered = query.order_by(Rekap.skpd_kode, Rekap.kelas_jabatan.desc(), Rekap.nip)
        month_pay_rules = _pay_rules_when_needed(year, month)
        return [_stored_row(r, month_pay_rules) for r in ordered], True
    skpd_id = Skpd.select(Skpd.id).where(Skpd.kode == skpd_kode).scalar() if skpd_kode else None
    if skpd_kode and skpd_id is None:
        return [], False
    pegawai_ids = None
    if nip:
        pegawai_ids = list(Pegawai.select(Pegawai.id).where(Pegawai.nip == nip).tuples())
        pegawai_ids = [pid for (pid,) in pegawai_ids]
    rows, facts = compute_month(year, month, skpd_id=skpd_id, pegawai_ids=pegawai_ids, today=today)
    rule_values = facts.rule_values()
    for row in rows:
        row["aturan"] = rule_values
    return rows, False


PUBLIC_FIELDS = ("nip", "nama", "skpd", "kelas_jabatan") + FIGURES
PERCENT_FIELDS = {"capaian_kinerja", "potongan_disiplin"}
# From the gross (tpp_diterima) to what is transferred, whole rupiah; potongan_tpp itemises jumlah_potongan.
NET = ("jumlah_potongan", "tpp_bersih")
PUBLIC_PAY_FIELDS = NET + ("bpjs_pemberi_kerja",)


def absent_skpds(year, month):
    """[(Skpd, reason)] of the SKPDs left out of a month's recap: not taking part yet, or the month not ready."""
    return participation.absent_skpds(year, month)


def public_row(row):
    """A recap row for the CLI and the API: rupiah as integers, percentages as numbers with two decimals."""
    data = {}
    for name in PUBLIC_FIELDS:
        value = row[name]
        if name in PERCENT_FIELDS:
            value = float(round_half_up(value, 2))
        elif name == "tpp_dasar":
            value = int(round_half_up(value))
        data[name] = value
    data["rincian_disiplin"] = [
        {"tanggal": d["tanggal"], "kode": d["kode"], "persen": float(round_half_up(d["persen"], 2))}
        for d in row["rincian_disiplin"]
    ]
    data.update({name: int(row[name]) for name in PUBLIC_PAY_FIELDS})
    data["potongan_tpp"] = [
        {
            "kode": item["kode"],
            "nama": item["nama"],
            "persen": None if item["persen"] is None else float(item["persen"]),
            "rupiah": int(item["rupiah"]),
        }
        for item in row["potongan_tpp"]
    ]
    return data


PAID = ("tpp_kinerja", "tpp_disiplin", "tpp_diterima")


def _add_to_totals(totals, row):
    entry = totals.get(row["skpd"])
    if entry is None:
        entry = totals[row["skpd"]] = {"skpd": row["skpd"], "skpd_nama": row["skpd_nama"], "pegawai": 0}
        entry.update(dict.fromkeys(PAID + NET, 0))
    entry["pegawai"] += 1
    for name in PAID + NET:
        entry[name] += int(row[name])


def skpd_totals(rows):
    """One row per SKPD: head count and the sums of the three paid amounts, the deductions and the net."""
    totals = {}
    for row in rows:
        _add_to_totals(totals, row)
    return list(totals.values())


def city_totals(year, month, today=None, progress=None):
    """skpd_totals of the whole city, ordered by SKPD code, and whether final, without holding every employee's row:
    a locked month is summed by the database from its snapshot; an open one is computed once for the city (as
    month_recap does) and each employee's row is added to its SKPD's sums and dropped, progress(done, total) told
    as it goes. (The city overview shows an open month's totals as a background job stored them: city_overview.)"""
    if Periode.is_locked(year, month):
        query = (
            Rekap.select(
                Rekap.skpd_kode,
                fn.MIN(Rekap.skpd_nama),
                fn.COUNT(Rekap.id),
                *[fn.SUM(getattr(Rekap, name)) for name in PAID + NET],
            )
            .where(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
            .group_by(Rekap.skpd_kode)
            .order_by(Rekap.skpd_kode)
        )
        keys = ("skpd", "skpd_nama", "pegawai", *PAID, *NET)
        return [dict(zip(keys, (*row[:3], *map(int, row[3:])), strict=True)) for row in query.tuples()], True
    facts = MonthFacts(year, month, today=today)
    totals = {}
    with cyclic_gc_paused():
        facts.prefetch()
        count = len(facts.positions)
        for done, pegawai_id in enumerate(facts.positions, 1):
            row = facts.compute(pegawai_id)
            if row["skpd"] not in facts.absent_skpds:
                _add_to_totals(totals, row)
            if progress:
                progress(done, count)
        facts.forget_per_employee_loads()
    return [totals[kode] for kode in sorted(totals)], False


def _month_number(year, month):
    return year * 12 + month - 1


def history(pegawai_id, year, month, current=None, recent_open=0, count=12, today=None):
    """[(year, month, row or None)] of one employee's `count` months up to (year, month), oldest first: a locked
    month's stored row; an open one among the last `recent_open` computed now; None for an older open month (one
    nobody locked is not final, and computing each would cost a page or a slip most of its time) and where the
    employee held no position.

    current: the row of (year, month) itself, when the caller has it already."""
    last = _month_number(year, month)
    months = [divmod(number, 12) for number in range(last - count + 1, last + 1)]
    months = [(y, m + 1) for y, m in months]
    in_range = (Periode.tahun * 12 + Periode.bulan - 1).between(last - count + 1, last)
    locked = set(Periode.locked().where(in_range))
    stored = {}
    if locked:
        query = Rekap.select().where(
            Rekap.pegawai == pegawai_id,
            Rekap.berlaku,
            (Rekap.tahun * 12 + Rekap.bulan - 1).between(last - count + 1, last),
        )
        stored = {(rekap.tahun, rekap.bulan): rekap for rekap in query}
    rows = []
    for pair in months:
        row = None
        if pair == (year, month) and current is not None:
            row = current
        elif pair in locked:
            if pair in stored:
                row = _stored_row(stored[pair], _pay_rules_when_needed(*pair))
        elif _month_number(*pair) > last - recent_open:
            found, _ = compute_month(*pair, pegawai_ids=[pegawai_id], today=today)
            row = found[0] if found else None
        rows.append((*pair, row))
    return rows
