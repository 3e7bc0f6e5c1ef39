"""The city-wide rules: holidays, working schedules and their exceptions, TPP rule sets and tariffs (admin only)."""

from flask_admin.contrib.peewee.filters import FilterEqual
from flask_login import current_user

from ekinerja import i18n
from ekinerja.admin.base import SecureModelView, choices
from ekinerja.admin.fields import DateRangeFilter, RelatedFilter
from ekinerja.models import AturanTpp, HariLibur, PresensiHarian, TarifTpp
from ekinerja.rules.pay import PPH21_LABELS
from ekinerja.rules.tpp import STATUS_CHANGE_LABELS
from ekinerja.rules.vocabulary import HARI, JENIS_LIBUR
from ekinerja.services import day_totals
from ekinerja.services.masterdata import (
    carry_over_tariffs,
    local_deduction_errors,
    period_errors,
    rule_set_errors,
    tariff_errors,
)
from ekinerja.services.periods import rule_set_change_error
from reports.data import KODE_DISIPLIN


class HariLiburView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("tanggal", "jenis", "keterangan")
    column_sortable_list = ("tanggal",)
    column_default_sort = ("tanggal", True)
    column_labels = {"jenis": "Jenis hari libur", "keterangan": "Nama hari libur"}
    column_descriptions = {"keterangan": "Misalnya Hari Kemerdekaan RI; tampil pada kalender dan rekap."}
    column_filters = (
        FilterEqual(HariLibur.jenis, "Jenis", options=choices(JENIS_LIBUR)),
        DateRangeFilter(HariLibur.tanggal, "Tanggal"),
    )
    column_export_list = ("tanggal", "jenis", "keterangan")
    form_columns = ("tanggal", "jenis", "keterangan")
    form_choices = {"jenis": JENIS_LIBUR}
    unique_fields = ("tanggal",)
    period_date_fields = ("tanggal",)


class JadwalKerjaView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("kode", "nama")
    column_labels = {
        "kode": "Kode jadwal",
        "nama": "Nama jadwal",
        **{f"{h}_{s}": f"{i18n.HARI[i]}: jam {s} (jj:mm)" for i, h in enumerate(HARI) for s in ("masuk", "pulang")},
    }
    column_descriptions = {f"{h}_masuk": f"Kosongkan jam masuk dan pulang bila {h} hari libur." for h in HARI}
    column_sortable_list = ("kode", "nama")
    column_export_list = ("kode", "nama") + tuple(f"{h}_{s}" for h in HARI for s in ("masuk", "pulang"))
    form_columns = column_export_list
    unique_fields = ("kode",)

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
    column_labels = {
        "nama": "Nama jadwal khusus",
        "jadwal": "Berlaku bagi jadwal",
        "pengganti": "Diganti dengan",
        "mulai": "Hari pertama",
        "selesai": "Hari terakhir",
    }
    column_descriptions = {"nama": "Misalnya Ramadan 1448 H.", "pengganti": "Jadwal yang dipakai selama rentang ini."}
    column_sortable_list = ("mulai",)
    column_export_list = column_list
    form_columns = column_list
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("jadwal", "pengganti")

    def check(self, form, obj):
        return period_errors(form.mulai.data, form.selesai.data)


RULE_FIELDS = tuple(f.name for f in AturanTpp._meta.sorted_fields if f.name != "id")
RULE_LABELS = {
    "nama": "Nama aturan (peraturan wali kota)",
    "batas_input_hari_kerja": "Batas pengisian LKH (hari kerja)",
    "batas_persetujuan": "Batas persetujuan (tanggal bulan berikutnya)",
    "menit_efektif_per_hari": "Menit efektif per hari (menit)",
    "batas_menit_harian": "Batas menit diakui per hari (menit)",
    "batas_tambahan_persen": "Batas tugas tambahan (% menit standar)",
    "persen_cpns": "Persen CPNS (%)",
    "bobot_kinerja": "Bobot kinerja (%)",
    "bobot_disiplin": "Bobot disiplin (%)",
    "potongan_tk": "Potongan TK (%)",
    **{f"potongan_tl{i}": f"Potongan TL{i} (%)" for i in range(1, 5)},
    **{f"potongan_psw{i}": f"Potongan PSW{i} (%)" for i in range(1, 5)},
    "potongan_apel_pagi": "Potongan tidak apel pagi (%)",
    "potongan_apel_sore": "Potongan tidak apel sore (%)",
    "batas_potongan": "Batas potongan disiplin sebulan (%)",
    **{f"batas_tingkat_{i}": f"Batas tingkat {i} TL/PSW (menit)" for i in range(1, 4)},
    "batas_siang": "Pemisah absen masuk/pulang (jj:mm)",
    "status_berubah": "Bulan dengan perubahan CPNS ke PNS",
    "metode_pph21": "Metode PPh 21",
    **{f"pph21_gol_{g}": f"PPh 21 golongan {g.upper()} (%)" for g in ("i", "ii", "iii", "iv")},
    "pph21_tarif_tetap": "PPh 21 tarif tetap (%)",
    "bpjs_pegawai": "BPJS Kesehatan ditanggung pegawai (%)",
    "bpjs_pemberi_kerja": "BPJS Kesehatan ditanggung pemerintah daerah (%)",
    "bpjs_batas_upah": "Batas upah BPJS Kesehatan (Rp)",
    "hitung_menit_luar_presensi": "Menit kegiatan di luar jam presensi ikut dihitung",
}
RULE_HELP = {
    "berlaku_mulai": "Bulan yang dimulai pada atau setelah tanggal ini dihitung dengan aturan ini (hh/bb/tttt).",
    "batas_input_hari_kerja": "Berapa hari kerja setelah tanggal kegiatan pegawai masih boleh mengisi LKH.",
    "batas_persetujuan": "Atasan menyetujui LKH paling lambat tanggal ini pada bulan berikutnya.",
    "menit_efektif_per_hari": "Menit standar sehari untuk capaian kinerja (Perka BKN 19/2011: 300).",
    "batas_menit_harian": "Menit kegiatan yang diakui paling banyak per hari.",
    "batas_tambahan_persen": "Menit tugas tambahan diakui paling banyak persen ini dari menit standar sebulan.",
    "persen_cpns": "TPP dasar CPNS sebagai persen dari tarif kelas jabatannya.",
    "bobot_kinerja": "Bagian TPP dasar yang mengikuti capaian kinerja; bersama bobot disiplin 100%.",
    "bobot_disiplin": "Bagian TPP dasar yang mengikuti disiplin.",
    **{f"potongan_{code.lower()}": f"{text}: persen per hari." for code, text in KODE_DISIPLIN.items()},
    "batas_potongan": "Jumlah potongan disiplin sebulan paling banyak.",
    "batas_tingkat_1": "Keterlambatan atau pulang cepat sampai menit ini: TL1/PSW1.",
    "batas_tingkat_2": "Sampai menit ini: TL2/PSW2.",
    "batas_tingkat_3": "Sampai menit ini: TL3/PSW3; lebih dari itu TL4/PSW4.",
    "batas_siang": "Scan pertama sebelum jam ini adalah absen masuk; scan terakhir sejak jam ini absen pulang.",
    "pph21_tarif_tetap": "Dipakai bila metode PPh 21 adalah satu tarif bagi semua pegawai.",
    "bpjs_batas_upah": "Iuran BPJS dihitung dari TPP paling banyak sebesar ini.",
    "hitung_menit_luar_presensi": "Bila tidak dicentang, menit kegiatan sebelum absen masuk, sesudah absen pulang atau "
    "pada hari tanpa scan tidak dihitung; tandanya tetap tampil bagi verifikator.",
}


class AturanTppView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("berlaku_mulai", "nama", "menit_efektif_per_hari", "bobot_kinerja", "bobot_disiplin")
    column_labels = RULE_LABELS
    column_descriptions = RULE_HELP
    column_sortable_list = ("berlaku_mulai",)
    column_default_sort = ("berlaku_mulai", True)
    column_export_list = RULE_FIELDS
    form_columns = RULE_FIELDS
    form_choices = {"metode_pph21": PPH21_LABELS, "status_berubah": STATUS_CHANGE_LABELS}
    unique_fields = ("berlaku_mulai",)

    def check(self, form, obj):
        errors = rule_set_errors({name: form[name].data for name in RULE_FIELDS})
        for day in {form.berlaku_mulai.data, obj.berlaku_mulai if obj else None}:
            locked = rule_set_change_error(day)
            if locked:
                errors["berlaku_mulai"] = locked
        return errors

    def delete_refusal(self, model):
        return rule_set_change_error(model.berlaku_mulai)

    def saved(self, form, model, is_created):
        # The check-in/check-out split decides the stored day totals: recomputed from the rule set's first day.
        day_totals.rebuild(current_user, PresensiHarian, first=model.berlaku_mulai, periode=str(model.berlaku_mulai))
        copied = carry_over_tariffs(model) if is_created else 0
        if copied:
            return f"{copied} tarif kelas jabatan disalin dari aturan sebelumnya; ubah di menu Tarif TPP."
        return None


class PotonganTppView(SecureModelView):
    """The city's named deductions from gross TPP under a rule set (zakat, koperasi ...)."""

    allowed_roles = ("admin",)
    column_list = ("aturan", "urutan", "nama", "persen", "nominal")
    column_labels = {"urutan": "Urutan", "nama": "Nama potongan", "nominal": "Nominal (Rp)", "persen": "Persen (%)"}
    column_descriptions = {
        "urutan": "Urutan tampil pada slip.",
        "nama": "Misalnya Zakat atau Iuran koperasi.",
        "persen": "Persen dari TPP bruto; isi persen atau nominal.",
        "nominal": "Rupiah per bulan; isi persen atau nominal.",
    }
    column_sortable_list = ("urutan",)
    column_export_list = column_list
    form_columns = column_list

    def delete_refusal(self, model):
        return rule_set_change_error(model.aturan.berlaku_mulai)

    def check(self, form, obj):
        errors = local_deduction_errors(form.persen.data, form.nominal.data)
        for aturan in {form.aturan.data, obj.aturan if obj else None} - {None}:
            locked = rule_set_change_error(aturan.berlaku_mulai)
            if locked:
                errors["aturan"] = locked
        return errors


def rule_sets(skpd_id=None):
    """Every rule set, the latest first: they are city-wide."""
    return AturanTpp.select().order_by(AturanTpp.berlaku_mulai.desc())


class TarifTppView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("aturan", "kelas_jabatan", "tarif")
    column_labels = {"tarif": "Tarif (Rp)"}
    column_descriptions = {"tarif": "TPP dasar sebulan untuk kelas jabatan ini, dalam rupiah tanpa titik."}
    column_formatters = {"tarif": lambda v, c, m, n: i18n.rupiah(m.tarif)}
    column_sortable_list = ("kelas_jabatan",)
    column_default_sort = ("kelas_jabatan", False)
    column_filters = (RelatedFilter(TarifTpp.aturan, "Aturan", rule_sets),)
    column_export_list = ("aturan", "kelas_jabatan", "tarif")
    form_columns = ("aturan", "kelas_jabatan", "tarif")

    def delete_refusal(self, model):
        return rule_set_change_error(model.aturan.berlaku_mulai)

    def check(self, form, obj):
        errors = {}
        for aturan in {form.aturan.data, obj.aturan if obj else None} - {None}:
            locked = rule_set_change_error(aturan.berlaku_mulai)
            if locked:
                errors["aturan"] = locked
        errors.update(tariff_errors(form.kelas_jabatan.data, form.tarif.data))
        duplicate = TarifTpp.select().where(
            TarifTpp.aturan == form.aturan.data, TarifTpp.kelas_jabatan == form.kelas_jabatan.data
        )
        if obj is not None:
            duplicate = duplicate.where(TarifTpp.id != obj.id)
        if duplicate.exists():
            errors.setdefault("kelas_jabatan", "Tarif kelas ini sudah ada pada aturan tersebut.")
        return errors
