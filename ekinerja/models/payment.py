"""A locked month's TPP marked as paid, per SKPD, by keuangan."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from ekinerja import clock
from ekinerja.db import BaseModel
from ekinerja.models.organisation import Skpd


class PembayaranTpp(BaseModel):
    """The transfer of one SKPD's TPP for a month: its date and the payment document (SP2D) number."""

    tahun = IntegerField()
    bulan = IntegerField()
    skpd = ForeignKeyField(Skpd, backref="pembayaran", on_delete="RESTRICT")
    tanggal_bayar = DateField()
    nomor_dokumen = CharField(max_length=100)
    dicatat_oleh = CharField(max_length=100)
    dicatat_pada = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("tahun", "bulan", "skpd"), True),)
