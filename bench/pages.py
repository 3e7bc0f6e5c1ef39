"""Times every page of the verifikator and the admin, and each role's home page, on the bench city, the day after the
approval deadline.

    python -m bench.pages [--db sqlite|postgresql|both] [--repeat 3]

Past the deadline a verifikator decides every entry of the month still waiting (55,572 on the bench city of 10,000
employees). The city is copied as bench/load.py copies it (its own SQLite file or PostgreSQL database), brought to
the current schema, given a verifikator, an admin, an admin_skpd and a keuangan (and a superior and a staff member of
load.py's accounts, whose home pages are timed too), and each page is asked through the Flask test client, logged
in, best of --repeat after a warm-up request. Target: every page under 0.3 s. An open month's /rekap/kota shows
the totals its background job stored (the warm-up request waits for that job); the job itself is timed apart. Then
the month is locked (timed: the lock job's work) and the pages that read its snapshot are timed again.
"""

import argparse
import datetime
import os
import sys
import time

from peewee import fn
from werkzeug.security import generate_password_hash

from bench import city, load
from bench.run import CSRF_RE, IsolatedClient
from ekinerja import clock, migrations
from ekinerja.db import database
from ekinerja.models import AturanTpp, Pegawai, User
from ekinerja.rules.calendar import parse_period
from ekinerja.services import approvals, city_overview, periods
from ekinerja.services.calendar import approval_deadline
from ekinerja.services.positions import leads_positions

ADMIN = "admin.beban"
ADMIN_SKPD = "admin.skpd.beban"
KEUANGAN = "keuangan.beban"
TARGET_SECONDS = 0.3
# The admin's portal lists of the tables that grow with the city (paged by Flask-Admin).
ADMIN_PORTAL = [
    "/admin/",
    "/admin/pegawai/",
    "/admin/pengguna/",
    "/admin/riwayat/",
    "/admin/jabatan/",
    "/admin/tugas/",
    "/admin/abk/",
    "/admin/cuti/",
    "/admin/skpd/",
    "/admin/kesiapan/",
    "/admin/audit/",
]


def login(client, username):
    html = client.get("/masuk").get_data(as_text=True)
    match = CSRF_RE.search(html)
    form = {"username": username, "password": load.PASSWORD, "csrf_token": match.group(1) or match.group(2)}
    assert client.post("/masuk", data=form).status_code == 302, f"login of {username} failed"


def timed(client, path, repeat):
    response = client.get(path)  # warm-up
    assert response.status_code == 200, (path, response.status_code)
    return timed_job(lambda: client.get(path), repeat)


def run(url, args, log):
    city.ensure_city(url, args.employees, city.default_skpd(args.employees), args.periode, args.seed, log=log)
    copy = load.copy_city(url, url)
    accounts = load.add_accounts(copy, 10)
    app = city.make_app(copy)
    app.test_client_class = IsolatedClient
    app.config["JOBS_WAIT_SECONDS"] = (
        300  # the warm-up visit of /rekap/kota waits for its job, timed ones read its totals
    )
    year, month = parse_period(args.periode)
    with app.app_context(), database.connection_context():
        migrations.upgrade()
        password_hash = generate_password_hash(load.PASSWORD)
        User.create(username=ADMIN, password_hash=password_hash, peran="admin")
        User.create(username=ADMIN_SKPD, password_hash=password_hash, peran="admin_skpd", skpd=accounts["skpd_id"])
        User.create(username=KEUANGAN, password_hash=password_hash, peran="keuangan")
        deadline = approval_deadline(year, month)
    today = deadline + datetime.timedelta(days=1)
    real_today, clock.today = clock.today, lambda: today
    try:
        with app.app_context(), database.connection_context():
            verifikator = User.get(User.username == load.VERIFIKATOR)
            waiting = approvals.waiting_count(verifikator, today)
            # A staff member who leads nobody (some of load.py's staff lead posts of their own).
            staff = next(nip for nip in accounts["staff"] if not leads_positions(Pegawai.get(nip=nip).id, today))
        periode, skpd = args.periode, accounts["skpd_id"]
        open_month = {
            load.VERIFIKATOR: [
                "/",
                "/persetujuan",
                "/persetujuan?halaman=2",
                f"/verifikasi?periode={periode}&skpd={skpd}",
                "/periode",
                f"/rekap/kota?periode={periode}",
                f"/rekap/skpd?periode={periode}",
                f"/peringkat?periode={periode}",
                f"/anomali?periode={periode}",
                "/kalibrasi",
                "/pekerjaan",
                "/admin/",
                "/admin/audit/",
            ],
            ADMIN: [
                "/",
                "/periode",
                f"/rekap/kota?periode={periode}",
                f"/rekap/skpd?periode={periode}",
                f"/anomali?periode={periode}",
                "/kalibrasi",
                "/skp/distribusi",
                "/apel",
                "/simulasi",
                *ADMIN_PORTAL,
            ],
            # Each role's home page and the bell's list.
            ADMIN_SKPD: ["/", "/notifikasi"],
            KEUANGAN: ["/", "/notifikasi"],
            accounts["superiors"][0]: ["/", "/notifikasi"],
            staff: ["/", "/notifikasi"],
        }
        clients = {}
        for username in open_month:
            clients[username] = app.test_client()
            login(clients[username], username)
        rows = time_pages(clients, open_month, args.repeat)
        with app.app_context(), database.connection_context():
            job_seconds = timed_job(lambda: city_overview.compute(year, month), args.repeat)
            started = time.perf_counter()
            periods.lock(verifikator, year, month, reason="bench")
            lock_seconds = time.perf_counter() - started
            draft = AturanTpp.select(fn.MAX(AturanTpp.id)).scalar()
        locked_month = {
            load.VERIFIKATOR: [f"/rekap/kota?periode={periode}", f"/rekap/skpd?periode={periode}", "/periode"],
            ADMIN: [
                f"/rekap/kota?periode={periode}",
                f"/rekap/skpd?periode={periode}",
                f"/peringkat?periode={periode}",
                f"/simulasi?periode={periode}&aturan={draft}",
            ],
            KEUANGAN: ["/", f"/rekap/pembayaran?periode={periode}"],
        }
        rows += time_pages(clients, locked_month, args.repeat, note=" (locked)")
    finally:
        clock.today = real_today
    return waiting, today, rows, job_seconds, lock_seconds


def time_pages(clients, pages, repeat, note=""):
    return [
        (username, path + note, timed(clients[username], path, repeat))
        for username, paths in pages.items()
        for path in paths
    ]


def timed_job(job, repeat):
    """The best wall time of repeat calls of job()."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--periode", default=load.previous_month(clock.today()), help="the city's month")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", city.DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    city.OUT.mkdir(parents=True, exist_ok=True)
    urls = {"sqlite": city.sqlite_url(), "postgresql": args.pg_url}
    print(city.machine())
    for name in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        if name == "postgresql":
            city.ensure_postgres_database(urls[name])
        waiting, today, rows, job_seconds, lock_seconds = run(
            urls[name], args, log=lambda message: print(message, file=sys.stderr)
        )
        print(f"\n{name}: {waiting:,} entries wait for the verifikator on {today} (best of {args.repeat})")
        print("| user | page | s |")
        print("|---|---|---:|")
        for username, path, seconds in rows:
            mark = "" if seconds < TARGET_SECONDS else " (over 0.3 s)"
            print(f"| {username} | `{path}` | {seconds:.3f}{mark} |")
        print(f"\nThe background job behind `/rekap/kota` of an open month (the city's totals): {job_seconds:.3f} s")
        print(f"Locking the month (the lock job's work, then the pages marked locked): {lock_seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
