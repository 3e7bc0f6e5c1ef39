"""Plain tables as CSV downloads (open data, calibration, what-if): UTF-8 with BOM, formulas never started."""

import csv
import io

from ekinerja.rules.spreadsheet import neutralised


def csv_bytes(columns, rows):
    """The rows (dicts) as CSV with the columns in order; a text cell that would start a formula gets a quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralised(row.get(name)) for name in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
