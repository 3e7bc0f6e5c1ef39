"""Daily activity entries (LKH): credited minutes and the rules an entry must satisfy."""

from datetime import date, datetime, time
from typing import NamedTuple

MAX_TEXT = 500
MAX_VOLUME = 999

_NAMA_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


class EntryDraft(NamedTuple):
    """What the employee typed for one entry (uraian: free text of a tambahan, optional otherwise)."""

    tanggal: date | None
    tambahan: bool
    volume: int | None
    jam_mulai: time | None
    jam_selesai: time | None
    uraian: str | None
    keterangan: str | None


class EntryContext(NamedTuple):
    """Facts about the employee and the date that the caller looked up.

    position_start: start of the position held on tanggal (None: no position that day).
    working_days_after: working days d with tanggal < d <= today.
    other_intervals: the same employee's other entries that day, excluding the entry being edited.
    duty_known: the catalogue duty exists and is active in the position held that day (ignored for tambahan).
    """

    today: date
    position_start: date | None
    month_locked: bool
    on_leave: bool
    working_days_after: int
    batas_input_hari_kerja: int
    other_intervals: list[tuple[time, time]]
    duty_known: bool


def _minutes_between(start: time, end: time) -> int:
    """Whole minutes from start to end on the same day, leftover seconds dropped."""
    anchor = date(2000, 1, 1)
    seconds = (datetime.combine(anchor, end) - datetime.combine(anchor, start)).total_seconds()
    return int(seconds // 60)


def credited_minutes(volume: int, norma_waktu: int | None, start: time, end: time) -> int:
    """Minutes an entry earns: min(volume x norma_waktu, duration) for a catalogue duty, duration for tambahan."""
    duration = _minutes_between(start, end)
    if duration <= 0:
        raise ValueError("Jam selesai harus setelah jam mulai.")
    if norma_waktu is None:
        return duration
    return min(volume * norma_waktu, duration)


def clean_text(s: str | None, max_len: int) -> str | None:
    """Trimmed text (None when empty); ValueError when longer than max_len after trimming."""
    if s is None:
        return None
    # NUL bytes break some databases and are never typed on purpose; CRLF from browsers becomes LF.
    text = s.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    if len(text) > max_len:
        raise ValueError(f"Paling banyak {max_len} karakter (saat ini {len(text)}).")
    return text


def _fmt_date(d: date) -> str:
    """Indonesian long date, e.g. 10 November 2026."""
    return f"{d.day} {_NAMA_BULAN[d.month - 1]} {d.year}"


def date_error(tanggal: date | None, ctx: EntryContext) -> str | None:
    """The first rule the date breaks, if any."""
    if tanggal is None:
        return "Tanggal wajib diisi."
    if tanggal > ctx.today:
        return "Tanggal kegiatan tidak boleh melewati hari ini."
    if ctx.position_start is None:
        return "Pegawai tidak memegang jabatan pada tanggal tersebut."
    if tanggal < ctx.position_start:
        return f"Tanggal kegiatan sebelum mulai menjabat ({_fmt_date(ctx.position_start)})."
    if ctx.month_locked:
        return f"Periode {_NAMA_BULAN[tanggal.month - 1]} {tanggal.year} sudah dikunci."
    if ctx.on_leave:
        return "Tanggal tersebut tercakup cuti atau dinas luar; kegiatan tidak dapat dicatat."
    # The window counts working days strictly after the entry date up to and including today:
    # with the default 3, an entry of Monday may still be made on Thursday but no longer on Friday.
    if ctx.working_days_after > ctx.batas_input_hari_kerja:
        batas = ctx.batas_input_hari_kerja
        return f"Batas input sudah lewat: paling lambat {batas} hari kerja setelah tanggal kegiatan."
    return None


def _time_errors(draft: EntryDraft, ctx: EntryContext) -> dict[str, str]:
    """Problems of start/end times and overlaps with the employee's other entries that day."""
    errors = {}
    start, end = draft.jam_mulai, draft.jam_selesai
    if start is None:
        errors["jam_mulai"] = "Jam mulai wajib diisi."
    if end is None:
        errors["jam_selesai"] = "Jam selesai wajib diisi."
    if start is None or end is None:
        return errors
    if start >= end:
        return {"jam_selesai": "Jam selesai harus setelah jam mulai."}
    clash = first_overlap(start, end, ctx.other_intervals)
    if clash:
        return {"jam_mulai": f"Waktu kegiatan bertumpang tindih dengan kegiatan lain pukul {clash}."}
    return errors


def first_overlap(start: time, end: time, intervals) -> str | None:
    """The first of the (start, end) intervals that overlaps start-end, as "HH:MM-HH:MM", or None.

    Half-open intervals: 08:00-09:00 and 09:00-10:00 only touch.
    """
    for other_start, other_end in sorted(intervals):
        if start < other_end and other_start < end:
            return f"{other_start:%H:%M}-{other_end:%H:%M}"
    return None


def _text_error(value: str | None, label: str, required: bool) -> str | None:
    """Required/length problem of a free-text field."""
    try:
        text = clean_text(value, MAX_TEXT)
    except ValueError:
        return f"{label} paling banyak {MAX_TEXT} karakter."
    if required and text is None:
        return f"{label} wajib diisi."
    return None


def entry_errors(draft: EntryDraft, ctx: EntryContext) -> dict[str, str]:
    """Field name -> Indonesian message for every rule the draft breaks; empty means it may be saved."""
    errors = {}
    tanggal_error = date_error(draft.tanggal, ctx)
    if tanggal_error:
        errors["tanggal"] = tanggal_error
    if not draft.tambahan and not ctx.duty_known:
        errors["tugas"] = "Pilih uraian tugas yang aktif pada jabatan yang dipegang pada tanggal tersebut."
    volume = draft.volume
    # bool is an int subclass: True must not pass as volume 1.
    if not isinstance(volume, int) or isinstance(volume, bool) or not 1 <= volume <= MAX_VOLUME:
        errors["volume"] = f"Volume harus bilangan bulat 1 sampai {MAX_VOLUME}."
    errors.update(_time_errors(draft, ctx))
    uraian_error = _text_error(draft.uraian, "Uraian tugas tambahan" if draft.tambahan else "Uraian", draft.tambahan)
    if uraian_error:
        errors["uraian"] = uraian_error
    keterangan_error = _text_error(draft.keterangan, "Keterangan", False)
    if keterangan_error:
        errors["keterangan"] = keterangan_error
    return errors
