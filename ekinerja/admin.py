"""The master-data portal: one secure base view, scoped to the admin_skpd's SKPD on every path."""

from functools import reduce
from operator import or_

from flask import abort, flash, has_request_context, redirect, request, url_for
from flask_admin import Admin, AdminIndexView
from flask_admin.actions import action
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.contrib.peewee.filters import BooleanEqualFilter, FilterEqual, FilterLike
from flask_admin.form import BaseForm as AdminBaseForm
from flask_admin.model.ajax import DEFAULT_PAGE_SIZE
from flask_login import current_user
from markupsafe import Markup, escape
from peewee import IntegrityError, Model
from werkzeug.security import generate_password_hash
from wtforms import BooleanField, FileField, PasswordField, SelectMultipleField, widgets

from ekinerja import clock, i18n
from ekinerja.db import write_transaction
from ekinerja.models import (
    AturanTpp,
    AuditLog,
    BendaharaSkpd,
    Cuti,
    HariLibur,
    Jabatan,
    JadwalKerja,
    JadwalKhusus,
    Pegawai,
    Pengaturan,
    PenugasanPlt,
    RiwayatJabatan,
    Skpd,
    SkpdPrasyarat,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
    User,
)
from ekinerja.models.activity import JENIS_CUTI, JENIS_PLT
from ekinerja.models.calendar import JENIS_LIBUR
from ekinerja.models.organisation import ESELON, HARI, JENIS_JABATAN, JENIS_TARGET, PRASYARAT
from ekinerja.models.people import JENIS_KELAMIN, ROLES, STATUS_PEGAWAI
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.hierarchy import creates_cycle
from ekinerja.rules.nip import nip_errors
from ekinerja.services import accounts, audit
from ekinerja.services.masterdata import (
    carry_over_tariffs,
    leave_errors,
    position_errors,
    rule_set_errors,
    treasurer_errors,
)
from ekinerja.services.periods import locked_month_change, rule_set_change_error
from forms.base import TRANSLATIONS
from reports.data import LOGO_MAX_BYTES, logo_check

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
OWN_SKPD_ONLY = "Anda hanya dapat mengelola data SKPD Anda sendiri."
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


def _choices(mapping):
    return [(k, v) for k, v in mapping.items()] if isinstance(mapping, dict) else [(v, v) for v in mapping]


class SkpdFilter(FilterEqual):
    """Filter by SKPD, offering the SKPDs as they are when the list is shown."""

    def get_options(self, view):
        if not has_request_context():
            return None
        query = Skpd.select().order_by(Skpd.kode)
        if view.scoped_skpd_id() is not None:
            query = query.where(Skpd.id == view.scoped_skpd_id())
        return [(str(s.id), f"{s.singkatan} - {s.nama}") for s in query]


class AdminForm(AdminBaseForm):
    """Flask-Admin forms with WTForms' built-in messages in Indonesian."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


class SecureModelView(SecureMixin, ModelView):
    """Scoped reads, transactional audited writes, refused cascades, field-level Indonesian messages."""

    form_base_class = AdminForm
    allowed_roles = ("admin", "admin_skpd")
    can_view_details = True
    can_export = True
    export_types = ["csv"]
    page_size = 50
    unique_fields = ()
    # A dated row: its first and last day (one name for a single day) and the other fields a month's recap or
    # documents read from it. Nothing of it that a locked month uses can change (periods.locked_month_change);
    # the rest (document numbers, notes) can.
    period_date_fields = ()
    period_value_fields = ()
    audit_name = None

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
        # Flask-Admin computes filter options once at start-up; options that come from data are refreshed per page.
        self._refresh_filters_cache()
        return super()._get_filter_groups()

    def get_query(self):
        return self.scoped(self.model.select())

    def get_one(self, id):
        try:
            pk = int(id)
        except (TypeError, ValueError):
            return None
        return self.get_query().where(self.model.id == pk).first()

    def search_placeholder(self):
        labels = [(self.column_labels or {}).get(name, name) for name in self.column_searchable_list or ()]
        return "Cari " + ", ".join(labels)

    # -- forms ----------------------------------------------------------------------------------
    def limit_choices(self, form):
        """Narrow select boxes to the admin_skpd's own rows; the server-side checks still decide."""
        skpd_id = self.scoped_skpd_id()
        if skpd_id is None:
            return form
        limits = {
            "skpd": Skpd.select().where(Skpd.id == skpd_id),
            "unit": UnitKerja.select().where(UnitKerja.skpd == skpd_id),
            "induk": UnitKerja.select().where(UnitKerja.skpd == skpd_id),
            "pegawai": Pegawai.select().where(Pegawai.skpd == skpd_id),
            "jabatan": Jabatan.select().where(Jabatan.skpd == skpd_id),
        }
        for name, query in limits.items():
            if name in form and hasattr(form[name], "query"):
                form[name].query = query
        return form

    def create_form(self, obj=None):
        return self.limit_choices(super().create_form(obj))

    def edit_form(self, obj=None):
        return self.limit_choices(super().edit_form(obj))

    def editing(self):
        """The row being edited, or None when creating."""
        if request.endpoint and request.endpoint.endswith(".edit_view"):
            return self.get_one(request.args.get("id"))
        return None

    def check(self, form, obj):
        """Rules of this model beyond single fields: {field name: message}."""
        return {}

    def saved(self, model, is_created):
        """Further writes that belong to the same transaction as saving the row."""

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
        skpd_id = self.scoped_skpd_id()
        if skpd_id is not None and "skpd" in form and form.skpd.data and form.skpd.data.id != skpd_id:
            errors["skpd"] = OWN_SKPD_ONLY
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
    def _object_name(self):
        return self.audit_name or self.model._meta.table_name

    def _changes(self, before, model):
        after = model.__data__
        return {
            name: [before.get(name), after.get(name)]
            for name in after
            if before.get(name) != after.get(name) and "password" not in name
        }

    def _save(self, form, model, is_created):
        before = {} if is_created else dict(model.__data__)
        try:
            with write_transaction():
                form.populate_obj(model)
                self.on_model_change(form, model, is_created)
                model.save(force_insert=is_created)
                self.saved(model, is_created)
                audit.record(
                    current_user,
                    "tambah" if is_created else "ubah",
                    self._object_name(),
                    model.id,
                    rincian=self._changes(before, model),
                )
        except IntegrityError:
            flash("Data tidak dapat disimpan karena bentrok dengan data lain (kode atau NIP ganda).", "error")
            return False
        self.after_model_change(form, model, is_created)
        return model

    def create_model(self, form):
        return self._save(form, self.model(), True)

    def update_model(self, form, model):
        return bool(self._save(form, model, False))

    def _dependents(self, model):
        found = []
        for condition, fk in model.dependencies(search_nullable=True):
            count = fk.model.select().where(condition).count()
            if count:
                found.append(f"{count} {fk.model._meta.table_name.replace('_', ' ')}")
        return found

    def delete_refusal(self, model):
        """Why this row may not be deleted regardless of what depends on it, or None."""
        if not self.period_date_fields:
            return None
        dated = self._dated({name: getattr(model, name) for name in self.period_date_fields + self.period_value_fields})
        locked = locked_month_change(dated, None)
        return LOCKED_MONTH.format(locked[1], locked[0]) if locked else None

    def delete_model(self, model):
        refusal = self.delete_refusal(model)
        if refusal:
            flash(f"'{model}' tidak dapat dihapus: {refusal}", "error")
            return False
        dependents = self._dependents(model)
        if dependents:
            flash(
                f"'{model}' tidak dapat dihapus karena masih dipakai oleh {', '.join(dependents)}. "
                "Nonaktifkan saja bila tidak dipakai lagi.",
                "error",
            )
            return False
        try:
            with write_transaction():
                snapshot = dict(model.__data__)
                model.delete_instance(recursive=False)
                audit.record(current_user, "hapus", self._object_name(), snapshot.get("id"), rincian=snapshot)
        except IntegrityError:
            flash(f"'{model}' tidak dapat dihapus karena masih dipakai data lain.", "error")
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
        value = super().get_export_value(model, name)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value


class SkpdView(SecureModelView):
    column_list = ("kode", "nama", "singkatan", "apel_sore", "jadwal", "aktif")
    column_labels = {"apel_sore": "Apel sore", "jadwal": "Jadwal kerja"}
    column_sortable_list = ("kode", "nama", "singkatan")
    column_searchable_list = ("kode", "nama", "singkatan")
    column_filters = (BooleanEqualFilter(Skpd.aktif, "Aktif"),)
    column_export_list = ("kode", "nama", "singkatan", "apel_sore", "aktif")
    form_columns = ("kode", "nama", "singkatan", "apel_sore", "jadwal", "aktif")
    unique_fields = ("kode",)

    def scope(self, query, skpd_id):
        return query.where(Skpd.id == skpd_id)

    @property
    def can_create(self):
        return current_user.has_role("admin")

    @property
    def can_delete(self):
        return current_user.has_role("admin")

    def check(self, form, obj):
        if not current_user.has_role("admin") and obj is not None and form.kode.data != obj.kode:
            return {"kode": "Kode SKPD hanya dapat diubah oleh admin."}
        return {}


class PrasyaratView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("skpd", "syarat", "nomor_dokumen", "dikonfirmasi_oleh", "dikonfirmasi_pada")
    column_labels = {"skpd": "SKPD", "nomor_dokumen": "Nomor dokumen"}
    column_formatters = {"syarat": lambda v, c, m, n: PRASYARAT.get(m.syarat, m.syarat)}
    column_sortable_list = ("syarat", "dikonfirmasi_pada")
    column_export_list = ("skpd", "syarat", "nomor_dokumen", "catatan", "dikonfirmasi_oleh", "dikonfirmasi_pada")
    form_columns = ("skpd", "syarat", "nomor_dokumen", "catatan")
    form_choices = {"syarat": _choices(PRASYARAT)}

    def on_model_change(self, form, model, is_created):
        model.dikonfirmasi_oleh = current_user.username
        model.dikonfirmasi_pada = clock.now()

    def check(self, form, obj):
        query = SkpdPrasyarat.select().where(
            SkpdPrasyarat.skpd == form.skpd.data, SkpdPrasyarat.syarat == form.syarat.data
        )
        if obj is not None:
            query = query.where(SkpdPrasyarat.id != obj.id)
        return {"syarat": "Prasyarat ini sudah dikonfirmasi untuk SKPD tersebut."} if query.exists() else {}


class UnitKerjaView(SecureModelView):
    column_list = ("kode", "nama", "skpd", "induk", "aktif")
    column_labels = {"skpd": "SKPD", "induk": "Unit induk"}
    column_sortable_list = ("kode", "nama")
    column_searchable_list = ("kode", "nama")
    column_filters = (SkpdFilter(UnitKerja.skpd, "SKPD"), BooleanEqualFilter(UnitKerja.aktif, "Aktif"))
    column_export_list = ("kode", "nama", "skpd", "induk", "aktif")
    form_columns = ("kode", "nama", "skpd", "induk", "aktif")
    unique_fields = ("kode",)

    def check(self, form, obj):
        parent = form.induk.data
        if parent is None:
            return {}
        if form.skpd.data and parent.skpd_id != form.skpd.data.id:
            return {"induk": "Unit induk harus berada pada SKPD yang sama."}
        if obj is not None:
            parent_of = dict(UnitKerja.select(UnitKerja.id, UnitKerja.induk).tuples())
            if creates_cycle(parent_of, obj.id, parent.id):
                return {"induk": "Unit induk membentuk lingkaran (unit menjadi induk dirinya sendiri)."}
        return {}


class JabatanView(SecureModelView):
    column_list = ("kode", "nama", "skpd", "unit", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif")
    column_labels = {"skpd": "SKPD", "kelas_jabatan": "Kelas", "atasan": "Atasan (jabatan)"}
    column_sortable_list = ("kode", "nama", "kelas_jabatan", "jenis")
    column_searchable_list = ("kode", "nama")
    column_filters = (
        SkpdFilter(Jabatan.skpd, "SKPD"),
        FilterEqual(Jabatan.jenis, "Jenis", options=_choices(JENIS_JABATAN)),
        FilterEqual(Jabatan.kelas_jabatan, "Kelas jabatan", options=[(str(k), str(k)) for k in range(1, 18)]),
        BooleanEqualFilter(Jabatan.aktif, "Aktif"),
    )
    column_export_list = ("kode", "nama", "skpd", "unit", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif")
    form_columns = ("kode", "nama", "skpd", "unit", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif")
    form_choices = {"jenis": _choices(JENIS_JABATAN), "eselon": [("", "(tanpa eselon)")] + _choices(ESELON)}
    unique_fields = ("kode",)

    def check(self, form, obj):
        errors = {}
        if form.kelas_jabatan.data is None or not 1 <= form.kelas_jabatan.data <= 17:
            errors["kelas_jabatan"] = "Kelas jabatan harus antara 1 dan 17."
        if form.unit.data is not None and form.skpd.data and form.unit.data.skpd_id != form.skpd.data.id:
            errors["unit"] = "Unit kerja harus berada pada SKPD jabatan ini."
        superior = form.atasan.data
        if superior is not None and obj is not None:
            parent_of = dict(Jabatan.select(Jabatan.id, Jabatan.atasan).tuples())
            if creates_cycle(parent_of, obj.id, superior.id):
                errors["atasan"] = "Atasan ini membentuk lingkaran dalam hierarki jabatan."
        return errors

    def on_model_change(self, form, model, is_created):
        model.eselon = model.eselon or None


class UraianTugasView(SecureModelView):
    column_list = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    column_labels = {"norma_waktu": "Norma waktu (menit)", "volume_tahunan": "Volume tahunan"}
    column_sortable_list = ("kode", "norma_waktu", "volume_tahunan")
    column_searchable_list = ("kode", "uraian")
    column_filters = (FilterEqual(UraianTugas.jabatan, "Jabatan (id)"), BooleanEqualFilter(UraianTugas.aktif, "Aktif"))
    column_export_list = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    form_columns = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    audit_name = "uraian_tugas"

    def scope(self, query, skpd_id):
        return query.where(UraianTugas.jabatan.in_(Jabatan.select(Jabatan.id).where(Jabatan.skpd == skpd_id)))

    def check(self, form, obj):
        errors = {}
        if form.norma_waktu.data is None or form.norma_waktu.data <= 0:
            errors["norma_waktu"] = "Norma waktu harus lebih dari 0 menit."
        if form.volume_tahunan.data is not None and form.volume_tahunan.data < 0:
            errors["volume_tahunan"] = "Volume tahunan tidak boleh negatif."
        skpd_id = self.scoped_skpd_id()
        if skpd_id is not None and form.jabatan.data and form.jabatan.data.skpd_id != skpd_id:
            errors["jabatan"] = OWN_SKPD_ONLY
        duplicate = UraianTugas.select().where(
            UraianTugas.jabatan == form.jabatan.data, UraianTugas.kode == form.kode.data
        )
        if obj is not None:
            duplicate = duplicate.where(UraianTugas.id != obj.id)
        if duplicate.exists():
            errors["kode"] = f"Kode tugas '{form.kode.data}' sudah dipakai pada jabatan ini."
        return errors


class CurrentPositionFilter(FilterEqual):
    """Employees who hold a position now (by position id or unit id)."""

    def __init__(self, name, by_unit=False):
        super().__init__(Pegawai.id, name)
        self.by_unit = by_unit

    def apply(self, query, value):
        holders = RiwayatJabatan.select(RiwayatJabatan.pegawai).join(Jabatan).where(RiwayatJabatan.selesai.is_null())
        holders = holders.where((Jabatan.unit if self.by_unit else Jabatan.id) == value)
        return query.where(Pegawai.id.in_(holders))

    def operation(self):
        return "sama dengan (id)"


class PegawaiView(SecureModelView):
    column_list = ("nip", "nama", "gelar_belakang", "golongan", "status", "skpd", "id_mesin", "aktif")
    column_labels = {
        "nip": "NIP",
        "gelar_depan": "Gelar depan",
        "gelar_belakang": "Gelar belakang",
        "tanggal_lahir": "Tanggal lahir",
        "jenis_kelamin": "Jenis kelamin",
        "skpd": "SKPD",
        "id_mesin": "ID mesin absensi",
    }
    column_sortable_list = ("nip", "nama", "golongan", "status")
    column_searchable_list = ("nip", "nama")
    column_filters = (
        SkpdFilter(Pegawai.skpd, "SKPD"),
        CurrentPositionFilter("Unit kerja", by_unit=True),
        CurrentPositionFilter("Jabatan"),
        FilterEqual(Pegawai.golongan, "Golongan", options=[(g, g) for g in GOLONGAN]),
        FilterEqual(Pegawai.status, "Status", options=_choices(STATUS_PEGAWAI)),
        FilterLike(Pegawai.nama, "Nama"),
        BooleanEqualFilter(Pegawai.aktif, "Aktif"),
    )
    column_export_list = (
        "nip",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "tanggal_lahir",
        "jenis_kelamin",
        "golongan",
        "status",
        "skpd",
        "id_mesin",
        "aktif",
    )
    form_columns = column_export_list
    form_choices = {
        "golongan": [(g, f"{g} - {p}") for g, p in GOLONGAN.items()],
        "status": _choices(STATUS_PEGAWAI),
        "jenis_kelamin": _choices(JENIS_KELAMIN),
    }
    unique_fields = ("nip", "id_mesin")

    def check(self, form, obj):
        problems = nip_errors(form.nip.data or "", form.tanggal_lahir.data, form.jenis_kelamin.data)
        return {"nip": " ".join(problems)} if problems else {}

    def saved(self, model, is_created):
        if is_created:
            accounts.ensure_employee_account(model)

    def on_model_change(self, form, model, is_created):
        model.nip = model.nip.strip()
        model.id_mesin = (model.id_mesin or "").strip() or None
        model.gelar_depan = model.gelar_depan or None
        model.gelar_belakang = model.gelar_belakang or None


class RiwayatJabatanView(SecureModelView):
    column_list = ("pegawai", "jabatan", "mulai", "selesai", "nomor_sk")
    column_labels = {"nomor_sk": "Nomor SK"}
    column_sortable_list = ("mulai", "selesai")
    column_filters = (
        FilterEqual(RiwayatJabatan.pegawai, "Pegawai (id)"),
        FilterEqual(RiwayatJabatan.jabatan, "Jabatan (id)"),
    )
    column_export_list = ("pegawai", "jabatan", "mulai", "selesai", "nomor_sk")
    form_columns = ("pegawai", "jabatan", "mulai", "selesai", "nomor_sk")
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("pegawai", "jabatan")
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    audit_name = "riwayat_jabatan"

    def scope(self, query, skpd_id):
        return query.where(RiwayatJabatan.pegawai.in_(Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd_id)))

    def check(self, form, obj):
        return position_errors(
            form.pegawai.data,
            form.jabatan.data,
            form.mulai.data,
            form.selesai.data,
            obj.id if obj else None,
            own_skpd_id=self.scoped_skpd_id(),
        )


class PenugasanPltView(SecureModelView):
    column_list = ("pegawai", "jabatan", "jenis", "mulai", "selesai", "nomor_surat")
    column_labels = {"jabatan": "Bertindak sebagai (jabatan)", "nomor_surat": "Nomor surat"}
    column_formatters = {"jenis": lambda v, c, m, n: JENIS_PLT.get(m.jenis, m.jenis)}
    column_sortable_list = ("mulai", "selesai")
    column_export_list = column_list
    form_columns = column_list
    form_choices = {"jenis": _choices(JENIS_PLT)}
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("pegawai", "jabatan", "jenis")
    audit_name = "penugasan_plt"

    def scope(self, query, skpd_id):
        return query.where(PenugasanPlt.jabatan.in_(Jabatan.select(Jabatan.id).where(Jabatan.skpd == skpd_id)))

    def check(self, form, obj):
        errors = {}
        if form.mulai.data and form.selesai.data and form.selesai.data < form.mulai.data:
            errors["selesai"] = "Tanggal selesai harus setelah tanggal mulai."
        skpd_id = self.scoped_skpd_id()
        if skpd_id is not None and form.jabatan.data and form.jabatan.data.skpd_id != skpd_id:
            errors["jabatan"] = OWN_SKPD_ONLY
        return errors


class CutiView(SecureModelView):
    column_list = ("pegawai", "jenis", "mulai", "selesai", "nomor_surat")
    column_labels = {"nomor_surat": "Nomor surat"}
    column_formatters = {"jenis": lambda v, c, m, n: JENIS_CUTI.get(m.jenis, m.jenis)}
    column_sortable_list = ("mulai", "selesai")
    column_default_sort = ("mulai", True)
    column_filters = (FilterEqual(Cuti.jenis, "Jenis", options=_choices(JENIS_CUTI)),)
    column_export_list = column_list
    form_columns = column_list
    form_choices = {"jenis": _choices(JENIS_CUTI)}
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("pegawai", "jenis")
    audit_name = "cuti"

    def scope(self, query, skpd_id):
        return query.where(Cuti.pegawai.in_(Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd_id)))

    def check(self, form, obj):
        return leave_errors(
            form.pegawai.data, form.mulai.data, form.selesai.data, obj.id if obj else None, self.scoped_skpd_id()
        )


class TargetView(SecureModelView):
    column_list = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    column_labels = {"skpd": "SKPD"}
    column_sortable_list = ("tahun", "jenis")
    column_searchable_list = ("indikator",)
    column_filters = (
        SkpdFilter(Target.skpd, "SKPD"),
        FilterEqual(Target.tahun, "Tahun"),
        FilterEqual(Target.jenis, "Jenis", options=_choices(JENIS_TARGET)),
    )
    column_export_list = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    form_columns = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    form_choices = {"jenis": _choices(JENIS_TARGET)}

    def check(self, form, obj):
        if form.tahun.data is None or not 2000 <= form.tahun.data <= 2100:
            return {"tahun": "Tahun tidak valid."}
        return {}


class HariLiburView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("tanggal", "jenis", "keterangan")
    column_sortable_list = ("tanggal",)
    column_default_sort = ("tanggal", True)
    column_filters = (FilterEqual(HariLibur.jenis, "Jenis", options=_choices(JENIS_LIBUR)),)
    column_export_list = ("tanggal", "jenis", "keterangan")
    form_columns = ("tanggal", "jenis", "keterangan")
    form_choices = {"jenis": _choices(JENIS_LIBUR)}
    unique_fields = ("tanggal",)
    period_date_fields = ("tanggal",)
    audit_name = "hari_libur"


class JadwalKerjaView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("kode", "nama")
    column_sortable_list = ("kode", "nama")
    column_export_list = ("kode", "nama") + tuple(f"{h}_{s}" for h in HARI for s in ("masuk", "pulang"))
    form_columns = column_export_list
    unique_fields = ("kode",)
    audit_name = "jadwal_kerja"

    def check(self, form, obj):
        errors = {}
        for day in HARI:
            masuk, pulang = form[f"{day}_masuk"].data, form[f"{day}_pulang"].data
            if bool(masuk) != bool(pulang):
                errors[f"{day}_pulang"] = "Isi jam masuk dan jam pulang, atau kosongkan keduanya (hari libur)."
            elif masuk and pulang and masuk >= pulang:
                errors[f"{day}_pulang"] = "Jam pulang harus setelah jam masuk."
        return errors


class JadwalKhususView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("nama", "jadwal", "pengganti", "mulai", "selesai")
    column_labels = {"jadwal": "Berlaku bagi jadwal", "pengganti": "Diganti dengan"}
    column_sortable_list = ("mulai",)
    column_export_list = column_list
    form_columns = column_list
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("jadwal", "pengganti")
    audit_name = "jadwal_khusus"

    def check(self, form, obj):
        if form.mulai.data and form.selesai.data and form.selesai.data < form.mulai.data:
            return {"selesai": "Tanggal selesai harus setelah tanggal mulai."}
        return {}


RULE_FIELDS = tuple(f.name for f in AturanTpp._meta.sorted_fields if f.name != "id")


class AturanTppView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("berlaku_mulai", "nama", "menit_efektif_per_hari", "bobot_kinerja", "bobot_disiplin")
    column_labels = {"berlaku_mulai": "Berlaku mulai"}
    column_sortable_list = ("berlaku_mulai",)
    column_default_sort = ("berlaku_mulai", True)
    column_export_list = RULE_FIELDS
    form_columns = RULE_FIELDS
    unique_fields = ("berlaku_mulai",)
    audit_name = "aturan_tpp"

    def check(self, form, obj):
        errors = rule_set_errors({name: form[name].data for name in RULE_FIELDS})
        for day in {form.berlaku_mulai.data, obj.berlaku_mulai if obj else None}:
            locked = rule_set_change_error(day)
            if locked:
                errors["berlaku_mulai"] = locked
        return errors

    def delete_refusal(self, model):
        return rule_set_change_error(model.berlaku_mulai)

    def saved(self, model, is_created):
        if is_created:
            copied = carry_over_tariffs(model)
            if copied:
                flash(f"{copied} tarif kelas jabatan disalin dari aturan sebelumnya; ubah di menu Tarif TPP.", "info")


class TarifTppView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("aturan", "kelas_jabatan", "tarif")
    column_labels = {"aturan": "Aturan", "kelas_jabatan": "Kelas jabatan", "tarif": "Tarif (Rp)"}
    column_formatters = {"tarif": lambda v, c, m, n: i18n.rupiah(m.tarif)}
    column_sortable_list = ("kelas_jabatan",)
    column_default_sort = ("kelas_jabatan", False)
    column_filters = (FilterEqual(TarifTpp.aturan, "Aturan (id)"),)
    column_export_list = ("aturan", "kelas_jabatan", "tarif")
    form_columns = ("aturan", "kelas_jabatan", "tarif")
    audit_name = "tarif_tpp"

    def delete_refusal(self, model):
        return rule_set_change_error(model.aturan.berlaku_mulai)

    def check(self, form, obj):
        errors = {}
        for aturan in {form.aturan.data, obj.aturan if obj else None} - {None}:
            locked = rule_set_change_error(aturan.berlaku_mulai)
            if locked:
                errors["aturan"] = locked
        if form.kelas_jabatan.data is None or not 1 <= form.kelas_jabatan.data <= 17:
            errors["kelas_jabatan"] = "Kelas jabatan harus antara 1 dan 17."
        if form.tarif.data is None or form.tarif.data <= 0:
            errors["tarif"] = "Tarif harus lebih dari 0 rupiah."
        duplicate = TarifTpp.select().where(
            TarifTpp.aturan == form.aturan.data, TarifTpp.kelas_jabatan == form.kelas_jabatan.data
        )
        if obj is not None:
            duplicate = duplicate.where(TarifTpp.id != obj.id)
        if duplicate.exists():
            errors.setdefault("kelas_jabatan", "Tarif kelas ini sudah ada pada aturan tersebut.")
        return errors


class UserView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("username", "pegawai", "peran", "skpd", "aktif", "terkunci_sampai")
    column_labels = {"username": "Nama pengguna", "skpd": "SKPD (admin_skpd)", "terkunci_sampai": "Terkunci sampai"}
    column_sortable_list = ("username",)
    column_searchable_list = ("username", "peran")
    column_filters = (FilterLike(User.peran, "Peran"), BooleanEqualFilter(User.aktif, "Aktif"))
    column_export_list = ("username", "peran", "skpd", "aktif")
    column_details_list = (
        "username",
        "pegawai",
        "peran",
        "skpd",
        "aktif",
        "gagal_login",
        "terkunci_sampai",
        "dibuat_pada",
    )
    form_columns = ("username", "pegawai", "roles", "skpd", "aktif", "kata_sandi_baru")
    form_extra_fields = {
        "roles": SelectMultipleField(
            "Peran",
            choices=_choices(ROLES),
            widget=widgets.ListWidget(prefix_label=False),
            option_widget=widgets.CheckboxInput(),
        ),
        "kata_sandi_baru": PasswordField("Kata sandi baru", description="Kosongkan bila tidak diganti."),
    }
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    unique_fields = ("username",)
    audit_name = "user"

    def on_form_prefill(self, form, id):
        form.roles.data = sorted(self.get_one(id).roles)

    def check(self, form, obj):
        errors = {}
        roles = set(form.roles.data or [])
        if not roles:
            errors["roles"] = "Pilih paling sedikit satu peran."
        if "admin_skpd" in roles and form.skpd.data is None:
            errors["skpd"] = "Admin SKPD harus terikat pada satu SKPD."
        password = form.kata_sandi_baru.data
        if obj is None and not password:
            errors["kata_sandi_baru"] = "Kata sandi wajib diisi untuk pengguna baru."
        elif password and accounts.password_problem(password):
            errors["kata_sandi_baru"] = accounts.password_problem(password)
        return errors

    def on_model_change(self, form, model, is_created):
        model.peran = ",".join(sorted(form.roles.data))
        if form.kata_sandi_baru.data:
            model.password_hash = generate_password_hash(form.kata_sandi_baru.data)
            model.versi_sesi = (model.versi_sesi or 0) + 1


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


class BendaharaSkpdView(SecureModelView):
    """Who signs an SKPD's TPP lists as treasurer, from a date: one at a time, an employee of that SKPD."""

    column_list = ("skpd", "pegawai", "mulai", "selesai")
    column_labels = {"skpd": "SKPD", "pegawai": "Bendahara pengeluaran", "selesai": "Selesai (kosong: masih)"}
    column_sortable_list = ("mulai", "selesai")
    column_default_sort = ("mulai", True)
    column_export_list = column_list
    form_columns = column_list
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("skpd", "pegawai")
    audit_name = "bendahara_skpd"

    def check(self, form, obj):
        return treasurer_errors(form.skpd.data, form.pegawai.data, form.mulai.data, form.selesai.data, obj)


class PengaturanView(SecureModelView):
    """The letterhead of printed documents: the government's and city's names, address and logo (admin only)."""

    allowed_roles = ("admin",)
    can_delete = False
    can_export = False
    can_view_details = False
    column_list = ("nama_pemerintah", "nama_kota", "alamat", "logo", "diubah_pada")
    column_labels = {
        "nama_pemerintah": "Nama pemerintah (kop surat)",
        "nama_kota": "Nama kota (tempat tanda tangan)",
        "diubah_pada": "Diubah pada",
    }
    column_formatters = {"logo": lambda v, c, m, n: f"{m.logo_mime}, {len(m.logo) // 1024 + 1} KB" if m.logo else "-"}
    column_sortable_list = ()
    form_columns = ("nama_pemerintah", "nama_kota", "alamat", "berkas_logo", "hapus_logo")
    form_extra_fields = {
        "berkas_logo": FileField(
            "Logo",
            description=f"PNG atau JPEG, paling besar {LOGO_MAX_BYTES // 1024} KB; kosongkan bila tidak diganti.",
        ),
        "hapus_logo": BooleanField("Hapus logo"),
    }
    audit_name = "pengaturan"

    @property
    def can_create(self):
        return not Pengaturan.select().exists()

    def scoped(self, query):
        return query

    def _upload(self, form):
        upload = form.berkas_logo.data
        if upload is None or not getattr(upload, "filename", None):
            return None
        return upload.read(LOGO_MAX_BYTES + 1)

    def check(self, form, obj):
        errors = {}
        if not (form.nama_pemerintah.data or "").strip():
            errors["nama_pemerintah"] = "Nama pemerintah wajib diisi."
        if not (form.nama_kota.data or "").strip():
            errors["nama_kota"] = "Nama kota wajib diisi."
        data = self._upload(form)
        if data is not None:
            mime, problem = logo_check(data)
            if problem:
                errors["berkas_logo"] = problem
            else:
                form.berkas_logo.logo = (data, mime)
        return errors

    def on_model_change(self, form, model, is_created):
        model.nama_pemerintah = model.nama_pemerintah.strip()
        model.nama_kota = model.nama_kota.strip()
        model.diubah_pada = clock.now()
        checked = getattr(form.berkas_logo, "logo", None)
        if checked:
            model.logo, model.logo_mime = checked
        elif form.hapus_logo.data:
            model.logo = model.logo_mime = None

    def _changes(self, before, model):
        # The logo's bytes stay out of the audit trail; its size says it changed.
        changes = super()._changes({k: v for k, v in before.items() if k != "logo"}, model)
        changes.pop("logo", None)
        if before.get("logo") != model.logo:
            changes["logo"] = [
                len(before["logo"]) if before.get("logo") else None,
                len(model.logo) if model.logo else None,
            ]
        return changes


def init_app(app):
    from ekinerja.views.portal import ImportView, ReadinessView, SlipZipView, StaffingView

    admin = Admin(
        app,
        name="e-Kinerja · Portal Data Induk",
        index_view=PortalIndexView(name="Beranda", url="/admin"),
        translations_path=i18n.TRANSLATIONS_DIR,
    )
    organisation, people, rules = "Organisasi", "Kepegawaian", "Kalender & Aturan"
    admin.add_view(SkpdView(Skpd, name="SKPD", category=organisation, endpoint="skpd"))
    admin.add_view(UnitKerjaView(UnitKerja, name="Unit Kerja", category=organisation, endpoint="unit"))
    admin.add_view(JabatanView(Jabatan, name="Jabatan", category=organisation, endpoint="jabatan"))
    admin.add_view(UraianTugasView(UraianTugas, name="Uraian Tugas (ANJAB)", category=organisation, endpoint="tugas"))
    admin.add_view(TargetView(Target, name="Renstra/Renja/Target", category=organisation, endpoint="target"))
    admin.add_view(
        PrasyaratView(SkpdPrasyarat, name="Konfirmasi Prasyarat", category=organisation, endpoint="prasyarat")
    )
    admin.add_view(PegawaiView(Pegawai, name="Pegawai", category=people, endpoint="pegawai"))
    admin.add_view(RiwayatJabatanView(RiwayatJabatan, name="Riwayat Jabatan", category=people, endpoint="riwayat"))
    admin.add_view(PenugasanPltView(PenugasanPlt, name="Plt / Plh", category=people, endpoint="plt"))
    admin.add_view(CutiView(Cuti, name="Cuti & Dinas Luar", category=people, endpoint="cuti"))
    admin.add_view(UserView(User, name="Pengguna", category=people, endpoint="pengguna"))
    admin.add_view(HariLiburView(HariLibur, name="Hari Libur", category=rules, endpoint="libur"))
    admin.add_view(JadwalKerjaView(JadwalKerja, name="Jadwal Kerja", category=rules, endpoint="jadwal"))
    admin.add_view(JadwalKhususView(JadwalKhusus, name="Jadwal Khusus", category=rules, endpoint="jadwal_khusus"))
    admin.add_view(AturanTppView(AturanTpp, name="Aturan TPP", category=rules, endpoint="aturan"))
    admin.add_view(TarifTppView(TarifTpp, name="Tarif TPP per Kelas", category=rules, endpoint="tarif"))
    admin.add_view(ReadinessView(name="Kesiapan SKPD", category="Analisis", endpoint="kesiapan"))
    admin.add_view(StaffingView(name="ABK", category="Analisis", endpoint="abk"))
    admin.add_view(ImportView(name="Impor / Ekspor", endpoint="impor"))
    admin.add_view(AuditLogView(AuditLog, name="Log Audit", endpoint="audit"))
    documents = "Dokumen"
    admin.add_view(PengaturanView(Pengaturan, name="Kop Surat & Logo", category=documents, endpoint="pengaturan"))
    admin.add_view(BendaharaSkpdView(BendaharaSkpd, name="Bendahara SKPD", category=documents, endpoint="bendahara"))
    admin.add_view(SlipZipView(name="Unduh Slip (ZIP)", category=documents, endpoint="slip_zip"))

    from ekinerja.views import devices

    devices.register(admin)
    return admin
