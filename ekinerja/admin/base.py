"""The portal's base: access by role, one secure model view scoped to the admin_skpd's SKPD on every path."""

from functools import partial, reduce
from operator import or_

from flask import abort, flash, redirect, request, url_for
from flask_admin import AdminIndexView
from flask_admin.actions import action
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.form import BaseForm as AdminBaseForm
from flask_admin.model.ajax import DEFAULT_PAGE_SIZE
from flask_login import current_user
from peewee import Model

from ekinerja.admin.fields import (
    BAD_DATE,
    DETAIL_FORMATTERS,
    LIST_FORMATTERS,
    DateRangeFilter,
    PortalConverter,
    RelatedFilter,
    coded_formatter,
    label_of,
    skpds,
)
from ekinerja.models import Jabatan, Pegawai, Skpd, UnitKerja
from ekinerja.rules.spreadsheet import neutralised
from ekinerja.services.masterdata import scope_errors
from ekinerja.services.masterdata_edits import EditRefused, delete_record, save_record
from ekinerja.services.periods import locked_month_change
from ekinerja.web import show_refusal
from forms.base import TRANSLATIONS

MAX_PAGE = 1_000_000
LOCKED_MONTH = "Data ini dipakai periode {:02d}-{} yang sudah dikunci; perubahan yang menyentuh periode itu ditolak."


class SecureMixin:
    """Every portal page is closed unless the user holds one of allowed_roles."""

    allowed_roles = ("admin",)

    def is_accessible(self):
        return current_user.is_authenticated and current_user.has_role(*self.allowed_roles)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(403)


def portal_skpd_id():
    """The SKPD a portal user's reading and writing is limited to: None for an admin, else their own (-1: none)."""
    if current_user.has_role("admin"):
        return None
    return current_user.skpd_id or -1


class EmployeeSearch(QueryAjaxModelLoader):
    """The employee search box of a portal form: an admin_skpd finds, and may pick, only their own SKPD's people."""

    def __init__(self):
        super().__init__("pegawai", Pegawai, fields=("nip", "nama"), page_size=20)

    def _visible(self):
        skpd_id = portal_skpd_id()
        query = Pegawai.select()
        return query if skpd_id is None else query.where(Pegawai.skpd == skpd_id)

    def get_one(self, pk):
        return self._visible().where(Pegawai.id == pk).first()

    def get_list(self, term, offset=0, limit=DEFAULT_PAGE_SIZE):
        query = self._visible()
        if term:
            query = query.where(reduce(or_, [field ** f"%{term}%" for field in self._cached_fields]))
        return list(query.order_by(Pegawai.nama, Pegawai.id).offset(offset).limit(limit))


class PortalIndexView(SecureMixin, AdminIndexView):
    allowed_roles = ("admin", "admin_skpd", "verifikator")


def choices(mapping):
    """A filter's options from a {value: label} mapping or a sequence of values (forms take form_choices)."""
    return [(k, v) for k, v in mapping.items()] if isinstance(mapping, dict) else [(v, v) for v in mapping]


class SkpdFilter(RelatedFilter):
    """Filter by SKPD, offering the SKPDs the user sees as they are when the list is shown."""

    def __init__(self, column, name):
        super().__init__(column, name, skpds, lambda skpd: f"{skpd.singkatan} - {skpd.nama}")


class AdminForm(AdminBaseForm):
    """Flask-Admin forms with WTForms' built-in messages in Indonesian."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


class SecureModelView(SecureMixin, ModelView):
    """Scoped reads, writes through the master-data edit verbs, field-level Indonesian messages."""

    form_base_class = AdminForm
    model_form_converter = PortalConverter
    column_type_formatters = LIST_FORMATTERS
    column_type_formatters_detail = DETAIL_FORMATTERS
    allowed_roles = ("admin", "admin_skpd")
    can_view_details = True
    can_export = True
    export_types = ["csv"]
    page_size = 50
    unique_fields = ()
    # {field: its code list}: a dropdown of the list in forms (fields.PortalConverter), its labels wherever shown.
    form_choices: dict = {}
    # A dated row: its first and last day (one name for a single day) and the other fields a month's recap or
    # documents read from it. Nothing of it that a locked month uses can change (periods.locked_month_change);
    # the rest (document numbers, notes) can.
    period_date_fields = ()
    period_value_fields = ()

    def __init__(self, *args, **kwargs):
        readable = {name: coded_formatter(codes) for name, codes in self.form_choices.items()}
        self.column_formatters = {**readable, **(self.column_formatters or {})}
        # Flask-Admin's details page shows every field unless told otherwise: it shows what the list shows.
        if self.column_details_list is None:
            self.column_details_list = self.column_list
        super().__init__(*args, **kwargs)

    def _get_list_extra_args(self):
        # A page past any table (?page=9223372036854775807) would overflow the query's OFFSET: the last page.
        args = super()._get_list_extra_args()
        args.page = max(0, min(args.page or 0, MAX_PAGE))
        return args

    # -- scoping --------------------------------------------------------------------------------
    def scope(self, query, skpd_id):
        """Rows of one SKPD; views of city-wide data are admin-only and never reach this."""
        return query.where(self.model.skpd == skpd_id)

    def scoped_skpd_id(self):
        return portal_skpd_id()

    def scoped(self, query):
        skpd_id = self.scoped_skpd_id()
        return query if skpd_id is None else self.scope(query, skpd_id)

    def _get_filter_groups(self):
        # Flask-Admin computes filter options once at start-up, on the view all requests share: options that come
        # from data (the user's SKPD's units, positions) are built for this request's copy, never kept on the view.
        groups = super()._get_filter_groups()
        for items in (groups or {}).values():
            for item in items:
                options = self._filters[item["index"]].get_options(self)
                item["options"] = [(value, str(label)) for value, label in options] if options else None
        return groups

    def get_query(self):
        return self.scoped(self.model.select())

    def get_one(self, id):
        try:
            pk = int(id)
        except (TypeError, ValueError):
            return None
        return self.get_query().where(self.model.id == pk).first()

    def get_column_name(self, field):
        return label_of(self.column_labels or {}, field)

    def search_placeholder(self):
        """Cari NIP, nama: the searched fields' labels inside a sentence, acronyms kept."""
        labels = [self.get_column_name(name) for name in self.column_searchable_list or ()]
        return "Cari " + ", ".join(text if text.split()[0].isupper() else text[0].lower() + text[1:] for text in labels)

    def get_invalid_value_msg(self, value, filter):
        if isinstance(filter, DateRangeFilter):
            return f"{filter.name}: {BAD_DATE}"
        return super().get_invalid_value_msg(value, filter)

    # -- forms ----------------------------------------------------------------------------------
    def limitchoices(self, form):
        """Narrow select boxes to the admin_skpd's own rows; the server-side checks still decide."""
        skpd_id = self.scoped_skpd_id()
        if skpd_id is None:
            return form
        limits = {
            "skpd": Skpd.id == skpd_id,
            "unit": UnitKerja.skpd == skpd_id,
            "induk": UnitKerja.skpd == skpd_id,
            "pegawai": Pegawai.skpd == skpd_id,
            "jabatan": Jabatan.skpd == skpd_id,
        }
        for name, own in limits.items():
            if name in form and hasattr(form[name], "query"):
                form[name].query = form[name].query.where(own)
        return form

    def create_form(self, obj=None):
        return self.limitchoices(super().create_form(obj))

    def edit_form(self, obj=None):
        return self.limitchoices(super().edit_form(obj))

    def editing(self):
        """The row being edited, or None when creating."""
        if request.endpoint and request.endpoint.endswith(".edit_view"):
            return self.get_one(request.args.get("id"))
        return None

    def check(self, form, obj):
        """Rules of this model beyond single fields: {field name: message}."""
        return {}

    def validate_form(self, form):
        valid = super().validate_form(form)
        endpoint = (request.endpoint or "").rsplit(".", 1)[-1]
        if not valid or endpoint not in ("create_view", "edit_view"):
            return valid
        obj = self.editing()
        errors = {}
        for name in self.unique_fields:
            query = self.model.select().where(getattr(self.model, name) == form[name].data)
            if obj is not None:
                query = query.where(self.model.id != obj.id)
            if form[name].data not in (None, "") and query.exists():
                errors[name] = f"{form[name].label.text} '{form[name].data}' sudah dipakai."
        if "skpd" in form and form.skpd.data:
            errors.update(scope_errors("skpd", form.skpd.data.id, self.scoped_skpd_id()))
        errors.update(self._locked_period_errors(form, obj))
        errors.update({k: v for k, v in self.check(form, obj).items() if k not in errors})
        for name, message in errors.items():
            form[name].errors = list(form[name].errors) + [message]
        return not errors

    def _dated(self, values):
        """A row as periods.locked_month_change takes it: (first day, last day or None, the values it reads)."""
        first, last = (values[name] for name in (self.period_date_fields * 2)[:2])
        used = tuple(
            value.id if isinstance(value, Model) else value
            for value in (values[name] for name in self.period_value_fields)
        )
        return first, last, used

    def _locked_period_errors(self, form, obj):
        if not self.period_date_fields or form[self.period_date_fields[0]].data is None:
            return {}
        names = self.period_date_fields + self.period_value_fields
        old = self._dated({name: getattr(obj, name) for name in names}) if obj is not None else None
        new = self._dated({name: form[name].data for name in names})
        locked = locked_month_change(old, new)
        return {self.period_date_fields[0]: LOCKED_MONTH.format(locked[1], locked[0])} if locked else {}

    # -- writes ---------------------------------------------------------------------------------
    def changes(self, form, obj):
        """The row's new field values from the form: {field name: value}; obj is None when creating."""
        fields = self.model._meta.fields
        return {field.name: field.data for field in form if field.name in fields}

    def saved(self, form, model, is_created):
        """Further writes that belong to the same transaction as saving the row; returns a note to show, or None."""

    def _save(self, form, model):
        is_created = model.id is None
        try:
            note = save_record(
                model,
                self.changes(form, None if is_created else model),
                current_user,
                then=partial(self.saved, form),
            )
        except EditRefused as refused:
            show_refusal(refused)
            return False
        if note:
            flash(note, "info")
        self.after_model_change(form, model, is_created)
        return model

    def create_model(self, form):
        return self._save(form, self.model())

    def update_model(self, form, model):
        return bool(self._save(form, model))

    def delete_refusal(self, model):
        """Why this row may not be deleted regardless of what depends on it, or None."""
        if not self.period_date_fields:
            return None
        dated = self._dated({name: getattr(model, name) for name in self.period_date_fields + self.period_value_fields})
        locked = locked_month_change(dated, None)
        return LOCKED_MONTH.format(locked[1], locked[0]) if locked else None

    def deleted(self, model):
        """Further writes that belong to the same transaction as deleting the row."""

    def delete_model(self, model):
        try:
            delete_record(model, current_user, refusal=self.delete_refusal, then=self.deleted)
        except EditRefused as refused:
            show_refusal(refused)
            return False
        return True

    @action("delete", "Hapus", "Yakin menghapus data terpilih? Data yang masih dipakai tidak akan dihapus.")
    def action_delete(self, ids):
        deleted = 0
        for model in self.get_query().where(self.model.id.in_([int(i) for i in ids if str(i).isdigit()])):
            if self.delete_model(model):
                deleted += 1
        flash(f"{deleted} data dihapus.", "success" if deleted else "warning")

    # -- export ---------------------------------------------------------------------------------
    def get_export_value(self, model, name):
        return neutralised(super().get_export_value(model, name))
