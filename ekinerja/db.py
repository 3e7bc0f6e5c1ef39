"""Database binding: one proxy for the whole app, opened per request, SQLite or PostgreSQL by URL."""

import os
from concurrent.futures import ThreadPoolExecutor

from peewee import DatabaseProxy, Model, SqliteDatabase, fn
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


def date_of(timestamp):
    """SQL for the calendar date of a timestamp column (SQLite keeps timestamps as ISO text)."""
    return fn.date(timestamp) if is_sqlite() else timestamp.cast("date")


def before_time_of_day(timestamp, moment):
    """SQL: whether a timestamp column's time of day is before moment (a datetime.time)."""
    if is_sqlite():
        return fn.time(timestamp) < moment.isoformat()
    return timestamp.cast("time") < moment


def run_concurrently(*loads):
    """Call independent read-only loads, on PostgreSQL at once, each in a thread on a connection of its own.

    There the server computes one query in its own process while Python handles another's rows. On SQLite
    the loads run one after the other: its driver releases and retakes the GIL for every row fetched, so
    threads reading rows at once are slower than one. Inside a transaction they also run in turn on its
    connection: only that connection sees the transaction's writes. Returns the loads' results in order.
    """
    if is_sqlite() or database.in_transaction():
        return [load() for load in loads]

    def on_own_connection(load):
        with database.connection_context():
            return load()

    with ThreadPoolExecutor(max_workers=len(loads)) as pool:
        return list(pool.map(on_own_connection, loads))


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
