"""Load benchmark: virtual users against gunicorn (as `make serve` runs it) on a copy of the bench city.

    python -m bench.load [--db sqlite|postgresql|both] [--users 100] [--seconds 30] [--think 0.5]

For each database: the city of bench/city.py (by default the month before this one, so that its entries still wait
for their superiors) is copied to a database of its own (SQLite: bench/out/load.sqlite3; PostgreSQL: the city's
database name + "_load", made from it as a template), accounts are added for superiors, their staff and a
verifikator, and gunicorn is started with gunicorn.conf.py on a free loopback port. Virtual users then do for a
fixed time what staff and superiors do: a token once, then the duty list, a new entry, the month's entries, the
inbox and decisions (through the API), and the verifikator's pages (logged in through the form). It prints
p50/p95/p99 per kind of request, the throughput, the errors and the app server's CPU time per request.

Bounded: at most 500 users and 600 seconds, the server bound to 127.0.0.1 only, each user waits `--think`
seconds (on average) between requests.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from peewee import fn
from werkzeug.security import generate_password_hash

from bench import city
from ekinerja.db import database
from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan, Skpd, UraianTugas, User

ROOT = Path(__file__).resolve().parent.parent
LOAD_SQLITE = city.OUT / "load.sqlite3"
PASSWORD = "beban-rahasia-123"
VERIFIKATOR = "verifikator.beban"
MAX_USERS, MAX_SECONDS = 500, 600
SUPERIOR_SHARE = 0.2  # one virtual user in five decides; one verifikator in every fifty
STAFF_PER_SUPERIOR = 4


def previous_month(today):
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{last:%Y-%m}"


# ------------------------------------------------------------------------------------- the database


def copy_city(url, info_url):
    """A copy of the city at info_url to run against (writes must not change the city the other benches read)."""
    if url.startswith("sqlite"):
        source, target = sqlite3.connect(info_url.split("sqlite:///", 1)[1]), sqlite3.connect(LOAD_SQLITE)
        source.backup(target)
        target.close()
        source.close()
        return city.sqlite_url(LOAD_SQLITE)
    import psycopg

    base, _, name = info_url.rpartition("/")
    own = f"{name}_load"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        conn.execute(f'CREATE DATABASE "{own}" TEMPLATE "{name}"')
    return f"{base}/{own}"


def add_accounts(url, users):
    """Accounts (one password, hashed as the app hashes it) for superiors, their staff and a verifikator."""
    app = city.make_app(url)
    password_hash = generate_password_hash(PASSWORD)
    with app.app_context(), database.connection_context(), database.atomic():
        taken = {pid for (pid,) in User.select(User.pegawai).where(User.pegawai.is_null(False)).tuples()}
        holders = dict(
            RiwayatJabatan.select(RiwayatJabatan.jabatan, RiwayatJabatan.pegawai)
            .where(RiwayatJabatan.selesai.is_null())
            .tuples()
        )
        led = (
            Jabatan.select(Jabatan.atasan)
            .where(Jabatan.atasan.is_null(False))
            .group_by(Jabatan.atasan)
            .having(fn.COUNT(Jabatan.id) >= STAFF_PER_SUPERIOR)
            .order_by(Jabatan.atasan)
        )
        teams = []
        for (superior_post,) in led.tuples():
            superior = holders.get(superior_post)
            posts = Jabatan.select(Jabatan.id).where(Jabatan.atasan == superior_post).order_by(Jabatan.id)
            staff = [holders[p] for (p,) in posts.tuples() if holders.get(p) and holders[p] not in taken]
            staff = [pid for pid in staff if pid != superior]
            if superior and superior not in taken and len(staff) >= STAFF_PER_SUPERIOR:
                teams.append((superior, staff[:STAFF_PER_SUPERIOR]))
                taken.update((superior, *staff[:STAFF_PER_SUPERIOR]))
            if len(teams) * (STAFF_PER_SUPERIOR + 1) >= users:
                break
        nips = dict(Pegawai.select(Pegawai.id, Pegawai.nip).tuples())
        rows = [{"username": VERIFIKATOR, "pegawai": None, "password_hash": password_hash, "peran": "verifikator"}]
        for superior, staff in teams:
            for pid in (superior, *staff):
                rows.append({"username": nips[pid], "pegawai": pid, "password_hash": password_hash, "peran": "pegawai"})
        User.insert_many(rows).execute()
        duties = {}
        for pid in [pid for _, staff in teams for pid in staff]:
            post = next(j for j, p in holders.items() if p == pid)
            duties[nips[pid]] = [
                k for (k,) in UraianTugas.select(UraianTugas.kode).where(UraianTugas.jabatan == post).tuples()
            ]
        skpd_id = Skpd.select(Skpd.id).order_by(Skpd.id).scalar()
    return {
        "superiors": [nips[s] for s, _ in teams],
        "staff": [nips[p] for _, staff in teams for p in staff],
        "duties": duties,
        "skpd_id": skpd_id,
    }


# ------------------------------------------------------------------------------------- the server


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url, port, workers, threads, log_path):
    environment = dict(
        os.environ,
        DATABASE_URL=url,
        BIND=f"127.0.0.1:{port}",
        WORKERS=str(workers),
        THREADS=str(threads),
        ACCESS_LOG="/dev/null",
        ERROR_LOG=str(log_path),
        SECRET_KEY="beban",
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py"], cwd=ROOT, env=environment)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sehat")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /sehat on port {port}; see {log_path}")


def process_tree_cpu(pid):
    """CPU seconds (user + system) of a process and its children now alive."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


# ------------------------------------------------------------------------------------- the users


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.samples = {}

    def add(self, kind, seconds, ok, sample=None):
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                self.samples.setdefault(kind, sample)


class VirtualUser(threading.Thread):
    """One person: a token (or a session) once, then their requests until the deadline, think time between."""

    def __init__(self, port, role, username, duties, plan, recorder, deadline, seed):
        super().__init__(daemon=True)
        self.port, self.role, self.username, self.duties = port, role, username, duties
        self.plan, self.recorder, self.deadline = plan, recorder, deadline
        self.rng = random.Random(seed)
        self.conn = None
        self.headers = {}
        self.slots = iter(plan["slots"])

    def request(self, kind, method, path, body=None, form=None, expect=(200,)):
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        elif form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(form)
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            ok = response.status in expect
            self.recorder.add(kind, time.perf_counter() - started, ok, f"{response.status} {data[:200]!r}")
            if "Set-Cookie" in response.headers:
                self.headers["Cookie"] = response.headers["Set-Cookie"].split(";", 1)[0]
            return response.status, data
        except (OSError, http.client.HTTPException) as exc:
            self.recorder.add(kind, time.perf_counter() - started, False, repr(exc))
            self.conn = None
            return None, b""

    def think(self):
        time.sleep(self.rng.uniform(0, 2 * self.plan["think"]))

    def run(self):
        time.sleep(self.rng.uniform(0, self.plan["ramp"]))  # the users arrive over the first seconds
        if self.role == "verifikator":
            _, page = self.request("login", "GET", "/masuk")
            token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
            form = {"username": self.username, "password": PASSWORD, "csrf_token": token.group(1).decode()}
            self.request("login", "POST", "/masuk", form=form, expect=(302,))
        else:
            _, data = self.request("login", "POST", "/api/v1/token", {"username": self.username, "password": PASSWORD})
            self.headers["Authorization"] = "Bearer " + json.loads(data or b"{}").get("token", "")
        while time.monotonic() < self.deadline:
            self.think()
            getattr(self, self.role)()

    def staff(self):
        choice = self.rng.random()
        if choice < 0.3:
            self.request("duty list", "GET", "/api/v1/tugas")
        elif choice < 0.6:
            slot = next(self.slots, None)
            if slot is not None:
                day, start = slot
                end = (datetime.datetime.combine(day, start) + datetime.timedelta(minutes=30)).time()
                entry = {"tanggal": day.isoformat(), "jam_mulai": f"{start:%H:%M}", "jam_selesai": f"{end:%H:%M}"}
                if self.duties:
                    entry.update(tugas_kode=self.rng.choice(self.duties), volume=1)
                else:
                    entry.update(tambahan="Rapat koordinasi", volume=1)
                self.request("new entry", "POST", "/api/v1/aktivitas", entry, expect=(201,))
        else:
            self.request("month view", "GET", f"/api/v1/aktivitas?periode={self.plan['this_month']}")

    def superior(self):
        periode = self.rng.choice((self.plan["this_month"], self.plan["city_month"]))
        status, data = self.request("inbox", "GET", f"/api/v1/persetujuan?periode={periode}")
        waiting = [row["id"] for row in json.loads(data)] if status == 200 else []
        if waiting and self.rng.random() < 0.5:
            self.think()
            ids = self.rng.sample(waiting, min(5, len(waiting)))
            self.request("decisions", "POST", "/api/v1/persetujuan", {"ids": ids, "aksi": "setujui"})

    def verifikator(self):
        if self.rng.random() < 0.5:
            self.request("verifikator: dashboard", "GET", "/")
        else:
            path = f"/verifikasi?periode={self.plan['city_month']}&skpd={self.plan['skpd_id']}"
            self.request("verifikator: verifikasi", "GET", path)


def working_slots(today, days_back):
    """(day, start) of 30-minute slots on the last working days up to today, for the new entries."""
    days, day = [], today
    while len(days) < days_back:
        if day.weekday() < 5:
            days.append(day)
        day -= datetime.timedelta(days=1)
    starts = [datetime.time(h, m) for h in range(8, 16) for m in (0, 30) if h != 12]
    return [(d, s) for d in days for s in starts]


# ------------------------------------------------------------------------------------- one run


def run(url, args, log):
    today = datetime.date.today()
    city.ensure_city(url, args.employees, city.default_skpd(args.employees), args.periode, args.seed, log=log)
    load_url = copy_city(url, url)
    accounts = add_accounts(load_url, args.users)
    port = free_port()
    server = start_server(load_url, port, args.workers, args.threads, city.OUT / "load-gunicorn.log")
    recorder = Recorder()
    try:
        plan = {
            "think": args.think,
            "ramp": min(5.0, args.seconds / 4),
            "this_month": f"{today:%Y-%m}",
            "city_month": args.periode,
            "skpd_id": accounts["skpd_id"],
        }
        people = [("superior", nip) for nip in accounts["superiors"]] + [("staff", nip) for nip in accounts["staff"]]
        verifikators = max(1, args.users // 50)
        people = people[: args.users - verifikators] + [("verifikator", VERIFIKATOR)] * verifikators
        slots = working_slots(today, 2)
        cpu_before = process_tree_cpu(server.pid)
        started = time.monotonic()
        deadline = started + args.seconds
        users = []
        for number, (role, username) in enumerate(people):
            own = dict(plan, slots=slots)
            users.append(
                VirtualUser(port, role, username, accounts["duties"].get(username, []), own, recorder, deadline, number)
            )
        for user in users:
            user.start()
        for user in users:
            user.join()
        elapsed = time.monotonic() - started
        cpu = process_tree_cpu(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=60)
    return recorder, elapsed, cpu, len(people)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name, recorder, elapsed, cpu, users):
    total = sum(len(v) for v in recorder.times.values())
    errors = sum(recorder.errors.values())
    print(
        f"\n{name}: {users} virtual users, {elapsed:.0f} s, {total} requests, {total / elapsed:.1f} requests/s, "
        f"{errors} errors, app server CPU {1000 * cpu / max(total, 1):.1f} ms per request"
    )
    print("| request | n | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in sorted(recorder.times):
        times = recorder.times[kind]
        p50, p95, p99 = (1000 * percentile(times, share) for share in (0.50, 0.95, 0.99))
        print(f"| {kind} | {len(times)} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {recorder.errors[kind]} |")
    for kind, sample in recorder.samples.items():
        print(f"  first error of {kind}: {sample}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=0.5, help="mean seconds a user waits between requests")
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--periode", default=previous_month(datetime.date.today()), help="the city's month")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", city.DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    if not (1 <= args.users <= MAX_USERS and 0 < args.seconds <= MAX_SECONDS):
        parser.error(f"--users 1-{MAX_USERS}, --seconds up to {MAX_SECONDS}")
    city.OUT.mkdir(parents=True, exist_ok=True)
    urls = {"sqlite": city.sqlite_url(), "postgresql": args.pg_url}
    print(city.machine())
    for name in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        if name == "postgresql":
            city.ensure_postgres_database(urls[name])
        report(name, *run(urls[name], args, log=lambda message: print(message, file=sys.stderr)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
