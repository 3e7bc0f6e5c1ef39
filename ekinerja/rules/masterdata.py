"""Value rules of master data that need no database: each returns why a value is refused (Indonesian), or None."""

import datetime

KELAS_JABATAN = range(1, 18)
TARGET_YEARS = range(2000, 2101)


def kelas_jabatan_problem(kelas: int | None) -> str | None:
    """A position's kelas (and a tariff's) is 1 to 17; a missing one is refused."""
    return None if kelas in KELAS_JABATAN else "Kelas jabatan harus antara 1 dan 17."


def norma_waktu_problem(minutes: int | None) -> str | None:
    """A task's norma waktu is a positive number of minutes."""
    return None if minutes is not None and minutes > 0 else "Norma waktu harus lebih dari 0 menit."


def volume_tahunan_problem(volume: int | None) -> str | None:
    """A task's yearly volume may be left out, never negative."""
    return "Volume tahunan tidak boleh negatif." if volume is not None and volume < 0 else None


def tarif_problem(rupiah: int | None) -> str | None:
    """A kelas's TPP tariff is a positive amount of rupiah."""
    return None if rupiah is not None and rupiah > 0 else "Tarif harus lebih dari 0 rupiah."


def target_year_problem(tahun: int | None) -> str | None:
    """A performance target's year is between 2000 and 2100."""
    return None if tahun in TARGET_YEARS else "Tahun harus antara 2000 dan 2100."


def period_end_problem(mulai: datetime.date | None, selesai: datetime.date | None) -> str | None:
    """A dated record ends on or after the day it starts (an open end, None, is fine)."""
    if mulai is not None and selesai is not None and selesai < mulai:
        return "Tanggal selesai tidak boleh sebelum tanggal mulai."
    return None
