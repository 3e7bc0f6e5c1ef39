"""Planners of an SKPD's organisation: units, positions, their tasks, and the SKPD's targets."""

from collections import defaultdict

from ekinerja.models import Jabatan, RiwayatJabatan, Skpd, Target, UnitKerja, UraianTugas
from ekinerja.services import masterdata
from ekinerja.services.imports.cells import shown
from ekinerja.services.imports.planning import by_kode, is_complete, parent_checks, parents_first, plan_tree_row
from ekinerja.services.imports.schema import OWN_SKPD_ONLY


def plan_unit(rows, ctx, plan):
    skpds = by_kode(Skpd)
    units = by_kode(UnitKerja)
    # The units as they will be once the file is saved: the master-data rules judge that tree.
    final = masterdata.unit_tree()
    in_file = {}
    for row in rows:
        skpd = row.skpd = ctx.skpd(row, skpds)
        if not row.has("kode"):
            continue
        kode = row["kode"]
        in_file[kode] = row
        current = units.get(kode)
        if current is not None and skpd is not None and ctx.out_of_scope(current.skpd_id):
            ctx.error(row, "kode", OWN_SKPD_ONLY)
        if skpd is not None:
            final.skpd[kode] = skpd.id
        if row.has("induk_kode"):
            final.parent[kode] = row["induk_kode"]

    parent_checks(
        ctx,
        rows,
        final,
        "induk_kode",
        "Unit induk dengan kode {0} tidak ditemukan.",
        lambda row, parent: masterdata.unit_parent_errors(
            row["kode"], row.skpd.id if row.skpd else None, parent, final
        ),
    )
    children = defaultdict(list)
    for kode, parent in final.parent.items():
        if parent:
            children[parent].append(kode)
    used_units = set(Jabatan.select(Jabatan.unit).where(Jabatan.unit.is_null(False)).tuples())
    used_units = {unit_id for (unit_id,) in used_units}
    for kode, row in in_file.items():
        if row.skpd is None:
            continue
        skpd_id = row.skpd.id
        current = units.get(kode)
        if current is not None and current.skpd_id != skpd_id:
            if current.id in used_units:
                ctx.error(
                    row, "skpd_kode", "Unit ini masih dipakai jabatan di SKPD lamanya; SKPD-nya tidak dapat dipindah."
                )
            elif any(child not in in_file and final.skpd.get(child) != skpd_id for child in children[kode]):
                ctx.error(row, "skpd_kode", "Unit ini masih menjadi induk unit lain di SKPD lamanya.")
    if ctx.errors:
        return

    objects = dict(units)
    for row in parents_first([r for r in rows if is_complete(r, "unit")], "induk_kode"):
        values = {"nama": row["nama"], "skpd_id": skpds[row["skpd_kode"]].id}
        plan_tree_row(plan, UnitKerja, units, objects, row["kode"], row["induk_kode"], "induk", values)


def plan_jabatan(rows, ctx, plan):
    skpds = by_kode(Skpd)
    units = by_kode(UnitKerja)
    unit_tree = masterdata.unit_tree()
    positions = by_kode(Jabatan)
    final = masterdata.position_tree()
    held = {
        jabatan_id
        for (jabatan_id,) in RiwayatJabatan.select(RiwayatJabatan.jabatan)
        .where(RiwayatJabatan.selesai.is_null())
        .tuples()
    }
    for row in rows:
        skpd = ctx.skpd(row, skpds)
        if row.has("kode"):
            current = positions.get(row["kode"])
            if current is not None and skpd is not None and ctx.out_of_scope(current.skpd_id):
                ctx.error(row, "kode", OWN_SKPD_ONLY)
            elif current is not None and skpd is not None and current.skpd_id != skpd.id and current.id in held:
                ctx.error(
                    row,
                    "skpd_kode",
                    "Jabatan ini sedang dipegang pegawai SKPD lamanya; SKPD jabatan tidak dapat dipindah lewat impor.",
                )
            if row.has("atasan_kode"):
                final.parent[row["kode"]] = row["atasan_kode"]
        unit_kode = row.get("unit_kode")
        if unit_kode:
            unit = units.get(unit_kode)
            if unit is None:
                ctx.error(row, "unit_kode", f"Unit kerja dengan kode {shown(unit_kode)} tidak ditemukan.")
            elif skpd is not None:
                for message in masterdata.position_unit_errors(skpd.id, unit_kode, unit_tree).values():
                    ctx.error(row, "unit_kode", message)
    parent_checks(
        ctx,
        rows,
        final,
        "atasan_kode",
        "Jabatan atasan dengan kode {0} tidak ditemukan.",
        lambda row, parent: masterdata.position_superior_errors(row["kode"], parent, final),
    )
    if ctx.errors:
        return

    objects = dict(positions)
    for row in parents_first([r for r in rows if is_complete(r, "jabatan")], "atasan_kode"):
        kode, parent = row["kode"], row["atasan_kode"]
        values = {
            "nama": row["nama"],
            "skpd_id": skpds[row["skpd_kode"]].id,
            "unit_id": units[row["unit_kode"]].id if row["unit_kode"] else None,
            "jenis": row["jenis"],
            "eselon": row["eselon"],
            "kelas_jabatan": row["kelas_jabatan"],
        }

        plan_tree_row(plan, Jabatan, positions, objects, kode, parent, "atasan", values)


def plan_tugas(rows, ctx, plan):
    positions = by_kode(Jabatan)
    existing = {(t.jabatan_id, t.kode): t for t in UraianTugas.select()}
    for row in rows:
        if not row.has("jabatan_kode"):
            continue
        jabatan = positions.get(row["jabatan_kode"])
        if jabatan is None:
            ctx.error(row, "jabatan_kode", f"Jabatan dengan kode {shown(row['jabatan_kode'])} tidak ditemukan.")
        elif ctx.out_of_scope(jabatan.skpd_id):
            ctx.error(row, "jabatan_kode", OWN_SKPD_ONLY)
    if ctx.errors:
        return
    for row in rows:
        jabatan = positions[row["jabatan_kode"]]
        values = {
            "uraian": row["uraian"],
            "satuan": row["satuan"],
            "norma_waktu": row["norma_waktu"],
            "volume_tahunan": row["volume_tahunan"],
        }
        plan.upsert(
            existing.get((jabatan.id, row["kode"])),
            values,
            lambda j=jabatan, k=row["kode"], v=values: UraianTugas.create(jabatan=j, kode=k, **v),
        )


def plan_target(rows, ctx, plan):
    skpds = by_kode(Skpd)
    existing = {(t.skpd_id, t.tahun, t.jenis, t.indikator): t for t in Target.select()}
    for row in rows:
        ctx.skpd(row, skpds)
    if ctx.errors:
        return
    for row in rows:
        skpd = skpds[row["skpd_kode"]]
        key = (skpd.id, row["tahun"], row["jenis"], row["indikator"])
        values = {"target": row["target"], "satuan": row["satuan"]}
        plan.upsert(
            existing.get(key),
            values,
            lambda s=skpd, k=key, v=values: Target.create(skpd=s, tahun=k[1], jenis=k[2], indikator=k[3], **v),
        )
