from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import Optional

from forms.base import Form


class ActivityForm(Form):
    """An LKH entry; the entry rules themselves live in ekinerja.rules.activity and fill these fields' errors."""

    tanggal = DateField("Tanggal", validators=[Optional()])
    tugas = SelectField("Uraian tugas (ANJAB)", choices=[], validate_choice=False)
    tambahan = BooleanField("Tugas tambahan (di luar uraian tugas jabatan)")
    uraian = TextAreaField("Uraian tugas tambahan")
    volume = IntegerField("Volume", validators=[Optional()], default=1)
    jam_mulai = TimeField("Jam mulai", validators=[Optional()])
    jam_selesai = TimeField("Jam selesai", validators=[Optional()])
    keterangan = TextAreaField("Keterangan / hasil")
    bukti = FileField("Bukti (PDF/JPG/PNG, opsional)")


class DecisionForm(Form):
    catatan = StringField("Catatan")


class ReasonForm(Form):
    alasan = TextAreaField("Alasan")
