"""Fingerprint machines that push their scans (ZKTeco ADMS), the lines they kept aside, unknown serials, commands."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from ekinerja import clock
from ekinerja.db import BaseModel
from ekinerja.models.organisation import Skpd
from ekinerja.models.people import Pegawai


class Mesin(BaseModel):
    """A registered fingerprint machine of one SKPD; only a registered, active machine's scans are taken."""

    nomor_seri = CharField(max_length=50, unique=True)
    skpd = ForeignKeyField(Skpd, backref="mesin", on_delete="RESTRICT")
    lokasi = CharField(max_length=200)
    aktif = BooleanField(default=True)
    kunci = CharField(max_length=100, null=True)
    terakhir_terlihat = DateTimeField(null=True)
    stamp_attlog = CharField(max_length=20, null=True)
    stamp_operlog = CharField(max_length=20, null=True)
    # New scans stored from this machine on scan_tanggal (the list's "scans today" without counting presensi).
    scan_tanggal = DateField(null=True)
    scan_hari_ini = IntegerField(default=0)
    # Requests within the rate-limit window that began at jendela_mulai, shared by every app process.
    jendela_mulai = DateTimeField(null=True)
    jendela_jumlah = IntegerField(default=0)
    galat_terakhir = CharField(max_length=300, null=True)
    galat_pada = DateTimeField(null=True)

    def __str__(self):
        return f"{self.nomor_seri} ({self.lokasi})"


# Why a pushed line was kept aside instead of becoming a scan.
ALASAN_TERTAHAN = {
    "pin": "PIN tidak dikenal",
    "terkunci": "Periode terkunci",
    "belum_tiba": "Tanggal belum tiba",
    "rusak": "Baris rusak",
}


class PresensiTertahan(BaseModel):
    """A pushed line kept aside with its reason; resolved (selesai_pada) once its scan entered for pegawai."""

    mesin = ForeignKeyField(Mesin, backref="tertahan", on_delete="RESTRICT")
    pin = CharField(max_length=20, null=True)
    waktu = DateTimeField(null=True)
    baris = CharField(max_length=300)
    alasan = CharField(max_length=20)
    keterangan = CharField(max_length=300)
    diterima_pada = DateTimeField(default=clock.now)
    selesai_pada = DateTimeField(null=True)
    pegawai = ForeignKeyField(Pegawai, null=True, backref="presensi_tertahan", on_delete="RESTRICT")

    class Meta:
        # A re-sent scan is kept aside once; a bad line has neither and is matched by its text.
        indexes = ((("mesin", "pin", "waktu"), True),)


class MesinTakDikenal(BaseModel):
    """A serial number that called without being registered (or any more), for the admin to register."""

    nomor_seri = CharField(max_length=50, unique=True)
    alamat_ip = CharField(max_length=45, null=True)
    pertama_terlihat = DateTimeField(default=clock.now)
    terakhir_terlihat = DateTimeField(default=clock.now)
    jumlah_permintaan = IntegerField(default=1)


class PerintahMesin(BaseModel):
    """A command queued for a machine: sent with its next heartbeat, answered through devicecmd."""

    mesin = ForeignKeyField(Mesin, backref="perintah", on_delete="RESTRICT")
    perintah = CharField(max_length=200)
    dibuat_oleh = CharField(max_length=50)
    dibuat_pada = DateTimeField(default=clock.now)
    dikirim_pada = DateTimeField(null=True)
    selesai_pada = DateTimeField(null=True)
    hasil = CharField(max_length=100, null=True)
