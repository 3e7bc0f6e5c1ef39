"""Planners of attendance: fingerprint scans, apel and leave.

Rows name employees by NIP (or machine ID); a stored row that the file repeats is unchanged, so overlapping files
are safe. A locked month's attendance cannot change.
"""

import os
from collections import defaultdict

from ekinerja import clock
from ekinerja.db import database
from ekinerja.models import Apel, Cuti, Jabatan, Pegawai, Presensi, PresensiHarian, RiwayatJabatan, Skpd
from ekinerja.services import masterdata
from ekinerja.services.imports.cells import shown, stored_second
from ekinerja.services.imports.planning import assign, chunks, locked_message, months_between, same
from ekinerja.services.imports.schema import OWN_SKPD_ONLY
from ekinerja.services.periods import locked_months
from ekinerja.services.positions import in_force_between


class People:
    """Employees by NIP and by machine ID; machine IDs also match without leading zeros when unambiguous."""

    def __init__(self):
        query = Pegawai.select(Pegawai.id, Pegawai.nip, Pegawai.id_mesin, Pegawai.skpd)
        self.by_nip = {}
        self.by_mesin = {}
        by_number = defaultdict(list)
        for person in query:
            self.by_nip[person.nip] = person
            if person.id_mesin:
                mesin = person.id_mesin.strip()
                self.by_mesin[mesin] = person
                if mesin.isdigit():
                    by_number[str(int(mesin))].append(person)
        self.by_number = {number: people[0] for number, people in by_number.items() if len(people) == 1}

    def machine(self, id_mesin):
        person = self.by_mesin.get(id_mesin)
        if person is None and id_mesin.isdigit():
            person = self.by_number.get(str(int(id_mesin)))
        return person

    def resolve(self, row, ctx):
        """The row's employee, or None after reporting an unknown or out-of-scope one."""
        if "nip" in ctx.columns:
            column, value = "nip", row.get("nip")
            person = self.by_nip.get(value) if value else None
            unknown = f"Pegawai dengan NIP {shown(value)} tidak ditemukan."
        else:
            column, value = "id_mesin", row.get("id_mesin")
            person = self.machine(value) if value else None
            unknown = f"ID mesin {shown(value)} tidak terdaftar pada pegawai mana pun (isi id_mesin pegawai)."
        if not value or column in row.bad:
            return None
        if person is None:
            ctx.error(row, column, unknown)
            return None
        if ctx.out_of_scope(person.skpd_id):
            ctx.error(row, column, OWN_SKPD_ONLY)
            return None
        return person


def insert_rows(model, fields, rows):
    """Insert value tuples (in fields order) with one prepared statement run for every row.

    peewee's insert_many spends most of its time building the SQL of a large batch; a month of a city's scans is
    hundreds of thousands of rows.
    """
    if not rows:
        return
    sql, _ = model.insert_many([rows[0]], fields=fields).returning().sql()
    database.cursor().executemany(sql, [tuple(f.db_value(v) for f, v in zip(fields, row, strict=True)) for row in rows])


def stored_keys(model, fields, person_ids, date_field, low, high):
    """Stored (pegawai_id, *fields) tuples of these employees within [low, high], queried in chunks."""
    found = set()
    for ids in chunks(sorted(person_ids)):
        query = model.select(model.pegawai, *fields).where(model.pegawai.in_(ids), date_field.between(low, high))
        found.update(query.tuples())
    return found


def _plan_new_rows(ctx, plan, candidates, stored, day_of, what, column):
    """Plan inserting the candidates (row, key) not stored nor repeated; a new one in a locked month is an error."""
    seen = set(stored)
    new = []
    for row, key in candidates:
        if key in seen:
            plan.keep()
            continue
        seen.add(key)
        new.append((row, key))
    locked = locked_months([day_of(key) for _, key in new])
    fresh = []
    for row, key in new:
        day = day_of(key)
        if (day.year, day.month) in locked:
            ctx.error(row, column, locked_message(day, what))
        else:
            fresh.append(key)
    if ctx.errors:
        return []
    plan.result.ditambah += len(fresh)
    return fresh


# Attendance is recorded once the day has come (the apel screen says the same).
def stored_scans(person_ids, first, last):
    """{(pegawai id, time)} of these people's stored scans from first to last, in whole seconds (as written: drivers
    may return microseconds or text)."""
    stored = stored_keys(Presensi, [Presensi.waktu], person_ids, Presensi.waktu, first, last)
    return {(pid, stored_second(waktu)) for pid, waktu in stored}


FUTURE_DAY = "Tanggal ini belum tiba; kehadiran hanya dicatat untuk hari yang sudah berjalan"


def plan_presensi(rows, ctx, plan):
    people = People()
    candidates = []
    today = clock.today()
    for row in rows:
        person = people.resolve(row, ctx)
        if person is not None and "waktu" not in row.bad:
            if row["waktu"].date() > today:
                ctx.error(row, "waktu", f"{FUTURE_DAY} (tertulis {row['waktu']:%d-%m-%Y}).")
                continue
            candidates.append((row, (person.id, row["waktu"])))
    times = [key[1] for _, key in candidates]
    stored = stored_scans({key[0] for _, key in candidates}, min(times), max(times)) if candidates else set()
    fresh = _plan_new_rows(ctx, plan, candidates, stored, lambda key: key[1].date(), "presensi", "waktu")
    if ctx.errors or not fresh:
        return
    sumber = os.path.basename(ctx.filename or "")[:100] or None

    fields = [Presensi.pegawai, Presensi.waktu, Presensi.sumber]
    plan.steps.append(lambda: insert_rows(Presensi, fields, [(pid, waktu, sumber) for pid, waktu in fresh]))
    plan.steps.append(lambda: PresensiHarian.refresh_days([(pid, waktu.date()) for pid, waktu in fresh]))


def _skpd_on_day(people, first, last):
    """skpd_on(person, day): the SKPD of the position the employee held that day, else their current SKPD."""
    held = defaultdict(list)
    query = (
        RiwayatJabatan.select(RiwayatJabatan, Jabatan.skpd)
        .join(Jabatan)
        .where(
            RiwayatJabatan.pegawai.in_([person.id for person in people]),
            in_force_between(RiwayatJabatan, first, last),
        )
    )
    for position in query:
        held[position.pegawai_id].append(position)

    def skpd_on(person, day):
        on_the_day = [position for position in held[person.id] if position.covers(day)]
        return on_the_day[0].jabatan.skpd_id if on_the_day else person.skpd_id

    return skpd_on


def plan_apel(rows, ctx, plan):
    people = People()
    today = clock.today()
    afternoon = {skpd_id for (skpd_id,) in Skpd.select(Skpd.id).where(Skpd.apel_sore).tuples()}
    present = []
    for row in rows:
        person = people.resolve(row, ctx)
        if person is None or row.bad:
            continue
        if row["tanggal"] > today:
            ctx.error(row, "tanggal", f"{FUTURE_DAY} (tertulis {row['tanggal']:%d-%m-%Y}).")
            continue
        present.append((row, person))
    afternoon_rows = [(row, person) for row, person in present if row["sesi"] == "sore"]
    if afternoon_rows:
        # Apel sore is held by the SKPD of the position held that day (before a transfer, the old one's).
        days = [row["tanggal"] for row, _ in afternoon_rows]
        skpd_on = _skpd_on_day({person for _, person in afternoon_rows}, min(days), max(days))
    candidates = []
    for row, person in present:
        if row["sesi"] == "sore" and skpd_on(person, row["tanggal"]) not in afternoon:
            ctx.error(row, "sesi", "SKPD pegawai ini tidak menyelenggarakan apel sore pada tanggal itu.")
            continue
        candidates.append((row, (person.id, row["tanggal"], row["sesi"])))
    days = [key[1] for _, key in candidates]
    stored = (
        stored_keys(
            Apel, [Apel.tanggal, Apel.sesi], {key[0] for _, key in candidates}, Apel.tanggal, min(days), max(days)
        )
        if candidates
        else set()
    )
    fresh = _plan_new_rows(ctx, plan, candidates, stored, lambda key: key[1], "data apel", "tanggal")
    if ctx.errors or not fresh:
        return

    plan.steps.append(lambda: insert_rows(Apel, [Apel.pegawai, Apel.tanggal, Apel.sesi], fresh))


def plan_cuti(rows, ctx, plan):
    people = People()
    planned = []
    for row in rows:
        person = people.resolve(row, ctx)
        period = masterdata.period_errors(row.get("mulai"), row.get("selesai"))
        if period:
            for field, message in period.items():
                ctx.error(row, field, message)
            continue
        if person is not None and not row.bad:
            planned.append((row, person))

    # One person's leave never overlaps, within the file ...
    by_person = defaultdict(list)
    for row, person in planned:
        by_person[person.id].append(row)
    overlapping_rows = set()
    for person_rows in by_person.values():
        latest = None  # the row ending last among those that start earlier
        for row in sorted(person_rows, key=lambda r: (r["mulai"], r.num)):
            if latest is not None and row["mulai"] <= latest["selesai"]:
                first, second = sorted((latest, row), key=lambda r: r.num)
                ctx.error(
                    second,
                    "mulai",
                    f"Bertumpang tindih dengan cuti pada baris {first.num} "
                    f"({first['mulai']:%d-%m-%Y} s.d. {first['selesai']:%d-%m-%Y}).",
                )
                overlapping_rows.add(second.num)
            if latest is None or row["selesai"] > latest["selesai"]:
                latest = row

    # ... nor with what is stored (the same rule as the leave screen).
    existing = {}
    ids = list(by_person)
    for chunk in chunks(ids):
        for cuti in Cuti.select().where(Cuti.pegawai.in_(chunk)):
            existing[(cuti.pegawai_id, cuti.mulai)] = cuti
    changes = []
    for row, person in planned:
        current = existing.get((person.id, row["mulai"]))
        values = {"jenis": row["jenis"], "selesai": row["selesai"], "nomor_surat": row["nomor_surat"]}
        if current is not None and all(same(getattr(current, name), value) for name, value in values.items()):
            changes.append((row, person, current, values, False))
            continue
        if row.num not in overlapping_rows:
            problems = masterdata.leave_errors(person, row["mulai"], row["selesai"], current.id if current else None)
            for field, message in problems.items():
                ctx.error(row, {"pegawai": "nip"}.get(field, field), message)
        changes.append((row, person, current, values, True))

    # A changed or new leave may not touch a locked month, nor move an existing one out of it.
    touched = []
    for row, _person, current, _values, changed in changes:
        if changed:
            touched.extend(months_between(row["mulai"], row["selesai"]))
            if current is not None:
                touched.extend(months_between(current.mulai, current.selesai))
    locked = locked_months(touched)
    for row, _person, current, _values, changed in changes:
        if not changed or not locked:
            continue
        months = months_between(row["mulai"], row["selesai"])
        if current is not None:
            months += months_between(current.mulai, current.selesai)
        hit = sorted(day for day in months if (day.year, day.month) in locked)
        if hit:
            ctx.error(row, "mulai", locked_message(hit[0], "cuti"))
    if ctx.errors:
        return

    for row, person, current, values, changed in changes:
        if not changed:
            plan.keep()
        elif current is None:
            plan.add(lambda p=person.id, m=row["mulai"], v=values: Cuti.create(pegawai=p, mulai=m, **v))
        else:
            assign(current, values)
            plan.change(current.save)
