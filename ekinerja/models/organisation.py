"""SKPD, their unit tree, positions, the duty catalogue, schedules and targets."""

import datetime

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
    TimeField,
)

from ekinerja.db import BaseModel
from ekinerja.rules.vocabulary import HARI

# An SKPD recorded without a date takes part in every month, as every SKPD did before participation was dated.
PARTICIPATING_SINCE = datetime.date(2000, 1, 1)


class JadwalKerja(BaseModel):
    """A weekly work-time profile: a check-in and check-out time per weekday, empty on days off."""

    kode = CharField(max_length=20, unique=True)
    nama = CharField(max_length=100)
    senin_masuk = TimeField(null=True)
    senin_pulang = TimeField(null=True)
    selasa_masuk = TimeField(null=True)
    selasa_pulang = TimeField(null=True)
    rabu_masuk = TimeField(null=True)
    rabu_pulang = TimeField(null=True)
    kamis_masuk = TimeField(null=True)
    kamis_pulang = TimeField(null=True)
    jumat_masuk = TimeField(null=True)
    jumat_pulang = TimeField(null=True)
    sabtu_masuk = TimeField(null=True)
    sabtu_pulang = TimeField(null=True)
    minggu_masuk = TimeField(null=True)
    minggu_pulang = TimeField(null=True)

    def hours_on(self, weekday):
        """(masuk, pulang) for a weekday 0=Monday, or None on a day off."""
        masuk = getattr(self, HARI[weekday] + "_masuk")
        pulang = getattr(self, HARI[weekday] + "_pulang")
        return (masuk, pulang) if masuk and pulang else None

    def __str__(self):
        return f"{self.kode} - {self.nama}"


class JadwalKhusus(BaseModel):
    """A date range (Ramadan, say) in which SKPDs on one profile work the hours of another."""

    nama = CharField(max_length=100)
    jadwal = ForeignKeyField(JadwalKerja, backref="jadwal_khusus", on_delete="RESTRICT")
    pengganti = ForeignKeyField(JadwalKerja, backref="menggantikan", on_delete="RESTRICT")
    mulai = DateField()
    selesai = DateField()

    def __str__(self):
        return self.nama


class Skpd(BaseModel):
    kode = CharField(max_length=20, unique=True)
    nama = CharField(max_length=200)
    singkatan = CharField(max_length=50)
    apel_sore = BooleanField(default=True)
    jadwal = ForeignKeyField(JadwalKerja, null=True, backref="skpd", on_delete="RESTRICT")
    aktif = BooleanField(default=True)
    # Joined e-Kinerja on this day (empty: not yet): its months from the first one starting on or after it.
    ikut_mulai = DateField(null=True, default=PARTICIPATING_SINCE)

    def __str__(self):
        return self.singkatan or self.nama

    def participates(self, first_day):
        """Whether the SKPD takes part in the month starting on first_day."""
        return self.ikut_mulai is not None and self.ikut_mulai <= first_day


class SkpdPrasyarat(BaseModel):
    """An admin's confirmation, with its document reference, that an SKPD meets one prerequisite."""

    skpd = ForeignKeyField(Skpd, backref="prasyarat", on_delete="RESTRICT")
    syarat = CharField(max_length=30)
    nomor_dokumen = CharField(max_length=100)
    catatan = TextField(null=True)
    dikonfirmasi_oleh = CharField(max_length=100)
    dikonfirmasi_pada = DateTimeField()

    class Meta:
        indexes = ((("skpd", "syarat"), True),)


class SkpdIkutBulan(BaseModel):
    """An admin's decision that an SKPD's month is recapped although its data does not show it ready."""

    skpd = ForeignKeyField(Skpd, backref="ikut_bulan", on_delete="RESTRICT")
    tahun = IntegerField()
    bulan = IntegerField()
    alasan = TextField()
    dicatat_oleh = CharField(max_length=100)
    dicatat_pada = DateTimeField()

    class Meta:
        indexes = ((("skpd", "tahun", "bulan"), True),)


class UnitKerja(BaseModel):
    kode = CharField(max_length=30, unique=True)
    nama = CharField(max_length=200)
    skpd = ForeignKeyField(Skpd, backref="unit", on_delete="RESTRICT")
    induk = ForeignKeyField("self", null=True, backref="sub_unit", on_delete="RESTRICT")
    aktif = BooleanField(default=True)

    def __str__(self):
        return self.nama


class Jabatan(BaseModel):
    kode = CharField(max_length=30, unique=True)
    nama = CharField(max_length=200)
    skpd = ForeignKeyField(Skpd, backref="jabatan", on_delete="RESTRICT")
    unit = ForeignKeyField(UnitKerja, null=True, backref="jabatan", on_delete="RESTRICT")
    jenis = CharField(max_length=20)
    eselon = CharField(max_length=5, null=True)
    kelas_jabatan = IntegerField()
    atasan = ForeignKeyField("self", null=True, backref="bawahan", on_delete="RESTRICT")
    aktif = BooleanField(default=True)

    def __str__(self):
        return f"{self.nama} ({self.kode})"


class UraianTugas(BaseModel):
    """One duty of a position's ANJAB catalogue, with its standard minutes per unit of output."""

    jabatan = ForeignKeyField(Jabatan, backref="tugas", on_delete="RESTRICT")
    kode = CharField(max_length=30)
    uraian = TextField()
    satuan = CharField(max_length=50)
    norma_waktu = IntegerField()
    volume_tahunan = IntegerField(default=0)
    aktif = BooleanField(default=True)

    class Meta:
        indexes = ((("jabatan", "kode"), True),)

    def __str__(self):
        return f"{self.kode} - {self.uraian}"


class Target(BaseModel):
    """A Renstra, Renja or Target Kinerja row of an SKPD for a year."""

    skpd = ForeignKeyField(Skpd, backref="target", on_delete="RESTRICT")
    tahun = IntegerField()
    jenis = CharField(max_length=20)
    indikator = CharField(max_length=300)
    target = DecimalField(max_digits=18, decimal_places=2)
    satuan = CharField(max_length=50)

    class Meta:
        indexes = ((("skpd", "tahun", "jenis", "indikator"), True),)
