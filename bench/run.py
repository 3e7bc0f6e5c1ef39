"""Times the recap, the employee month and the superior's inbox against hand-written SQL on the same data.

    python -m bench.run [--employees N] [--db sqlite|postgresql|both] [--profile]     (make bench)

For each database the synthetic city (bench.city) is generated, or reused when it is already there, then
every path is timed next to its baseline, in the same run on the same data, best of N with
time.perf_counter after one untimed warm-up call, the path and its baseline taking turns:

- city recap: compute_month(year, month) for every employee, against ONE query that only groups the
  approved minutes per employee and day (the figure to beat: ratio below 2);
- employee month: recap.employee_month() and GET /kegiatan/bulan as that employee, against a plain SELECT
  of the employee's entries of the month;
- inbox: approvals.waiting() and GET /persetujuan for a superior with 500 waiting entries, against a plain
  SELECT of those 500 entries by id;
- writes: approving those 500 entries, and importing one day of scans of the whole city, each in a
  transaction rolled back, against the same without refreshing the day totals (what keeping them costs).

The app's "today" (ekinerja.clock.today) is set to the day after the bench month, so every working day of
the month is judged and the month is still in the superior's inbox window. The table is printed and
written to bench/out/latest.md; --profile also writes a cProfile of one city recap per database.
"""

import argparse
import cProfile
import datetime
import functools
import io
import os
import pstats
import re
import shlex
import subprocess
import sys
import time

from flask.testing import FlaskClient

from bench.city import (
    BENCH_PASSWORD,
    DEFAULT_PG_URL,
    OUT,
    best_of,
    default_skpd,
    ensure_city,
    machine,
    make_app,
    sqlite_url,
)
from ekinerja import clock
from ekinerja.bulk import cyclic_gc_paused
from ekinerja.db import database, is_sqlite
from ekinerja.models import Pegawai, Presensi, User
from ekinerja.models.day_totals import DayTotals
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.services import approvals, imports, month_facts, recap

TARGET_RATIO = 2

BASELINE_RECAP = """
SELECT pegawai_id, tanggal, SUM(menit_diakui) FROM aktivitas
WHERE status = 'DISETUJUI' AND tanggal BETWEEN {p} AND {p}
GROUP BY pegawai_id, tanggal
"""
BASELINE_MONTH = "SELECT * FROM aktivitas WHERE pegawai_id = {p} AND tanggal BETWEEN {p} AND {p}"
BASELINE_INBOX = "SELECT * FROM aktivitas WHERE id IN ({ids}) ORDER BY pegawai_id, tanggal, jam_mulai"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as in production: the connection is opened and closed."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def sql(query, *params, **fmt):
    """Run hand-written SQL with the driver's placeholder and fetch every row."""
    text = query.format(p=database.param, **fmt)
    if is_sqlite():
        params = [p.isoformat() if isinstance(p, datetime.date) else p for p in params]
    return database.execute_sql(text, params).fetchall()


def login(client, username):
    html = client.get("/masuk").get_data(as_text=True)
    match = CSRF_RE.search(html)
    token = match.group(1) or match.group(2)
    response = client.post("/masuk", data={"username": username, "password": BENCH_PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"login of {username} failed"


class Row:
    def __init__(self, name, seconds, baseline, baseline_seconds, repeat):
        self.name, self.seconds, self.baseline, self.baseline_seconds = name, seconds, baseline, baseline_seconds
        self.repeat = repeat

    @property
    def ratio(self):
        return self.seconds / self.baseline_seconds


def bench_database(kind, url, args, log):
    """Ensure the city in this database and time every path; returns (city info, rows, extra figures)."""
    log(f"\n== {kind}: {url}")
    info = ensure_city(url, args.employees, args.skpd, args.periode, args.seed, log=log)
    year, month = parse_period(args.periode)
    first, last = month_bounds(year, month)
    today = last + datetime.timedelta(days=1)
    app = make_app(url)
    app.test_client_class = IsolatedClient
    small = max(args.repeat, args.repeat_small)
    rows, extra = [], {}
    real_today, clock.today = clock.today, lambda: today
    try:
        with app.app_context():
            database.connect(reuse_if_open=True)
            try:
                # The city recap: the real code path, every employee, against one grouped query.
                log("  timing the city recap ...")
                (seconds, (recap_rows, _)), (baseline, grouped) = best_of(
                    lambda: recap.compute_month(year, month),
                    lambda: sql(BASELINE_RECAP, first, last),
                    repeat=args.repeat,
                )
                rows.append(Row("city recap: compute_month()", seconds, "one grouped SQL query", baseline, args.repeat))
                extra["recap"] = {
                    "pegawai": len(recap_rows),
                    "menit_diakui": sum(r["menit_diakui"] for r in recap_rows),
                    "tpp_diterima": sum(r["tpp_diterima"] for r in recap_rows),
                    "baris_sql": len(grouped),
                }
                if args.profile:
                    extra["breakdown"] = recap_breakdown(year, month)
                    extra["profile"] = profile_recap(kind, year, month)

                # One employee's month, and the superior's inbox.
                pegawai = Pegawai.get_by_id(info["pegawai_id"])
                (month_seconds, summary), (month_baseline, entries) = best_of(
                    lambda: recap.employee_month(pegawai, year, month),
                    lambda: sql(BASELINE_MONTH, pegawai.id, first, last),
                    repeat=small,
                )
                assert summary["rekap"] is not None and entries
                superior = User.get(User.username == info["atasan_user"])
                start, end = approvals.inbox_window(today)
                ids = ", ".join(str(entry.id) for entry in approvals.waiting(superior, start, end, today))
                (inbox_seconds, waiting), (inbox_baseline, plain) = best_of(
                    lambda: approvals.waiting(superior, start, end, today),
                    lambda: sql(BASELINE_INBOX, ids=ids),
                    repeat=small,
                )
                expected = info["counts"]["menunggu_atasan"]
                assert len(waiting) == len(plain) == expected, (len(waiting), len(plain), expected)

                # What keeping the day totals costs the writes: each write rolled back, with and without them.
                log("  timing the writes ...")
                waiting_ids = [entry.id for entry in waiting]
                (decide_seconds, decided), (decide_baseline, _) = best_of(
                    lambda: rolled_back(lambda: approvals.decide(superior, waiting_ids, "setujui", today=today)),
                    lambda: rolled_back(
                        lambda: approvals.decide(superior, waiting_ids, "setujui", today=today), day_totals=False
                    ),
                    repeat=args.repeat_write,
                )
                assert all(outcome.ok for outcome in decided.values())
                scans = day_of_scans(last)
                (import_seconds, imported), (import_baseline, _) = best_of(
                    lambda: rolled_back(lambda: import_scans(scans)),
                    lambda: rolled_back(lambda: import_scans(scans), day_totals=False),
                    repeat=args.repeat_write,
                )
                assert imported.ditambah == scans.count("\n") - 1
                extra["server"] = server_version()
            finally:
                database.close()

        # The pages through the Flask test client, logged in; each request opens and closes its connection.
        client = app.test_client()
        login(client, info["pegawai_user"])
        url_month = f"/kegiatan/bulan?periode={args.periode}"
        [(page_seconds, response)] = best_of(lambda: client.get(url_month), repeat=small)
        assert response.status_code == 200 and b"month-summary" in response.data
        rows.append(
            Row("employee month: employee_month()", month_seconds, "SELECT of their entries", month_baseline, small)
        )
        rows.append(
            Row(f"employee month: GET {url_month}", page_seconds, "SELECT of their entries", month_baseline, small)
        )

        client = app.test_client()
        login(client, info["atasan_user"])
        [(page_seconds, response)] = best_of(lambda: client.get("/persetujuan"), repeat=small)
        shown = response.get_data(as_text=True).count('aria-label="pilih kegiatan ')
        assert response.status_code == 200 and shown == expected, (response.status_code, shown)
        name = f"inbox ({expected} waiting)"
        rows.append(
            Row(f"{name}: approvals.waiting()", inbox_seconds, "SELECT of those entries", inbox_baseline, small)
        )
        rows.append(Row(f"{name}: GET /persetujuan", page_seconds, "SELECT of those entries", inbox_baseline, small))
        without = "the same without day totals"
        writes = args.repeat_write
        rows.append(Row(f"{name}: approving them all", decide_seconds, without, decide_baseline, writes))
        rows.append(
            Row(f"import of {imported.ditambah:,} scans (a day)", import_seconds, without, import_baseline, writes)
        )
    finally:
        clock.today = real_today
    return info, rows, extra


def rolled_back(work, day_totals=True):
    """work() in a transaction that is rolled back, so that the city stays as generated; with day_totals=False the
    day totals are not refreshed (the baseline of a write: what it would cost without them)."""
    refresh_days = DayTotals.__dict__["refresh_days"]
    if not day_totals:
        DayTotals.refresh_days = classmethod(lambda cls, days: None)
    try:
        with database.atomic() as transaction:
            result = work()
            transaction.rollback()
    finally:
        DayTotals.refresh_days = refresh_days
    return result


def day_of_scans(day):
    """A CSV of one day's check-in and check-out of every employee of the city, at times none of their scans has.

    The city's scans fall at any second, so at 100,000 employees a few already stand at 07:11:13 or 16:47:29 that
    day: such an employee's scan moves on by a second until it is new (an import skips a scan it already has).
    """
    first = datetime.datetime.combine(day, datetime.time())
    taken = set(
        Presensi.select(Presensi.pegawai, Presensi.waktu)
        .where(Presensi.waktu.between(first, first + datetime.timedelta(days=1)))
        .tuples()
    )
    lines = []
    for pegawai_id, nip in Pegawai.select(Pegawai.id, Pegawai.nip).order_by(Pegawai.id).tuples():
        for moment in (datetime.time(7, 11, 13), datetime.time(16, 47, 29)):
            scan = datetime.datetime.combine(day, moment)
            while (pegawai_id, scan) in taken:
                scan += datetime.timedelta(seconds=1)
            lines.append(f"{nip},{scan:%Y-%m-%d %H:%M:%S}\n")
    return "nip,waktu\n" + "".join(lines)


def import_scans(text):
    return imports.import_file("presensi", io.BytesIO(text.encode()), "presensi.csv", "bench")


FACT_LOADS = (
    "positions",
    "employees",
    "skpds",
    "jabatan",
    "tariffs",
    "leave",
    "minutes",
    "scan_limits",
    "scanned",
    "scan_times",
    "apel",
    "discipline",
)


def recap_breakdown(year, month, repeat=3):
    """[(part, seconds)] of one city recap, each part the best of `repeat` recaps: each MonthFacts load (its query
    and the Python that builds the structure) one after the other, then the per-employee compute() loop. Relies
    on MonthFacts' loads being properties computed once."""
    best = {}
    for _ in range(repeat):
        facts = month_facts.MonthFacts(year, month)
        timings = []
        with cyclic_gc_paused():  # as in compute_month()
            for name in FACT_LOADS:
                started = time.perf_counter()
                getattr(facts, name)
                timings.append((f"MonthFacts.{name}", time.perf_counter() - started))
            started = time.perf_counter()
            for pegawai_id in facts.positions:
                facts.compute(pegawai_id)
            timings.append(("compute() for every employee", time.perf_counter() - started))
        for part, seconds in timings:
            best[part] = min(seconds, best.get(part, seconds))
    return list(best.items())


def breakdown_table(parts, baseline, markdown=False):
    total = sum(seconds for _, seconds in parts)
    rows = [(name, f"{seconds:.2f}", f"{seconds / total:.0%}", f"{seconds / baseline:.1f}") for name, seconds in parts]
    rows.append(("total", f"{total:.2f}", "100%", f"{total / baseline:.1f}"))
    header = ("part of one city recap", "seconds", "share", "x baseline query")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    return "\n".join(
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in [header, *rows]
    )


def profile_recap(kind, year, month):
    """One city recap under cProfile: the .prof file and the top functions by own time and cumulative time.

    cProfile follows only its own thread, so the recap runs inside a (read-only) transaction, where its loads
    run one after the other on the transaction's connection."""
    profiler = cProfile.Profile()
    with database.atomic():
        profiler.enable()
        recap.compute_month(year, month)
        profiler.disable()
    path = OUT / f"recap-{kind}.prof"
    profiler.dump_stats(path)
    text = {}
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(25)
        text[order] = buffer.getvalue()
    return {"path": str(path), **text}


def server_version():
    if is_sqlite():
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return "PostgreSQL " + database.execute_sql("SHOW server_version").fetchone()[0]


def table(rows, markdown=False):
    header = ("benchmark", "seconds", "baseline", "baseline s", "ratio", "best of")
    body = [
        (r.name, f"{r.seconds:.4f}", r.baseline, f"{r.baseline_seconds:.4f}", f"{r.ratio:.1f}", str(r.repeat))
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---", "---:", "---", "---:", "---:", "---:"]) + "|"]
        return "\n".join(lines + ["| " + " | ".join(cells) + " |" for cells in body])
    widths = [max(len(str(c[i])) for c in [header, *body]) for i in range(len(header))]
    right = {1, 3, 4, 5}

    def fmt(cells):
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *map(fmt, body)])


def describe_city(info):
    c = info["counts"]
    made = "generated" if info["generated"] else "reused; generated"
    return (
        f"{c['pegawai']:,} employees in {c['skpd']} SKPD, {c['jabatan']:,} positions, {c['aktivitas']:,} entries, "
        f"{c['hari_presensi']:,} attendance days ({c['presensi']:,} scans), {c['apel']:,} apel rows, "
        f"{c['cuti']:,} leave; {made} in {info['detik_generasi']:.1f} s"
    )


def revision():
    """The commit measured, marked when the working tree differs from it."""
    try:
        run = functools.partial(subprocess.run, capture_output=True, text=True, check=True, cwd=OUT.parent.parent)
        commit = run(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()  # noqa: S603, S607
        dirty = run(["git", "status", "--porcelain", "--untracked-files=no"]).stdout.strip()  # noqa: S603, S607
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--skpd", type=int, default=None, help="default: one per 250 employees (40 for 10,000)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--periode", default="2026-10")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the city recap (default 3)")
    parser.add_argument("--repeat-small", type=int, default=10, help="best of N for the per-person paths")
    parser.add_argument("--repeat-write", type=int, default=2, help="best of N for the writes (default 2)")
    parser.add_argument("--sqlite-path", default=None, help="default: bench/out/city.sqlite3")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL),
        help=f"PostgreSQL database of the bench city, created if missing (default: $BENCH_PG_URL or {DEFAULT_PG_URL})",
    )
    parser.add_argument("--profile", action="store_true", help="also profile one city recap per database")
    args = parser.parse_args(argv)
    args.skpd = args.skpd or default_skpd(args.employees)
    OUT.mkdir(parents=True, exist_ok=True)
    command = " ".join(["python -m bench.run", *map(shlex.quote, sys.argv[1:] if argv is None else argv)])
    started = time.perf_counter()

    def log(text):
        print(text, flush=True)

    targets = []
    if args.db in ("sqlite", "both"):
        targets.append(("sqlite", sqlite_url(args.sqlite_path) if args.sqlite_path else sqlite_url()))
    if args.db in ("postgresql", "both"):
        targets.append(("postgresql", args.pg_url))

    results = []
    for kind, url in targets:
        info, rows, extra = bench_database(kind, url, args, log)
        results.append((kind, info, rows, extra))
        r = extra["recap"]
        log(
            f"  recap: {r['pegawai']:,} rows, {r['menit_diakui']:,} minutes credited, "
            f"TPP {r['tpp_diterima']:,} rupiah; baseline: {r['baris_sql']:,} grouped rows"
        )
        log(f"\n{kind} ({extra['server']}): {describe_city(info)}\n{table(rows)}")
        if "profile" in extra:
            parts = breakdown_table(extra["breakdown"], rows[0].baseline_seconds)
            log(f"\nwhere one city recap spends its time on {kind}:\n{parts}")
            log(f"\nprofile of one city recap on {kind} ({extra['profile']['path']}):\n{extra['profile']['tottime']}")

    total = time.perf_counter() - started
    status = []
    for kind, _, rows, _ in results:
        ratio = rows[0].ratio
        status.append(f"{kind}: city recap / query = {ratio:.1f} ({'below' if ratio < TARGET_RATIO else 'above'} 2)")
    log("\n" + "\n".join(status) + f"\ntotal {total:.0f} s")
    write_markdown(command, results, total)
    log(f"written: {OUT / 'latest.md'}")
    return 0


def write_markdown(command, results, total):
    lines = [
        "# Benchmark figures",
        "",
        f"`{command}` on {datetime.datetime.now():%Y-%m-%d %H:%M} at {revision()}, {machine()}; "
        f"the whole run took {total:.0f} s.",
        "Seconds are the best of N calls after one warm-up call, a path and its baseline taking turns; the ratio is "
        "seconds / baseline seconds,",
        "both measured in the same run on the same data.",
    ]
    for kind, info, rows, extra in results:
        lines += ["", f"## {kind} ({extra['server']})", "", describe_city(info) + ".", "", table(rows, markdown=True)]
        if "breakdown" in extra:
            lines += ["", breakdown_table(extra["breakdown"], rows[0].baseline_seconds, markdown=True)]
    lines += [
        "",
        "Baselines: *one grouped SQL query*: `SELECT pegawai_id, tanggal, SUM(menit_diakui) FROM aktivitas WHERE "
        "status = 'DISETUJUI' AND tanggal BETWEEN first AND last GROUP BY pegawai_id, tanggal`, all rows fetched; "
        "*SELECT of their entries*: `SELECT * FROM aktivitas WHERE pegawai_id = ? AND tanggal BETWEEN ...`; "
        "*SELECT of those entries*: `SELECT * FROM aktivitas WHERE id IN (the 500 ids) ORDER BY pegawai_id, tanggal, "
        "jam_mulai`; *the same without day totals*: the same write with `DayTotals.refresh_days` doing nothing. "
        "Both writes run in a transaction that is rolled back.",
        "",
    ]
    (OUT / "latest.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
