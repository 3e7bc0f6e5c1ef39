"""The audit trail, read-only: admins and verifikators read who changed what."""

from flask_admin.contrib.peewee.filters import FilterEqual
from markupsafe import Markup, escape

from ekinerja.admin.base import SecureModelView
from ekinerja.models import AuditLog


class AuditLogView(SecureModelView):
    allowed_roles = ("admin", "verifikator")
    can_create = can_edit = can_delete = False
    column_list = ("waktu", "pengguna", "aksi", "objek", "objek_id", "dari", "ke", "alasan", "rincian")
    column_labels = {"objek_id": "ID objek"}
    column_sortable_list = ("waktu",)
    column_default_sort = ("waktu", True)
    column_searchable_list = ("pengguna", "aksi", "objek", "objek_id")
    column_filters = (
        FilterEqual(AuditLog.objek, "Objek"),
        FilterEqual(AuditLog.aksi, "Aksi"),
        FilterEqual(AuditLog.pengguna, "Pengguna"),
    )
    column_export_list = column_list
    column_formatters = {"rincian": lambda v, c, m, n: Markup("<small>%s</small>") % escape((m.rincian or "")[:300])}

    def scoped(self, query):
        return query

    def is_action_allowed(self, name):
        return False
