"""Fingerprint machines pushing their scans (ZKTeco ADMS): admission, ingestion, held lines, commands.

A pushed batch is read, mapped and deduplicated as a machine's attlog.dat is by the imports, and written in one
transaction; its day totals are recomputed as the imports recompute them. Whatever cannot become a scan (an unknown
PIN, a locked month, a day yet to come, a line that is not a scan) is kept aside with its reason, so the machine
never has to send it again and nothing is stored against nobody.
"""

import datetime
import hmac
from typing import NamedTuple
from urllib.parse import parse_qs

from peewee import fn

from ekinerja import clock
from ekinerja.db import hold_rows, write_transaction
from ekinerja.models import (
    Mesin,
    MesinTakDikenal,
    Pegawai,
    PerintahMesin,
    Presensi,
    PresensiHarian,
    PresensiTertahan,
    Skpd,
)
from ekinerja.rules.refusal import Refused
from ekinerja.services import audit
from ekinerja.services.imports.attendance import FUTURE_DAY, People, insert_rows, stored_scans
from ekinerja.services.imports.cells import parse_values, stored_second
from ekinerja.services.imports.planning import Context, locked_message
from ekinerja.services.imports.readers import read_machine_log
from ekinerja.services.imports.schema import ImportRejected
from ekinerja.services.periods import locked_months

NO_SERIAL = "Nomor seri (SN) wajib dikirim."
UNKNOWN_SERIAL = "Mesin {} belum terdaftar; minta admin mendaftarkannya di Portal Data Induk."
INACTIVE = "Mesin {} nonaktif."
KEY_MISMATCH = "Kunci mesin salah."
TOO_MANY = "Terlalu banyak permintaan dari mesin ini; coba lagi sebentar lagi."
UNKNOWN_PIN = "PIN {} tidak terdaftar sebagai ID mesin pegawai SKPD mesin ini."
# Lines of the other tables (OPERLOG, USERINFO ...) are taken and ignored.
SCAN_TABLE = "ATTLOG"
# Refused serial numbers listed for the admin; beyond this many, new ones are refused without being listed.
UNKNOWN_LIST_MAX = 500
RATE_WINDOW = datetime.timedelta(minutes=1)


class Refusal(NamedTuple):
    status: int
    message: str


class DeviceError(Refused):
    """An admin's request about machines that cannot be done; the message is shown as is."""


def actor_of(machine):
    """The audit trail's name for a machine."""
    return f"mesin {machine.nomor_seri}"


# ---------------------------------------------------------------------------------------------------------------
# Admission: every request of a machine


def _note_unknown(serial, address, now):
    known = MesinTakDikenal.select().where(MesinTakDikenal.nomor_seri == serial).exists()
    if not known and MesinTakDikenal.select().count() >= UNKNOWN_LIST_MAX:
        return
    MesinTakDikenal.insert(
        nomor_seri=serial, alamat_ip=address, pertama_terlihat=now, terakhir_terlihat=now, jumlah_permintaan=1
    ).on_conflict(
        conflict_target=[MesinTakDikenal.nomor_seri],
        update={
            MesinTakDikenal.alamat_ip: address,
            MesinTakDikenal.terakhir_terlihat: now,
            MesinTakDikenal.jumlah_permintaan: MesinTakDikenal.jumlah_permintaan + 1,
        },
    ).execute()


def _refusal(machine, serial, secret, limit, now):
    """Why a registered machine's request is refused, or None; counts the request in the rate window."""
    if not machine.aktif:
        return Refusal(403, INACTIVE.format(serial))
    if machine.kunci and not hmac.compare_digest((secret or "").encode(), machine.kunci.encode()):
        return Refusal(401, KEY_MISMATCH)
    if machine.jendela_mulai is None or now - machine.jendela_mulai >= RATE_WINDOW:
        machine.jendela_mulai, machine.jendela_jumlah = now, 0
    machine.jendela_jumlah += 1
    if machine.jendela_jumlah > limit:
        return Refusal(429, TOO_MANY)
    return None


def admit(serial, secret, address, limit):
    """(machine, None) for a request a registered, active machine may make; else (machine or None, Refusal).

    An unknown serial number is listed for the admin; a refused known machine gets the reason as its last error.
    limit: requests a machine may make a minute, counted in its row so that every app process shares it.
    """
    serial = (serial or "").strip()[:50]
    if not serial:
        return None, Refusal(400, NO_SERIAL)
    now = clock.now()
    with write_transaction():
        machine = Mesin.get_or_none(Mesin.nomor_seri == serial)
        if machine is None:
            _note_unknown(serial, (address or "")[:45] or None, now)
            return None, Refusal(403, UNKNOWN_SERIAL.format(serial))
        hold_rows(Mesin, [machine.id])
        machine = Mesin.get_by_id(machine.id)
        refusal = _refusal(machine, serial, secret, limit, now)
        if refusal is None:
            machine.terakhir_terlihat = now
        elif refusal.status != 429:
            machine.galat_terakhir, machine.galat_pada = refusal.message, now
        machine.save()
    return machine, refusal


# ---------------------------------------------------------------------------------------------------------------
# The handshake


def options(machine, delay_seconds, timezone_hours):
    """The options block of the handshake: the stamps held, the heartbeat interval, realtime push."""
    return "\n".join(
        [
            f"GET OPTION FROM: {machine.nomor_seri}",
            f"ATTLOGStamp={machine.stamp_attlog or 0}",
            f"OPERLOGStamp={machine.stamp_operlog or 0}",
            "ATTPHOTOStamp=0",
            "ErrorDelay=60",
            f"Delay={delay_seconds}",
            "TransTimes=00:00;12:00",
            "TransInterval=1",
            "TransFlag=TransData AttLog",
            f"TimeZone={timezone_hours:g}",
            "Realtime=1",
            "Encrypt=None",
        ]
    )


# ---------------------------------------------------------------------------------------------------------------
# Ingestion


class _Line(NamedTuple):
    pin: str
    waktu: datetime.datetime
    baris: str


class _Sorted(NamedTuple):
    scans: list  # [(line, pegawai id)]
    held: list  # [(line, alasan, keterangan)]


def _sort(machine, lines):
    """Which lines become scans of which employee, and which are kept aside and why."""
    people = People()
    today = clock.today()
    sorted_ = _Sorted([], [])
    mapped = []
    for line in lines:
        person = people.machine(line.pin)
        if person is None or person.skpd_id != machine.skpd_id:
            sorted_.held.append((line, "pin", UNKNOWN_PIN.format(line.pin)))
        elif line.waktu.date() > today:
            sorted_.held.append((line, "belum_tiba", f"{FUTURE_DAY} (tertulis {line.waktu:%d-%m-%Y})."))
        else:
            mapped.append((line, person.id))
    locked = locked_months([line.waktu.date() for line, _ in mapped])
    for line, pegawai_id in mapped:
        day = line.waktu.date()
        if (day.year, day.month) in locked:
            sorted_.held.append((line, "terkunci", locked_message(day, "presensi")))
        else:
            sorted_.scans.append((line, pegawai_id))
    return sorted_


def _store_scans(keys, sumber):
    """Insert the (pegawai id, waktu) scans not stored yet, recompute their days; returns how many were new."""
    keys = set(keys)
    if not keys:
        return 0
    times = [waktu for _, waktu in keys]
    stored = stored_scans({pid for pid, _ in keys}, min(times), max(times))
    fresh = sorted(keys - stored)
    insert_rows(Presensi, [Presensi.pegawai, Presensi.waktu, Presensi.sumber], [(*key, sumber) for key in fresh])
    PresensiHarian.refresh_days([(pid, waktu.date()) for pid, waktu in fresh])
    return len(fresh)


def _hold(machine, held, bad):
    """Keep aside the held lines and the bad ones not kept aside before; returns how many were new."""
    mine = PresensiTertahan.select().where(PresensiTertahan.mesin == machine)
    pins = sorted({line.pin for line, _, _ in held})
    kept_keys = set()
    if pins:
        query = mine.select(PresensiTertahan.pin, PresensiTertahan.waktu).where(PresensiTertahan.pin.in_(pins))
        kept_keys = {(pin, stored_second(waktu)) for pin, waktu in query.tuples() if waktu is not None}
    texts = sorted({baris for baris, _ in bad})
    kept_lines = set()
    if texts:
        query = mine.select(PresensiTertahan.baris).where(
            PresensiTertahan.waktu.is_null(), PresensiTertahan.baris.in_(texts)
        )
        kept_lines = {baris for (baris,) in query.tuples()}
    rows = []
    for line, alasan, keterangan in held:
        if (line.pin, line.waktu) not in kept_keys:
            kept_keys.add((line.pin, line.waktu))
            rows.append((line.pin, line.waktu, line.baris, alasan, keterangan))
    for baris, keterangan in bad:
        if baris not in kept_lines:
            kept_lines.add(baris)
            rows.append((None, None, baris, "rusak", keterangan[:300]))
    fields = [
        PresensiTertahan.mesin,
        PresensiTertahan.pin,
        PresensiTertahan.waktu,
        PresensiTertahan.baris,
        PresensiTertahan.alasan,
        PresensiTertahan.keterangan,
        PresensiTertahan.diterima_pada,
    ]
    now = clock.now()
    if rows:
        PresensiTertahan.insert_many([(machine.id, *row, now) for row in rows], fields=fields).execute()
    return len(rows)


def _read_lines(body):
    """The batch's scan lines and its bad lines [(raw line, message)], read as a machine's attlog.dat."""
    try:
        rows, errors = read_machine_log(body)
    except ImportRejected:
        return [], []
    ctx = Context("presensi", None, ("id_mesin", "waktu"))
    ctx.errors.extend(errors)
    parse_values("presensi", rows, ctx)
    raw = body.decode("utf-8", "replace").splitlines()
    problems = {}
    for error in ctx.errors:
        problems.setdefault(error.row, error.message)
    lines = [
        _Line(row["id_mesin"], row["waktu"], raw[row.num - 1].strip()[:300]) for row in rows if row.num not in problems
    ]
    bad = [(raw[num - 1].strip()[:300], message) for num, message in sorted(problems.items())]
    return lines, bad


def receive(machine, table, stamp, body):
    """Take a pushed batch, all or nothing; returns how many lines were taken (stored, repeated or kept aside).

    Bad lines are kept aside as errors and not counted. Another table's lines are counted and ignored.
    """
    table = (table or "").upper()
    stamp = (stamp or "").strip()[:20] or None
    if table != SCAN_TABLE:
        lines = [line for line in body.decode("utf-8", "replace").splitlines() if line.strip()]
        if table == "OPERLOG" and stamp:
            Mesin.update(stamp_operlog=stamp).where(Mesin.id == machine.id).execute()
        return len(lines)
    lines, bad = _read_lines(body)
    with write_transaction():
        hold_rows(Mesin, [machine.id])  # one machine's batches take turns, so a re-sent one finds the first's scans
        machine = Mesin.get_by_id(machine.id)
        sorted_ = _sort(machine, lines)
        added = _store_scans({(pegawai_id, line.waktu) for line, pegawai_id in sorted_.scans}, actor_of(machine))
        held = _hold(machine, sorted_.held, bad)
        today = clock.today()
        if machine.scan_tanggal != today:
            machine.scan_tanggal, machine.scan_hari_ini = today, 0
        machine.scan_hari_ini += added
        machine.stamp_attlog = stamp or machine.stamp_attlog
        if bad:
            machine.galat_terakhir = f"{len(bad)} baris rusak: {bad[0][1]}"[:300]
            machine.galat_pada = clock.now()
        machine.save()
        if added or held:
            rincian = {"ditambah": added, "tertahan": held, "baris": len(lines) + len(bad), "stamp": stamp}
            audit.record(actor_of(machine), "terima_presensi", "mesin", machine.id, rincian=rincian)
    return len(lines)


# ---------------------------------------------------------------------------------------------------------------
# Held lines: mapping a PIN, and taking them again once the reason is gone


def enter_held(actor, held_ids):
    """Take the open held lines again (after a PIN was mapped or a month unlocked); returns how many entered."""
    entered = 0
    with write_transaction():
        rows = list(
            PresensiTertahan.select()
            .where(
                PresensiTertahan.id.in_(sorted(held_ids)),
                PresensiTertahan.selesai_pada.is_null(),
                PresensiTertahan.waktu.is_null(False),
            )
            .order_by(PresensiTertahan.id)
        )
        by_machine = {}
        for row in rows:
            by_machine.setdefault(row.mesin_id, []).append(row)
        now = clock.now()
        for mesin_id, machine_rows in by_machine.items():
            machine = Mesin.get_by_id(mesin_id)
            by_key = {(row.pin, stored_second(row.waktu)): row for row in machine_rows}
            sorted_ = _sort(machine, [_Line(pin, waktu, row.baris) for (pin, waktu), row in by_key.items()])
            _store_scans({(pegawai_id, line.waktu) for line, pegawai_id in sorted_.scans}, actor_of(machine))
            for line, pegawai_id in sorted_.scans:
                row = by_key[(line.pin, line.waktu)]
                row.selesai_pada, row.pegawai = now, pegawai_id
                row.save()
            for line, alasan, keterangan in sorted_.held:
                row = by_key[(line.pin, line.waktu)]
                row.alasan, row.keterangan = alasan, keterangan
                row.save()
            entered += len(sorted_.scans)
        if rows:
            audit.record(
                actor, "proses_tertahan", "presensi_tertahan", "-", rincian={"dipilih": len(rows), "masuk": entered}
            )
    return entered


def map_pin(actor, machine, pin, pegawai):
    """Give an employee of the machine's SKPD this PIN as their machine ID and take its held scans; returns how many
    entered."""
    pin = (pin or "").strip()
    with write_transaction():
        if pegawai is None or pegawai.skpd_id != machine.skpd_id:
            raise DeviceError("Pilih pegawai SKPD mesin ini.")
        pegawai = Pegawai.get_by_id(pegawai.id)
        if pegawai.id_mesin and pegawai.id_mesin.strip() != pin:
            raise DeviceError(
                f"{pegawai.nama_lengkap} sudah memakai ID mesin {pegawai.id_mesin}; ubah di data pegawai."
            )
        other = Pegawai.get_or_none(Pegawai.id_mesin == pin, Pegawai.id != pegawai.id)
        if other is not None:
            raise DeviceError(f"ID mesin {pin} sudah dipakai {other.nama_lengkap}.")
        if pegawai.id_mesin != pin:
            Pegawai.update(id_mesin=pin).where(Pegawai.id == pegawai.id).execute()
            audit.record(actor, "ubah", "pegawai", pegawai.id, rincian={"id_mesin": [pegawai.id_mesin, pin]})
        held = PresensiTertahan.select(PresensiTertahan.id).where(
            PresensiTertahan.mesin == machine,
            PresensiTertahan.pin == pin,
            PresensiTertahan.alasan == "pin",
            PresensiTertahan.selesai_pada.is_null(),
        )
        return enter_held(actor, [row.id for row in held])


# ---------------------------------------------------------------------------------------------------------------
# Commands


def queue_reupload(actor, machine, since):
    """Ask the machine to send its scans again from a date (to recover a gap)."""
    today = clock.today()
    if since is None or since > today:
        raise DeviceError("Tanggal mulai harus hari ini atau sebelumnya.")
    command = f"DATA QUERY ATTLOG StartTime={since:%Y-%m-%d} 00:00:00\tEndTime={today:%Y-%m-%d} 23:59:59"
    return _queue(actor, machine, command)


def queue_reboot(actor, machine):
    return _queue(actor, machine, "REBOOT")


def _queue(actor, machine, command):
    with write_transaction():
        queued = PerintahMesin.create(mesin=machine, perintah=command, dibuat_oleh=audit.actor_name(actor))
        audit.record(actor, "perintah", "mesin", machine.id, rincian={"perintah": command})
    return queued


def next_commands(machine):
    """The heartbeat's answer: the commands queued and not sent yet, as C:id:command lines, now marked sent."""
    with write_transaction():
        pending = list(
            PerintahMesin.select()
            .where(PerintahMesin.mesin == machine, PerintahMesin.dikirim_pada.is_null())
            .order_by(PerintahMesin.id)
            .limit(10)
        )
        if pending:
            PerintahMesin.update(dikirim_pada=clock.now()).where(
                PerintahMesin.id.in_([c.id for c in pending])
            ).execute()
    return [f"C:{command.id}:{command.perintah}" for command in pending]


def command_results(machine, body):
    """Record the machine's answers (ID=..&Return=..&CMD=.. lines) to its commands; returns how many matched."""
    answered = 0
    with write_transaction():
        for line in body.decode("utf-8", "replace").splitlines():
            fields = {key: values[0] for key, values in parse_qs(line.strip()).items()}
            if not fields.get("ID", "").isdigit():
                continue
            result = f"Return={fields.get('Return', '')} CMD={fields.get('CMD', '')}"[:100]
            answered += (
                PerintahMesin.update(selesai_pada=clock.now(), hasil=result)
                .where(PerintahMesin.id == int(fields["ID"]), PerintahMesin.mesin == machine)
                .execute()
            )
    return answered


# ---------------------------------------------------------------------------------------------------------------
# What the admin screens show


def silent_machines(skpd_id, hours):
    """Active machines (of one SKPD, None: all) not heard from for hours, or never: the dashboard's warning."""
    since = clock.now() - datetime.timedelta(hours=hours)
    query = (
        Mesin.select(Mesin, Skpd)
        .join(Skpd)
        .where(Mesin.aktif, Mesin.terakhir_terlihat.is_null() | (Mesin.terakhir_terlihat < since))
    )
    if skpd_id is not None:
        query = query.where(Mesin.skpd == skpd_id)
    return list(query.order_by(fn.COALESCE(Mesin.terakhir_terlihat, datetime.datetime.min), Mesin.nomor_seri))


def open_held_count(alasan):
    """SQL: a machine's open held lines of one reason (for annotating a list of machines)."""
    return PresensiTertahan.select(fn.COUNT(PresensiTertahan.id)).where(
        PresensiTertahan.mesin == Mesin.id,
        PresensiTertahan.alasan == alasan,
        PresensiTertahan.selesai_pada.is_null(),
    )
