"""SKP screens' forms; the rules live in ekinerja.rules.skp and the services fill these fields' errors.

Choices are {value: label} mappings, WTForms' own form of them (pairs are deprecated)."""

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ekinerja.rules import skp as rules
from forms.base import Form

RATINGS = {"": "-"} | {r.value: r.label for r in rules.Rating}


class CreateForm(Form):
    tanggal = DateField("Tanggal rencana (jabatan yang dipegang pada tanggal ini)", validators=[Optional()])


class IndicatorForm(Form):
    aspek = SelectField("Aspek", choices=rules.ASPEK)
    uraian = StringField("Indikator")
    target = StringField("Target")
    satuan = StringField("Satuan")
    tugas = SelectField("Uraian tugas terkait (realisasi dari LKH)", choices=[], validate_choice=False)


class ResultForm(IndicatorForm):
    """A new result with its first indicator."""

    hasil = TextAreaField("Rencana hasil kerja")
    intervensi = SelectField("Mendukung (intervensi)", choices=[], validate_choice=False)


class NoteForm(Form):
    catatan = TextAreaField("Catatan")


class RealisationForm(Form):
    indikator = SelectField("Indikator", choices=[], validate_choice=False)
    bulan = SelectField("Bulan", choices=[], validate_choice=False)
    nilai = StringField("Realisasi")
    bukti = StringField("Bukti / keterangan")


class FeedbackForm(Form):
    hasil = SelectField("Hasil kerja", choices=[], validate_choice=False)
    periode = SelectField("Periode", choices=[], validate_choice=False)
    catatan = TextAreaField("Umpan balik")


class EvaluationForm(Form):
    periode = SelectField("Periode", choices=[], validate_choice=False)
    rating_hasil = SelectField("Rating hasil kerja", choices=RATINGS, default="")
    rating_perilaku = SelectField("Rating perilaku kerja", choices=RATINGS, default="")
    catatan = TextAreaField("Catatan penilai")
    tugas_tambahan = IntegerField("Jumlah tugas tambahan (PP 46/2011)", validators=[Optional()], default=0)
    kreativitas = SelectField(
        "Kreativitas diakui oleh (PP 46/2011)",
        choices={"": "-"} | rules.KREATIVITAS_LABELS,
        default="",
    )


for _aspek, _label in rules.PERILAKU_PP46.items():
    setattr(EvaluationForm, "perilaku_" + _aspek, DecimalField(f"{_label} (0-100)", validators=[Optional()]))


class ObjectionForm(Form):
    alasan = TextAreaField("Alasan keberatan")


class ObjectionDecisionForm(Form):
    keputusan = SelectField("Keputusan", choices={"ditolak": "Ditolak", "diterima": "Diterima"})
    predikat_baru = SelectField("Predikat baru (jika diterima)", choices=[], validate_choice=False)
    alasan = TextAreaField("Alasan keputusan")


class OrganisationForm(Form):
    predikat = SelectField("Predikat kinerja organisasi", choices=list(rules.PREDIKAT_ORGANISASI))
