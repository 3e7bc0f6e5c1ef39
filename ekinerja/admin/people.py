"""The people: employees, their positions (definitive, Plt/Plh), leave and official travel, and the logins."""

from flask_admin.contrib.peewee.filters import BooleanEqualFilter, FilterEqual, FilterLike
from flask_login import current_user
from wtforms import PasswordField, SelectMultipleField, widgets

from ekinerja.admin.base import EmployeeSearch, SecureModelView, SkpdFilter, choices
from ekinerja.admin.fields import DateRangeFilter, RelatedFilter, position_label, positions, unit_label, units
from ekinerja.models import Cuti, Jabatan, Pegawai, PenugasanPlt, RiwayatGolongan, RiwayatJabatan, RiwayatStatus, User
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.nip import nip_errors
from ekinerja.rules.ter import STATUS_PTKP, ptkp_error
from ekinerja.rules.vocabulary import JENIS_CUTI, JENIS_KELAMIN, JENIS_PLT, ROLES, STATUS_PEGAWAI
from ekinerja.services import accounts, pay_inputs
from ekinerja.services.masterdata import leave_errors, period_errors, position_errors, scope_errors


class CurrentPositionFilter(RelatedFilter):
    """Employees who hold a position now, or one in a unit, picked by name with its SKPD."""

    def __init__(self, name, by_unit=False):
        super().__init__(Pegawai.id, name, *((units, unit_label) if by_unit else (positions, position_label)))
        self.by_unit = by_unit

    def apply(self, query, value):
        holders = RiwayatJabatan.select(RiwayatJabatan.pegawai).join(Jabatan).where(RiwayatJabatan.selesai.is_null())
        holders = holders.where((Jabatan.unit if self.by_unit else Jabatan.id) == value)
        return query.where(Pegawai.id.in_(holders))


class PegawaiView(SecureModelView):
    column_list = ("nip", "nama", "gelar_belakang", "golongan", "status", "skpd", "id_mesin", "aktif")
    column_labels = {
        "nip": "NIP",
        "gelar_depan": "Gelar depan",
        "gelar_belakang": "Gelar belakang",
        "tanggal_lahir": "Tanggal lahir",
        "jenis_kelamin": "Jenis kelamin",
        "id_mesin": "ID mesin absensi",
        "status_ptkp": "Status PTKP",
    }
    column_descriptions = {
        "nip": "18 angka: tanggal lahir, TMT CPNS, jenis kelamin (1/2) dan nomor urut.",
        "nama": "Tanpa gelar; gelar diisi pada kolom gelar depan dan belakang.",
        "gelar_depan": "Misalnya Dr. atau Ir.; kosongkan bila tidak ada.",
        "gelar_belakang": "Misalnya S.E., M.Si.; kosongkan bila tidak ada.",
        "tanggal_lahir": "hh/bb/tttt, sama dengan 8 angka pertama NIP.",
        "id_mesin": "PIN pegawai pada mesin sidik jari; kosong bila belum terdaftar.",
    }
    column_sortable_list = ("nip", "nama", "golongan", "status")
    column_searchable_list = ("nip", "nama")
    column_filters = (
        SkpdFilter(Pegawai.skpd, "SKPD"),
        CurrentPositionFilter("Unit kerja", by_unit=True),
        CurrentPositionFilter("Jabatan"),
        FilterEqual(Pegawai.golongan, "Golongan", options=[(g, g) for g in GOLONGAN]),
        FilterEqual(Pegawai.status, "Status", options=choices(STATUS_PEGAWAI)),
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
        "status_ptkp",
        "skpd",
        "id_mesin",
        "aktif",
    )
    # Bank details are not the portal's: the employee sees theirs, keuangan and the admin set them on the payment
    # screen and through the 'rekening' import. No page, export, form or search of this view names them.
    column_details_list = column_export_list
    form_columns = column_export_list
    form_choices = {
        "golongan": [(g, f"{g} - {p}") for g, p in GOLONGAN.items()],
        "status": choices(STATUS_PEGAWAI),
        "status_ptkp": choices(STATUS_PTKP),
        "jenis_kelamin": choices(JENIS_KELAMIN),
    }
    unique_fields = ("nip", "id_mesin")

    def edit_form(self, obj=None):
        # Status and golongan change from a TMT, through their histories; a new employee's first rows start here.
        form = super().edit_form(obj)
        del form.golongan
        del form.status
        return form

    def check(self, form, obj):
        problems = nip_errors(form.nip.data or "", form.tanggal_lahir.data, form.jenis_kelamin.data)
        errors = {"nip": " ".join(problems)} if problems else {}
        ptkp = ptkp_error(form.status_ptkp.data)
        return errors | ({"status_ptkp": ptkp} if ptkp else {})

    def changes(self, form, obj):
        values = super().changes(form, obj)
        values["nip"] = values["nip"].strip()
        values["id_mesin"] = (values["id_mesin"] or "").strip() or None
        values["gelar_depan"] = values["gelar_depan"] or None
        values["gelar_belakang"] = values["gelar_belakang"] or None
        return values

    def saved(self, form, model, is_created):
        if is_created:
            accounts.ensure_employee_account(model)
            pay_inputs.start_histories(model)


class _PayHistoryView(SecureModelView):
    """A dated status or golongan row; the employee's current value follows the latest row in the same transaction.

    A locked month keeps its snapshot, so a TMT may fall in or before one: only the open months change.
    """

    column_labels = {"tmt": "TMT", "nomor_sk": "Nomor SK"}
    column_sortable_list = ("tmt",)
    column_default_sort = ("tmt", True)
    form_ajax_refs = {"pegawai": EmployeeSearch()}

    def scope(self, query, skpd_id):
        return query.where(self.model.pegawai.in_(Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd_id)))

    def check(self, form, obj):
        if form.pegawai.data is None:
            return {}
        if obj is not None and obj.pegawai_id != form.pegawai.data.id:
            return {"pegawai": "Riwayat tidak dapat dipindah ke pegawai lain; tambahkan riwayat baru bagi pegawai itu."}
        errors = scope_errors("pegawai", form.pegawai.data.skpd_id, self.scoped_skpd_id())
        rows = self.model.select().where(self.model.pegawai == form.pegawai.data.id)
        same_day = rows.where(self.model.tmt == form.tmt.data)
        if obj is not None:
            same_day = same_day.where(self.model.id != obj.id)
        if form.tmt.data and same_day.exists():
            errors["tmt"] = f"Pegawai ini sudah memiliki riwayat dengan TMT {form.tmt.data:%d-%m-%Y}."
        return errors

    def saved(self, form, model, is_created):
        pay_inputs.follow_history(self.model, [model.pegawai_id])

    def delete_refusal(self, model):
        return pay_inputs.history_delete_refusal(model)

    def deleted(self, model):
        pay_inputs.follow_history(self.model, [model.pegawai_id])


class RiwayatStatusView(_PayHistoryView):
    column_list = ("pegawai", "status", "tmt", "nomor_sk")
    column_filters = (
        FilterEqual(RiwayatStatus.pegawai, "Pegawai (id)"),
        FilterEqual(RiwayatStatus.status, "Status", options=choices(STATUS_PEGAWAI)),
    )
    column_export_list = column_list
    form_columns = column_list
    form_choices = {"status": choices(STATUS_PEGAWAI)}


class RiwayatGolonganView(_PayHistoryView):
    column_list = ("pegawai", "golongan", "tmt", "nomor_sk")
    column_filters = (
        FilterEqual(RiwayatGolongan.pegawai, "Pegawai (id)"),
        FilterEqual(RiwayatGolongan.golongan, "Golongan", options=[(g, g) for g in GOLONGAN]),
    )
    column_export_list = column_list
    form_columns = column_list
    form_choices = {"golongan": [(g, f"{g} - {p}") for g, p in GOLONGAN.items()]}


class RiwayatJabatanView(SecureModelView):
    column_list = ("pegawai", "jabatan", "mulai", "selesai", "nomor_sk")
    column_labels = {"mulai": "TMT jabatan"}
    column_descriptions = {"selesai": "Hari terakhir memegang jabatan ini; kosong bila masih memegangnya."}
    column_sortable_list = ("mulai", "selesai")
    column_filters = (
        FilterEqual(RiwayatJabatan.pegawai, "Pegawai (id)"),
        RelatedFilter(RiwayatJabatan.jabatan, "Jabatan", positions, position_label),
    )
    column_export_list = ("pegawai", "jabatan", "mulai", "selesai", "nomor_sk")
    form_columns = ("pegawai", "jabatan", "mulai", "selesai", "nomor_sk")
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("pegawai", "jabatan")
    form_ajax_refs = {"pegawai": EmployeeSearch()}

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
    column_labels = {"jabatan": "Bertindak sebagai (jabatan)", "jenis": "Jenis penugasan", "selesai": "Selesai"}
    column_sortable_list = ("mulai", "selesai")
    column_export_list = column_list
    form_columns = column_list
    form_choices = {"jenis": JENIS_PLT}
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("pegawai", "jabatan", "jenis")

    def scope(self, query, skpd_id):
        return query.where(PenugasanPlt.jabatan.in_(Jabatan.select(Jabatan.id).where(Jabatan.skpd == skpd_id)))

    def check(self, form, obj):
        errors = period_errors(form.mulai.data, form.selesai.data)
        if form.jabatan.data:
            errors.update(scope_errors("jabatan", form.jabatan.data.skpd_id, self.scoped_skpd_id()))
        return errors


class CutiView(SecureModelView):
    column_list = ("pegawai", "jenis", "mulai", "selesai", "nomor_surat")
    column_labels = {"jenis": "Jenis cuti / dinas luar", "mulai": "Hari pertama", "selesai": "Hari terakhir"}
    column_sortable_list = ("mulai", "selesai")
    column_default_sort = ("mulai", True)
    column_filters = (
        FilterEqual(Cuti.jenis, "Jenis", options=choices(JENIS_CUTI)),
        DateRangeFilter(Cuti.mulai, "Mulai"),
    )
    column_export_list = column_list
    form_columns = column_list
    form_choices = {"jenis": JENIS_CUTI}
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("pegawai", "jenis")

    def scope(self, query, skpd_id):
        return query.where(Cuti.pegawai.in_(Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd_id)))

    def check(self, form, obj):
        return leave_errors(
            form.pegawai.data, form.mulai.data, form.selesai.data, obj.id if obj else None, self.scoped_skpd_id()
        )


class UserView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("username", "pegawai", "peran", "skpd", "aktif", "terkunci_sampai")
    column_labels = {
        "username": "Nama pengguna",
        "pegawai": "Pegawai (bila akun seorang pegawai)",
        "peran": "Peran",
        "skpd": "SKPD (admin_skpd)",
        "gagal_login": "Gagal masuk berturut-turut",
        "terkunci_sampai": "Terkunci sampai",
        "dibuat_pada": "Dibuat pada",
    }
    column_descriptions = {"skpd": "Wajib bagi Admin SKPD: SKPD yang datanya ia kelola."}
    column_formatters = {"peran": lambda v, c, m, n: ", ".join(ROLES.get(r, r) for r in sorted(m.roles))}
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
            choices=ROLES,
            widget=widgets.ListWidget(prefix_label=False),
            option_widget=widgets.CheckboxInput(),
        ),
        "kata_sandi_baru": PasswordField("Kata sandi baru", description="Kosongkan bila tidak diganti."),
    }
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    unique_fields = ("username",)

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
        elif password:
            problem = accounts.password_problem(password, obj, username=form.username.data)
            if problem:
                errors["kata_sandi_baru"] = problem
        return errors

    def changes(self, form, obj):
        values = super().changes(form, obj) | {"peran": ",".join(sorted(form.roles.data))}
        if obj is None:
            # No usable password until set_password, in the same transaction, gives the one typed in.
            values["password_hash"] = accounts.NO_PASSWORD_YET
        return values

    def saved(self, form, model, is_created):
        if form.kata_sandi_baru.data:
            accounts.set_password(model, form.kata_sandi_baru.data, current_user)
