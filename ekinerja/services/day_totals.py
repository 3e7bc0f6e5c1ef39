"""Recomputing the day totals the recap reads from the entries and scans they are kept from (after a repair)."""

from ekinerja.db import write_transaction
from ekinerja.services import audit


def rebuild(actor, totals, first=None, last=None, periode=None):
    """Recompute one DayTotals table over first..last (None: every day); (span recomputed, days that differed).

    span is (None, None) when the table's source has no data; only a recomputation goes into the audit trail.
    """
    table = totals._meta.table_name
    with write_transaction():
        differing = len(totals.differences(first, last))
        span = totals.rebuild(first, last)
        if span[0]:
            details = {"mulai": span[0], "selesai": span[1], "hari_berbeda": differing}
            audit.record(actor, "hitung_ulang", table, periode or "-", rincian=details)
    return span, differing
