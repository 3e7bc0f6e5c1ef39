"""Versioned schema migrations: `flask db upgrade` brings any older database to the current schema.

Each step runs once, in order, inside a transaction, and is recorded in schema_version. A step that
creates tables uses the model classes as they are now, so a later step that adds a column to such a
table must check whether the column already exists (see _dated_treasurers).
"""

import datetime

from peewee import CharField, DateField, DateTimeField, IntegerField
from playhouse.migrate import SchemaMigrator, migrate

from ekinerja import models
from ekinerja.db import BaseModel, database


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


MIGRATIONS = [
    (1, "fondasi: data induk, akun, aturan, audit", _create(*models.FOUNDATION_MODELS)),
    (2, "kegiatan harian, Plt/Plh, periode, token API", _create(*models.ACTIVITY_MODELS)),
    (3, "presensi, apel, rekap bulanan", _create(*models.ATTENDANCE_MODELS)),
    (4, "dokumen: kop surat kota, bendahara SKPD", _create(*models.DOCUMENT_MODELS)),
    (5, "bendahara SKPD bertanggal mulai/selesai", _dated_treasurers),
    (6, "menit disetujui dan jam masuk/pulang per pegawai per hari", _day_totals),
    (7, "mesin sidik jari (ADMS): mesin, presensi tertahan, perintah", _create(*models.DEVICE_MODELS)),
    (8, "SKP: rencana, realisasi, evaluasi, keberatan, predikat organisasi", _create(*models.SKP_MODELS)),
    (13, "peringkat SKPD, tanda anomali dan pengaturannya", _create(*models.INSTITUTION_MODELS)),
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
