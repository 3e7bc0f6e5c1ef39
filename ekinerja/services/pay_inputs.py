"""The dated pay inputs (status and golongan from a TMT), bank details and an SKPD's participation in e-Kinerja."""

import re

from ekinerja.db import write_transaction
from ekinerja.models import Pegawai, RiwayatGolongan, RiwayatStatus, Skpd
from ekinerja.models.organisation import PARTICIPATING_SINCE
from ekinerja.rules.golongan import is_valid_golongan
from ekinerja.rules.nip import parse_nip
from ekinerja.rules.refusal import Refused
from ekinerja.rules.vocabulary import STATUS_PEGAWAI
from ekinerja.services import audit
from ekinerja.services.analysis import readiness

ACCOUNT_DIGITS = (6, 20)  # Indonesian banks' account numbers run from 10 to 16 digits; some regional ones shorter
_DIGITS = re.compile("[0-9]+")  # ASCII only: \d would take other scripts' digits


def bank_errors(nama_bank, nomor_rekening):
    """Bank name and account number together, the number of ACCOUNT_DIGITS ASCII digits: {field: message}."""
    nama_bank, nomor_rekening = (nama_bank or "").strip(), (nomor_rekening or "").strip()
    if not nama_bank and not nomor_rekening:
        return {}
    errors = {}
    if not nama_bank:
        errors["nama_bank"] = "Isi nama bank rekening."
    low, high = ACCOUNT_DIGITS
    if not _DIGITS.fullmatch(nomor_rekening) or not low <= len(nomor_rekening) <= high:
        errors["nomor_rekening"] = f"Nomor rekening harus {low} sampai {high} angka, tanpa spasi atau tanda baca."
    return errors


def set_bank_details(pegawai, nama_bank, nomor_rekening, actor):
    """Record where an employee's TPP is transferred; the audit entry names the change, never the number."""
    errors = bank_errors(nama_bank, nomor_rekening)
    if errors:
        raise Refused(errors)
    with write_transaction():
        pegawai.nama_bank = (nama_bank or "").strip() or None
        pegawai.nomor_rekening = (nomor_rekening or "").strip() or None
        pegawai.save(only=[Pegawai.nama_bank, Pegawai.nomor_rekening])
        audit_bank_details(actor, pegawai.id, pegawai.nama_bank)
    return pegawai


def audit_bank_details(actor, pegawai_id, nama_bank):
    """The audit entry of one employee's new bank details: the bank's name, never the account number."""
    audit.record(actor, "ubah_rekening", "pegawai", pegawai_id, ke=nama_bank)


# Each dated history and the employee's field that holds its latest row's value.
HISTORIES = {RiwayatStatus: "status", RiwayatGolongan: "golongan"}


def history_start(nip):
    """The TMT CPNS in the NIP, else PARTICIPATING_SINCE: the first day an employee's first status and golongan hold."""
    try:
        return parse_nip(nip).tmt_cpns
    except (ValueError, AssertionError):
        return PARTICIPATING_SINCE


def follow_history(model, pegawai_ids):
    """Set each employee's current status (or golongan) to the value of their latest row of that history.

    Part of the caller's transaction: every write to a history row is followed by this, so the field never drifts.
    """
    name = HISTORIES[model]
    for pegawai_id in set(pegawai_ids):
        latest = (
            model.select(getattr(model, name)).where(model.pegawai == pegawai_id).order_by(model.tmt.desc()).scalar()
        )
        if latest is not None:
            Pegawai.update({name: latest}).where(Pegawai.id == pegawai_id).execute()


def start_histories(pegawai):
    """A new employee's first status and golongan rows, from their TMT CPNS; part of the caller's transaction."""
    tmt = history_start(pegawai.nip)
    RiwayatStatus.create(pegawai=pegawai.id, status=pegawai.status, tmt=tmt)
    RiwayatGolongan.create(pegawai=pegawai.id, golongan=pegawai.golongan, tmt=tmt)


def history_delete_refusal(row):
    """Why a status or golongan row may not be deleted: an employee keeps at least one of each, or None."""
    model = type(row)
    if model.select().where(model.pegawai == row.pegawai_id, model.id != row.id).exists():
        return None
    return f"pegawai harus memiliki paling sedikit satu riwayat {HISTORIES[model]}."


def _record(model, field, pegawai, value, tmt, nomor_sk, actor):
    # A locked month keeps its snapshot: a TMT within it changes only the months still open.
    with write_transaction():
        row = model.get_or_none(model.pegawai == pegawai.id, model.tmt == tmt)
        before = getattr(row, field.name) if row else None
        if row is None:
            row = model(pegawai=pegawai.id, tmt=tmt)
        setattr(row, field.name, value)
        row.nomor_sk = nomor_sk
        row.save()
        follow_history(model, [pegawai.id])
        audit_history(actor, model, pegawai.id, before, value, tmt)
    return row


def audit_history(actor, model, pegawai_id, before, value, tmt):
    """The audit entry of one employee's status or golongan row from a TMT: its value before (None: new) and now."""
    name = HISTORIES[model]
    audit.record(actor, f"riwayat_{name}", "pegawai", pegawai_id, dari=before, ke=value, rincian={"tmt": tmt})


def record_status(pegawai, status, tmt, actor, nomor_sk=None):
    """CPNS or PNS from tmt on; the employee's current status follows the latest row."""
    if status not in STATUS_PEGAWAI:
        raise Refused({"status": "Status harus PNS atau CPNS."})
    return _record(RiwayatStatus, RiwayatStatus.status, pegawai, status, tmt, nomor_sk, actor)


def record_golongan(pegawai, golongan, tmt, actor, nomor_sk=None):
    """A golongan from tmt on; the employee's current golongan follows the latest row."""
    if not is_valid_golongan(golongan):
        raise Refused({"golongan": "Golongan tidak dikenal (contoh: III/a)."})
    return _record(RiwayatGolongan, RiwayatGolongan.golongan, pegawai, golongan, tmt, nomor_sk, actor)


def participation_errors(skpd, ikut_mulai):
    """Why an SKPD cannot take part from ikut_mulai: a prerequisite (readiness) unmet in that year."""
    if ikut_mulai is None or (skpd is not None and skpd.ikut_mulai == ikut_mulai):
        return {}
    if skpd is None or skpd.id is None:
        return {"ikut_mulai": "Simpan SKPD dan lengkapi prasyaratnya sebelum mengisi tanggal ikut e-Kinerja."}
    (row,) = readiness(Skpd.select().where(Skpd.id == skpd.id), ikut_mulai.year)
    missing = [name for name, criterion in row["kriteria"].items() if not criterion.terpenuhi]
    if missing:
        return {"ikut_mulai": "Prasyarat belum terpenuhi: " + ", ".join(missing) + "."}
    return {}
