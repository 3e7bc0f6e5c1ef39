"""The settings of the institutions' tools: ranking weights, whether staff see names, anomaly and calibration
thresholds (admin only; one row)."""

from ekinerja.admin.base import SecureModelView
from ekinerja.models.institutions import AturanInstitusi

WEIGHTS = ("bobot_capaian", "bobot_disiplin", "bobot_lkh", "bobot_ketepatan")
COUNTS = (
    "salinan_hari",
    "salinan_pegawai",
    "batas_harian_hari",
    "luar_presensi_menit",
    "volume_sampel",
    "akhir_bulan_hari",
    "akhir_bulan_jumlah",
    "persetujuan_detik",
    "persetujuan_jumlah",
    "kalibrasi_sampel",
)


class AturanInstitusiView(SecureModelView):
    """One row of settings; the defaults of the rules apply until it is created."""

    allowed_roles = ("admin",)
    can_delete = False
    can_export = False
    can_view_details = False
    column_list = ("bobot_capaian", "bobot_disiplin", "bobot_lkh", "bobot_ketepatan", "tampilkan_nama", "diubah_pada")
    column_sortable_list = ()
    form_columns = WEIGHTS + ("tampilkan_nama",) + COUNTS + ("volume_kali", "kalibrasi_toleransi")
    column_labels = {
        "bobot_capaian": "Bobot rata-rata capaian (0-100)",
        "bobot_disiplin": "Bobot hari tanpa potongan (0-100)",
        "bobot_lkh": "Bobot kelengkapan LKH (0-100)",
        "bobot_ketepatan": "Bobot ketepatan persetujuan (0-100)",
        "tampilkan_nama": "Pegawai melihat nama rekan dalam peringkat SKPD",
        "salinan_hari": "Uraian sama: paling sedikit hari (satu pegawai)",
        "salinan_pegawai": "Uraian sama: paling sedikit pegawai",
        "batas_harian_hari": "Tepat batas menit harian: paling sedikit hari",
        "luar_presensi_menit": "Di luar jam presensi: paling sedikit menit sebulan",
        "volume_kali": "Volume tak biasa: kali median",
        "volume_sampel": "Volume tak biasa: paling sedikit data per tugas",
        "akhir_bulan_hari": "Akhir bulan: jumlah hari terakhir",
        "akhir_bulan_jumlah": "Akhir bulan: paling sedikit kegiatan sehari",
        "persetujuan_detik": "Persetujuan kilat: dalam (detik)",
        "persetujuan_jumlah": "Persetujuan kilat: paling sedikit kegiatan",
        "kalibrasi_toleransi": "Kalibrasi norma: toleransi (%)",
        "kalibrasi_sampel": "Kalibrasi norma: paling sedikit kegiatan",
    }
    column_descriptions = {
        "bobot_capaian": "Bobot dalam skor peringkat SKPD; paling sedikit satu bobot lebih dari 0.",
        "volume_kali": "Lebih dari angka ini kali volume biasa tugas itu dan volume biasa pegawai itu.",
        "kalibrasi_toleransi": "Norma ditandai untuk ditinjau bila median waktu tercatat menyimpang lebih dari ini.",
    }

    @property
    def can_create(self):
        return not AturanInstitusi.select().exists()

    def scoped(self, query):
        return query

    def check(self, form, obj):
        errors = {}
        weights = [form[name].data for name in WEIGHTS]
        for name, value in zip(WEIGHTS, weights, strict=True):
            if value is None or value < 0 or value > 100:
                errors[name] = "Bobot harus antara 0 dan 100."
        if not errors and not any(weights):
            errors["bobot_capaian"] = "Paling sedikit satu bobot harus lebih dari 0."
        for name in COUNTS:
            if form[name].data is None or form[name].data < 1:
                errors[name] = "Harus bilangan bulat 1 atau lebih."
        for name in ("volume_kali", "kalibrasi_toleransi"):
            if form[name].data is None or form[name].data <= 0:
                errors[name] = "Harus lebih dari 0."
        return errors
