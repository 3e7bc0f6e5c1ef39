"""Versioned schema migrations: `flask db upgrade` brings any older database to the current schema.

Each step runs once, in order, inside a transaction, and is recorded in schema_version. A step that
creates tables uses the model classes as they are now, so a later step that adds a column to such a
table must check whether the column already exists (see add_missing_columns).
"""

import datetime

from peewee import CharField, DateTimeField, IntegerField

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


MIGRATIONS = [
    (1, "fondasi: data induk, akun, aturan, audit", _create(*models.FOUNDATION_MODELS)),
    (2, "kegiatan harian, Plt/Plh, periode, token API", _create(*models.ACTIVITY_MODELS)),
    (3, "presensi, apel, rekap bulanan", _create(*models.ATTENDANCE_MODELS)),
    (4, "dokumen: kop surat kota, bendahara SKPD", _create(*models.DOCUMENT_MODELS)),
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
