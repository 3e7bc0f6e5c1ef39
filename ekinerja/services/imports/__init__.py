"""Import and export of master data, attendance and SKP plans as CSV or XLSX: all or nothing, idempotent."""

import logging
import os

from ekinerja.db import write_transaction
from ekinerja.services import audit
from ekinerja.services.imports.attendance import plan_apel, plan_cuti, plan_presensi
from ekinerja.services.imports.cells import parse_values
from ekinerja.services.imports.city import plan_libur, plan_skpd, plan_tarif
from ekinerja.services.imports.export import errors_csv, export_bytes
from ekinerja.services.imports.organisation import plan_jabatan, plan_target, plan_tugas, plan_unit
from ekinerja.services.imports.pay import plan_ptkp, plan_rekening, plan_riwayat_golongan, plan_riwayat_status
from ekinerja.services.imports.people import plan_pegawai
from ekinerja.services.imports.planning import Context, Plan, without_repeated_keys
from ekinerja.services.imports.readers import LIMITS, read_rows
from ekinerja.services.imports.schema import (
    ADMIN_ONLY,
    COLUMNS,
    DATE_COLUMNS,
    DATETIME_COLUMNS,
    DECIMAL_COLUMNS,
    HEADER_VARIANTS,
    INTEGER_COLUMNS,
    ImportRejected,
    ImportResult,
    RowError,
    file_error,
    kinds_for,
)
from ekinerja.services.imports.skp_plans import plan_skp

__all__ = [
    "ADMIN_ONLY",
    "COLUMNS",
    "DATE_COLUMNS",
    "DATETIME_COLUMNS",
    "DECIMAL_COLUMNS",
    "HEADER_VARIANTS",
    "INTEGER_COLUMNS",
    "LIMITS",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "errors_csv",
    "export_bytes",
    "import_file",
    "kinds_for",
]


PLANNERS = {
    "skpd": plan_skpd,
    "unit": plan_unit,
    "jabatan": plan_jabatan,
    "pegawai": plan_pegawai,
    "tugas": plan_tugas,
    "libur": plan_libur,
    "target": plan_target,
    "tarif": plan_tarif,
    "presensi": plan_presensi,
    "apel": plan_apel,
    "cuti": plan_cuti,
    "skp": plan_skp,
    "riwayat_status": plan_riwayat_status,
    "riwayat_golongan": plan_riwayat_golongan,
    "rekening": plan_rekening,
    "ptkp": plan_ptkp,
}


log = logging.getLogger(__name__)


def _sorted_errors(columns, errors):
    order = {column: index for index, column in enumerate(columns)}
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, len(order))))


def import_file(jenis, stream, filename, actor, skpd_id=None) -> ImportResult:
    """Import a whole file of one kind, or raise ImportRejected with every problem and save nothing.

    CSV or XLSX with the kind's columns; presensi also as a fingerprint machine's log (.dat/.txt).
    skpd_id (an admin_skpd's SKPD) limits the rows to that SKPD's data.
    """
    if jenis not in COLUMNS:
        raise file_error(f"Jenis data tidak dikenal: {jenis}. Pilihan: {', '.join(COLUMNS)}.", "jenis")
    if skpd_id is not None and jenis in ADMIN_ONLY:
        raise file_error("Jenis data ini hanya dapat diimpor oleh admin.", "jenis")
    rows, read_errors, columns = read_rows(jenis, stream, filename)
    ctx = Context(jenis, skpd_id, columns, filename, actor)
    ctx.errors.extend(read_errors)
    parse_values(jenis, rows, ctx)
    rows = without_repeated_keys(jenis, rows, ctx)
    plan = Plan(jenis)
    # Checks and writes share one transaction, so nothing can change between them.
    with write_transaction():
        PLANNERS[jenis](rows, ctx, plan)
        if ctx.errors:
            raise ImportRejected(_sorted_errors(columns, ctx.errors))
        for step in plan.steps:
            step()
        result = plan.result
        rincian = {
            "ditambah": result.ditambah,
            "diubah": result.diubah,
            "tetap": result.tetap,
            "berkas": os.path.basename(filename or ""),
        }
        rincian.update(plan.details)
        audit.record(actor, "impor", jenis, "-", rincian=rincian)
    log.info("impor %s %s oleh %s: %s", jenis, rincian["berkas"], audit.actor_name(actor), result.summary())
    return result
