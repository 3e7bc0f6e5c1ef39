"""The bench's city generator keeps up with the schema: it writes rows column by column (COPY on PostgreSQL), so a new
column without a value of its own breaks it, as the PTKP status once did."""

import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_bench_city_generates_at_the_current_schema(tmp_path):
    path = tmp_path / "city.sqlite3"
    command = [sys.executable, "-m", "bench.city", "--employees", "60", "--skpd", "2", "--periode", "2026-10"]
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, arguments fixed here
        [*command, "--database-url", f"sqlite:///{path}"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*), MIN(status_ptkp), MAX(status_ptkp) FROM pegawai").fetchone() == (
            60,
            "TK/0",
            "TK/0",
        )
        assert db.execute("SELECT COUNT(*) FROM aktivitas").fetchone()[0] > 1000
        assert db.execute("SELECT COUNT(*) FROM presensi").fetchone()[0] > 0
