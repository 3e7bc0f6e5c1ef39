"""Text that a spreadsheet must show as text, never run as a formula (CSV and formula injection, OWASP).

A cell starting with = + - @ TAB or CR is a formula to Excel and LibreOffice (=HYPERLINK(...), DDE). CSV cells get
an apostrophe in front, which the spreadsheet hides and the imports take off again; XLSX cells keep their text and
are marked as text with a quote prefix.
"""

import datetime
import numbers

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would take the text, or the text after apostrophes an export added, for a formula."""
    return text.lstrip(ESCAPE).startswith(FORMULA_START)


def neutralised(value):
    """A CSV cell of any export: text that would run as a formula gets an apostrophe; numbers, dates and None stay."""
    if value is None or isinstance(value, (numbers.Number, datetime.date, datetime.time)):
        return value
    text = str(value)  # a related record (Flask-Admin) is written as its name
    return ESCAPE + text if runs_as_formula(text) else text


def restored(text: str) -> str:
    """A CSV cell read back: the apostrophe neutralised() added is taken off."""
    return text[1:] if text.startswith(ESCAPE) and runs_as_formula(text) else text
