"""Fingerprint scans and each day's check-in and check-out, apel attendance, and the stored recap of a locked month."""

import datetime
import json

from peewee import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from ekinerja import clock
from ekinerja.db import BaseModel, before_time_of_day, date_of
from ekinerja.models.calendar import AturanTpp
from ekinerja.models.day_totals import DayTotals, FeedsDayTotals
from ekinerja.models.people import Pegawai
from ekinerja.rules.discipline import NOON


def _morning(waktu):
    """SQL: whether a scan is before the check-in/check-out split (batas_siang) of the rule set in force on its day.

    The usual city has one split for all its rule sets: one comparison, as before the split was a setting.
    """
    splits = AturanTpp.select(AturanTpp.berlaku_mulai, AturanTpp.batas_siang).order_by(AturanTpp.berlaku_mulai)
    periods, before = [], NOON  # before the first rule set, the rules' default
    for mulai, split in splits.tuples():
        if split != before:
            periods.append((datetime.datetime.combine(mulai, datetime.time.min), before))
            before = split
    if not periods:
        return before_time_of_day(waktu, before)
    return Case(
        None,
        [(waktu < start, before_time_of_day(waktu, noon)) for start, noon in periods],
        before_time_of_day(waktu, before),
    )


class Presensi(FeedsDayTotals, BaseModel):
    """One fingerprint scan; the same person and second is stored once, so overlapping exports are harmless.

    Its day's check-in and check-out are kept in PresensiHarian: save() and delete_instance() refresh them, a bulk
    write calls PresensiHarian.refresh_days with the days it touched.
    """

    pegawai = ForeignKeyField(Pegawai, backref="presensi", on_delete="RESTRICT")
    waktu = DateTimeField()
    sumber = CharField(max_length=100, null=True)

    class Meta:
        indexes = ((("pegawai", "waktu"), True),)

    DAY_FIELDS = ("pegawai", "waktu")

    @classmethod
    def day_totals(cls):
        return PresensiHarian

    def day(self):
        return self.waktu.date()


class PresensiHarian(DayTotals):
    """One employee's day with scans: the check-in is the day's first scan before the rule set's batas_siang (NOON by
    default), the check-out its last scan from it on, either None when there is none. Kept from the scans, so that
    the recap reads a city's month as one row per employee and day. Written only by DayTotals.refresh."""

    pegawai = ForeignKeyField(Pegawai, backref="presensi_harian", on_delete="RESTRICT", index=False)
    tanggal = DateField(index=True)
    masuk = DateTimeField(null=True)
    pulang = DateTimeField(null=True)

    class Meta:
        indexes = ((("pegawai", "tanggal"), True),)

    @classmethod
    def grouped(cls, pegawai_ids, first, last):
        start = datetime.datetime.combine(first, datetime.time.min)
        end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
        morning = _morning(Presensi.waktu)
        day = date_of(Presensi.waktu)
        query = (
            Presensi.select(
                Presensi.pegawai,
                day,
                fn.MIN(Case(None, [(morning, Presensi.waktu)])),
                fn.MAX(Case(None, [(morning, None)], Presensi.waktu)),
            )
            .where(Presensi.waktu >= start, Presensi.waktu < end)
            .group_by(Presensi.pegawai, day)
        )
        return query if pegawai_ids is None else query.where(Presensi.pegawai.in_(sorted(pegawai_ids)))

    @classmethod
    def source_dates(cls):
        first, last = Presensi.select(fn.MIN(Presensi.waktu), fn.MAX(Presensi.waktu)).tuples().get()
        return (first.date(), last.date()) if first else (None, None)


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
    # The deductions and the net as the slip shows them (itemised in rincian): the database sums them per SKPD.
    jumlah_potongan = BigIntegerField(default=0)
    tpp_bersih = BigIntegerField(default=0)
    # What the what-if recomputes from, beside the figures: the approved extra minutes within the daily caps
    # (before the month's limit on them) and the codes of the itemised deductions, sorted, space-separated.
    menit_tambahan_disetujui = IntegerField(default=0)
    kode_potongan = TextField(default="")
    rincian = TextField()
    dibuat_pada = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("tahun", "bulan", "versi", "pegawai"), True),)

    @property
    def rincian_data(self):
        return json.loads(self.rincian)


class RekapKotaSementara(BaseModel):
    """An open month's totals per SKPD as a background job last computed them, and when: the city overview shows
    these instead of judging the whole city's month in a request (services.city_overview)."""

    tahun = IntegerField()
    bulan = IntegerField()
    isi = TextField()  # JSON: recap.city_totals' rows, ordered by SKPD code
    dihitung_pada = DateTimeField()

    class Meta:
        indexes = ((("tahun", "bulan"), True),)

    @property
    def totals(self):
        return json.loads(self.isi)
