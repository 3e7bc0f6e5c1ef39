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
    env.filters.update(angka=angka, rupiah_rinci=rupiah_rinci, tanggal_pendek=tanggal_pendek)
    env.globals["nama_periode"] = i18n.periode
    return env


def render_html(template, context):
    """The HTML of a document template with its context."""
    return environment().get_template(template).render(**context)
