"""SKP: the annual plan (results, indicators, behaviour expectations), its realisation, evaluations and objection."""

import json

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ekinerja import clock
from ekinerja.db import BaseModel
from ekinerja.models.organisation import Jabatan, Skpd, Target, UraianTugas
from ekinerja.models.people import Pegawai


class AturanSkp(BaseModel):
    """The SKP settings in force from berlaku_mulai: method, evaluation cadence, curve and the optional pay link.

    Empty method: by the year (rules.skp.method_for); empty kurva or persen_tpp: the rules' defaults.
    """

    berlaku_mulai = DateField(unique=True)
    metode = CharField(max_length=30, null=True)
    periode_evaluasi = CharField(max_length=12, default="triwulanan")
    kurva = TextField(null=True)
    tpp_dari_predikat = BooleanField(default=False)
    persen_tpp = TextField(null=True)


class PredikatOrganisasi(BaseModel):
    """The organisation predikat of an SKPD for a year, set by an admin; it bounds its employees' predikat."""

    skpd = ForeignKeyField(Skpd, backref="predikat_organisasi", on_delete="RESTRICT")
    tahun = IntegerField()
    predikat = CharField(max_length=20)
    final = BooleanField(default=False)  # the SKPD's annual evaluations of the year are finalised

    class Meta:
        indexes = ((("skpd", "tahun"), True),)


class Skp(BaseModel):
    """One employee's plan for a position held in a year (mulai..selesai); a new position gets a new SKP."""

    pegawai = ForeignKeyField(Pegawai, backref="skp", on_delete="RESTRICT")
    tahun = IntegerField()
    jabatan = ForeignKeyField(Jabatan, backref="skp", on_delete="RESTRICT")
    mulai = DateField()
    selesai = DateField()
    penilai = ForeignKeyField(Pegawai, null=True, backref="skp_dinilai", on_delete="RESTRICT")
    atasan_penilai = ForeignKeyField(Pegawai, null=True, backref="skp_atasan_penilai", on_delete="RESTRICT")
    metode = CharField(max_length=30)
    periode_evaluasi = CharField(max_length=12)
    status = CharField(max_length=15, default="DRAFT", index=True)
    catatan = TextField(null=True)
    dibuat_pada = DateTimeField(default=clock.now)
    disetujui_pada = DateTimeField(null=True)

    class Meta:
        indexes = ((("pegawai", "mulai"), True), (("tahun", "status"), False))


class HasilKerja(BaseModel):
    """A planned result (rencana hasil kerja), supporting an SKPD target or a result of the appraiser's SKP."""

    skp = ForeignKeyField(Skp, backref="hasil", on_delete="CASCADE")
    nomor = IntegerField()
    uraian = TextField()
    target_skpd = ForeignKeyField(Target, null=True, backref="hasil_kerja", on_delete="RESTRICT")
    hasil_atasan = ForeignKeyField("self", null=True, backref="intervensi", on_delete="RESTRICT")

    class Meta:
        indexes = ((("skp", "nomor"), True),)


class Indikator(BaseModel):
    """An indicator of a result: aspect (kuantitas, kualitas, waktu, biaya), target and unit, maybe a linked duty."""

    hasil = ForeignKeyField(HasilKerja, backref="indikator", on_delete="CASCADE")
    aspek = CharField(max_length=10)
    uraian = TextField()
    target = DecimalField(max_digits=18, decimal_places=2)
    satuan = CharField(max_length=50)
    tugas = ForeignKeyField(UraianTugas, null=True, backref="indikator_skp", on_delete="RESTRICT")


class Realisasi(BaseModel):
    """The realisation of an indicator in a month, filled by the employee with evidence (linked duties: from LKH)."""

    indikator = ForeignKeyField(Indikator, backref="realisasi", on_delete="CASCADE")
    bulan = IntegerField()
    nilai = DecimalField(max_digits=18, decimal_places=2)
    bukti = TextField(null=True)
    diubah_pada = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("indikator", "bulan"), True),)


class PerilakuSkp(BaseModel):
    """The appraiser's expectation for one behaviour aspect (BerAKHLAK) of an SKP."""

    skp = ForeignKeyField(Skp, backref="perilaku", on_delete="CASCADE")
    aspek = CharField(max_length=30)
    ekspektasi = TextField(null=True)

    class Meta:
        indexes = ((("skp", "aspek"), True),)


class UmpanBalik(BaseModel):
    """The appraiser's feedback on a result for an evaluation period."""

    hasil = ForeignKeyField(HasilKerja, backref="umpan_balik", on_delete="CASCADE")
    periode = IntegerField()
    catatan = TextField()
    oleh = CharField(max_length=100)
    pada = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("hasil", "periode"), True),)


class Evaluasi(BaseModel):
    """A periodic (periode 1..n) or the annual (periode 0) evaluation of an SKP, with its predikat."""

    skp = ForeignKeyField(Skp, backref="evaluasi", on_delete="CASCADE")
    periode = IntegerField()
    rating_hasil = CharField(max_length=10, null=True)
    rating_perilaku = CharField(max_length=10, null=True)
    predikat = CharField(max_length=20)
    nilai = TextField(null=True)  # PP 46/2011: the scores and their inputs, as JSON
    catatan = TextField(null=True)
    dinilai_oleh = CharField(max_length=100)
    dinilai_pada = DateField()

    class Meta:
        indexes = ((("skp", "periode"), True),)

    @property
    def nilai_data(self):
        return json.loads(self.nilai) if self.nilai else {}


class Keberatan(BaseModel):
    """An objection to the annual predikat, decided by the appraiser's superior with a reason."""

    skp = ForeignKeyField(Skp, backref="keberatan", unique=True, on_delete="CASCADE")
    alasan = TextField()
    diajukan_pada = DateField()
    predikat_semula = CharField(max_length=20)
    keputusan = CharField(max_length=10, null=True)  # diterima / ditolak
    predikat_baru = CharField(max_length=20, null=True)
    alasan_keputusan = TextField(null=True)
    diputuskan_oleh = CharField(max_length=100, null=True)
    diputuskan_pada = DateField(null=True)
