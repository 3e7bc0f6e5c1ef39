"""Employees, their position history and the accounts people log in with."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from ekinerja import clock
from ekinerja.db import BaseModel
from ekinerja.models.organisation import Jabatan, Skpd
from ekinerja.rules.ter import DEFAULT_PTKP


def full_name(gelar_depan, nama, gelar_belakang):
    """Name with academic titles as printed on official documents."""
    name = f"{gelar_depan} {nama}" if gelar_depan else nama
    return f"{name}, {gelar_belakang}" if gelar_belakang else name


class Pegawai(BaseModel):
    nip = CharField(max_length=18, unique=True)
    nama = CharField(max_length=150)
    gelar_depan = CharField(max_length=50, null=True)
    gelar_belakang = CharField(max_length=50, null=True)
    tanggal_lahir = DateField()
    jenis_kelamin = CharField(max_length=1)
    golongan = CharField(max_length=6)
    status = CharField(max_length=4, default="PNS")
    skpd = ForeignKeyField(Skpd, backref="pegawai", on_delete="RESTRICT")
    id_mesin = CharField(max_length=20, null=True, unique=True)
    aktif = BooleanField(default=True)
    # Where the TPP is transferred; seen only by the employee, keuangan and admin.
    nama_bank = CharField(max_length=100, null=True)
    nomor_rekening = CharField(max_length=30, null=True)
    # PTKP status (marital status and dependants) by which PPh 21 is withheld at the TER rates.
    status_ptkp = CharField(max_length=4, default=DEFAULT_PTKP)

    @property
    def nama_lengkap(self):
        return full_name(self.gelar_depan, self.nama, self.gelar_belakang)

    def __str__(self):
        return f"{self.nama_lengkap} ({self.nip})"


class RiwayatJabatan(BaseModel):
    """A period in which an employee held a position (selesai empty: still holds it)."""

    pegawai = ForeignKeyField(Pegawai, backref="riwayat_jabatan", on_delete="RESTRICT")
    jabatan = ForeignKeyField(Jabatan, backref="pemegang", on_delete="RESTRICT")
    mulai = DateField()
    selesai = DateField(null=True)
    nomor_sk = CharField(max_length=100, null=True)

    class Meta:
        indexes = ((("pegawai", "mulai"), True),)

    def covers(self, day):
        return self.mulai <= day and (self.selesai is None or day <= self.selesai)


class RiwayatStatus(BaseModel):
    """CPNS or PNS from tmt (terhitung mulai tanggal) until the next row's tmt.

    Pegawai.status is the latest row's value, kept by the service that records a row (services.pay_inputs).
    """

    pegawai = ForeignKeyField(Pegawai, backref="riwayat_status", on_delete="RESTRICT")
    status = CharField(max_length=4)
    tmt = DateField()
    nomor_sk = CharField(max_length=100, null=True)

    class Meta:
        indexes = ((("pegawai", "tmt"), True),)


class RiwayatGolongan(BaseModel):
    """A golongan from tmt until the next row's tmt; Pegawai.golongan is the latest row's value."""

    pegawai = ForeignKeyField(Pegawai, backref="riwayat_golongan", on_delete="RESTRICT")
    golongan = CharField(max_length=6)
    tmt = DateField()
    nomor_sk = CharField(max_length=100, null=True)

    class Meta:
        indexes = ((("pegawai", "tmt"), True),)


class User(BaseModel):
    """A login: employees log in with their NIP as username, service accounts with a name."""

    username = CharField(max_length=50, unique=True)
    pegawai = ForeignKeyField(Pegawai, null=True, unique=True, backref="akun", on_delete="RESTRICT")
    password_hash = CharField(max_length=255)
    peran = CharField(max_length=100, default="pegawai")
    skpd = ForeignKeyField(Skpd, null=True, backref="admin", on_delete="RESTRICT")
    aktif = BooleanField(default=True)
    gagal_login = IntegerField(default=0)
    terkunci_sampai = DateTimeField(null=True)
    versi_sesi = IntegerField(default=1)
    # A temporary password set by an admin_skpd: every page leads to the password change until the user picks one.
    wajib_ganti_sandi = BooleanField(default=False)
    dibuat_pada = DateTimeField(default=clock.now)

    @property
    def roles(self):
        return {r for r in self.peran.split(",") if r}

    def has_role(self, *roles):
        return bool(self.roles & set(roles))

    # Flask-Login protocol. The session version in the id ends every copied cookie on logout.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self):
        return self.aktif

    def get_id(self):
        return f"{self.id}:{self.versi_sesi}"

    @property
    def display_name(self):
        return self.pegawai.nama_lengkap if self.pegawai_id else self.username

    def __str__(self):
        return self.username


class GagalMasuk(BaseModel):
    """Failed logins in a row under one key (a client address, or an account from one address), shared by every
    app process; the key waits until tertahan_sampai (services.login_throttle)."""

    kunci = CharField(max_length=120, unique=True)
    gagal = IntegerField(default=0)
    tertahan_sampai = DateTimeField(null=True)
    terakhir = DateTimeField(index=True)
