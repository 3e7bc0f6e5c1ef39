"""Saving and deleting one master-data row: one transaction, an explicit actor, an audit entry, no cascades."""

from peewee import IntegrityError

from ekinerja.db import write_transaction
from ekinerja.rules.refusal import Refused
from ekinerja.services import audit

CLASH = "Data tidak dapat disimpan karena bentrok dengan data lain (kode atau NIP ganda)."


class EditRefused(Refused):
    """A save or delete that was not made; the message says why, in Indonesian."""


# Columns kept out of the audit trail: a password hash (its change has an entry of its own), a machine's secret.
SECRET_COLUMNS = ("password_hash", "kunci")


def _kept(value):
    """A value as the audit trail keeps it: binary contents (a logo) by their size."""
    return len(value) if isinstance(value, bytes | bytearray | memoryview) else value


def _audited(values):
    return {name: _kept(value) for name, value in values.items() if name not in SECRET_COLUMNS}


def _changes(before, after):
    return {
        name: [_kept(before.get(name)), _kept(after[name])]
        for name in after
        if before.get(name) != after.get(name) and name not in SECRET_COLUMNS
    }


def audit_change(actor, record, before, after, created=False):
    """The audit entry of a row's new field values: {field: [before, after]} of those that changed, secrets left out.

    record names the row (its table and id); before and after are {field: value}.
    """
    aksi = "tambah" if created else "ubah"
    audit.record(actor, aksi, record._meta.table_name, record.id, rincian=_changes(before, after))


def save_record(record, changes, actor, then=None):
    """Give a row (new when it has no id) these field values, save it and audit it, in one transaction.

    then(record, created): further writes of the same transaction, after the row is saved; its result is returned.
    """
    created = record.id is None
    before = {} if created else dict(record.__data__)
    try:
        with write_transaction():
            for name, value in changes.items():
                setattr(record, name, value)
            record.save(force_insert=created)
            audit_change(actor, record, before, record.__data__, created)
            return then(record, created) if then else None
    except IntegrityError as clash:
        raise EditRefused(CLASH) from clash


def dependents(record):
    """What still refers to this row: ['3 pegawai', ...]."""
    found = []
    for condition, fk in record.dependencies(search_nullable=True):
        count = fk.model.select().where(condition).count()
        if count:
            found.append(f"{count} {fk.model._meta.table_name.replace('_', ' ')}")
    return found


def delete_record(record, actor, refusal=None, then=None):
    """Delete a row nothing refers to and audit it, in one transaction; never deletes what refers to it.

    refusal(record): why the row may not go whatever refers to it (a locked month uses it), or None.
    then(record): further writes of the same transaction, after the row is deleted.
    """
    try:
        with write_transaction():
            reason = refusal(record) if refusal else None
            if reason:
                raise EditRefused(f"'{record}' tidak dapat dihapus: {reason}")
            used_by = dependents(record)
            if used_by:
                raise EditRefused(
                    f"'{record}' tidak dapat dihapus karena masih dipakai oleh {', '.join(used_by)}. "
                    "Nonaktifkan saja bila tidak dipakai lagi."
                )
            snapshot = dict(record.__data__)
            record.delete_instance(recursive=False)
            audit.record(actor, "hapus", record._meta.table_name, snapshot.get("id"), rincian=_audited(snapshot))
            if then:
                then(record)
    except IntegrityError as used:
        raise EditRefused(f"'{record}' tidak dapat dihapus karena masih dipakai data lain.") from used
