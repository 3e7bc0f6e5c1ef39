"""Database binding: one proxy for the whole app, opened per request, SQLite or PostgreSQL by URL."""

import contextlib
import contextvars
import datetime
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from peewee import (
    SQL,
    DatabaseProxy,
    Expression,
    Model,
    OperationalError,
    SelectBase,
    SqliteDatabase,
    Value,
    chunked,
    fn,
)
from playhouse.db_url import parse as parse_url
from playhouse.pool import PooledPostgresqlDatabase

database = DatabaseProxy()

# What a request has read once (read_once): None outside a request.
_read_in_request: contextvars.ContextVar[dict | None] = contextvars.ContextVar("read_in_request", default=None)

# SQLite has one writer at a time: a writer waits up to SQLITE_BUSY_SECONDS for the one before it. Every transaction
# begins IMMEDIATE (takes the write lock at BEGIN), so that a transaction that read first never fails with
# "database is locked" when it then writes while another holds the lock: it queues at BEGIN instead.
SQLITE_BUSY_SECONDS = 30
# A write transaction that still finds the writer busy after SQLITE_BUSY_SECONDS (a long import holds it for all of
# its rows) asks again until this many seconds have passed, rather than failing: below gunicorn's worker timeout.
SQLITE_WRITE_WAIT_SECONDS = 100
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": SQLITE_BUSY_SECONDS * 1000,
    "synchronous": "normal",
}


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


# PostgreSQL compiles a plan to machine code (JIT) when its estimated cost is high. A month's queries run in tens of
# milliseconds, less than the compilation costs (about 0.1 s of CPU for a city's month), so the app turns it off
# unless the URL sets its own options.
POSTGRES_OPTIONS = "-c jit=off"


# A request waits this long for a pooled PostgreSQL connection when all of its process's are in use.
POOL_WAIT_SECONDS = 30
# A pooled connection unused this long is closed rather than reused (servers and proxies drop idle ones).
POOL_STALE_SECONDS = 300


def open_database(url, max_connections=None):
    """A peewee database for a URL; SQLite gets WAL, foreign keys, a busy timeout and IMMEDIATE transactions;
    PostgreSQL a pool of at most max_connections (None: no bound) and POSTGRES_OPTIONS."""
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1]
        return SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=SQLITE_BUSY_SECONDS, lock_type="IMMEDIATE")
    params = parse_url(url)
    params.setdefault("options", POSTGRES_OPTIONS)
    database_name = params.pop("database")
    return PooledPostgresqlDatabase(
        database_name,
        max_connections=max_connections,
        stale_timeout=POOL_STALE_SECONDS,
        timeout=POOL_WAIT_SECONDS,
        **params,
    )


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


def time_of_day(timestamp):
    """SQL: the time of day of a timestamp column, comparable with a time column (SQLite: HH:MM:SS text)."""
    return fn.time(timestamp) if is_sqlite() else timestamp.cast("time")


def minutes_between(start, end):
    """SQL: the whole minutes from one time-of-day column to another (across midnight when end is earlier), as
    Python's (end - start).seconds // 60."""
    if is_sqlite():
        seconds = fn.strftime("%s", end) - fn.strftime("%s", start)
        return Expression(seconds + SQL("86400"), "%", SQL("86400")) / SQL("60")
    return fn.MOD(fn.date_part("epoch", end - start).cast("integer") + SQL("86400"), SQL("86400")) / SQL("60")


def least(a, b):
    """SQL: the smaller of two values (SQLite's two-argument MIN, PostgreSQL's LEAST)."""
    return fn.MIN(a, b) if is_sqlite() else fn.LEAST(a, b)


def day_of_month(day):
    """SQL: the day-of-month number (1-31) of a date expression (SQLite keeps dates as YYYY-MM-DD text)."""
    if is_sqlite():
        return fn.substr(day, 9, 2).cast("INTEGER")
    return fn.date_part("day", day).cast("integer")


def day_set_of(day_number):
    """SQL aggregate: the days of a group as a rules.calendar.day_set (bit d set for day d of the month).

    It sums the bits, so each day may appear only once in a group (as after grouping by employee and day).
    """
    if is_sqlite():
        return fn.SUM(Expression(Value(1), "<<", day_number))
    return fn.BIT_OR(Expression(Value(1).cast("bigint"), "<<", day_number))


class _ParallelSlots:
    """The connections, beyond one per request thread, that loads run side by side may hold at once."""

    def __init__(self, count):
        self.count = count
        self._lock = threading.Lock()

    def take(self, wanted):
        with self._lock:
            if wanted > self.count:
                return False
            self.count -= wanted
            return True

    def give_back(self, count):
        with self._lock:
            self.count += count


_parallel = _ParallelSlots(8)


def run_concurrently(*loads):
    """Call read-only loads at once, each in a thread on a connection of its own; returns their results in order.

    Each database computes a query without holding Python's GIL (PostgreSQL in its own process, SQLite's driver
    releases it while a statement runs), so one load's query runs while another's rows are handled in Python.
    A value that several loads need must be loaded once under a lock (as MonthFacts' properties are). Inside a
    transaction the loads run in turn on its connection, the only one that sees the transaction's writes; so they
    do on an in-memory SQLite database, which another connection would find empty (peewee opens no SQLite
    database without a name). They also run in turn while other requests of the process hold the connections
    set aside for such loads (DATABASE_PARALLEL_LOADS), so that the pool's bound is never exceeded.
    """
    if database.in_transaction() or (is_sqlite() and database.database == ":memory:") or not _parallel.take(len(loads)):
        return [load() for load in loads]

    def on_own_connection(load):
        with database.connection_context():
            return load()

    try:
        with ThreadPoolExecutor(max_workers=len(loads)) as pool:
            return list(pool.map(on_own_connection, loads))
    finally:
        _parallel.give_back(len(loads))


def _begin_sqlite_write():
    """database.atomic('IMMEDIATE'), entered: waiting for the writer before it up to SQLITE_WRITE_WAIT_SECONDS."""
    deadline = time.monotonic() + SQLITE_WRITE_WAIT_SECONDS
    while True:
        transaction = database.atomic("IMMEDIATE")
        try:
            transaction.__enter__()
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            continue  # BEGIN IMMEDIATE already waited its busy timeout
        return transaction


def read_once(key, compute):
    """compute(), read once per web request under key (a page's parts ask for the same rule set half a dozen times);
    outside a request, every time. A write transaction forgets what was read (write_transaction)."""
    values = _read_in_request.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def _forget_what_was_read():
    values = _read_in_request.get()
    if values:
        values.clear()


@contextlib.contextmanager
def write_transaction():
    """A transaction that writes after reading: IMMEDIATE on SQLite so concurrent writers queue instead of failing,
    for as long as SQLITE_WRITE_WAIT_SECONDS. What the request had read once is read again, inside and after it."""
    _forget_what_was_read()
    try:
        with _write_transaction() as transaction:
            yield transaction
    finally:
        _forget_what_was_read()


@contextlib.contextmanager
def _write_transaction():
    if not is_sqlite() or database.in_transaction():
        with database.atomic() as transaction:
            yield transaction
        return
    with contextlib.ExitStack() as stack:
        transaction = _begin_sqlite_write()
        stack.push(transaction)  # entered already: leaving commits it, or rolls it back on an exception
        yield transaction


def all_or_nothing():
    """Statements that must land together: in a transaction of their own, or in the one already open, without a
    savepoint (two more round trips), since none of their callers goes on after one of them fails."""
    return contextlib.nullcontext() if database.in_transaction() else database.atomic()


def insert_all(model, rows, fields=None, batch=100):
    """Insert rows (dicts, or tuples in the order of fields) a batch per statement, within SQLite's variable limit."""
    for part in chunked(rows, batch):
        model.insert_many(part, fields=fields).execute()


def hold_rows(model, row_ids=None):
    """Within a write transaction: wait for, and keep until it ends, the locks on these rows (None: every row).

    For checks that read before they write (no overlapping hours, one decision at a time), which two requests
    must not run at once for the same row. On SQLite the IMMEDIATE write transaction already holds the whole
    database; PostgreSQL locks the rows in id order (SELECT ... FOR NO KEY UPDATE), and what the transaction reads
    after it sees what the one before it committed. The lock is the one an UPDATE of other columns takes: holders
    queue for each other, but not for a transaction that only inserted rows referring to these (which holds
    FOR KEY SHARE), so that two imports of scans of the same employees do not deadlock.

    row_ids: ids, or a query of them (then found in the same statement as they are held).
    """
    if is_sqlite():
        return
    query = model.select(model.id).order_by(model.id).for_update("FOR NO KEY UPDATE")
    if row_ids is not None:
        query = query.where(model.id.in_(row_ids if isinstance(row_ids, SelectBase) else sorted(row_ids)))
    list(query.tuples())


def bind(app):
    """Point the shared proxy at this app's database, pooled within DATABASE_POOL_MAX connections."""
    global _parallel
    database.initialize(open_database(database_url(app), app.config["DATABASE_POOL_MAX"]))
    _parallel = _ParallelSlots(app.config["DATABASE_PARALLEL_LOADS"])


def init_app(app):
    """A request connects at its first query (peewee's autoconnect; /sehat answers 503 when that fails) and gives
    its connection back to the pool when it ends."""
    bind(app)

    @app.before_request
    def _read_afresh():
        _read_in_request.set({})

    @app.teardown_request
    def _forget(exc):
        _read_in_request.set(None)

    @app.teardown_appcontext
    def _close(exc):
        if not database.is_closed():
            database.close()


def as_date(value):
    """A date column as the driver returns it without peewee's conversion (SQLite: ISO text), or None."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def as_datetime(value):
    """A timestamp column as the driver returns it without peewee's conversion (SQLite: ISO text), or None."""
    return datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
