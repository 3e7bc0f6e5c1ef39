"""Daily activity entries (LKH), acting assignments, monthly periods and API tokens."""

from peewee import Case, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField, TimeField, fn

from ekinerja import clock
from ekinerja.db import BaseModel, hold_rows
from ekinerja.models.day_totals import DayTotals, FeedsDayTotals
from ekinerja.models.organisation import Jabatan, UraianTugas
from ekinerja.models.people import Pegawai, User
from ekinerja.rules.vocabulary import DIKUNCI, TERBUKA
from ekinerja.rules.workflow import COUNTED


class PenugasanPlt(BaseModel):
    """An acting assignment: pegawai acts for a position from mulai to selesai."""

    pegawai = ForeignKeyField(Pegawai, backref="penugasan_plt", on_delete="RESTRICT")
    jabatan = ForeignKeyField(Jabatan, backref="plt", on_delete="RESTRICT")
    jenis = CharField(max_length=3, default="plt")
    mulai = DateField()
    selesai = DateField()
    nomor_surat = CharField(max_length=100, null=True)


class Cuti(BaseModel):
    """Approved leave or official travel: the days are berketerangan, no entry may be logged on them."""

    pegawai = ForeignKeyField(Pegawai, backref="cuti", on_delete="RESTRICT")
    jenis = CharField(max_length=30)
    mulai = DateField()
    selesai = DateField()
    nomor_surat = CharField(max_length=100)

    class Meta:
        indexes = ((("pegawai", "mulai"), False),)


class Aktivitas(FeedsDayTotals, BaseModel):
    """One LKH entry: a catalogue duty (tugas) or an extra task (tugas tambahan, tugas empty).

    Its day's approved minutes are kept in MenitHarian: save() and delete_instance() refresh them, a bulk write
    calls MenitHarian.refresh_days with the days it touched.
    """

    pegawai = ForeignKeyField(Pegawai, backref="aktivitas", on_delete="RESTRICT")
    tanggal = DateField()
    tugas = ForeignKeyField(UraianTugas, null=True, backref="aktivitas", on_delete="RESTRICT")
    uraian = TextField(null=True)
    volume = IntegerField()
    jam_mulai = TimeField()
    jam_selesai = TimeField()
    keterangan = TextField(null=True)
    menit_diakui = IntegerField()
    status = CharField(max_length=10, index=True)
    catatan_atasan = TextField(null=True)
    diputuskan_oleh = ForeignKeyField(User, null=True, backref="keputusan", on_delete="RESTRICT")
    diputuskan_pada = DateTimeField(null=True)
    bukti_berkas = CharField(max_length=100, null=True)
    bukti_nama = CharField(max_length=200, null=True)
    dibuat_pada = DateTimeField(default=clock.now)

    class Meta:
        # (status, pegawai, tanggal, id) holds all a count of the entries waiting for someone reads of them: the
        # database counts them from the index alone, without visiting the table (migration 16). The employee before
        # the date: SQLite, without statistics, takes it for an employee's days (day totals) too, where a date range
        # second would have it read every entry of a status in those days.
        indexes = (
            (("pegawai", "tanggal"), False),
            (("tanggal", "status"), False),
            (("status", "pegawai", "tanggal", "id"), False),
        )

    @property
    def tambahan(self):
        return self.tugas_id is None

    @property
    def judul(self):
        return self.uraian if self.tambahan else self.tugas.uraian

    DAY_FIELDS = ("pegawai", "tanggal")

    def counted(self):
        return self.status in COUNTED  # as MenitHarian.grouped sums them

    @classmethod
    def day_totals(cls):
        return MenitHarian

    def day(self):
        return self.tanggal


class MenitHarian(DayTotals):
    """The approved minutes of one employee and day (before the daily cap), split into duties (utama) and extra
    tasks (tambahan): kept from the day's entries, so that the recap reads a city's month as one row per employee
    and day instead of grouping every entry. Written only by DayTotals.refresh."""

    pegawai = ForeignKeyField(Pegawai, backref="menit_harian", on_delete="RESTRICT", index=False)
    tanggal = DateField(index=True)
    menit_utama = IntegerField()
    menit_tambahan = IntegerField()

    class Meta:
        indexes = ((("pegawai", "tanggal"), True),)

    @classmethod
    def grouped(cls, pegawai_ids, first, last):
        tambahan = Aktivitas.tugas.is_null()
        query = (
            Aktivitas.select(
                Aktivitas.pegawai,
                Aktivitas.tanggal,
                fn.SUM(Case(None, [(tambahan, 0)], Aktivitas.menit_diakui)),
                fn.SUM(Case(None, [(tambahan, Aktivitas.menit_diakui)], 0)),
            )
            .where(Aktivitas.tanggal.between(first, last), Aktivitas.status.in_(sorted(COUNTED)))
            .group_by(Aktivitas.pegawai, Aktivitas.tanggal)
        )
        return query if pegawai_ids is None else query.where(Aktivitas.pegawai.in_(sorted(pegawai_ids)))

    @classmethod
    def source_dates(cls):
        return Aktivitas.select(fn.MIN(Aktivitas.tanggal), fn.MAX(Aktivitas.tanggal)).tuples().get()


class Periode(BaseModel):
    """A month of the whole city: TERBUKA until a verifikator locks it (DIKUNCI)."""

    tahun = IntegerField()
    bulan = IntegerField()
    status = CharField(max_length=10, default=TERBUKA)
    versi = IntegerField(default=0)
    diubah_oleh = CharField(max_length=100, null=True)
    diubah_pada = DateTimeField(null=True)

    class Meta:
        indexes = ((("tahun", "bulan"), True),)

    @property
    def kode(self):
        return f"{self.tahun:04d}-{self.bulan:02d}"

    @classmethod
    def locked(cls):
        """Query: the (tahun, bulan) of the locked months; the one definition of "this month is locked"."""
        return cls.select(cls.tahun, cls.bulan).where(cls.status == DIKUNCI).tuples()

    @classmethod
    def is_locked(cls, year, month):
        return cls.locked().where(cls.tahun == year, cls.bulan == month).exists()

    @classmethod
    def held(cls, year, month):
        """Within a write transaction: the month's row (stored open if missing), locked until the transaction ends.

        Locking a month and a write that a locked month refuses take it first, so one waits for the other and then
        reads the month as the other left it.
        """
        period = cls.get_or_none(cls.tahun == year, cls.bulan == month)
        if period is None:
            period = cls.create(tahun=year, bulan=month, status=TERBUKA, versi=0)
        hold_rows(cls, [period.id])
        return cls.get_by_id(period.id)


class ApiToken(BaseModel):
    """A bearer token, stored as its SHA-256; valid while the user's session version is unchanged."""

    user = ForeignKeyField(User, backref="token", on_delete="RESTRICT")
    token_hash = CharField(max_length=64, unique=True)
    versi_sesi = IntegerField()
    dibuat_pada = DateTimeField(default=clock.now)
    kedaluwarsa = DateTimeField()
