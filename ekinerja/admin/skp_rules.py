"""The SKP rule sets (AturanSkp): method, evaluation cadence, distribution curve and the optional pay link (admin)."""

import json

from wtforms import fields

from ekinerja.admin.base import SecureModelView
from ekinerja.rules import skp as skp_rules
from ekinerja.services.masterdata import skp_rule_set_change_error, skp_rule_set_errors

FIELDS = ("berlaku_mulai", "metode", "periode_evaluasi", "kurva", "tpp_dari_predikat", "persen_tpp")
_DEFAULT_PERCENTS = json.dumps({k: int(v) for k, v in skp_rules.DEFAULT_PAY_PERCENT.items()})


class AturanSkpView(SecureModelView):
    allowed_roles = ("admin",)
    column_list = ("berlaku_mulai", "metode", "periode_evaluasi", "tpp_dari_predikat")
    column_labels = {
        "berlaku_mulai": "Berlaku mulai",
        "metode": "Metode penilaian",
        "periode_evaluasi": "Periode evaluasi",
        "kurva": "Kurva distribusi (JSON)",
        "tpp_dari_predikat": "TPP kinerja mengikuti predikat SKP",
        "persen_tpp": "Persen TPP kinerja per predikat (JSON)",
    }
    column_descriptions = {
        "metode": "Kosong: PP 46/2011 untuk tahun sebelum 2022, PermenPANRB 6/2022 sejak 2022.",
        "kurva": 'Kosong: kurva PermenPANRB 6/2022. Contoh: {"Baik": [{"predikat": ["Baik"], "paling_banyak": 70}]}',
        "persen_tpp": f"Kosong: {_DEFAULT_PERCENTS}",
    }
    column_formatters = {
        "metode": lambda v, c, m, n: skp_rules.METODE.get(m.metode, "Menurut tahun"),
        "tpp_dari_predikat": lambda v, c, m, n: "Ya" if m.tpp_dari_predikat else "Tidak",
    }
    column_sortable_list = ("berlaku_mulai",)
    column_default_sort = ("berlaku_mulai", True)
    column_export_list = FIELDS
    form_columns = FIELDS
    form_choices = {
        "metode": {"": "Menurut tahun", **skp_rules.METODE},
        "periode_evaluasi": skp_rules.PERIODE_EVALUASI,
    }
    form_overrides = {"kurva": fields.TextAreaField, "persen_tpp": fields.TextAreaField}
    unique_fields = ("berlaku_mulai",)

    def check(self, form, obj):
        values = {name: form[name].data for name in ("metode", "periode_evaluasi", "kurva", "persen_tpp")}
        errors = skp_rule_set_errors(**values)
        for day in {form.berlaku_mulai.data, obj.berlaku_mulai if obj else None}:
            used = skp_rule_set_change_error(day)
            if used:
                errors["berlaku_mulai"] = used
        return errors

    def changes(self, form, obj):
        # An empty choice or text means "the rules' default", stored as NULL rather than "".
        values = super().changes(form, obj)
        return {
            k: (v.strip() or None) if isinstance(v, str) and k != "periode_evaluasi" else v for k, v in values.items()
        }

    def delete_refusal(self, model):
        return skp_rule_set_change_error(model.berlaku_mulai)
