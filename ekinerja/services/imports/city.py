"""Planners of the city-wide kinds only the admin imports: SKPDs, holidays and TPP tariffs."""

from collections import defaultdict

from ekinerja.models import AturanTpp, HariLibur, Skpd, TarifTpp
from ekinerja.services.imports.planning import by_kode, is_complete, locked_message
from ekinerja.services.masterdata import carry_over_tariffs
from ekinerja.services.periods import locked_months, rule_set_change_error


def plan_skpd(rows, ctx, plan):
    existing = by_kode(Skpd)
    for row in rows:
        if not is_complete(row, "skpd"):
            continue
        values = {"nama": row["nama"], "singkatan": row["singkatan"]}
        plan.upsert(existing.get(row["kode"]), values, lambda v=values, k=row["kode"]: Skpd.create(kode=k, **v))


def plan_libur(rows, ctx, plan):
    existing = {h.tanggal: h for h in HariLibur.select()}
    complete = [row for row in rows if is_complete(row, "libur")]
    locked = locked_months([row["tanggal"] for row in complete if row["tanggal"] not in existing])
    for row in complete:
        day = row["tanggal"]
        if day not in existing and (day.year, day.month) in locked:
            ctx.error(row, "tanggal", locked_message(day, "hari libur"))
            continue
        values = {"jenis": row["jenis"], "keterangan": row["keterangan"]}
        plan.upsert(
            existing.get(row["tanggal"]), values, lambda d=row["tanggal"], v=values: HariLibur.create(tanggal=d, **v)
        )


_RULE_VALUE_FIELDS = [f for f in AturanTpp._meta.sorted_fields if f.name not in ("id", "berlaku_mulai", "nama")]


def plan_tarif(rows, ctx, plan):
    if ctx.errors:
        return
    rule_sets = {aturan.berlaku_mulai: aturan for aturan in AturanTpp.select()}
    existing = {(t.aturan_id, t.kelas_jabatan): t for t in TarifTpp.select()}
    objects = dict(rule_sets)
    by_date = defaultdict(list)
    for row in rows:
        by_date[row["berlaku_mulai"]].append(row)
        locked = rule_set_change_error(row["berlaku_mulai"])
        if locked:
            ctx.error(row, "berlaku_mulai", locked)
    if ctx.errors:
        return
    # Dates in order, each rule set written before the next is copied: a file with 2026 and 2027 tables gives
    # 2027 the 2026 values it does not list, as the regulation in force on that date would.
    for day in sorted(by_date):
        if day not in rule_sets:
            plan.details.setdefault("aturan_baru", []).append(day.isoformat())

            def create_rule_set(day=day):
                given = {row["kelas_jabatan"] for row in by_date[day]}
                in_force = max((d for d in objects if d <= day), default=None)
                source = objects[in_force] if in_force is not None else None
                values = {f.name: getattr(source, f.name) for f in _RULE_VALUE_FIELDS} if source is not None else {}
                aturan = objects[day] = AturanTpp.create(
                    berlaku_mulai=day, nama=f"Aturan TPP mulai {day:%d-%m-%Y}", **values
                )
                # Kelas the file leaves out keep the tariff of the rule set in force until now.
                carry_over_tariffs(aturan, given)

            plan.steps.append(create_rule_set)
        for row in by_date[day]:
            kelas, amount = row["kelas_jabatan"], row["tarif"]
            aturan = rule_sets.get(day)
            plan.upsert(
                existing.get((aturan.id, kelas)) if aturan is not None else None,
                {"tarif": amount},
                lambda d=day, k=kelas, a=amount: TarifTpp.create(aturan=objects[d], kelas_jabatan=k, tarif=a),
            )
