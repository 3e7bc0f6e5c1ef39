"""Fingerprint scans, apel attendance, and the stored monthly recap of a locked month."""

import json

from peewee import (
    BigIntegerField,
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
from ekinerja.models.people import Pegawai


class Presensi(BaseModel):
    """One fingerprint scan; the same person and second is stored once, so overlapping exports are harmless."""

    pegawai = ForeignKeyField(Pegawai, backref="presensi", on_delete="RESTRICT")
    waktu = DateTimeField()
    sumber = CharField(max_length=100, null=True)

    class Meta:
        indexes = ((("pegawai", "waktu"), True),)


SESI_APEL = ("pagi", "sore")


class Apel(BaseModel):
    """Presence at the morning (pagi) or afternoon (sore) roll call."""

    pegawai = ForeignKeyField(Pegawai, backref="apel", on_delete="RESTRICT")
    tanggal = DateField()
    sesi = CharField(max_length=5)

    class Meta:
        indexes = ((("pegawai", "tanggal", "sesi"), True),)


class Rekap(BaseModel):
    """A locked month's recap of one employee: every figure, the rule values and the identity of that moment."""

    tahun = IntegerField()
    bulan = IntegerField()
    versi = IntegerField()
    berlaku = BooleanField(default=True)
    kode_verifikasi = CharField(max_length=32, unique=True)
    pegawai = ForeignKeyField(Pegawai, backref="rekap", on_delete="RESTRICT")
    nip = CharField(max_length=18)
    nama = CharField(max_length=250)
    golongan = CharField(max_length=6)
    status_pegawai = CharField(max_length=4)
    jabatan = CharField(max_length=200)
    kelas_jabatan = IntegerField()
    skpd_kode = CharField(max_length=20, index=True)
    skpd_nama = CharField(max_length=200)
    hari_kerja = IntegerField()
    hari_berketerangan = IntegerField()
    hari_efektif = IntegerField()
    menit_standar = IntegerField()
    menit_utama = IntegerField()
    menit_tambahan = IntegerField()
    menit_diakui = IntegerField()
    capaian_kinerja = DecimalField(max_digits=6, decimal_places=2)
    potongan_disiplin = DecimalField(max_digits=6, decimal_places=2)
    tpp_dasar = DecimalField(max_digits=14, decimal_places=2)
    tpp_kinerja = BigIntegerField()
    tpp_disiplin = BigIntegerField()
    tpp_diterima = BigIntegerField()
    rincian = TextField()
    dibuat_pada = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("tahun", "bulan", "versi", "pegawai"), True),)

    @property
    def rincian_data(self):
        return json.loads(self.rincian)
