"""Staff's daily log: submit, edit and delete entries under every entry rule, with evidence files."""

import datetime
import io
import os
import secrets
import warnings
from typing import NamedTuple

from peewee import fn

from ekinerja import clock, config
from ekinerja.db import as_date, hold_rows, write_transaction
from ekinerja.models import Aktivitas, Cuti, Pegawai, RiwayatJabatan, UraianTugas
from ekinerja.rules.activity import (
    MAX_TEXT,
    EntryContext,
    EntryDraft,
    clean_text,
    credited_minutes,
    date_error,
    entry_errors,
)
from ekinerja.rules.calendar import month_bounds, working_days_after
from ekinerja.rules.numbers import file_size
from ekinerja.rules.refusal import Refused
from ekinerja.rules.workflow import EDITABLE, RELEASED, Status
from ekinerja.services import audit
from ekinerja.services.calendar import Calendar, input_window_end, rule_set_on
from ekinerja.services.periods import is_locked
from ekinerja.services.positions import covering, position_on

# The only evidence kept: its first bytes, the stored name's suffix, and the type it is always served as.
EVIDENCE_TYPES = {b"%PDF-": ".pdf", b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
EVIDENCE_MIMETYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


class EntryRejected(Refused):
    """An entry that cannot be submitted, changed or deleted: {field: message}."""


class EntryInput(NamedTuple):
    """What a form or the API submitted, already parsed to Python types (None where missing or unparseable)."""

    tanggal: datetime.date | None
    tugas_kode: str | None
    tambahan: bool
    uraian: str | None
    volume: int | None
    jam_mulai: datetime.time | None
    jam_selesai: datetime.time | None
    keterangan: str | None


class Evidence(NamedTuple):
    filename: str
    content: bytes


class EvidenceStore(NamedTuple):
    """Where evidence files are kept, outside the web root, and how large one may be (config UPLOAD_*)."""

    folder: str
    max_bytes: int = config.UPLOAD_MAX_BYTES


def duties_on(pegawai_id, day):
    """Active catalogue duties of the position an employee holds on a day (in one query: the position inside)."""
    held = (
        RiwayatJabatan.select(RiwayatJabatan.jabatan)
        .where(RiwayatJabatan.pegawai == pegawai_id, covering(RiwayatJabatan, day))
        .limit(1)
    )
    return UraianTugas.select().where(UraianTugas.jabatan == held, UraianTugas.aktif).order_by(UraianTugas.kode)


def taken_hours(pegawai_id, day, exclude_id=None):
    """(start, end) of the employee's entries that day that hold their hours (not rejected or annulled)."""
    query = Aktivitas.select(Aktivitas.jam_mulai, Aktivitas.jam_selesai).where(
        Aktivitas.pegawai == pegawai_id, Aktivitas.tanggal == day, Aktivitas.status.not_in(list(RELEASED))
    )
    if exclude_id:
        query = query.where(Aktivitas.id != exclude_id)
    return list(query.tuples())


def on_leave(pegawai_id, day):
    return Cuti.select().where(Cuti.pegawai == pegawai_id, covering(Cuti, day)).exists()


def _context(pegawai, data, today, exclude_id, window_applies=True):
    held = position_on(pegawai.id, data.tanggal) if data.tanggal else None
    duty = None
    if held is not None and not data.tambahan and data.tugas_kode:
        duty = UraianTugas.get_or_none(
            UraianTugas.jabatan == held.jabatan_id, UraianTugas.kode == data.tugas_kode, UraianTugas.aktif
        )
    others = []
    window = 0
    rules = rule_set_on((data.tanggal or today).replace(day=1))  # a month's rule set: in force on its first day
    if data.tanggal and data.tanggal <= today:
        others = taken_hours(pegawai.id, data.tanggal, exclude_id)
        if window_applies:
            calendar = Calendar(data.tanggal, today)
            jadwal_id = pegawai.skpd.jadwal_id
            window = working_days_after(data.tanggal, today, lambda day: calendar.is_working_day(jadwal_id, day))
    ctx = EntryContext(
        today=today,
        position_start=held.mulai if held else None,
        month_locked=bool(data.tanggal) and is_locked(data.tanggal),
        on_leave=bool(data.tanggal) and on_leave(pegawai.id, data.tanggal),
        working_days_after=window,
        batas_input_hari_kerja=rules.batas_input_hari_kerja,
        other_intervals=others,
        duty_known=duty is not None,
    )
    return ctx, duty


class DayOpen(NamedTuple):
    """Whether the staff member may log this day: why not (None: they may), and the input window's last day."""

    closed: str | None
    until: datetime.date


def day_open(pegawai, day, today=None):
    """The entry rules of the date alone, as the day screen states them before anyone types an entry."""
    today = today or clock.today()
    blank = EntryInput(day, None, False, None, None, None, None, None)
    ctx, _ = _context(pegawai, blank, today, None)
    return DayOpen(date_error(day, ctx), input_window_end(day, pegawai.skpd.jadwal_id))


def month_with_entries(before):
    """(year, month) of the latest entry dated before this day, anyone's; None when there is none."""
    latest = Aktivitas.select(fn.MAX(Aktivitas.tanggal)).where(Aktivitas.tanggal < before).scalar()
    if latest is None:
        return None
    latest = as_date(latest)
    return latest.year, latest.month


def first_skpd_with_entries(skpds, year, month, only=()):
    """The first of these SKPDs with an entry in the month that meets the conditions `only` (None when none has)."""
    first, last = month_bounds(year, month)
    for skpd in skpds:
        found = (
            Aktivitas.select(Aktivitas.id)
            .join(Pegawai)
            .where(Pegawai.skpd == skpd.id, Aktivitas.tanggal.between(first, last), *only)
            .exists()
        )
        if found:
            return skpd
    return None


def evidence_limit(store):
    """What the form says of evidence files."""
    return f"PDF, JPG atau PNG, paling besar {file_size(store.max_bytes)}."


def _opens(suffix, content):
    """Whether the file reads as what its first bytes claim: a PDF with pages, an image Pillow can decode."""
    from PIL import Image
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if suffix == ".pdf":
                return len(PdfReader(io.BytesIO(content), strict=True).pages) > 0
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            return Image.registered_extensions().get(suffix) == image.format
    except Exception:  # noqa: BLE001  (any parser error: the file is not what it claims)
        return False


def evidence_kind(content):
    """The suffix (.pdf, .png, .jpg) of a file judged by its content, not its name; None for anything else."""
    suffix = next((ext for magic, ext in EVIDENCE_TYPES.items() if content.startswith(magic)), None)
    return suffix if suffix and _opens(suffix, content) else None


def _evidence_error(evidence, store):
    if evidence is None:
        return None
    if len(evidence.content) > store.max_bytes:
        return f"Berkas bukti paling besar {file_size(store.max_bytes)}."
    if evidence_kind(evidence.content) is None:
        return "Berkas bukti harus PDF, JPG atau PNG."
    return None


def _store_evidence(evidence, store):
    """Save under a random name with the suffix of what the content is; the original name is only displayed."""
    suffix = evidence_kind(evidence.content)
    stem = os.path.splitext(os.path.basename(evidence.filename or ""))[0]
    # The shown name ends in the type the file is, so that a download never claims another (bukti.html.pdf).
    shown = clean_text(stem[-(200 - len(suffix)) :], 200) or "bukti"
    shown += suffix
    name = secrets.token_hex(16) + suffix
    os.makedirs(store.folder, exist_ok=True)
    with open(os.path.join(store.folder, name), "wb") as fh:
        fh.write(evidence.content)
    return name, shown


def _validate(pegawai, data, today, store, entry=None, evidence=None):
    # A superior may return an entry for revision after the input window has closed: fixing it on its own
    # date stays possible while the month is open.
    revising = entry is not None and entry.status == Status.REVISI and entry.tanggal == data.tanggal
    ctx, duty = _context(pegawai, data, today, entry.id if entry else None, window_applies=not revising)
    errors = entry_errors(draft_of(data), ctx)
    if entry is not None and entry.tanggal != data.tanggal and is_locked(entry.tanggal):
        errors.setdefault("tanggal", "Kegiatan pada bulan yang sudah dikunci tidak dapat dipindahkan.")
    evidence_error = _evidence_error(evidence, store)
    if evidence_error:
        errors["bukti"] = evidence_error
    if errors:
        raise EntryRejected(errors)
    return duty


def submit(actor, pegawai, data, evidence=None, today=None, store=None):
    """A new entry, DIAJUKAN, or EntryRejected with {field: message}; evidence (if any) goes to store."""
    today = today or clock.today()
    with write_transaction():
        hold_rows(Pegawai, [pegawai.id])  # the overlap check below, one submission of this employee at a time
        duty = _validate(pegawai, data, today, store, evidence=evidence)
        entry = Aktivitas(pegawai=pegawai, status=Status.DIAJUKAN)
        _fill(entry, data, duty)
        if evidence is not None:
            entry.bukti_berkas, entry.bukti_nama = _store_evidence(evidence, store)
        entry.save()
        audit.record(actor, "ajukan", "aktivitas", entry.id, ke=Status.DIAJUKAN)
    return entry


def draft_of(data):
    """The EntryDraft the entry rules judge, of an EntryInput."""
    return EntryDraft(
        data.tanggal, data.tambahan, data.volume, data.jam_mulai, data.jam_selesai, data.uraian, data.keterangan
    )


def entry_values(data, duty):
    """The Aktivitas columns an EntryInput sets, with its catalogue duty (None: a tambahan)."""
    return {
        "tanggal": data.tanggal,
        "tugas": duty,
        "uraian": clean_text(data.uraian, MAX_TEXT),
        "volume": data.volume,
        "jam_mulai": data.jam_mulai,
        "jam_selesai": data.jam_selesai,
        "keterangan": clean_text(data.keterangan, MAX_TEXT),
        "menit_diakui": credited_minutes(
            data.volume, duty.norma_waktu if duty else None, data.jam_mulai, data.jam_selesai
        ),
    }


def _fill(entry, data, duty):
    for field, value in entry_values(data, duty).items():
        setattr(entry, field, value)


def _check_owner_may_change(actor, entry):
    if entry.pegawai_id != actor.pegawai_id:
        raise EntryRejected({"tanggal": "Hanya pemilik kegiatan yang dapat mengubahnya."})
    if entry.status not in EDITABLE:
        raise EntryRejected({"tanggal": f"Kegiatan berstatus {Status(entry.status).label} tidak dapat diubah lagi."})
    if is_locked(entry.tanggal):
        raise EntryRejected({"tanggal": "Periode kegiatan ini sudah dikunci."})


def update(actor, entry, data, evidence=None, today=None, store=None):
    """Edit an own entry while DIAJUKAN or REVISI; it goes back to DIAJUKAN; new evidence replaces the old in store."""
    today = today or clock.today()
    with write_transaction():
        hold_rows(Pegawai, [entry.pegawai_id])  # the overlap check below, one change of this employee at a time
        entry = Aktivitas.get_by_id(entry.id)
        _check_owner_may_change(actor, entry)
        duty = _validate(entry.pegawai, data, today, store, entry=entry, evidence=evidence)
        before = entry.status
        replaced = entry.bukti_berkas if evidence is not None else None
        _fill(entry, data, duty)
        if evidence is not None:
            entry.bukti_berkas, entry.bukti_nama = _store_evidence(evidence, store)
        entry.status = Status.DIAJUKAN
        # The previous decision is over; its note stays visible until the superior decides again.
        entry.diputuskan_oleh = entry.diputuskan_pada = None
        entry.save()
        audit.record(actor, "ubah", "aktivitas", entry.id, dari=before, ke=Status.DIAJUKAN)
    _remove_evidence(replaced, store)
    return entry


def delete(actor, entry, store):
    """Delete an own entry while DIAJUKAN or REVISI, and its evidence file from store."""
    with write_transaction():
        hold_rows(Pegawai, [entry.pegawai_id])  # then read the entry as a decision on it, or an edit, left it
        entry = Aktivitas.get_by_id(entry.id)
        _check_owner_may_change(actor, entry)
        snapshot = {"tanggal": entry.tanggal, "volume": entry.volume, "menit_diakui": entry.menit_diakui}
        before = entry.status
        entry.delete_instance()
        audit.record(actor, "hapus", "aktivitas", entry.id, dari=before, ke="DIHAPUS", rincian=snapshot)
    _remove_evidence(entry.bukti_berkas, store)


def _remove_evidence(name, store):
    """Delete a stored evidence file once the entry no longer points to it (after the transaction committed)."""
    if name:
        path = os.path.join(store.folder, os.path.basename(name))
        if os.path.exists(path):
            os.remove(path)
