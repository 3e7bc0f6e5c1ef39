"""Background jobs (the city-wide lock, an SKPD's slip ZIP, big imports, an open month's city totals): their state,
shared by every app process."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ekinerja.db import BaseModel
from ekinerja.models.people import User

ANTRI, BERJALAN, SELESAI, GAGAL = "ANTRI", "BERJALAN", "SELESAI", "GAGAL"
STATUS_LABELS = {ANTRI: "Menunggu", BERJALAN: "Berjalan", SELESAI: "Selesai", GAGAL: "Gagal"}


class Pekerjaan(BaseModel):
    """One job: who started it, what it does, how far it got and what came of it (a file, a message, errors)."""

    jenis = CharField(max_length=20)
    judul = CharField(max_length=200)
    pemilik = ForeignKeyField(User, backref="pekerjaan", on_delete="CASCADE")
    parameter = TextField(default="{}")  # JSON: what the job needs (a period, an SKPD, an uploaded file's name)
    status = CharField(max_length=10, default=ANTRI)
    jumlah_selesai = IntegerField(default=0)
    jumlah = IntegerField(default=0)  # 0: not known yet
    pesan = TextField(null=True)
    galat = TextField(null=True)  # JSON list of {"baris", "kolom", "pesan"}: the report of a refused job
    berkas = CharField(max_length=200, null=True)  # the result's file name inside the jobs folder
    nama_unduhan = CharField(max_length=200, null=True)
    dibuat_pada = DateTimeField()
    mulai_pada = DateTimeField(null=True)
    selesai_pada = DateTimeField(null=True)

    class Meta:
        indexes = ((("pemilik", "dibuat_pada"), False),)

    @property
    def finished(self):
        return self.status in (SELESAI, GAGAL)
