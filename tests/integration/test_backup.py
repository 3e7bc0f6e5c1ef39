"""flask db cadangan / pulihkan: a backup taken while entries are written restores into an empty database with the
same rows, day totals that match their sources, and the evidence files."""

import datetime
import os
import shutil
import tarfile
import threading

import psycopg
import pytest

from ekinerja.db import bind, database, is_sqlite, open_database, write_transaction
from ekinerja.models import Aktivitas, MenitHarian
from ekinerja.services import backup
from tests import factories as f

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def people(app):
    unit = f.skpd()
    return [f.pegawai(f.jabatan(unit)) for _ in range(3)]


@pytest.fixture
def empty_database(app, database_url, tmp_path):
    """The URL of a new, empty database next to the test's one (dropped afterwards on PostgreSQL)."""
    if is_sqlite():
        yield "sqlite:///" + str(tmp_path / "pulih.sqlite3")
        return
    base, _, name = database_url.rpartition("/")
    own = f"{name}_pulih"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{own}"')
    yield f"{base}/{own}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _client_tools(app):
    if not is_sqlite() and shutil.which("pg_dump") is None:
        if os.environ.get("CI"):
            pytest.fail("pg_dump missing on CI: .ci/run installs postgresql-client")
        pytest.skip("pg_dump not installed (apt-get install postgresql-client)")


def _evidence(app, name, content):
    folder = app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(content)


def _switch_to(app, url, upload_folder):
    """Point the app at another database and evidence folder, as `flask` would with another DATABASE_URL."""
    if not database.is_closed():
        database.close()
    database.initialize(open_database(url))
    app.config["UPLOAD_FOLDER"] = upload_folder


def test_a_backup_taken_while_entries_are_written_restores_with_the_same_rows_and_day_totals(
    app, runner, people, empty_database, tmp_path
):
    f.entry(people[0], DAY, start=datetime.time(7), status="DISETUJUI")
    _evidence(app, "a" * 32 + ".pdf", b"%PDF-1.4 bukti")
    stop = threading.Event()
    written = []

    def keep_writing():
        with database.connection_context():
            minute = 0
            while not stop.is_set() and minute < 600:
                with write_transaction():
                    someone = people[minute % len(people)]
                    start = (datetime.datetime(2026, 1, 1, 8) + datetime.timedelta(minutes=minute)).time()
                    written.append(f.entry(someone, DAY, minutes=1, start=start, status="DISETUJUI").id)
                minute += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    while len(written) < 5:
        threading.Event().wait(0.01)
    out = str(tmp_path / "cadangan.tar")
    try:
        result = runner.invoke(args=["db", "cadangan", "--out", out])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "1 berkas bukti" in result.output
    with tarfile.open(out) as archive:
        manifest = backup.read_manifest(archive)
    assert 5 <= manifest["baris"]["aktivitas"] <= len(written) + 1
    kept = manifest["baris"]["aktivitas"]

    _switch_to(app, empty_database, str(tmp_path / "bukti-pulih"))
    try:
        result = runner.invoke(args=["db", "pulihkan", out])
        assert result.exit_code == 0, result.output
        assert f"{sum(manifest['baris'].values())} baris sesuai cadangan" in result.output
        assert Aktivitas.select().count() == kept
        assert MenitHarian.select().where(MenitHarian.pegawai.in_([p.id for p in people])).count() >= 1
        assert os.listdir(tmp_path / "bukti-pulih") == ["a" * 32 + ".pdf"]
        check = runner.invoke(args=["db", "periksa-harian"])
        assert check.exit_code == 0, check.output
        assert runner.invoke(args=["db", "version"]).output.strip() == str(manifest["skema"])
    finally:
        database.close()
        bind(app)
        database.connect(reuse_if_open=True)


def test_a_backup_is_restored_only_into_an_empty_database(app, runner, people, tmp_path):
    out = str(tmp_path / "cadangan.tar")
    assert runner.invoke(args=["db", "cadangan", "--out", out]).exit_code == 0
    result = runner.invoke(args=["db", "pulihkan", out])
    assert result.exit_code == 1
    assert "Basis data tujuan tidak kosong" in result.output


def test_a_file_that_is_not_a_backup_is_refused(runner, tmp_path):
    other = tmp_path / "lain.tar"
    other.write_bytes(b"bukan tar")
    result = runner.invoke(args=["db", "pulihkan", str(other)])
    assert result.exit_code == 1
    assert "tidak dapat dibaca" in result.output


def test_without_pg_dump_the_backup_says_which_debian_package_to_install(runner, tmp_path, monkeypatch):
    if is_sqlite():
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    result = runner.invoke(args=["db", "cadangan", "--out", str(tmp_path / "x.tar")])
    assert result.exit_code == 1
    assert "postgresql-client" in result.output
    assert not (tmp_path / "x.tar").exists()
