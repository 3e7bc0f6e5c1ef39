"""Bahasa Indonesia everywhere: translation catalogues, and how numbers and dates are written."""

import datetime
import gettext
import os
from decimal import Decimal

from ekinerja.rules.vocabulary import JENIS_CUTI
from ekinerja.rules.workflow import Status

TRANSLATIONS_DIR = os.path.join(os.path.dirname(__file__), "translations")

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def catalogue(domain):
    """The Indonesian catalogue of a gettext domain shipped in ekinerja/translations."""
    return gettext.translation(domain, localedir=TRANSLATIONS_DIR, languages=["id"], fallback=True)


def rupiah(value):
    """Rp 2.916.000: dots between thousands, as Indonesians write amounts."""
    return "Rp " + ribuan(value)


def ribuan(value):
    return f"{int(Decimal(value)):,}".replace(",", ".")


def persen(value):
    """7,00: two decimals with a decimal comma."""
    return f"{Decimal(value):.2f}".replace(".", ",")


def tanggal(value):
    """30 November 2026 (of a date, a moment, or a date in ISO form)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def tanggal_hari(value):
    return f"{HARI[value.weekday()]}, {tanggal(value)}"


def periode(year, month):
    return f"{BULAN[month - 1]} {year}"


def jam(value):
    """14:05: hours and minutes, never seconds."""
    if value is None:
        return ""
    return value.strftime("%H:%M")


def waktu(value):
    """5 November 2026 14:05: a moment as every screen writes it."""
    if value is None:
        return ""
    return f"{tanggal(value)} {jam(value)}"


# Order and wording of the discipline deductions (rules/discipline.py codes), on the screens and the slips.
KODE_DISIPLIN = {
    "TK": "Tidak masuk kerja tanpa keterangan",
    "TL1": "Terlambat masuk 1-30 menit",
    "TL2": "Terlambat masuk 31-60 menit",
    "TL3": "Terlambat masuk 61-90 menit",
    "TL4": "Terlambat masuk > 90 menit atau tidak absen masuk",
    "PSW1": "Pulang sebelum waktunya 1-30 menit",
    "PSW2": "Pulang sebelum waktunya 31-60 menit",
    "PSW3": "Pulang sebelum waktunya 61-90 menit",
    "PSW4": "Pulang sebelum waktunya > 90 menit atau tidak absen pulang",
    "APEL_PAGI": "Tidak mengikuti apel pagi",
    "APEL_SORE": "Tidak mengikuti apel sore",
}


def potongan(kode):
    """Tidak mengikuti apel pagi for APEL_PAGI: a deduction's code as the slip words it."""
    return KODE_DISIPLIN.get(kode, kode)


# Every status a screen shows: entries (rules/workflow.py), periods, background jobs, SKP plans.
STATUS = {
    **{s.value: s.label for s in Status},
    "TERBUKA": "Terbuka",
    "DIKUNCI": "Dikunci",
}


def status(value):
    """A stored status as a word: Dikembalikan untuk revisi for REVISI; unknown ones as they are."""
    return STATUS.get(value, value)


def keterangan(value):
    """Why a day is excused, as a word: Cuti tahunan for cuti_tahunan."""
    if not value:
        return ""
    return JENIS_CUTI.get(value, value.replace("_", " ").capitalize())
