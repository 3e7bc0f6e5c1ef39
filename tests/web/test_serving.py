"""What a production server relies on: /sehat for the load balancer, pooled PostgreSQL connections within the
configured bound, and SQLite's writers queueing instead of failing."""

import threading

import pytest

from ekinerja import migrations
from ekinerja.db import database, is_sqlite, open_database, run_concurrently


def test_health_answers_200_with_the_schema_version_and_needs_no_login(client):
    response = client.get("/sehat")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "sehat",
        "basis_data": True,
        "skema": migrations.LATEST,
        "skema_terbaru": migrations.LATEST,
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_health_answers_503_while_a_migration_is_pending(client, monkeypatch):
    current = migrations.LATEST
    monkeypatch.setattr(migrations, "LATEST", current + 1)  # as after deploying code with a new step
    response = client.get("/sehat")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "tidak sehat",
        "basis_data": True,
        "skema": current,
        "skema_terbaru": current + 1,
    }


def test_health_answers_503_when_the_database_cannot_be_reached(app, tmp_path):
    missing = "sqlite:///" + str(tmp_path / "no-such-dir" / "db.sqlite3")
    previous = database.obj
    database.initialize(open_database(missing))
    try:
        response = app.test_client().get("/sehat")
    finally:
        database.initialize(previous)
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "tidak sehat",
        "basis_data": False,
        "skema": None,
        "skema_terbaru": migrations.LATEST,
    }


def test_sqlite_transactions_take_the_write_lock_when_they_begin(app, database_url, tmp_path):
    """A transaction that reads, then writes, queues for the lock at BEGIN rather than failing when it writes."""
    if not is_sqlite():
        pytest.skip("SQLite only")
    path = tmp_path / "writers.sqlite3"
    own = open_database(f"sqlite:///{path}")
    with own.connection_context():
        own.execute_sql("CREATE TABLE counter (n INTEGER)")
        own.execute_sql("INSERT INTO counter VALUES (0)")
    errors = []

    def increment():
        db = open_database(f"sqlite:///{path}")
        try:
            with db.connection_context():
                for _ in range(20):
                    with db.atomic():
                        (n,) = db.execute_sql("SELECT n FROM counter").fetchone()
                        db.execute_sql("UPDATE counter SET n = ?", (n + 1,))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure of a writer
            errors.append(exc)

    threads = [threading.Thread(target=increment) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with own.connection_context():
        assert own.execute_sql("SELECT n FROM counter").fetchone()[0] == 120


def test_postgresql_connections_are_pooled_within_the_configured_bound(app, database_url):
    if is_sqlite():
        pytest.skip("PostgreSQL only")
    assert database.obj._max_connections == app.config["DATABASE_POOL_MAX"]
    pooled = open_database(database_url, max_connections=1)
    with pooled.connection_context():
        first = pooled.connection()
    with pooled.connection_context():
        assert pooled.connection() is first  # given back to the pool, then reused
    pooled.close_all()


def test_loads_run_in_turn_when_the_parallel_connections_are_taken(app, monkeypatch):
    from ekinerja import db

    monkeypatch.setattr(db, "_parallel", db._ParallelSlots(1))
    threads = []

    def load():
        threads.append(threading.get_ident())
        return database.execute_sql("SELECT 1").fetchone()[0]

    assert run_concurrently(load, load) == [1, 1]
    assert set(threads) == {threading.get_ident()}
    assert db._parallel.count == 1
