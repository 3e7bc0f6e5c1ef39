"""Anomaly flags for the verifikator: patterns worth a look, each with its reason in words (never a penalty).

Also the reconciliation of an entry with the attendance window: its credited minutes inside and outside the time
between the day's check-in and check-out.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.calibration import median
from ekinerja.rules.numbers import as_decimal

SALINAN, BATAS_HARIAN, LUAR_PRESENSI, VOLUME, AKHIR_BULAN, PERSETUJUAN_CEPAT = (
    "salinan",
    "batas_harian",
    "luar_presensi",
    "volume",
    "akhir_bulan",
    "persetujuan_cepat",
)
JENIS_LABELS = {
    SALINAN: "Uraian disalin",
    BATAS_HARIAN: "Selalu tepat batas harian",
    LUAR_PRESENSI: "Di luar jam presensi",
    VOLUME: "Volume tak biasa",
    AKHIR_BULAN: "Diajukan sekaligus di akhir bulan",
    PERSETUJUAN_CEPAT: "Persetujuan massal kilat",
}


@dataclass(frozen=True)
class Thresholds:
    """When a pattern becomes a flag (settings; defaults in brackets of the screen)."""

    salinan_hari: int = 5  # the same text on at least this many days of one person
    salinan_pegawai: int = 3  # or by at least this many people
    batas_harian_hari: int = 5  # days logged at exactly the daily cap
    luar_presensi_menit: int = 60  # credited minutes outside the attendance window in the month
    volume_kali: Decimal = Decimal(3)  # volume above this many times the usual
    volume_sampel: int = 5  # entries of a duty needed to know its usual volume
    akhir_bulan_hari: int = 3  # the month's last days (and the days after it)
    akhir_bulan_jumlah: int = 20  # entries of earlier days submitted on one of those days
    persetujuan_detik: int = 60  # decisions by one person within this many seconds
    persetujuan_jumlah: int = 100  # at least this many

    def __post_init__(self):
        object.__setattr__(self, "volume_kali", as_decimal(self.volume_kali))


class Entry(NamedTuple):
    """What the flags read of an LKH entry."""

    id: int
    pegawai_id: int
    tanggal: datetime.date
    tugas_id: int | None
    teks: str
    volume: int
    menit_diakui: int
    dibuat_pada: datetime.datetime


class Flag(NamedTuple):
    """One flag: its kind, a key stable within the month (to mark it checked), the reason, whom and what it concerns."""

    jenis: str
    kunci: str
    alasan: str
    pegawai_ids: tuple[int, ...]
    aktivitas_ids: tuple[int, ...] = ()
    pengguna_id: int | None = None


def normalized(text: str) -> str:
    """Text compared case- and spacing-blind."""
    return " ".join((text or "").lower().split())


def copied_texts(entries: Iterable[Entry], limits: Thresholds) -> list[Flag]:
    """The same description (output note or extra task) on many days of one person, or by many people."""
    by_text = defaultdict(list)
    for entry in entries:
        text = normalized(entry.teks)
        if len(text) >= 10:  # "rapat", "ok": short words repeat by nature
            by_text[text].append(entry)
    flags = []
    for text, items in sorted(by_text.items()):
        people = sorted({e.pegawai_id for e in items})
        quoted = text if len(text) <= 60 else text[:57] + "..."
        if len(people) >= limits.salinan_pegawai:
            days = len({e.tanggal for e in items})
            flags.append(
                Flag(
                    SALINAN,
                    f"{SALINAN}:teks:{text[:80]}",
                    f'Uraian "{quoted}" yang sama ditulis {len(people)} pegawai pada {days} hari.',
                    tuple(people),
                    tuple(sorted(e.id for e in items)),
                )
            )
            continue
        for pegawai_id in people:
            own = [e for e in items if e.pegawai_id == pegawai_id]
            days = len({e.tanggal for e in own})
            if days >= limits.salinan_hari:
                flags.append(
                    Flag(
                        SALINAN,
                        f"{SALINAN}:{pegawai_id}:{text[:80]}",
                        f'Uraian "{quoted}" yang sama ditulis pada {days} hari berbeda.',
                        (pegawai_id,),
                        tuple(sorted(e.id for e in own)),
                    )
                )
    return flags


def at_daily_cap(day_minutes: Mapping[tuple[int, datetime.date], int], cap: int, limits: Thresholds) -> list[Flag]:
    """People whose approved minutes of a day equal the daily cap exactly, again and again."""
    days: defaultdict[int, int] = defaultdict(int)
    for (pegawai_id, _), minutes in day_minutes.items():
        if minutes == cap:
            days[pegawai_id] += 1
    return [
        Flag(
            BATAS_HARIAN,
            f"{BATAS_HARIAN}:{pegawai_id}",
            f"{count} hari dengan menit disetujui tepat {cap} menit (batas harian).",
            (pegawai_id,),
        )
        for pegawai_id, count in sorted(days.items())
        if count >= limits.batas_harian_hari
    ]


def split_by_presence(
    start: datetime.time,
    end: datetime.time,
    credited: int,
    check_in: datetime.datetime | None,
    check_out: datetime.datetime | None,
    on_leave: bool = False,
) -> tuple[int, int]:
    """(inside, outside): an entry's credited minutes inside and outside the attendance window of its day.

    The window runs from the check-in to the check-out; a missing one leaves that side open, a day with no scan at
    all (or on leave) has no window. The minutes of the entry's span outside the window (whole minutes, seconds
    dropped) are outside, up to the credited minutes; the rest is inside.
    """
    if on_leave or (check_in is None and check_out is None):
        return 0, credited
    if check_in and check_out and check_in.time() <= start and end <= check_out.time():
        return credited, 0  # the common case, without arithmetic
    day = datetime.date(2000, 1, 1)
    begin, finish = datetime.datetime.combine(day, start), datetime.datetime.combine(day, end)
    low = datetime.datetime.combine(day, check_in.time()) if check_in else begin
    high = datetime.datetime.combine(day, check_out.time()) if check_out else finish
    overlap = max(datetime.timedelta(0), min(finish, high) - max(begin, low))
    outside = min(credited, int((finish - begin - overlap).total_seconds()) // 60)
    return credited - outside, outside


def outside_presence(outside_minutes: Mapping[int, tuple[int, list[int]]], limits: Thresholds) -> list[Flag]:
    """People with many credited minutes outside their attendance window: {pegawai: (minutes, entry ids)}."""
    return [
        Flag(
            LUAR_PRESENSI,
            f"{LUAR_PRESENSI}:{pegawai_id}",
            f"{minutes} menit kegiatan tercatat di luar jam presensi (sebelum masuk, setelah pulang, "
            "hari tanpa pindai, atau saat cuti).",
            (pegawai_id,),
            tuple(sorted(ids)),
        )
        for pegawai_id, (minutes, ids) in sorted(outside_minutes.items())
        if minutes >= limits.luar_presensi_menit
    ]


def unusual_volumes(entries: Iterable[Entry], limits: Thresholds) -> list[Flag]:
    """Catalogue entries whose volume is far above both the person's usual and the duty's usual (everyone's)."""
    by_duty, by_person = defaultdict(list), defaultdict(list)
    items = [e for e in entries if e.tugas_id is not None]
    for e in items:
        by_duty[e.tugas_id].append(e.volume)
        by_person[(e.pegawai_id, e.tugas_id)].append(e.volume)
    usual_duty = {tugas_id: median(v) for tugas_id, v in by_duty.items() if len(v) >= limits.volume_sampel}
    usual_own = {key: median(v) for key, v in by_person.items() if key[1] in usual_duty}
    found = defaultdict(list)
    for e in items:
        if e.tugas_id not in usual_duty:
            continue
        own = usual_own[(e.pegawai_id, e.tugas_id)]
        if e.volume > limits.volume_kali * usual_duty[e.tugas_id] and e.volume > limits.volume_kali * own:
            found[e.pegawai_id].append(e)
    return [
        Flag(
            VOLUME,
            f"{VOLUME}:{pegawai_id}",
            f"{len(found[pegawai_id])} kegiatan dengan volume lebih dari {limits.volume_kali} kali biasanya "
            f"(tertinggi {max(e.volume for e in found[pegawai_id])} satuan).",
            (pegawai_id,),
            tuple(sorted(e.id for e in found[pegawai_id])),
        )
        for pegawai_id in sorted(found)
    ]


def month_end_bulk(entries: Iterable[Entry], last_day: datetime.date, limits: Thresholds) -> list[Flag]:
    """Many entries of earlier days submitted on one day at the month's end (or after it)."""
    since = last_day - datetime.timedelta(days=limits.akhir_bulan_hari - 1)
    batches = defaultdict(list)
    for e in entries:
        submitted = e.dibuat_pada.date()
        if submitted >= since and e.tanggal < submitted:
            batches[(e.pegawai_id, submitted)].append(e)
    return [
        Flag(
            AKHIR_BULAN,
            f"{AKHIR_BULAN}:{pegawai_id}:{submitted.isoformat()}",
            f"{len(items)} kegiatan hari-hari sebelumnya diajukan sekaligus pada {submitted:%d-%m-%Y}.",
            (pegawai_id,),
            tuple(sorted(e.id for e in items)),
        )
        for (pegawai_id, submitted), items in sorted(batches.items())
        if len(items) >= limits.akhir_bulan_jumlah
    ]


def fast_approvals(
    decisions: Iterable[tuple[int, datetime.datetime, int]], limits: Thresholds
) -> list[tuple[int, Flag]]:
    """Deciders of many entries within seconds: (user id, Flag) from (user id, decided at, entry id)."""
    by_user = defaultdict(list)
    for user_id, moment, entry_id in decisions:
        by_user[user_id].append((moment, entry_id))
    window = datetime.timedelta(seconds=limits.persetujuan_detik)
    flags = []
    for user_id, items in sorted(by_user.items()):
        items.sort()
        best, best_start, start = 0, 0, 0
        for end in range(len(items)):
            while items[end][0] - items[start][0] > window:
                start += 1
            if end - start + 1 > best:
                best, best_start = end - start + 1, start
        if best >= limits.persetujuan_jumlah:
            burst = items[best_start : best_start + best]
            seconds = int((burst[-1][0] - burst[0][0]).total_seconds())
            flags.append(
                (
                    user_id,
                    Flag(
                        PERSETUJUAN_CEPAT,
                        f"{PERSETUJUAN_CEPAT}:{user_id}:{burst[0][0]:%Y%m%d%H%M%S}",
                        f"{best} kegiatan diputuskan dalam {seconds} detik ({burst[0][0]:%d-%m-%Y %H:%M}).",
                        (),
                        tuple(sorted(entry_id for _, entry_id in burst)),
                        user_id,
                    ),
                )
            )
    return flags
