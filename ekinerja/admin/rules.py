"""The city-wide rules: holidays, working schedules and their exceptions, TPP rule sets and tariffs (admin only)."""

from flask_admin.contrib.peewee.filters import FilterEqual
from flask_login import current_user

from ekinerja import i18n
from ekinerja.admin.base import SecureModelView, choices
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


class HariLiburView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("tanggal", "jenis", "keterangan")
    column_sortable_list = ("tanggal",)
    column_default_sort = ("tanggal", True)
    column_filters = (FilterEqual(HariLibur.jenis, "Jenis", options=choices(JENIS_LIBUR)),)
    column_export_list = ("tanggal", "jenis", "keterangan")
    form_columns = ("tanggal", "jenis", "keterangan")
    form_choices = {"jenis": choices(JENIS_LIBUR)}
    unique_fields = ("tanggal",)
    period_date_fields = ("tanggal",)


class JadwalKerjaView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("kode", "nama")
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
    column_labels = {"jadwal": "Berlaku bagi jadwal", "pengganti": "Diganti dengan"}
    column_sortable_list = ("mulai",)
    column_export_list = column_list
    form_columns = column_list
    period_date_fields = ("mulai", "selesai")
    period_value_fields = ("jadwal", "pengganti")

    def check(self, form, obj):
        return period_errors(form.mulai.data, form.selesai.data)


RULE_FIELDS = tuple(f.name for f in AturanTpp._meta.sorted_fields if f.name != "id")


class AturanTppView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("berlaku_mulai", "nama", "menit_efektif_per_hari", "bobot_kinerja", "bobot_disiplin")
    column_labels = {"berlaku_mulai": "Berlaku mulai", "batas_siang": "Pemisah absen masuk/pulang"}
    form_args = {"hitung_menit_luar_presensi": {"label": "Menit kegiatan di luar jam presensi ikut dihitung"}}
    column_sortable_list = ("berlaku_mulai",)
    column_default_sort = ("berlaku_mulai", True)
    column_export_list = RULE_FIELDS
    form_columns = RULE_FIELDS
    form_choices = {"metode_pph21": choices(PPH21_LABELS), "status_berubah": choices(STATUS_CHANGE_LABELS)}
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
    column_labels = {"nominal": "Nominal (Rp)", "persen": "Persen dari TPP bruto"}
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
