"""Printed documents: data builders (data.py), HTML templates and print CSS, and the renderer (pdf.py).

Templates render in an environment of their own with autoescaping on, so the documents can be built
without a Flask request (batch runs, benchmarks) and nothing from the database reaches the HTML unescaped.
"""

import functools
import os
from decimal import Decimal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ekinerja import i18n

TEMPLATES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def angka(value, places=2):
    """1.234,5 style numbers: dots between thousands, a decimal comma, trailing zeros dropped."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return i18n.ribuan(value)
    text = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def rupiah_rinci(value):
    """Rupiah with cents only when there are any (intermediate amounts such as a CPNS portion)."""
    return "Rp " + angka(value)


_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def terbilang(value):
    """A whole number in Indonesian words, as written under amounts on payment lists."""
    n = int(value)
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _SATUAN[n] or "nol"
    if n < 20:
        return terbilang(n - 10) + " belas"
    if n < 100:
        return (terbilang(n // 10) + " puluh " + (_SATUAN[n % 10])).strip()
    if n < 200:
        return ("seratus " + (terbilang(n - 100) if n > 100 else "")).strip()
    if n < 1000:
        return (terbilang(n // 100) + " ratus " + (terbilang(n % 100) if n % 100 else "")).strip()
    if n < 2000:
        return ("seribu " + (terbilang(n - 1000) if n > 1000 else "")).strip()
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            rest = n % size
            return (terbilang(n // size) + f" {word} " + (terbilang(rest) if rest else "")).strip()
    raise AssertionError(n)


def tanggal_pendek(value):
    return f"{value.day:02d}/{value.month:02d}"


@functools.cache
def environment():
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("rupiah", "ribuan", "persen", "tanggal", "jam"):
        env.filters[name] = getattr(i18n, name)
    env.filters.update(angka=angka, rupiah_rinci=rupiah_rinci, tanggal_pendek=tanggal_pendek, terbilang=terbilang)
    env.globals["nama_periode"] = i18n.periode
    return env


def render_html(template, context):
    """The HTML of a document template with its context."""
    return environment().get_template(template).render(**context)
