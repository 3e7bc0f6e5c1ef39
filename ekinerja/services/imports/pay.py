"""Planners and export rows of the pay inputs: status and golongan from a TMT, bank details, PTKP status.

A status or golongan row is keyed by the employee and its TMT: the same TMT again changes that row. After the rows
are written each employee's current status or golongan follows their latest row (pay_inputs.follow_history).
"""

from ekinerja.models import Pegawai, RiwayatGolongan, RiwayatStatus
from ekinerja.services import masterdata_edits, pay_inputs
from ekinerja.services.imports.attendance import People
from ekinerja.services.imports.planning import same

HISTORY_OF = {"riwayat_status": RiwayatStatus, "riwayat_golongan": RiwayatGolongan}
# The employee's own columns each kind sets (the bank details kind is admin-only: see schema.ADMIN_ONLY).
OWN_COLUMNS = {"rekening": ("nama_bank", "nomor_rekening"), "ptkp": ("status_ptkp",)}


def _audit_own_columns(jenis, actor, person, before, after):
    """Each changed employee's audit entry, as the portal or payment screen writes it for the same change."""
    if jenis == "rekening":
        pay_inputs.audit_bank_details(actor, person.id, after["nama_bank"])
    else:
        masterdata_edits.audit_change(actor, person, before, after)


def _resolved(rows, ctx):
    """[(row, employee)] of the rows whose cells parsed and whose employee the importer may reach."""
    people = People()
    wanted = []
    for row in rows:
        person = people.resolve(row, ctx)
        if person is not None and not row.bad:
            wanted.append((row, person))
    return wanted


def _history_planner(model):
    name = pay_inputs.HISTORIES[model]

    def plan_history(rows, ctx, plan):
        wanted = _resolved(rows, ctx)
        if ctx.errors:
            return
        stored = {(r.pegawai_id, r.tmt): r for r in model.select()}
        touched = set()
        for row, person in wanted:
            existing = stored.get((person.id, row["tmt"]))
            value, nomor_sk = row[name], row["nomor_sk"]
            before = getattr(existing, name) if existing is not None else None
            if existing is None:
                values = {"pegawai": person.id, "tmt": row["tmt"], name: value, "nomor_sk": nomor_sk}
                plan.add(lambda values=values: model.create(**values))
            elif same(before, value) and same(existing.nomor_sk, nomor_sk):
                plan.keep()
                continue
            else:
                update = model.update({name: value, "nomor_sk": nomor_sk}).where(model.id == existing.id)
                plan.change(update.execute)
            audit = (ctx.actor, model, person.id, before, value, row["tmt"])
            plan.steps.append(lambda audit=audit: pay_inputs.audit_history(*audit))
            touched.add(person.id)
        if touched:
            plan.steps.append(lambda: pay_inputs.follow_history(model, touched))

    return plan_history


plan_riwayat_status = _history_planner(RiwayatStatus)
plan_riwayat_golongan = _history_planner(RiwayatGolongan)


def _own_columns_planner(jenis):
    columns = OWN_COLUMNS[jenis]

    def plan_own(rows, ctx, plan):
        wanted = _resolved(rows, ctx)
        if ctx.errors:
            return
        fields = [getattr(Pegawai, column) for column in columns]
        stored = {pid: values for pid, *values in Pegawai.select(Pegawai.id, *fields).tuples()}
        for row, person in wanted:
            values = {column: row[column] for column in columns}
            before = dict(zip(columns, stored[person.id], strict=True))
            if all(same(before[c], values[c]) for c in columns):
                plan.keep()
                continue
            plan.change(Pegawai.update(values).where(Pegawai.id == person.id).execute)
            audit = (jenis, ctx.actor, person, before, values)
            plan.steps.append(lambda audit=audit: _audit_own_columns(*audit))

    return plan_own


plan_rekening = _own_columns_planner("rekening")
plan_ptkp = _own_columns_planner("ptkp")


def export_rows(jenis, skpd_id):
    """The kind's rows as tuples in its import columns (NIP first), of one SKPD's employees when skpd_id is given."""
    model = HISTORY_OF.get(jenis)
    if model is not None:
        name = pay_inputs.HISTORIES[model]
        query = model.select(Pegawai.nip, getattr(model, name), model.tmt, model.nomor_sk).join(Pegawai)
    else:
        query = Pegawai.select(Pegawai.nip, *[getattr(Pegawai, c) for c in OWN_COLUMNS[jenis]])
    if skpd_id is not None:
        query = query.where(Pegawai.skpd == skpd_id)
    return list(query.tuples())
