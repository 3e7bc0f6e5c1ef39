"""Plain tables as CSV downloads (open data, calibration, what-if): UTF-8 with BOM, formulas never started."""

import csv
import io

from reports.excel import FORMULA_START


def _cell(value):
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) and not _number(text) else text


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_bytes(columns, rows):
    """The rows (dicts) as CSV with the columns in order; a text cell that would start a formula gets a quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
