"""Bahasa Indonesia everywhere: translation catalogues, and how numbers and dates are written."""

import datetime
import gettext
import os
from decimal import Decimal

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
    """30 November 2026."""
    if value is None:
        return ""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def tanggal_hari(value):
    return f"{HARI[value.weekday()]}, {tanggal(value)}"


def periode(year, month):
    return f"{BULAN[month - 1]} {year}"


def jam(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M:%S")
    return value.strftime("%H:%M")
