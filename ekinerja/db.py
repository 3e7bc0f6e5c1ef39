"""Database binding: one proxy for the whole app, opened per request, SQLite or PostgreSQL by URL."""

import os

from peewee import DatabaseProxy, Model, SqliteDatabase
from playhouse.db_url import connect as connect_url

database = DatabaseProxy()

SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": "normal"}


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


def open_database(url):
    """A peewee database for a URL; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1]
        return SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=5)
    return connect_url(url)


def database_url(app):
    return app.config.get("DATABASE_URL") or "sqlite:///" + os.path.join(app.instance_path, "ekinerja.sqlite3")


def is_sqlite():
    return isinstance(database.obj, SqliteDatabase)


def write_transaction():
    """A transaction that writes after reading: IMMEDIATE on SQLite so concurrent writers queue instead of failing."""
    if is_sqlite():
        return database.atomic("IMMEDIATE")
    return database.atomic()


def bind(app):
    """Point the shared proxy at this app's database."""
    database.initialize(open_database(database_url(app)))


def init_app(app):
    bind(app)

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc):
        if not database.is_closed():
            database.close()
