"""The organisation: SKPD, their confirmed prerequisites, units, positions, task descriptions (ANJAB), targets."""

from flask_admin.contrib.peewee.filters import BooleanEqualFilter, FilterEqual
from flask_login import current_user

from ekinerja import clock
from ekinerja.admin.base import SecureModelView, SkpdFilter, choices
from ekinerja.admin.fields import RelatedFilter, coded_choices, position_label, positions
from ekinerja.models import Jabatan, Skpd, SkpdPrasyarat, Target, UnitKerja, UraianTugas
from ekinerja.models.organisation import PARTICIPATING_SINCE
from ekinerja.rules.vocabulary import ESELON, JENIS_JABATAN, JENIS_TARGET, PRASYARAT
from ekinerja.services import masterdata, pay_inputs


class SkpdView(SecureModelView):
    column_list = ("kode", "nama", "singkatan", "apel_sore", "jadwal", "aktif", "ikut_mulai")
    column_labels = {
        "kode": "Kode SKPD",
        "nama": "Nama SKPD",
        "singkatan": "Singkatan",
        "apel_sore": "Apel sore",
        "jadwal": "Jadwal kerja",
        "ikut_mulai": "Ikut e-Kinerja mulai",
    }
    column_descriptions = {
        "singkatan": "Nama pendek pada daftar dan dokumen, misalnya DPKAD.",
        "apel_sore": "Centang bila SKPD ini mengadakan apel sore (tidak ikut apel sore dipotong).",
        "jadwal": "Kosong: jadwal kerja umum kota.",
        "ikut_mulai": "Bulan pertama SKPD dihitung TPP-nya oleh e-Kinerja (hh/bb/tttt).",
    }
    column_sortable_list = ("kode", "nama", "singkatan")
    column_searchable_list = ("kode", "nama", "singkatan")
    column_filters = (BooleanEqualFilter(Skpd.aktif, "Aktif"),)
    column_export_list = ("kode", "nama", "singkatan", "apel_sore", "aktif")
    form_columns = ("kode", "nama", "singkatan", "apel_sore", "jadwal", "aktif", "ikut_mulai")
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
        # A new SKPD starts from the model's default date, as one made by an import does.
        if form.ikut_mulai.data != (obj.ikut_mulai if obj else PARTICIPATING_SINCE):
            if not current_user.has_role("admin"):
                return {"ikut_mulai": "Tanggal ikut e-Kinerja hanya dapat diubah oleh admin."}
            return pay_inputs.participation_errors(obj, form.ikut_mulai.data)
        return {}


class PrasyaratView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("skpd", "syarat", "nomor_dokumen", "dikonfirmasi_oleh", "dikonfirmasi_pada")
    column_labels = {
        "syarat": "Prasyarat",
        "nomor_dokumen": "Nomor dokumen",
        "dikonfirmasi_oleh": "Dikonfirmasi oleh",
        "dikonfirmasi_pada": "Dikonfirmasi pada",
    }
    column_descriptions = {"nomor_dokumen": "Nomor dokumen yang membuktikan prasyarat ini, misalnya nomor SK ANJAB."}
    column_sortable_list = ("syarat", "dikonfirmasi_pada")
    column_export_list = ("skpd", "syarat", "nomor_dokumen", "catatan", "dikonfirmasi_oleh", "dikonfirmasi_pada")
    form_columns = ("skpd", "syarat", "nomor_dokumen", "catatan")
    form_choices = {"syarat": PRASYARAT}

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
    column_labels = {"kode": "Kode unit", "nama": "Nama unit kerja"}
    column_descriptions = {"induk": "Kosong untuk unit tingkat teratas; unit induk harus pada SKPD yang sama."}
    column_sortable_list = ("kode", "nama")
    column_searchable_list = ("kode", "nama")
    column_filters = (SkpdFilter(UnitKerja.skpd, "SKPD"), BooleanEqualFilter(UnitKerja.aktif, "Aktif"))
    column_export_list = ("kode", "nama", "skpd", "induk", "aktif")
    form_columns = ("kode", "nama", "skpd", "induk", "aktif")
    unique_fields = ("kode",)

    def check(self, form, obj):
        parent, skpd = form.induk.data, form.skpd.data
        return masterdata.unit_parent_errors(
            obj.kode if obj else None, skpd.id if skpd else None, parent.kode if parent else None
        )


class JabatanView(SecureModelView):
    column_list = ("kode", "nama", "skpd", "unit", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif")
    column_labels = {
        "kode": "Kode jabatan",
        "nama": "Nama jabatan",
        "jenis": "Jenis jabatan",
        "eselon": "Eselon",
        "atasan": "Atasan (jabatan)",
    }
    column_descriptions = {
        "kelas_jabatan": "Menentukan tarif TPP dasar.",
        "atasan": "Jabatan atasan langsung yang menyetujui LKH; kosong: disetujui verifikator.",
    }
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
    form_choices = {"jenis": JENIS_JABATAN, "eselon": {"": "(tanpa eselon)", **coded_choices(ESELON)}}
    unique_fields = ("kode",)

    def check(self, form, obj):
        skpd, unit, superior = form.skpd.data, form.unit.data, form.atasan.data
        return {
            **masterdata.kelas_jabatan_errors(form.kelas_jabatan.data),
            **masterdata.position_unit_errors(skpd.id if skpd else None, unit.kode if unit else None),
            **masterdata.position_superior_errors(obj.kode if obj else None, superior.kode if superior else None),
        }

    def changes(self, form, obj):
        values = super().changes(form, obj)
        values["eselon"] = values["eselon"] or None
        return values


class UraianTugasView(SecureModelView):
    column_list = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    column_labels = {
        "kode": "Kode tugas",
        "uraian": "Uraian tugas",
        "satuan": "Satuan hasil",
        "norma_waktu": "Norma waktu (menit)",
        "volume_tahunan": "Volume tahunan (satuan hasil)",
    }
    column_descriptions = {
        "satuan": "Satuan keluaran tugas, misalnya dokumen, laporan, berkas.",
        "norma_waktu": "Waktu baku untuk satu satuan hasil, dalam menit; lebih dari 0.",
        "volume_tahunan": "Perkiraan jumlah satuan hasil setahun, untuk ABK.",
    }
    column_sortable_list = ("kode", "norma_waktu", "volume_tahunan")
    column_searchable_list = ("kode", "uraian")
    column_filters = (
        RelatedFilter(UraianTugas.jabatan, "Jabatan", positions, position_label),
        BooleanEqualFilter(UraianTugas.aktif, "Aktif"),
    )
    column_export_list = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")
    form_columns = ("jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif")

    def scope(self, query, skpd_id):
        return query.where(UraianTugas.jabatan.in_(Jabatan.select(Jabatan.id).where(Jabatan.skpd == skpd_id)))

    def check(self, form, obj):
        errors = masterdata.task_errors(form.norma_waktu.data, form.volume_tahunan.data)
        if form.jabatan.data:
            errors.update(masterdata.scope_errors("jabatan", form.jabatan.data.skpd_id, self.scoped_skpd_id()))
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
    column_labels = {"jenis": "Jenis target", "indikator": "Indikator kinerja", "target": "Nilai target"}
    column_descriptions = {
        "tahun": "Tahun anggaran, 4 angka; untuk Renstra tahun pertamanya.",
        "satuan": "Satuan nilai target, misalnya persen, dokumen, orang.",
    }
    column_sortable_list = ("tahun", "jenis")
    column_searchable_list = ("indikator",)
    column_filters = (
        SkpdFilter(Target.skpd, "SKPD"),
        FilterEqual(Target.tahun, "Tahun"),
        FilterEqual(Target.jenis, "Jenis", options=choices(JENIS_TARGET)),
    )
    column_export_list = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    form_columns = ("skpd", "tahun", "jenis", "indikator", "target", "satuan")
    form_choices = {"jenis": JENIS_TARGET}

    def check(self, form, obj):
        return masterdata.target_errors(form.tahun.data)
