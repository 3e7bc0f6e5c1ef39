"""On SQLite a write transaction waits for a long writer before it (an import) instead of failing."""

import sqlite3
import threading
import time

import pytest

from ekinerja import db
from ekinerja.db import database, is_sqlite, write_transaction
from ekinerja.models import AuditLog
from ekinerja.services import audit


def test_a_writer_waits_past_the_busy_timeout_for_the_one_before_it(app, monkeypatch):
    if not is_sqlite():
        pytest.skip("PostgreSQL writers wait on row locks, without a timeout")
    database.execute_sql("PRAGMA busy_timeout = 200")  # as if the import took longer than SQLITE_BUSY_SECONDS
    monkeypatch.setattr(db, "SQLITE_WRITE_WAIT_SECONDS", 10)
    other = sqlite3.connect(database.database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, other.execute, ["COMMIT"])
    release.start()
    started = time.monotonic()
    try:
        with write_transaction():
            audit.record("impor", "uji", "x", 1)
    finally:
        release.join()
        other.close()
        database.execute_sql(f"PRAGMA busy_timeout = {db.SQLITE_BUSY_SECONDS * 1000}")
    assert time.monotonic() - started >= 0.9
    assert AuditLog.select().count() == 1


def test_a_writer_gives_up_after_the_longest_wait(app, monkeypatch):
    if not is_sqlite():
        pytest.skip("SQLite only")
    database.execute_sql("PRAGMA busy_timeout = 100")
    monkeypatch.setattr(db, "SQLITE_WRITE_WAIT_SECONDS", 0.3)
    other = sqlite3.connect(database.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(db.OperationalError, match="locked"), write_transaction():
            audit.record("impor", "uji", "x", 1)
    finally:
        other.execute("COMMIT")
        other.close()
        database.execute_sql(f"PRAGMA busy_timeout = {db.SQLITE_BUSY_SECONDS * 1000}")
    assert not database.in_transaction()
    with write_transaction():
        audit.record("impor", "uji", "x", 2)
    assert AuditLog.select().count() == 1
