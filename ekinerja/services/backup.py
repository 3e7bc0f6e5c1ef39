"""Backups: a consistent copy of the database and the evidence files, taken while the app runs, and its restore.

A backup is one tar file: cadangan.json (when, the schema version, the rows of every table), the database (SQLite's
online backup API, or pg_dump's custom format from PostgreSQL) and the evidence files under bukti/. The database is
copied first and the evidence files after, so every file an entry of the copy names was written before it.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager

from peewee import SqliteDatabase

from ekinerja import migrations
from ekinerja.db import database
from ekinerja.models import DAY_TOTALS_MODELS
from ekinerja.rules.refusal import Refused

MANIFEST = "cadangan.json"
SQLITE_COPY = "basis-data.sqlite3"
POSTGRES_DUMP = "basis-data.dump"
EVIDENCE = "bukti"
FORMAT = 1
POSTGRES_CLIENT = "postgresql-client"


class BackupError(Refused):
    """A backup or restore that cannot be done, with the reason in Indonesian."""


def default_name(now):
    return f"ekinerja-{now:%Y%m%d-%H%M%S}.tar"


def _count_rows(first_row, tables):
    """{table: rows} through first_row(sql), the first row of a query on the connection that sees the copy."""
    return {table: first_row(f'SELECT COUNT(*) FROM "{table}"')[0] for table in sorted(tables)}


def _sqlite_copy(target):
    """Copy the bound SQLite database into the file target with SQLite's online backup API; returns the copy's
    (rows per table, schema version)."""
    source = sqlite3.connect(database.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent copy; writers wait only while each batch of pages is copied
        tables = [name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = _count_rows(
            lambda sql: copy.execute(sql).fetchone(), [t for t in tables if not t.startswith("sqlite_")]
        )
        return counts, copy.execute("SELECT MAX(versi) FROM schema_version").fetchone()[0]
    finally:
        copy.close()
        source.close()


def _connection_arguments():
    """The libpq parameters of the bound PostgreSQL database, for pg_dump and pg_restore."""
    params = {"dbname": database.database, **database.connect_params}
    environment = dict(os.environ)
    if params.get("password"):
        environment["PGPASSWORD"] = str(params["password"])
    arguments = []
    for key, option in (("host", "--host"), ("port", "--port"), ("user", "--username")):
        if params.get(key):
            arguments += [option, str(params[key])]
    return arguments, params["dbname"], environment


def _postgres_tool(name):
    """The path of pg_dump or pg_restore, of a version that can read this server, else a BackupError saying why."""
    path = shutil.which(name)
    server = database.execute_sql("SHOW server_version_num").fetchone()[0]
    server_major = int(server) // 10000
    if path is None:
        raise BackupError(
            f"{name} tidak ditemukan. Pasang paket Debian {POSTGRES_CLIENT} (versi {server_major}, "
            f"sama dengan server PostgreSQL): apt-get install {POSTGRES_CLIENT}"
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    major = int(version.split()[-1].split(".")[0])
    if major < server_major:
        raise BackupError(
            f"{name} versi {major} lebih lama dari server PostgreSQL {server_major}: pasang {POSTGRES_CLIENT} "
            f"versi {server_major}."
        )
    return path


def _postgres_dump(target):
    """pg_dump of the bound database into target; returns (rows per table, schema version) of the same snapshot."""
    pg_dump = _postgres_tool("pg_dump")
    arguments, dbname, environment = _connection_arguments()
    with database.connection_context(), database.atomic() as transaction:
        database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = database.execute_sql("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _count_rows(lambda sql: database.execute_sql(sql).fetchone(), database.get_tables())
        version = migrations.current_version()
        command = [pg_dump, *arguments, "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", target]
        done = subprocess.run([*command, dbname], capture_output=True, text=True, env=environment, check=False)  # noqa: S603
        transaction.rollback()
    if done.returncode:
        raise BackupError(f"pg_dump gagal: {done.stderr.strip()}")
    return counts, version


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def take(out_path, evidence_folder, now):
    """Write a backup of the bound database and the evidence folder to out_path; returns its manifest."""
    sqlite = isinstance(database.obj, SqliteDatabase)
    with tempfile.TemporaryDirectory() as work:
        copy = os.path.join(work, SQLITE_COPY if sqlite else POSTGRES_DUMP)
        counts, version = _sqlite_copy(copy) if sqlite else _postgres_dump(copy)
        stored = os.listdir(evidence_folder) if os.path.isdir(evidence_folder) else []  # none uploaded yet
        files = sorted(name for name in stored if os.path.isfile(os.path.join(evidence_folder, name)))
        manifest = {
            "format": FORMAT,
            "dibuat": now.isoformat(timespec="seconds"),
            "basis_data": "sqlite" if sqlite else "postgresql",
            "skema": version,
            "baris": counts,
            "bukti": len(files),
        }
        partial = out_path + ".sebagian"
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            archive.add(copy, os.path.basename(copy))
            for name in files:
                archive.add(os.path.join(evidence_folder, name), f"{EVIDENCE}/{name}")
        os.replace(partial, out_path)  # a backup file is either whole or absent
    return manifest


@contextmanager
def _opened(path):
    try:
        with tarfile.open(path, "r") as archive:
            yield archive
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Berkas cadangan tidak dapat dibaca: {exc}") from exc


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError("Berkas ini bukan cadangan e-Kinerja (cadangan.json tidak ada).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')} tidak dikenal.")
    return manifest


def _must_be_empty(evidence_folder):
    if database.get_tables():
        raise BackupError("Basis data tujuan tidak kosong: pulihkan hanya ke basis data baru yang kosong.")
    if os.path.isdir(evidence_folder) and os.listdir(evidence_folder):
        raise BackupError(f"Folder bukti {evidence_folder} tidak kosong.")


def restore(path, evidence_folder):
    """Restore a backup into the bound, empty database and evidence folder; returns (manifest, problems), the
    problems being the tables whose rows differ from the backup's counts and the day totals that differ from
    their sources (`flask db periksa-harian`)."""
    with _opened(path) as archive:
        manifest = read_manifest(archive)
        sqlite = isinstance(database.obj, SqliteDatabase)
        if manifest["basis_data"] != ("sqlite" if sqlite else "postgresql"):
            raise BackupError(f"Cadangan {manifest['basis_data']} tidak dapat dipulihkan ke basis data ini.")
        _must_be_empty(evidence_folder)
        with tempfile.TemporaryDirectory() as work:
            name = SQLITE_COPY if sqlite else POSTGRES_DUMP
            copy = os.path.join(work, name)
            with open(copy, "wb") as fh:
                shutil.copyfileobj(archive.extractfile(name), fh)
            _sqlite_restore(copy) if sqlite else _postgres_restore(copy)
        os.makedirs(evidence_folder, exist_ok=True)
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith(EVIDENCE + "/"):
                target = os.path.join(evidence_folder, os.path.basename(member.name))
                with open(target, "wb") as fh:
                    shutil.copyfileobj(archive.extractfile(member), fh)
    return manifest, check(manifest)


def _sqlite_restore(copy):
    database.close()
    source = sqlite3.connect(copy)
    target = sqlite3.connect(database.database)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _postgres_restore(copy):
    pg_restore = _postgres_tool("pg_restore")
    arguments, dbname, environment = _connection_arguments()
    command = [pg_restore, *arguments, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", dbname, copy]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"pg_restore gagal: {done.stderr.strip()}")


def check(manifest):
    """What differs between the restored database and the backup: rows per table and the day totals."""
    problems = []
    counts = _count_rows(lambda sql: database.execute_sql(sql).fetchone(), database.get_tables())
    for table, expected in sorted(manifest["baris"].items()):
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} baris, cadangan {expected}")
    for totals in DAY_TOTALS_MODELS:
        differing = len(totals.differences())
        if differing:
            problems.append(f"{totals._meta.table_name}: {differing} hari berbeda dari sumbernya")
    return problems
