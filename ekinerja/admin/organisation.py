"""The organisation: SKPD, their confirmed prerequisites, units, positions, task descriptions (ANJAB), targets."""

from flask_admin.contrib.peewee.filters import BooleanEqualFilter, FilterEqual
from flask_login import current_user

from ekinerja import clock
from ekinerja.admin.base import OWN_SKPD_ONLY, SecureModelView, SkpdFilter, choices
from ekinerja.models import Jabatan, Skpd, SkpdPrasyarat, Target, UnitKerja, UraianTugas
from ekinerja.models.organisation import ESELON, JENIS_JABATAN, JENIS_TARGET, PRASYARAT
from ekinerja.rules.hierarchy import creates_cycle


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
    form_choices = {"syarat": choices(PRASYARAT)}

    def changes(self, form, obj):
        confirmed = {"dikonfirmasi_oleh": current_user.username, "dikonfirmasi_pada": clock.now()}
        return super().changes(form, obj) | confirmed

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
        FilterEqual(Jabatan.jenis, "Jenis", options=choices(JENIS_JABATAN)),
        FilterEqual(Jabatan.kelas_jabatan, "Kelas jabatan", options=[(str(k), str(k)) for k in range(1, 18)]),
        BooleanEqualFilter(Jabatan.aktif, "Aktif"),
    )
    column_export_list = ("kode", "nama", "skpd", "unit", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif")
    form_columns = ("kode", "nama", "skpd", "unit", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif")
    form_choices = {"jenis": choices(JENIS_JABATAN), "eselon": [("", "(tanpa eselon)")] + choices(ESELON)}
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

    def changes(self, form, obj):
        values = super().changes(form, obj)
        values["eselon"] = values["eselon"] or None
        return values


class UraianTugasView(SecureModelView):
    column_list = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    column_labels = {"norma_waktu": "Norma waktu (menit)", "volume_tahunan": "Volume tahunan"}
    column_sortable_list = ("kode", "norma_waktu", "volume_tahunan")
    column_searchable_list = ("kode", "uraian")
    column_filters = (FilterEqual(UraianTugas.jabatan, "Jabatan (id)"), BooleanEqualFilter(UraianTugas.aktif, "Aktif"))
    column_export_list = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    form_columns = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")

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


class TargetView(SecureModelView):
    column_list = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    column_labels = {"skpd": "SKPD"}
    column_sortable_list = ("tahun", "jenis")
    column_searchable_list = ("indikator",)
    column_filters = (
        SkpdFilter(Target.skpd, "SKPD"),
        FilterEqual(Target.tahun, "Tahun"),
        FilterEqual(Target.jenis, "Jenis", options=choices(JENIS_TARGET)),
    )
    column_export_list = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    form_columns = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    form_choices = {"jenis": choices(JENIS_TARGET)}

    def check(self, form, obj):
        if form.tahun.data is None or not 2000 <= form.tahun.data <= 2100:
            return {"tahun": "Tahun tidak valid."}
        return {}
