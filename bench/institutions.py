"""Times the institutions' screens on the bench city (10,000 employees, one month), after locking that month.

    python -m bench.institutions [--db sqlite|postgresql|both] [--repeat 5] [--pg-url URL]

The city is built (or reused) by bench/city.py and copied as bench/load.py copies it (the month gets locked and the
schema upgraded on the copy only). Each screen is asked through the Flask test client as an admin with the keuangan
role, as the verifikator where a screen is theirs (their menu counts the entries waiting for them, past the approval
deadline the whole month's: services/approvals.py, timed by bench/pages.py), and as a member of staff for their own
pages: a first request (nothing cached in the process yet, the "cold" column), then
--repeat rounds in which the screen and a baseline take turns (a SELECT of one SKPD's month of entries, the rows the
anomaly screen reads). The median of the rounds is reported, beside the baseline's median and the ratio, because
the machine is shared with other jobs. Target: every screen under 1 s, /publik under 50 ms from its cache.
"""

import argparse
import datetime
import gc
import os
import statistics
import sys
import time

from bench import city, load
from bench.run import IsolatedClient
from ekinerja import clock, migrations
from ekinerja.db import database
from ekinerja.models import Aktivitas, Pegawai, Periode, Skpd, User
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.services import periods

TARGET_SECONDS = 1.0


def medians(*functions, repeat):
    """[median seconds] of each function over repeat rounds in which they take turns, after a warm-up call each."""
    for function in functions:
        function()
    times = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            gc.collect()
            started = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def _logged_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def run(url, args, log):
    city.ensure_city(url, args.employees, city.default_skpd(args.employees), args.periode, args.seed, log=log)
    copy = load.copy_city(url, url)
    app = city.make_app(copy)
    app.test_client_class = IsolatedClient
    app.config["WTF_CSRF_ENABLED"] = False
    year, month = parse_period(args.periode)
    day_after = month_bounds(year, month)[1] + datetime.timedelta(days=1)
    real_today, clock.today = clock.today, lambda: day_after  # the month is over: it may be locked
    try:
        with app.app_context(), database.connection_context():
            migrations.upgrade()
            boss = User.create(username="bench-institusi", password_hash="-", peran="admin,keuangan")
            verifikator = User.create(username="bench-verifikator", password_hash="-", peran="verifikator")
            started = time.perf_counter()
            periods.lock(verifikator, year, month)
            lock_seconds = time.perf_counter() - started
            skpd = Skpd.select().order_by(Skpd.kode).first()
            someone = Pegawai.select().where(Pegawai.skpd == skpd).order_by(Pegawai.id).first()
            staff = User.get_or_none(User.pegawai == someone) or User.create(
                username="bench-staf", password_hash="-", peran="pegawai", pegawai=someone
            )
            first, last = month_bounds(year, month)
            in_skpd = Pegawai.select(Pegawai.id).where(Pegawai.skpd == skpd)
            entries = Aktivitas.select(
                Aktivitas.id, Aktivitas.pegawai, Aktivitas.tanggal, Aktivitas.uraian, Aktivitas.volume
            ).where(Aktivitas.tanggal.between(first, last), Aktivitas.pegawai.in_(in_skpd))
            count = entries.count()
            assert Periode.is_locked(year, month)

        def baseline():
            with app.app_context(), database.connection_context():
                return database.execute(entries).fetchall()

        periode = f"{year:04d}-{month:02d}"
        boss_client, staff_client = _logged_in(app, boss), _logged_in(app, staff)
        verifikator_client = _logged_in(app, verifikator)
        screens = [
            ("`/publik` (from the process cache)", boss_client, f"/publik?periode={periode}"),
            ("`/publik/data.json`", boss_client, "/publik/data.json"),
            ("`/peringkat` (month, year, 12-month trends)", boss_client, f"/peringkat?periode={periode}"),
            ("`/peringkat/apresiasi`", boss_client, f"/peringkat/apresiasi?periode={periode}"),
            ("`/peringkat/apresiasi.pdf`", boss_client, f"/peringkat/apresiasi.pdf?periode={periode}"),
            ("`/anomali`, one SKPD", boss_client, f"/anomali?periode={periode}&skpd={skpd.id}"),
            ("`/anomali` as verifikator", verifikator_client, f"/anomali?periode={periode}&skpd={skpd.id}"),
            ("`/verifikasi` with the flag column", verifikator_client, f"/verifikasi?periode={periode}&skpd={skpd.id}"),
            ("`/kalibrasi`, one SKPD, the year", boss_client, f"/kalibrasi?skpd={skpd.kode}&tahun={year}"),
            ("`/simulasi`, the city under rule set 1", boss_client, f"/simulasi?periode={periode}&aturan=1"),
            ("portal ABK with realisation, one SKPD", boss_client, f"/admin/abk/?skpd={skpd.id}&tahun={year}"),
            ("`/peringkat` as staff (own band)", staff_client, f"/peringkat?periode={periode}"),
            ("`/kegiatan/bulan` as staff (reconciliation)", staff_client, f"/kegiatan/bulan?periode={periode}"),
        ]
        rows = []
        for label, client, path in screens:
            started = time.perf_counter()
            if client.get(path).status_code == 404:  # a screen this version of the code does not have
                continue
            cold = time.perf_counter() - started
            seconds, base = medians(lambda c=client, p=path: _get(c, p), baseline, repeat=args.repeat)
            rows.append((label, cold, seconds, base))
    finally:
        clock.today = real_today
    return lock_seconds, count, rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="postgresql")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--periode", default="2026-11")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", city.DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    city.OUT.mkdir(parents=True, exist_ok=True)
    urls = {"sqlite": city.sqlite_url(), "postgresql": args.pg_url}
    print(city.machine())
    for name in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        lock_seconds, count, rows = run(urls[name], args, log=lambda message: print(message, file=sys.stderr))
        print(f"\n{name}, {args.periode} locked in {lock_seconds:.2f} s; median of {args.repeat} rounds")
        print(f"baseline: a SELECT of one SKPD's month of entries ({count:,} rows)")
        print("| screen | cold s | s | baseline s | ratio |")
        print("|---|---:|---:|---:|---:|")
        for label, cold, seconds, base in rows:
            mark = "" if seconds < TARGET_SECONDS else " (over 1 s)"
            print(f"| {label} | {cold:.3f} | {seconds:.3f}{mark} | {base:.3f} | {seconds / base:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
