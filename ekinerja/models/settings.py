"""What printed documents need beyond the master data: the city's letterhead and each SKPD's treasurer."""

import datetime

from peewee import BlobField, CharField, DateField, DateTimeField, ForeignKeyField

from ekinerja.db import BaseModel
from ekinerja.models.organisation import Skpd
from ekinerja.models.people import Pegawai


class Pengaturan(BaseModel):
    """The city's letterhead, set by an admin in the portal; one row (config.py's names until then)."""

    nama_pemerintah = CharField(max_length=150)
    nama_kota = CharField(max_length=100)
    alamat = CharField(max_length=300, null=True)
    logo = BlobField(null=True)
    logo_mime = CharField(max_length=20, null=True)
    diubah_pada = DateTimeField(default=datetime.datetime.now)

    def __str__(self):
        return self.nama_pemerintah


class BendaharaSkpd(BaseModel):
    """The treasurer (bendahara pengeluaran) who signs an SKPD's TPP lists from mulai until selesai (empty: still).

    One at a time per SKPD: a month's list shows whoever served on its signing day, so a new treasurer never
    changes the lists of the months before. A table of its own rather than a column on Skpd: Pegawai already
    points at Skpd, and a foreign key back would make the two tables depend on each other on creation.
    """

    skpd = ForeignKeyField(Skpd, backref="bendahara", on_delete="RESTRICT")
    pegawai = ForeignKeyField(Pegawai, backref="bendahara_skpd", on_delete="RESTRICT")
    mulai = DateField()
    selesai = DateField(null=True)

    class Meta:
        indexes = ((("skpd", "mulai"), True),)

    def __str__(self):
        return f"{self.skpd}: {self.pegawai}"
