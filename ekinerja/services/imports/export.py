"""Export: each kind's stored rows in its import columns, as CSV or XLSX, so that a file imports back unchanged."""

import csv
import io
from collections import defaultdict
from decimal import Decimal

from ekinerja.models import (
    Apel,
    AturanTpp,
    Cuti,
    HariLibur,
    Jabatan,
    Pegawai,
    Presensi,
    RiwayatJabatan,
    Skpd,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
)
from ekinerja.rules.spreadsheet import neutralised, runs_as_formula
from ekinerja.services.imports import pay, skp_plans
from ekinerja.services.imports.planning import current_position
from ekinerja.services.imports.schema import (
    COLUMNS,
    DATE_COLUMNS,
    DATETIME_COLUMNS,
    DECIMAL_COLUMNS,
    INTEGER_COLUMNS,
    KEYS,
)


def _export_rows(jenis, skpd_id):
    """The kind's rows as tuples of Python values in COLUMNS order, sorted by key."""
    skpd_kode = {s.id: s.kode for s in Skpd.select(Skpd.id, Skpd.kode)}

    def scoped(query, column):
        return query if skpd_id is None else query.where(column == skpd_id)

    if jenis == "skpd":
        rows = [(s.kode, s.nama, s.singkatan) for s in scoped(Skpd.select(), Skpd.id)]
    elif jenis == "unit":
        kode_of = dict(UnitKerja.select(UnitKerja.id, UnitKerja.kode).tuples())
        rows = [
            (u.kode, u.nama, skpd_kode[u.skpd_id], kode_of.get(u.induk_id))
            for u in scoped(UnitKerja.select(), UnitKerja.skpd)
        ]
    elif jenis == "jabatan":
        unit_kode = dict(UnitKerja.select(UnitKerja.id, UnitKerja.kode).tuples())
        kode_of = dict(Jabatan.select(Jabatan.id, Jabatan.kode).tuples())
        rows = [
            (
                j.kode,
                j.nama,
                skpd_kode[j.skpd_id],
                unit_kode.get(j.unit_id),
                j.jenis,
                j.eselon,
                j.kelas_jabatan,
                kode_of.get(j.atasan_id),
            )
            for j in scoped(Jabatan.select(), Jabatan.skpd)
        ]
    elif jenis == "pegawai":
        kode_of = dict(Jabatan.select(Jabatan.id, Jabatan.kode).tuples())
        history = defaultdict(list)
        for period in RiwayatJabatan.select().where(RiwayatJabatan.selesai.is_null()):
            history[period.pegawai_id].append(period)
        rows = []
        for p in scoped(Pegawai.select(), Pegawai.skpd):
            current = current_position(history[p.id])
            rows.append(
                (
                    p.nip,
                    p.nama,
                    p.gelar_depan,
                    p.gelar_belakang,
                    p.golongan,
                    p.status,
                    kode_of.get(current.jabatan_id) if current else None,
                    current.mulai if current else None,
                    p.id_mesin,
                )
            )
    elif jenis == "tugas":
        query = UraianTugas.select(UraianTugas, Jabatan).join(Jabatan)
        rows = [
            (t.jabatan.kode, t.kode, t.uraian, t.satuan, t.norma_waktu, t.volume_tahunan)
            for t in scoped(query, Jabatan.skpd)
        ]
    elif jenis == "libur":
        rows = [(h.tanggal, h.jenis, h.keterangan) for h in HariLibur.select()]
    elif jenis == "target":
        rows = [
            (skpd_kode[t.skpd_id], t.tahun, t.jenis, t.indikator, t.target, t.satuan)
            for t in scoped(Target.select(), Target.skpd)
        ]
    elif jenis == "tarif":
        query = TarifTpp.select(TarifTpp, AturanTpp).join(AturanTpp)
        rows = [(t.aturan.berlaku_mulai, t.kelas_jabatan, t.tarif) for t in query]
    elif jenis == "presensi":
        query = Presensi.select(Pegawai.nip, Presensi.waktu).join(Pegawai)
        rows = list(scoped(query, Pegawai.skpd).tuples())
    elif jenis == "apel":
        query = Apel.select(Pegawai.nip, Apel.tanggal, Apel.sesi).join(Pegawai)
        rows = list(scoped(query, Pegawai.skpd).tuples())
    elif jenis == "cuti":
        query = Cuti.select(Pegawai.nip, Cuti.jenis, Cuti.mulai, Cuti.selesai, Cuti.nomor_surat).join(Pegawai)
        rows = list(scoped(query, Pegawai.skpd).tuples())
    elif jenis == "skp":
        rows = skp_plans.export_rows(skpd_id)
    elif jenis in ("riwayat_status", "riwayat_golongan", "rekening", "ptkp"):
        rows = pay.export_rows(jenis, skpd_id)
    else:
        raise ValueError(f"Jenis data tidak dikenal: {jenis}")
    key_index = [COLUMNS[jenis].index(column) for column in KEYS[jenis][0]]
    return sorted(rows, key=lambda r: tuple(r[i] for i in key_index))


def _decimal_text(value):
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _csv_cell(column, value):
    if value is None:
        return ""
    if column in DATETIME_COLUMNS:
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if column in DATE_COLUMNS:
        return value.isoformat()
    if column in DECIMAL_COLUMNS:
        return _decimal_text(value)
    if column in INTEGER_COLUMNS:
        return str(int(value))
    return str(value)


def _xlsx_cell(sheet, column, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if column in DATETIME_COLUMNS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if column in DATE_COLUMNS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if column in INTEGER_COLUMNS:
        return int(value)
    if column in DECIMAL_COLUMNS:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else number
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    # Text stays text: an NIP must not become a 15-digit number, a leading '=' must not become a formula.
    cell.data_type = "s"
    cell.number_format = "@"
    cell.quotePrefix = runs_as_formula(cell.value)
    return cell


def export_bytes(jenis, fmt, skpd_id=None) -> bytes:
    """The kind's rows with the import columns, as CSV (UTF-8, comma) or XLSX; skpd_id limits to one SKPD."""
    columns = COLUMNS[jenis]
    rows = _export_rows(jenis, skpd_id)
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            cells = [_csv_cell(column, value) for column, value in zip(columns, row, strict=True)]
            writer.writerow([neutralised(cell) for cell in cells])
        return out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(jenis)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, column, value) for column, value in zip(columns, row, strict=True)])
        binary = io.BytesIO()
        workbook.save(binary)
        return binary.getvalue()
    raise ValueError(f"Format ekspor tidak dikenal: {fmt}")


def errors_csv(errors) -> bytes:
    """Every problem of a refused file as CSV (baris, kolom, kesalahan): the list a screen shows only the start of."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["baris", "kolom", "kesalahan"])
    for error in errors:
        writer.writerow([error.row or "", neutralised(error.column), neutralised(error.message)])
    return out.getvalue().encode("utf-8")
