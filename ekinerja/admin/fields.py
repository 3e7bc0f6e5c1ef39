"""The portal's form and list pieces: field labels in Indonesian, dates written dd/mm/yyyy (forms, filters, lists),
coded fields as dropdowns of their code lists, unit kerja and jabatan named with their SKPD."""

import datetime

from flask import has_request_context
from flask_admin.contrib.peewee.filters import DateBetweenFilter, FilterEqual
from flask_admin.contrib.peewee.form import CustomModelConverter
from flask_admin.form import TimeField
from flask_admin.form.widgets import DatePickerWidget, TimePickerWidget
from flask_admin.model import typefmt
from wtforms import fields, validators
from wtfpeewee.fields import SelectQueryField
from wtfpeewee.orm import FieldInfo, ValueRequired

from ekinerja.models import Jabatan, Skpd, UnitKerja

DATE_FORMAT = "%d/%m/%Y"
PICKER_FORMAT = "DD/MM/YYYY"  # the same format in moment.js's words, for the date picker
ISO_FORMAT = "%Y-%m-%d"  # still understood: what a browser's own date input and older links send
BAD_DATE = "Tanggal tidak dikenali; tulis hh/bb/tttt, misalnya 17/08/2026."
RANGE_SEPARATORS = (" s.d. ", " to ")

# Labels of fields that many models share; a view's column_labels adds its own and may override these.
COMMON_LABELS = {
    "skpd": "SKPD",
    "unit": "Unit kerja",
    "induk": "Unit induk",
    "jabatan": "Jabatan",
    "pegawai": "Pegawai",
    "aturan": "Aturan TPP",
    "kode": "Kode",
    "nama": "Nama",
    "jenis": "Jenis",
    "aktif": "Aktif",
    "mulai": "Mulai",
    "selesai": "Selesai (kosong: masih berlaku)",
    "tanggal": "Tanggal",
    "tahun": "Tahun",
    "satuan": "Satuan",
    "catatan": "Catatan",
    "keterangan": "Keterangan",
    "nomor_sk": "Nomor SK",
    "nomor_surat": "Nomor surat",
    "kelas_jabatan": "Kelas jabatan (1-17)",
    "berlaku_mulai": "Berlaku mulai",
    "diubah_pada": "Diubah pada",
}


def label_of(labels, name):
    """A field's label: the view's own or the shared one, else its name in sentence case."""
    return labels.get(name) or COMMON_LABELS.get(name) or name.replace("_", " ").capitalize()


def parse_date(text):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd); ValueError with the Indonesian message otherwise."""
    text = (text or "").strip()
    for fmt in (DATE_FORMAT, ISO_FORMAT):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(BAD_DATE)


def written_date(value):
    """17/08/2026, or 17/08/2026 07:45 for a moment (a datetime is a date too)."""
    return value.strftime(DATE_FORMAT + (" %H:%M" if isinstance(value, datetime.datetime) else ""))


class DatePicker(DatePickerWidget):
    """Flask-Admin's date picker, set to dd/mm/yyyy (portal.js gives it Indonesian month and day names)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("data-date-format", PICKER_FORMAT)
        kwargs.setdefault("placeholder", "hh/bb/tttt")
        kwargs.setdefault("autocomplete", "off")
        return super().__call__(field, **kwargs)


class TimePicker(TimePickerWidget):
    """Flask-Admin's time picker without seconds: 07:30."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("data-date-format", "HH:mm")
        kwargs.setdefault("placeholder", "jj:mm")
        return super().__call__(field, **kwargs)


class PortalDateField(fields.DateField):
    """A date typed dd/mm/yyyy, shown the same way; a bad one is refused on the field in Indonesian."""

    widget = DatePicker()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=DATE_FORMAT, **kwargs)

    def process_formdata(self, valuelist):
        text = " ".join(valuelist or ()).strip()
        if not text:
            self.data = None
            return
        try:
            self.data = parse_date(text)
        except ValueError:
            self.data = None
            raise

    def pre_validate(self, form):
        # A date that could not be read says so; "wajib diisi" from the required check would hide why.
        if self.process_errors:
            raise validators.StopValidation()


class DateRangeFilter(DateBetweenFilter):
    """Rows between two dates, typed 'dd/mm/yyyy s.d. dd/mm/yyyy'."""

    def clean(self, value):
        for separator in RANGE_SEPARATORS:
            if separator in value:
                first, last = (parse_date(part) for part in value.split(separator, 1))
                if first > last:
                    raise ValueError(BAD_DATE)
                return [first, last]
        raise ValueError(BAD_DATE)

    def validate(self, value):
        # Flask-Admin's own check reads yyyy-mm-dd only.
        try:
            self.clean(value)
        except ValueError:
            return False
        return True


def unit_label(unit):
    """Subbag Umum — Dinas Kesehatan: unit names repeat from one SKPD to the next."""
    return f"{unit.nama} — {unit.skpd.nama}"


def position_label(position):
    return f"{position.nama} ({position.kode}) — {position.skpd.singkatan}"


def skpds(skpd_id=None):
    """SKPDs by code, or the one an admin_skpd is limited to."""
    query = Skpd.select().order_by(Skpd.kode)
    return query if skpd_id is None else query.where(Skpd.id == skpd_id)


def units(skpd_id=None):
    """Units with their SKPD read in the same query, of one SKPD or all."""
    query = UnitKerja.select(UnitKerja, Skpd).join(Skpd).order_by(Skpd.kode, UnitKerja.nama)
    return query if skpd_id is None else query.where(UnitKerja.skpd == skpd_id)


def positions(skpd_id=None):
    """Positions with their SKPD read in the same query, of one SKPD or all."""
    query = Jabatan.select(Jabatan, Skpd).join(Skpd).order_by(Skpd.kode, Jabatan.nama)
    return query if skpd_id is None else query.where(Jabatan.skpd == skpd_id)


# The choices of a foreign key to these models, and the label naming the SKPD.
WITH_SKPD = {UnitKerja: (units, unit_label), Jabatan: (positions, position_label)}


class RelatedFilter(FilterEqual):
    """Rows of one related row, offered by name among those the user sees (not typed as an id)."""

    def __init__(self, column, name, rows, label=str):
        super().__init__(column, name)
        self.rows, self.label = rows, label

    def get_options(self, view):
        if not has_request_context():
            return None
        return [(str(row.id), self.label(row)) for row in self.rows(view.scoped_skpd_id())]


def type_formatters(base):
    """Flask-Admin's formatters by value type, plus dates as dd/mm/yyyy and units and positions with their SKPD."""
    return {
        **base,
        datetime.date: lambda view, value, name: written_date(value),
        UnitKerja: lambda view, value, name: unit_label(value),
        Jabatan: lambda view, value, name: position_label(value),
    }


LIST_FORMATTERS = type_formatters(typefmt.BASE_FORMATTERS)
DETAIL_FORMATTERS = type_formatters(typefmt.DETAIL_FORMATTERS)


def coded_choices(codes):
    """{code: label}, WTForms' choices, of a code list: a mapping, (code, label) pairs, or codes as their own labels."""
    if isinstance(codes, dict):
        return dict(codes)
    return dict(code if isinstance(code, tuple) else (code, code) for code in codes)


def coded_formatter(codes):
    """A list, details and export column showing a coded field by its label."""
    labels = coded_choices(codes)

    def readable(view, context, model, name):
        value = getattr(model, name)
        return "" if value is None else labels.get(value, value)

    return readable


class Required(ValueRequired, validators.InputRequired):
    """wtfpeewee's check (blank text is missing, 0 is a value) that Flask-Admin knows as required: a marked label."""


class PortalConverter(CustomModelConverter):
    """Form fields with the view's labels and help text, required ones marked, coded fields as dropdowns of the
    view's form_choices, dates dd/mm/yyyy, times hh:mm, and units and positions named with their SKPD."""

    def convert(self, model, field, field_args):
        view = self.view
        kwargs = {
            "label": label_of(view.column_labels or {}, field.name),
            "description": (view.column_descriptions or {}).get(field.name, ""),
            **(field_args or {}),
        }
        codes = view.form_choices.get(field.name)
        if codes is not None:
            required = validators.Optional() if field.null else validators.InputRequired()
            kwargs["validators"] = [required, *kwargs.get("validators", ())]
            kwargs.setdefault("default", field.default)
            return FieldInfo(field.name, fields.SelectField(choices=coded_choices(codes), **kwargs))
        name, unbound = super().convert(model, field, kwargs)
        checks = unbound.kwargs.get("validators") or []
        unbound.kwargs["validators"] = [Required(v.message) if type(v) is ValueRequired else v for v in checks]
        return FieldInfo(name, unbound)

    def handle_date(self, model, field, **kwargs):
        return field.name, PortalDateField(**kwargs)

    def handle_time(self, model, field, **kwargs):
        return field.name, TimeField(default_format="%H:%M", widget=TimePicker(), **kwargs)

    def handle_foreign_key(self, model, field, **kwargs):
        if field.rel_model in WITH_SKPD and not getattr(self.view, "_form_ajax_refs", {}).get(field.name):
            query, label = WITH_SKPD[field.rel_model]
            kwargs["allow_blank"] = field.null
            return FieldInfo(field.name, SelectQueryField(query=query(), get_label=label, **kwargs))
        return super().handle_foreign_key(model, field, **kwargs)
