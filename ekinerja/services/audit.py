"""Writing the audit trail: the only place that creates AuditLog rows."""

import json

from ekinerja.models import AuditLog


def actor_name(actor):
    """A stable name for whoever acts: a user, or a label such as 'cli' or 'sistem'."""
    if actor is None:
        return "sistem"
    return getattr(actor, "username", None) or str(actor)


def record(actor, aksi, objek, objek_id, *, dari=None, ke=None, alasan=None, rincian=None):
    return AuditLog.create(
        pengguna=actor_name(actor),
        aksi=aksi,
        objek=objek,
        objek_id=str(objek_id),
        dari=dari,
        ke=ke,
        alasan=alasan,
        rincian=json.dumps(rincian, default=str, ensure_ascii=False, sort_keys=True) if rincian else None,
    )


def trail(objek, objek_id):
    return AuditLog.select().where(AuditLog.objek == objek, AuditLog.objek_id == str(objek_id)).order_by(AuditLog.id)
