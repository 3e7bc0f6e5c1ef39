"""Versioned schema migrations: `flask db upgrade` brings any older database to the current schema.

Each step runs once, in order, inside a transaction, and is recorded in schema_version. A step that
creates tables uses the model classes as they are now, so a later step that adds a column to such a
table must check whether the column already exists (see _dated_treasurers).
"""

import datetime
import json

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    IntegerField,
    TextField,
    TimeField,
    chunked,
)
from playhouse.migrate import SchemaMigrator, migrate

from ekinerja import models
from ekinerja.db import BaseModel, database
from ekinerja.models.organisation import PARTICIPATING_SINCE
from ekinerja.rules.simulation import deduction_codes
from ekinerja.rules.ter import DEFAULT_PTKP
from ekinerja.services import recap
from ekinerja.services.pay_inputs import history_start


class SchemaVersion(BaseModel):
    versi = IntegerField(primary_key=True)
    nama = CharField(max_length=100)
    diterapkan_pada = DateTimeField(default=datetime.datetime.now)


def _create(*model_classes):
    def step():
        database.create_tables(model_classes, safe=True)

    return step


# Treasurers recorded before they had dates signed every month so far: they serve from this day on.
TREASURER_SINCE = datetime.date(2000, 1, 1)


def _dated_treasurers():
    """bendahara_skpd gets mulai/selesai, and an SKPD may have one treasurer after another.

    A database created at step 4 by today's model already has both; an older one gets the columns, and its
    unique index on skpd_id becomes a plain one next to the unique (skpd_id, mulai).
    """
    table = models.BendaharaSkpd._meta.table_name
    columns = {column.name for column in database.get_columns(table)}
    indexes = {index.name: index for index in database.get_indexes(table)}
    migrator = SchemaMigrator.from_database(database.obj)
    operations = []
    if "mulai" not in columns:
        operations.append(migrator.add_column(table, "mulai", DateField(default=TREASURER_SINCE)))
    if "selesai" not in columns:
        operations.append(migrator.add_column(table, "selesai", DateField(null=True)))
    old = indexes.get(f"{table}_skpd_id")
    if old is not None and old.unique:
        operations += [
            migrator.drop_index(table, old.name),
            migrator.add_index(table, ("skpd_id",), unique=False),
        ]
    if f"{table}_skpd_id_mulai" not in indexes:
        operations.append(migrator.add_index(table, ("skpd_id", "mulai"), unique=True))
    migrate(*operations)


def _day_totals():
    """The approved minutes and the check-in and check-out per employee and day, from the stored entries and scans."""
    database.create_tables(models.DAY_TOTALS_MODELS, safe=True)
    for totals in models.DAY_TOTALS_MODELS:
        totals.rebuild()


def _missing_columns(model, fields):
    """add_column operations for the fields a table created by an older model lacks (today's model has them)."""
    table = model._meta.table_name
    present = {column.name for column in database.get_columns(table)}
    migrator = SchemaMigrator.from_database(database.obj)
    return [migrator.add_column(table, name, field) for name, field in fields if name not in present]


def _decimal(default):
    return DecimalField(max_digits=5, decimal_places=2, default=default)


PAY_RULE_COLUMNS = (
    ("batas_tingkat_1", IntegerField(default=30)),
    ("batas_tingkat_2", IntegerField(default=60)),
    ("batas_tingkat_3", IntegerField(default=90)),
    ("batas_siang", TimeField(default=datetime.time(12, 0))),
    ("status_berubah", CharField(max_length=20, default="harian")),
    ("metode_pph21", CharField(max_length=20, default="golongan")),
    ("pph21_gol_i", _decimal(0)),
    ("pph21_gol_ii", _decimal(0)),
    ("pph21_gol_iii", _decimal(5)),
    ("pph21_gol_iv", _decimal(15)),
    ("pph21_tarif_tetap", _decimal(5)),
    ("bpjs_pegawai", _decimal(1)),
    ("bpjs_pemberi_kerja", _decimal(4)),
    ("bpjs_batas_upah", BigIntegerField(default=12_000_000)),
)


def _pay_inputs():
    """Dated status and golongan, SKPD participation, bank details, deduction settings, payments.

    Each employee's status and golongan become one dated row from the TMT CPNS, which holds for every day before
    any later row too; every SKPD takes part from PARTICIPATING_SINCE: every month's recap stays as it was.
    """
    database.create_tables(models.PAY_MODELS, safe=True)
    operations = _missing_columns(models.AturanTpp, PAY_RULE_COLUMNS)
    operations += _missing_columns(models.Skpd, [("ikut_mulai", DateField(null=True, default=PARTICIPATING_SINCE))])
    operations += _missing_columns(
        models.Pegawai,
        [("nama_bank", CharField(max_length=100, null=True)), ("nomor_rekening", CharField(max_length=30, null=True))],
    )
    migrate(*operations)
    people = list(
        models.Pegawai.select(
            models.Pegawai.id, models.Pegawai.nip, models.Pegawai.status, models.Pegawai.golongan
        ).tuples()
    )
    dated = {p for (p,) in models.RiwayatStatus.select(models.RiwayatStatus.pegawai).tuples()}
    rows = [(pid, history_start(nip), status, golongan) for pid, nip, status, golongan in people if pid not in dated]
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        models.RiwayatStatus.insert_many([{"pegawai": p, "tmt": t, "status": s} for p, t, s, _ in chunk]).execute()
        models.RiwayatGolongan.insert_many([{"pegawai": p, "tmt": t, "golongan": g} for p, t, _, g in chunk]).execute()


def _ptkp_and_readiness():
    """Each employee's PTKP status (TK/0 until recorded) and the admin's inclusions of SKPD months not shown ready."""
    database.create_tables(models.READINESS_MODELS, safe=True)
    migrate(*_missing_columns(models.Pegawai, [("status_ptkp", CharField(max_length=4, default=DEFAULT_PTKP))]))


def _outside_minutes_and_what_if_columns():
    """The rule sets' setting whether minutes outside the attendance window count (they do, as before), and the
    locked months' approved extra minutes and deduction codes in columns of their own, taken from their details."""
    operations = _missing_columns(models.AturanTpp, [("hitung_menit_luar_presensi", BooleanField(default=True))])
    operations += _missing_columns(
        models.Rekap, [("menit_tambahan_disetujui", IntegerField(default=0)), ("kode_potongan", TextField(default=""))]
    )
    migrate(*operations)
    rekap = models.Rekap
    for chunk in chunked(rekap.select(rekap.id, rekap.menit_tambahan, rekap.rincian).tuples().iterator(), 500):
        for rekap_id, tambahan, rincian in chunk:
            stored = json.loads(rincian)
            rekap.update(
                menit_tambahan_disetujui=stored.get("menit_tambahan_disetujui", tambahan),
                kode_potongan=deduction_codes(stored["rincian_disiplin"]),
            ).where(rekap.id == rekap_id).execute()


def _entry_indexes():
    """The entries' indexes today's model declares and an older table lacks (status, pegawai, tanggal, id)."""
    models.Aktivitas._schema.create_indexes(safe=True)


def _forced_password_change():
    """Whether an account must change a temporary password at its next login (no existing account must)."""
    migrate(*_missing_columns(models.User, [("wajib_ganti_sandi", BooleanField(default=False))]))


def _stored_net_pay_columns():
    """A locked month's deductions and net pay in columns of their own (the database sums them for the city's totals),
    worked out from each stored row's details as the screens do."""
    columns = [("jumlah_potongan", BigIntegerField(default=0)), ("tpp_bersih", BigIntegerField(default=0))]
    migrate(*_missing_columns(models.Rekap, columns))
    rekap = models.Rekap
    for year, month in list(rekap.select(rekap.tahun, rekap.bulan).distinct().tuples()):
        for rekap_id, (deductions, net) in recap.stored_net_pay(year, month).items():
            rekap.update(jumlah_potongan=deductions, tpp_bersih=net).where(rekap.id == rekap_id).execute()


MIGRATIONS = [
    (1, "fondasi: data induk, akun, aturan, audit", _create(*models.FOUNDATION_MODELS)),
    (2, "kegiatan harian, Plt/Plh, periode, token API", _create(*models.ACTIVITY_MODELS)),
    (3, "presensi, apel, rekap bulanan", _create(*models.ATTENDANCE_MODELS)),
    (4, "dokumen: kop surat kota, bendahara SKPD", _create(*models.DOCUMENT_MODELS)),
    (5, "bendahara SKPD bertanggal mulai/selesai", _dated_treasurers),
    (6, "menit disetujui dan jam masuk/pulang per pegawai per hari", _day_totals),
    (7, "mesin sidik jari (ADMS): mesin, presensi tertahan, perintah", _create(*models.DEVICE_MODELS)),
    (8, "SKP: rencana, realisasi, evaluasi, keberatan, predikat organisasi", _create(*models.SKP_MODELS)),
    (9, "pembatasan percobaan masuk per alamat dan per akun", _create(*models.LOGIN_MODELS)),
    (10, "pekerjaan latar: kunci periode, ZIP slip, impor besar", _create(*models.JOB_MODELS)),
    (11, "status dan golongan bertanggal, kepesertaan SKPD, rekening, potongan TPP, pembayaran", _pay_inputs),
    (13, "peringkat SKPD, tanda anomali dan pengaturannya", _create(*models.INSTITUTION_MODELS)),
    (14, "status PTKP pegawai, SKPD yang tetap direkap walau belum siap", _ptkp_and_readiness),
    (15, "menit di luar jam presensi; menit tambahan dan kode potongan rekap", _outside_minutes_and_what_if_columns),
    (16, "indeks kegiatan menurut status, pegawai dan tanggal (hitungan yang menunggu keputusan)", _entry_indexes),
    (17, "kata sandi sementara dari admin SKPD wajib diganti", _forced_password_change),
    (18, "rekap kota sementara per SKPD, dihitung di latar", _create(*models.CITY_OVERVIEW_MODELS)),
    (19, "jumlah potongan dan TPP bersih rekap terkunci dalam kolom sendiri", _stored_net_pay_columns),
]

LATEST = MIGRATIONS[-1][0]


def current_version():
    if not SchemaVersion.table_exists():
        return 0
    return SchemaVersion.select(SchemaVersion.versi).order_by(SchemaVersion.versi.desc()).scalar() or 0


def upgrade(target=LATEST):
    """Apply every step above the database's version up to target; returns the names applied."""
    database.create_tables([SchemaVersion], safe=True)
    applied = []
    for version, name, step in MIGRATIONS:
        if current_version() < version <= target:
            with database.atomic():
                step()
                SchemaVersion.create(versi=version, nama=name)
            applied.append(f"{version}: {name}")
    return applied
