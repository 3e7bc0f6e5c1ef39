"""App, client and runner fixtures on a migrated database: SQLite by default, PostgreSQL with DATABASE_URL."""

import os
import re

import pytest
from flask.testing import FlaskClient

from ekinerja import create_app, migrations
from ekinerja.db import bind, database, is_sqlite
from ekinerja.models import DAY_TOTALS_MODELS

PG_URL = os.environ.get("DATABASE_URL", "")


def _reachable(url):
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def _worker_database(url):
    """Each pytest-xdist worker gets its own PostgreSQL database next to the configured one."""
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base, _, name = url.rpartition("/")
    own = f"{name}_{worker}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{own}"')
    return f"{base}/{own}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if PG_URL.startswith("postgres"):
        if not _reachable(PG_URL):
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL not reachable at {PG_URL} on CI")
            pytest.skip("PostgreSQL not reachable")
        return _worker_database(PG_URL)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test"})
    with app.app_context():
        database.connect(reuse_if_open=True)
        if not is_sqlite():
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
        migrations.upgrade()
        database.close()
    return database_url


def _empty_all_tables():
    tables = [t for t in database.get_tables() if t != "schema_version"]
    if is_sqlite():
        database.execute_sql("PRAGMA foreign_keys = OFF")
        for table in tables:
            database.execute_sql(f'DELETE FROM "{table}"')
        if database.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            database.execute_sql("DELETE FROM sqlite_sequence")
        database.execute_sql("PRAGMA foreign_keys = ON")
    else:
        database.execute_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as in production: fresh `g`, teardown hooks run."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def _app(_schema):
    """One app for the session: building Flask-Admin's views for every test would dominate the run time."""
    app = create_app({"TESTING": True, "DATABASE_URL": _schema, "SECRET_KEY": "test"})
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def app(_app, tmp_path, monkeypatch):
    _app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    # The request that starts a job waits for it, so that a test sees the job's outcome in the answer.
    _app.config.update(JOBS_FOLDER=str(tmp_path / "pekerjaan"), JOBS_WAIT_SECONDS=60, REDIS_URL=None)
    if not database.is_closed():
        database.close()
    bind(_app)  # a test may have bound the proxy to a database of its own
    with _app.app_context():
        database.connect(reuse_if_open=True)
        _empty_all_tables()
        yield _app
        bind(_app)
        database.connect(reuse_if_open=True)
        for totals in DAY_TOTALS_MODELS:  # every write the test made kept the day totals
            assert totals.differences() == [], f"{totals.__name__} differs from its source"
        database.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url):
    """The CSRF token of the form on a page, as a browser would submit it."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no csrf token on {url}"
    return match.group(1) or match.group(2)
