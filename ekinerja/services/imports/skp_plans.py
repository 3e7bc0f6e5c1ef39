"""SKP plans as rows, one per indicator: the planner of the import and the rows of the export.

An SKPD drafts its employees' plans in a spreadsheet: each (nip, tahun, jabatan_kode) is one SKP, created as a
draft when there is none; its plan is replaced by the file's while it is still a draft or returned, and left alone
when the file holds what is stored. The checks are the SKP service's own (services.skp.checked_plan).
"""

import datetime
import re
from collections import defaultdict

from ekinerja import clock
from ekinerja.models import HasilKerja, Indikator, Jabatan, Pegawai, RiwayatJabatan, Skp, Target, UraianTugas
from ekinerja.rules import skp as skp_rules
from ekinerja.services import skp as plans
from ekinerja.services.imports.cells import shown
from ekinerja.services.imports.planning import is_complete
from ekinerja.services.imports.schema import OWN_SKPD_ONLY, ImportRejected
from ekinerja.services.positions import in_force_between

# Where the SKP service's field names land in the file: a result's on its first row, an indicator's on its own.
_RESULT_COLUMNS = {"uraian": "hasil_uraian", "target_skpd": "target_skpd", "hasil_atasan": "hasil_atasan_nomor"}
_INDICATOR_COLUMNS = {
    "aspek": "aspek",
    "uraian": "indikator",
    "target": "target",
    "satuan": "satuan",
    "tugas": "tugas_kode",
}
_FIELD = re.compile(r"hasil\[(\d+)\]\.(?:indikator\[(\d+)\]\.)?(\w+)")
# A target text may name more than one of the SKPD's targets of a year (one per jenis): this one is meant.
_TARGET_PREFERENCE = ("target_kinerja", "renja", "renstra")


def _stored_plan(skp):
    """What the SKP holds, in the shape the file gives it: results in order, each with its indicators as a set."""
    if skp.id is None:
        return []
    indicators = defaultdict(list)
    for i in Indikator.select().join(HasilKerja).where(HasilKerja.skp == skp.id):
        indicators[i.hasil_id].append((i.aspek, i.uraian, i.target, i.satuan, i.tugas_id or 0))
    results = HasilKerja.select().where(HasilKerja.skp == skp.id).order_by(HasilKerja.nomor)
    return [(h.uraian, h.target_skpd_id, h.hasil_atasan_id, sorted(indicators[h.id])) for h in results]


def _checked_shape(checked):
    def fk(obj):
        return obj.id if obj is not None else None

    return [
        (
            values["uraian"],
            fk(values["target_skpd"]),
            fk(values["hasil_atasan"]),
            sorted((i["aspek"], i["uraian"], i["target"], i["satuan"], fk(i["tugas"]) or 0) for i in items),
        )
        for values, items in checked
    ]


class _Skp:
    """One SKP of the file: its rows by result number, and what they resolve to."""

    def __init__(self, ctx, key, rows):
        self.ctx, self.key, self.rows = ctx, key, rows
        self.first = rows[0]
        self.results = defaultdict(list)
        for row in rows:
            self.results[row["hasil_nomor"]].append(row)

    def error(self, column, message, row=None):
        row = row or self.first
        # A cell already refused here (a target not found, say) is not refused again for what followed from it.
        if not any(e.row == row.num and e.column == column for e in self.ctx.errors):
            self.ctx.error(row, column, message)

    def find(self, pegawai, jabatan):
        """The stored SKP, else a new unsaved draft for the position the employee holds that year; None on errors."""
        nip, tahun, kode = self.key
        person, position = pegawai.get(nip), jabatan.get(kode)
        if person is None:
            self.error("nip", f"Pegawai dengan NIP {nip} tidak ditemukan.")
        if position is None:
            self.error("jabatan_kode", f"Jabatan dengan kode {shown(kode)} tidak ditemukan.")
        if person is None or position is None:
            return None
        if self.ctx.out_of_scope(position.skpd_id):
            self.error("jabatan_kode", OWN_SKPD_ONLY)
            return None
        query = Skp.select().where(Skp.pegawai == person.id, Skp.tahun == tahun, Skp.jabatan == position.id)
        stored = query.order_by(Skp.mulai.desc()).first()
        if stored is not None:
            return stored
        first, last = datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31)
        held = (
            RiwayatJabatan.select()
            .where(
                RiwayatJabatan.pegawai == person.id,
                RiwayatJabatan.jabatan == position.id,
                in_force_between(RiwayatJabatan, first, last),
            )
            .order_by(RiwayatJabatan.mulai.desc())
            .first()
        )
        if held is None:
            self.error("jabatan_kode", f"Pegawai NIP {nip} tidak memegang jabatan {shown(kode)} pada tahun {tahun}.")
            return None
        start, end = max(first, held.mulai), min(last, held.selesai or last)
        return plans.new_skp(person.id, held, min(max(clock.today(), start), end))

    def inputs(self, skp):
        """The plan as the SKP service takes it, [(ResultInput, [IndicatorInput])], and whether all resolved."""
        targets = _targets(plans.skpd_id_of(skp), skp.tahun)
        superior = _superior_results(skp)
        found, ok = [], True
        for nomor in sorted(self.results):
            rows = self.results[nomor]
            head = rows[0]
            for row in rows[1:]:
                for column in ("hasil_uraian", "target_skpd", "hasil_atasan_nomor"):
                    if row.get(column) != head.get(column):
                        self.error(column, f"Berbeda dengan baris {head.num} untuk hasil kerja {nomor}.", row)
                        ok = False
            target_id = atasan_id = None
            if head["target_skpd"]:
                target_id = targets.get(head["target_skpd"])
                if target_id is None:
                    self.error("target_skpd", "Target SKPD tidak ditemukan untuk SKPD dan tahun SKP ini.", head)
                    ok = False
            if head["hasil_atasan_nomor"] is not None:
                atasan_id = superior.get(head["hasil_atasan_nomor"])
                if atasan_id is None:
                    self.error(
                        "hasil_atasan_nomor",
                        f"Hasil kerja nomor {head['hasil_atasan_nomor']} tidak ada pada SKP pejabat penilai tahun ini.",
                        head,
                    )
                    ok = False
            indicators = [
                plans.IndicatorInput(r["aspek"], r["indikator"], r["target"], r["satuan"], r["tugas_kode"])
                for r in rows
            ]
            found.append((plans.ResultInput(head["hasil_uraian"], target_id, atasan_id), indicators))
        return found, ok

    def refused(self, errors):
        """The SKP service's refusals (hasil[i].field, hasil[i].indikator[n].field) on their rows and columns."""
        numbers = sorted(self.results)
        for name, message in errors.items():
            match = _FIELD.fullmatch(name)
            if match is None:
                self.error("hasil_nomor", message)
                continue
            rows = self.results[numbers[int(match.group(1)) - 1]]
            if match.group(2):
                self.error(_INDICATOR_COLUMNS.get(match.group(3), "indikator"), message, rows[int(match.group(2)) - 1])
            else:
                self.error(_RESULT_COLUMNS.get(match.group(3), "hasil_uraian"), message, rows[0])


def _targets(skpd_id, year):
    """{indikator text: Target id} of an SKPD's year, by _TARGET_PREFERENCE where a text repeats."""
    rank = {jenis: n for n, jenis in enumerate(_TARGET_PREFERENCE)}
    found = {}
    query = Target.select(Target.id, Target.indikator, Target.jenis).where(Target.skpd == skpd_id, Target.tahun == year)
    for target in sorted(query, key=lambda t: -rank.get(t.jenis, len(rank))):
        found[target.indikator] = target.id
    return found


def _superior_results(skp):
    """{nomor: HasilKerja id} of the appraiser's SKP of the year (the latest one where there are several)."""
    if skp.penilai_id is None:
        return {}
    query = (
        HasilKerja.select(HasilKerja.id, HasilKerja.nomor)
        .join(Skp)
        .where(Skp.pegawai == skp.penilai_id, Skp.tahun == skp.tahun)
        .order_by(Skp.mulai)
    )
    return {h.nomor: h.id for h in query}


def plan_skp(rows, ctx, plan):
    complete = [row for row in rows if is_complete(row, "skp")]
    nips = {row["nip"] for row in complete}
    kodes = {row["jabatan_kode"] for row in complete}
    pegawai = {p.nip: p for p in Pegawai.select().where(Pegawai.nip.in_(sorted(nips)))}
    jabatan = {j.kode: j for j in Jabatan.select().where(Jabatan.kode.in_(sorted(kodes)))}
    groups = defaultdict(list)
    for row in complete:
        groups[row["nip"], row["tahun"], row["jabatan_kode"]].append(row)
    for key, group in groups.items():
        item = _Skp(ctx, key, group)
        skp = item.find(pegawai, jabatan)
        if skp is None:
            continue
        inputs, resolved = item.inputs(skp)
        try:
            checked = plans.checked_plan(skp, inputs)
        except plans.SkpRejected as rejected:
            item.refused(rejected.errors)
            continue
        if not resolved:
            continue
        if skp.id is not None and _checked_shape(checked) == _stored_plan(skp):
            plan.keep()
            continue
        if skp.id is not None and skp.status not in skp_rules.PLAN_EDITABLE:
            status = skp_rules.Status(skp.status).label
            item.error("nip", f"SKP ini berstatus {status}; rencananya tidak dapat diubah lagi.")
            continue
        taken = plans.intervened(skp) if skp.id is not None else []
        if taken:
            message = f"Hasil kerja {taken[-1]} diintervensi oleh SKP bawahan; rencana tidak dapat diganti."
            item.error("hasil_nomor", message)
            continue
        (plan.add if skp.id is None else plan.change)(lambda s=skp, i=inputs, it=item: _write(s, i, it))


def _write(skp, inputs, item):
    try:
        if skp.id is None:
            plans.save_new(skp)
        plans.write_plan(skp, inputs)
    except plans.SkpRejected as rejected:
        item.refused(rejected.errors)
        raise ImportRejected(item.ctx.errors) from rejected


def export_rows(skpd_id=None):
    """Every SKP's plan, a row per indicator in the import columns (skpd_id: one SKPD's)."""
    query = (
        Indikator.select(Indikator, HasilKerja, Skp, Pegawai, Jabatan)
        .join(HasilKerja)
        .join(Skp)
        .join(Pegawai, on=Skp.pegawai == Pegawai.id)
        .switch(Skp)
        .join(Jabatan)
    )
    if skpd_id is not None:
        query = query.where(Jabatan.skpd == skpd_id)
    targets = dict(Target.select(Target.id, Target.indikator).tuples())
    numbers = dict(HasilKerja.select(HasilKerja.id, HasilKerja.nomor).tuples())
    tasks = dict(UraianTugas.select(UraianTugas.id, UraianTugas.kode).tuples())
    return [
        (
            i.hasil.skp.pegawai.nip,
            i.hasil.skp.tahun,
            i.hasil.skp.jabatan.kode,
            i.hasil.nomor,
            i.hasil.uraian,
            targets.get(i.hasil.target_skpd_id),
            numbers.get(i.hasil.hasil_atasan_id),
            i.aspek,
            i.uraian,
            i.target,
            i.satuan,
            tasks.get(i.tugas_id),
        )
        for i in query
    ]
