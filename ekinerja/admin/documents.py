"""What printed documents carry: the letterhead and logo, and who signs an SKPD's TPP lists as treasurer."""

from wtforms import BooleanField, FileField

from ekinerja import clock
from ekinerja.admin.base import EmployeeSearch, SecureModelView
from ekinerja.models import Pengaturan
from ekinerja.services.masterdata import treasurer_errors
from reports.data import LOGO_MAX_BYTES, logo_check


class BendaharaSkpdView(SecureModelView):
    """Who signs an SKPD's TPP lists as treasurer, from a date: one at a time, an employee of that SKPD."""

    column_list = ("skpd", "pegawai", "mulai", "selesai")
    column_labels = {"pegawai": "Bendahara pengeluaran"}
    column_descriptions = {"pegawai": "Pegawai SKPD ini yang menandatangani daftar TPP sebagai bendahara."}
    column_sortable_list = ("mulai", "selesai")
    column_default_sort = ("mulai", True)
    column_export_list = column_list
    form_columns = column_list
    form_ajax_refs = {"pegawai": EmployeeSearch()}
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("skpd", "pegawai")

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
        "alamat": "Alamat (kop surat)",
    }
    column_descriptions = {
        "nama_pemerintah": "Misalnya PEMERINTAH KOTA BANDA ACEH.",
        "nama_kota": "Misalnya Banda Aceh, ditulis sebelum tanggal tanda tangan.",
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

    def changes(self, form, obj):
        values = super().changes(form, obj)
        values.update(
            nama_pemerintah=values["nama_pemerintah"].strip(),
            nama_kota=values["nama_kota"].strip(),
            diubah_pada=clock.now(),
        )
        checked = getattr(form.berkas_logo, "logo", None)
        if checked:
            values["logo"], values["logo_mime"] = checked
        elif form.hapus_logo.data:
            values["logo"] = values["logo_mime"] = None
        return values
