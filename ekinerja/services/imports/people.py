"""Planner of employees: their data and, when the file names a new position, the position they hold from its TMT."""

import datetime
from collections import defaultdict

from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan
from ekinerja.rules.nip import parse_nip
from ekinerja.services import accounts, pay_inputs
from ekinerja.services.imports.cells import shown
from ekinerja.services.imports.planning import assign, by_kode, current_position, locked_message, same
from ekinerja.services.imports.schema import OWN_SKPD_ONLY
from ekinerja.services.periods import locked_month_change


def plan_pegawai(rows, ctx, plan):
    positions = by_kode(Jabatan)
    kode_of = {obj.id: kode for kode, obj in positions.items()}
    people = {person.nip: person for person in Pegawai.select()}
    history = defaultdict(list)
    for period in RiwayatJabatan.select():
        history[period.pegawai_id].append(period)

    final_mesin = {nip: person.id_mesin for nip, person in people.items() if person.id_mesin}
    row_of_nip = {}
    for row in rows:
        if row.has("nip"):
            row_of_nip[row["nip"]] = row.num
            if row.has("id_mesin"):
                final_mesin[row["nip"]] = row["id_mesin"]
    holders = defaultdict(list)
    for nip, id_mesin in final_mesin.items():
        if id_mesin:
            holders[id_mesin].append(nip)

    for row in rows:
        nip = row.get("nip")
        person = people.get(nip) if nip else None
        if person is not None and ctx.out_of_scope(person.skpd_id):
            ctx.error(row, "nip", OWN_SKPD_ONLY)
        id_mesin = row.get("id_mesin")
        if nip and id_mesin and len(holders[id_mesin]) > 1:
            other = sorted(n for n in holders[id_mesin] if n != nip)[0]
            if other in row_of_nip:
                where = f"pada baris {row_of_nip[other]}"
            elif ctx.out_of_scope(people[other].skpd_id):
                where = "oleh pegawai SKPD lain"
            else:
                where = f"oleh pegawai NIP {other}"
            ctx.error(row, "id_mesin", f"ID mesin {shown(id_mesin)} sudah dipakai {where}.")

        if person is not None:
            for name in pay_inputs.HISTORIES.values():
                if row.has(name) and not same(getattr(person, name), row[name]):
                    ctx.error(
                        row,
                        name,
                        f"{name.capitalize()} pegawai ini {getattr(person, name)}; perubahannya dicatat dengan TMT "
                        f"lewat impor riwayat_{name} atau riwayat {name} di portal, bukan lewat impor pegawai.",
                    )
        kode, tmt = row.get("jabatan_kode"), row.get("tmt_jabatan")
        row.position = None  # (jabatan, tmt, current period to close) when a new period opens
        row.target_skpd = person.skpd_id if person is not None else None
        if "jabatan_kode" in row.bad or "tmt_jabatan" in row.bad:
            continue
        if kode is None and tmt is None:
            if person is None and nip:
                ctx.error(row, "jabatan_kode", "Kode jabatan dan TMT jabatan wajib diisi untuk pegawai baru.")
            continue
        if kode is None:
            ctx.error(row, "jabatan_kode", "Kode jabatan wajib diisi bila TMT jabatan diisi.")
            continue
        if tmt is None:
            ctx.error(row, "tmt_jabatan", "TMT jabatan wajib diisi bila kode jabatan diisi.")
            continue
        jabatan = positions.get(kode)
        if jabatan is None:
            ctx.error(row, "jabatan_kode", f"Jabatan dengan kode {shown(kode)} tidak ditemukan.")
            continue
        if ctx.out_of_scope(jabatan.skpd_id):
            ctx.error(row, "jabatan_kode", OWN_SKPD_ONLY)
            continue
        row.target_skpd = jabatan.skpd_id
        periods = history[person.id] if person is not None else []
        current = current_position(periods)
        if current is not None and current.jabatan_id == jabatan.id:
            if current.mulai != tmt:
                ctx.error(
                    row,
                    "tmt_jabatan",
                    f"Pegawai sudah memegang jabatan {shown(kode)} sejak {current.mulai:%d-%m-%Y}; "
                    "tanggal mulainya diubah lewat riwayat jabatan di portal, bukan lewat impor.",
                )
            continue
        if not jabatan.aktif:
            ctx.error(row, "jabatan_kode", f"Jabatan {shown(kode)} tidak aktif.")
            continue
        if current is not None and tmt <= current.mulai:
            ctx.error(
                row,
                "tmt_jabatan",
                f"TMT jabatan harus setelah mulai jabatan sekarang ({kode_of.get(current.jabatan_id)}, "
                f"sejak {current.mulai:%d-%m-%Y}).",
            )
            continue
        overlapping = [p for p in periods if p is not current and (p.selesai is None or p.selesai >= tmt)]
        if overlapping:
            p = overlapping[0]
            ctx.error(
                row,
                "tmt_jabatan",
                f"TMT jabatan bertumpang tindih dengan riwayat jabatan {kode_of.get(p.jabatan_id)} "
                f"({p.mulai:%d-%m-%Y} s.d. {p.selesai.strftime('%d-%m-%Y') if p.selesai else 'sekarang'}).",
            )
            continue
        if nip and "nip" not in row.bad:
            tmt_cpns = parse_nip(nip).tmt_cpns
            if tmt < tmt_cpns:
                ctx.error(row, "tmt_jabatan", f"TMT jabatan tidak boleh sebelum TMT CPNS pada NIP ({tmt_cpns:%m-%Y}).")
                continue
        # The new position covers every month from the TMT on, and the current one stops covering them.
        locked = locked_month_change(None, (tmt, None, ()))
        if locked:
            ctx.error(row, "tmt_jabatan", locked_message(datetime.date(*locked, 1), "riwayat jabatan"))
            continue
        row.position = (jabatan, tmt, current)
    if ctx.errors:
        return

    losing_mesin = []
    for row in rows:
        nip = row["nip"]
        info = parse_nip(nip)
        person = people.get(nip)
        values = {
            "nama": row["nama"],
            "gelar_depan": row["gelar_depan"],
            "gelar_belakang": row["gelar_belakang"],
            "tanggal_lahir": info.tanggal_lahir,
            "jenis_kelamin": info.jenis_kelamin,
            "golongan": row["golongan"],
            "status": row["status"],
            "skpd_id": row.target_skpd,
            "id_mesin": row["id_mesin"],
        }

        def write(nip=nip, values=values, position=row.position):
            obj = people.get(nip)
            if obj is None:
                obj = Pegawai.create(nip=nip, **values)
                accounts.ensure_employee_account(obj)
                pay_inputs.start_histories(obj)
            else:
                assign(obj, values)
                obj.save()
            if position is not None:
                jabatan, tmt, current = position
                if current is not None:
                    current.selesai = tmt - datetime.timedelta(days=1)
                    current.save()
                RiwayatJabatan.create(pegawai=obj, jabatan=jabatan, mulai=tmt)

        if person is None:
            plan.add(write)
        elif not all(same(getattr(person, k), v) for k, v in values.items()) or row.position is not None:
            if person.id_mesin and not same(person.id_mesin, row["id_mesin"]):
                losing_mesin.append(person.id)
            plan.change(write)
        else:
            plan.keep()
    if losing_mesin:
        # Frees machine IDs first, so two employees can swap theirs without a unique-index clash.
        plan.steps.insert(0, lambda: Pegawai.update(id_mesin=None).where(Pegawai.id.in_(losing_mesin)).execute())
