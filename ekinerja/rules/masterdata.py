"""Value rules of master data that need no database: each returns why a value is refused (Indonesian), or None."""

import datetime
import json
from decimal import Decimal

from ekinerja.rules import skp

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


def _json_object(text: str) -> dict | str:
    """The JSON object the text holds, or what is wrong with it."""
    try:
        data = json.loads(text)
    except ValueError:
        return "Isian harus JSON yang sah."
    return data if isinstance(data, dict) else "Isian harus objek JSON {...}."


def _percent(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() and 0 <= number <= 100 else None


def skp_curve_problem(text: str | None) -> str | None:
    """An SKP distribution curve as JSON: {organisation predikat: [{predikat: [...], paling_banyak, paling_sedikit,
    minimal_orang}]}; empty for the curve of PermenPANRB 6/2022."""
    if not (text or "").strip():
        return None
    data = _json_object(text or "")
    if isinstance(data, str):
        return data
    unknown = sorted(set(data) - set(skp.PREDIKAT_ORGANISASI))
    if unknown:
        known = ", ".join(skp.PREDIKAT_ORGANISASI)
        return f"Predikat organisasi tidak dikenal: {', '.join(unknown)}. Pilihan: {known}."
    names = {p.value for p in skp.Predikat}
    for organisasi, bounds in data.items():
        if not isinstance(bounds, list) or not all(isinstance(b, dict) for b in bounds):
            return f"Batas predikat {organisasi} harus daftar objek."
        for bound in bounds:
            given = bound.get("predikat")
            if not isinstance(given, list) or not given or not set(given) <= names:
                return f"Setiap batas ({organisasi}) menyebut predikat pegawai: {', '.join(sorted(names))}."
            for name in ("paling_banyak", "paling_sedikit"):
                if bound.get(name) is not None and _percent(bound[name]) is None:
                    return f"{name} ({organisasi}) harus persentase 0 sampai 100."
            minimal = bound.get("minimal_orang", 0)
            if isinstance(minimal, bool) or not isinstance(minimal, int) or minimal < 0:
                return f"minimal_orang ({organisasi}) harus bilangan bulat 0 atau lebih."
    return None


def pay_percent_problem(text: str | None) -> str | None:
    """The percent of the kinerja part paid per periodic predikat as JSON {predikat: percent}; empty: the defaults."""
    if not (text or "").strip():
        return None
    data = _json_object(text or "")
    if isinstance(data, str):
        return data
    names = [p.value for p in skp.Predikat]
    unknown = sorted(set(data) - set(names))
    if unknown:
        return f"Predikat tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(names)}."
    if any(_percent(value) is None for value in data.values()):
        return "Persen TPP setiap predikat harus antara 0 dan 100."
    return None


def choice_problem(value: str | None, options, label: str, required: bool = True) -> str | None:
    """A value that must be one of options (empty allowed unless required)."""
    if not value:
        return f"{label} wajib diisi." if required else None
    return None if value in options else f"{label} harus salah satu dari: {', '.join(options)}."
