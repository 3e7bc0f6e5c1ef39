"""Writing the audit trail: the only place that creates AuditLog rows."""

import json

from ekinerja import clock
from ekinerja.db import insert_all
from ekinerja.models import AuditLog


def actor_name(actor):
    """A stable name for whoever acts: a user, or a label such as 'cli' or 'sistem'."""
    if actor is None:
        return "sistem"
    return getattr(actor, "username", None) or str(actor)


def _row(actor, aksi, objek, objek_id, *, dari=None, ke=None, alasan=None, rincian=None):
    return {
        "pengguna": actor_name(actor),
        "aksi": aksi,
        "objek": objek,
        "objek_id": str(objek_id),
        "dari": dari,
        "ke": ke,
        "alasan": alasan,
        "rincian": json.dumps(rincian, default=str, ensure_ascii=False, sort_keys=True) if rincian else None,
    }


def record(actor, aksi, objek, objek_id, *, dari=None, ke=None, alasan=None, rincian=None):
    return AuditLog.create(**_row(actor, aksi, objek, objek_id, dari=dari, ke=ke, alasan=alasan, rincian=rincian))


def record_many(actor, aksi, objek, changes):
    """One entry per (objek_id, {dari, ke, alasan, rincian}) of changes, all at the same moment, in as few
    statements as the database takes (a batch of decisions)."""
    now = clock.now()
    insert_all(
        AuditLog, [dict(_row(actor, aksi, objek, objek_id, **values), waktu=now) for objek_id, values in changes]
    )


def trail(objek, objek_id):
    return AuditLog.select().where(AuditLog.objek == objek, AuditLog.objek_id == str(objek_id)).order_by(AuditLog.id)
