"""Load benchmark: the highest request rate gunicorn (as `make serve` runs it) sustains on a copy of the bench city.

    python -m bench.load [--db sqlite|postgresql|both] [--users 100] [--rates 20,40,...] [--seconds 20] [--warmup 10]

For each database: the city of bench/city.py (by default the month before this one, so that its entries still wait
for their superiors) is copied to a database of its own (SQLite: bench/out/load.sqlite3; PostgreSQL: the city's
database name + "_load", made from it as a template), accounts are added for superiors, their staff and a
verifikator, and gunicorn is started with gunicorn.conf.py on a free loopback port. The virtual users log in (a token,
or the form for the verifikator), then send what staff and superiors do (the duty list, a new entry, the month's
entries, the inbox and decisions, through the API) and the verifikator's pages, paced: together `rate` requests a
second with exponential gaps, each rate of --rates held for --seconds, after --warmup seconds at the first rate that
are not judged (the workers' first requests load what every later one reuses: the city's pages of the database, each
module's first use). A rate is sustained when it brings no error,
every kind of request keeps its p95 under 300 ms, and at least 90 % of the rate is achieved; the steps stop at the
first rate that is not. It prints each step (the app server's CPU time per request among its figures), the p50/p95 of
each kind at each rate, the logins, and the requests of the highest sustained rate (p50/p95/p99 per kind).

Bounded: at most 500 users, 1,000 requests/s and 600 seconds of steps, the server bound to 127.0.0.1 only.
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
from ekinerja import clock
from ekinerja.db import database
from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan, Skpd, UraianTugas, User

ROOT = Path(__file__).resolve().parent.parent
LOAD_SQLITE = city.OUT / "load.sqlite3"
PASSWORD = "beban-rahasia-123"
VERIFIKATOR = "verifikator.beban"
MAX_USERS, MAX_SECONDS, MAX_RATE = 500, 600, 1000
DEFAULT_RATES = (20, 40, 60, 80, 100, 120, 140, 160, 180, 200)
P95_TARGET_SECONDS = 0.3
RATE_SHARE = 0.9  # a step whose achieved rate falls below this share of its target was not sustained
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
PAUSE_SECONDS = 2.0  # between steps: the last requests of a step come back before the next begins
SUPERIOR_SHARE = 0.2  # one virtual user in five decides; one verifikator in every fifty
STAFF_PER_SUPERIOR = 4
INPUT_WORKING_DAYS = 3  # the bench city's rule set: entries may be made up to 3 working days after their day


def rates_list(text):
    rates = [int(part) for part in text.split(",") if part.strip()]
    if not rates or min(rates) <= 0:
        raise argparse.ArgumentTypeError("rates: positive integers separated by commas")
    return rates


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


class Steps:
    """The rates to step through, one after another, each for `seconds`; a step's recorder; stopping early."""

    def __init__(self, rates, seconds, users, warmup):
        self.rates, self.seconds, self.users, self.warmup = rates, seconds, users, warmup
        self.recorders = [Recorder() for _ in rates]
        self.warmed = Recorder()  # the warm-up's requests, reported apart and never judged
        self.login = Recorder()
        self.start = None  # monotonic time the first step begins, set once every user has logged in
        self.ready = threading.Barrier(users + 1, action=self._begin)
        self.stopped = threading.Event()

    def _begin(self):
        self.start = time.monotonic() + 1 + (self.warmup + PAUSE_SECONDS if self.warmup else 0)

    def warmup_window(self):
        end = self.start - PAUSE_SECONDS
        return end - self.warmup, end

    def window(self, index):
        begin = self.start + index * (self.seconds + PAUSE_SECONDS)
        return begin, begin + self.seconds


class VirtualUser(threading.Thread):
    """One person: a token (or a session) once, then requests at a paced rate, step after step.

    Each user sends its share of the step's rate (rate / users requests a second) with exponential gaps, as
    independent people would; a request that takes longer than the gap delays the next one (the user is busy), so
    an overloaded server shows as an achieved rate below the target.
    """

    def __init__(self, port, role, username, duties, plan, steps, seed):
        super().__init__(daemon=True)
        self.port, self.role, self.username, self.duties = port, role, username, duties
        self.plan, self.steps = plan, steps
        self.recorder = steps.login
        self.rng = random.Random(seed)
        self.conn = None
        self.headers = {}
        self.slots = iter(plan["slots"])
        self.waiting = []

    def request(self, kind, method, path, body=None, form=None, expect=(200,)):
        headers, payload = dict(self.headers), None
        if body is not None:
            headers["Content-Type"] = "application/json"
            payload = json.dumps(body)
        elif form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            payload = urllib.parse.urlencode(form)
        started = time.perf_counter()
        reused = self.conn is not None
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=payload, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn = None
            if reused and isinstance(exc, STALE_CONNECTION):
                # The server closed the idle keep-alive connection (gunicorn's keepalive): a browser opens another.
                return self.request(kind, method, path, body=body, form=form, expect=expect)
            self.recorder.add(kind, time.perf_counter() - started, False, repr(exc))
            return None, b""
        ok = response.status in expect
        self.recorder.add(kind, time.perf_counter() - started, ok, f"{response.status} {data[:200]!r}")
        if "Set-Cookie" in response.headers:
            self.headers["Cookie"] = response.headers["Set-Cookie"].split(";", 1)[0]
        return response.status, data

    def log_in(self):
        if self.role == "verifikator":
            _, page = self.request("login", "GET", "/masuk")
            token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
            form = {"username": self.username, "password": PASSWORD, "csrf_token": token.group(1).decode()}
            self.request("login", "POST", "/masuk", form=form, expect=(302,))
        else:
            _, data = self.request("login", "POST", "/api/v1/token", {"username": self.username, "password": PASSWORD})
            self.headers["Authorization"] = "Bearer " + json.loads(data or b"{}").get("token", "")

    def run(self):
        time.sleep(self.rng.uniform(0, self.plan["ramp"]))  # the logins spread over the first seconds
        self.log_in()
        self.steps.ready.wait()
        if self.steps.warmup:
            self.recorder = self.steps.warmed
            self.paced(self.steps.rates[0], *self.steps.warmup_window())
        for index, rate in enumerate(self.steps.rates):
            if self.steps.stopped.is_set():
                return
            self.recorder = self.steps.recorders[index]
            self.paced(rate, *self.steps.window(index))

    def paced(self, rate, begin, end):
        """This user's share of `rate` requests a second from begin to end, with exponential gaps."""
        gap = self.steps.users / rate
        moment = begin + self.rng.uniform(0, gap)
        while moment < end:
            time.sleep(max(0.0, moment - time.monotonic()))
            getattr(self, self.role)()
            moment = max(moment + self.rng.expovariate(1 / gap), time.monotonic())
        time.sleep(max(0.0, end - time.monotonic()))

    def staff(self):
        choice = self.rng.random()
        if choice < 0.3:
            self.request("duty list", "GET", "/api/v1/tugas")
        elif choice < 0.6:
            slot = next(self.slots, None)
            if slot is None:  # this person's free half hours are used up: they look at their month instead
                self.request("month view", "GET", f"/api/v1/aktivitas?periode={self.plan['this_month']}")
            else:
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
        if self.waiting and self.rng.random() < 0.5:
            ids = self.rng.sample(self.waiting, min(5, len(self.waiting)))
            self.waiting = [i for i in self.waiting if i not in ids]
            self.request("decisions", "POST", "/api/v1/persetujuan", {"ids": ids, "aksi": "setujui"})
            return
        periode = self.rng.choice((self.plan["this_month"], self.plan["city_month"]))
        status, data = self.request("inbox", "GET", f"/api/v1/persetujuan?periode={periode}")
        self.waiting = [row["id"] for row in json.loads(data)] if status == 200 else []

    def verifikator(self):
        if self.rng.random() < 0.5:
            self.request("verifikator: dashboard", "GET", "/")
        else:
            path = f"/verifikasi?periode={self.plan['city_month']}&skpd={self.plan['skpd_id']}"
            self.request("verifikator: verifikasi", "GET", path)


def working_slots(today, allowed):
    """(day, start) of 30-minute slots on the working days (Monday to Friday) whose entries may still be made today:
    an entry may be made until `allowed` working days after its day (the bench city's rule set)."""

    def window_end(day):
        left = allowed
        while left:
            day += datetime.timedelta(days=1)
            left -= day.weekday() < 5
        return day

    recent = (today - datetime.timedelta(days=n) for n in range(2 * allowed + 7))
    days = [day for day in recent if day.weekday() < 5 and window_end(day) >= today]
    starts = [datetime.time(h, m) for h in range(8, 16) for m in (0, 30) if h != 12]
    return [(d, s) for d in days for s in starts]


# ------------------------------------------------------------------------------------- one run


def run(url, args, log):
    """Step through the rates on a fresh copy of the city; returns (Steps, [(seconds, cpu) per step run], users)."""
    today = clock.today()  # the city's day, as the app judges the entries' input window (not the machine's zone)
    city.ensure_city(url, args.employees, city.default_skpd(args.employees), args.periode, args.seed, log=log)
    load_url = copy_city(url, url)
    accounts = add_accounts(load_url, args.users)
    port = free_port()
    server = start_server(load_url, port, args.workers, args.threads, city.OUT / "load-gunicorn.log")
    try:
        plan = {
            "ramp": 5.0,
            "this_month": f"{today:%Y-%m}",
            "city_month": args.periode,
            "skpd_id": accounts["skpd_id"],
            "slots": working_slots(today, INPUT_WORKING_DAYS),
        }
        people = [("superior", nip) for nip in accounts["superiors"]] + [("staff", nip) for nip in accounts["staff"]]
        verifikators = max(1, args.users // 50)
        people = people[: args.users - verifikators] + [("verifikator", VERIFIKATOR)] * verifikators
        steps = Steps(args.rates, args.seconds, len(people), args.warmup)
        users = [
            VirtualUser(port, role, username, accounts["duties"].get(username, []), plan, steps, number)
            for number, (role, username) in enumerate(people)
        ]
        for user in users:
            user.start()
        steps.ready.wait()  # every user has logged in; the first step begins a second later
        figures = []
        for index, rate in enumerate(steps.rates):
            begin, end = steps.window(index)
            time.sleep(max(0.0, begin - time.monotonic()))
            cpu_before = process_tree_cpu(server.pid)
            time.sleep(max(0.0, end - time.monotonic()))
            figures.append((args.seconds, process_tree_cpu(server.pid) - cpu_before))
            time.sleep(PAUSE_SECONDS / 2)  # the step's last requests come back
            verdict = judge(steps.recorders[index], rate, args.seconds)
            log(f"  {rate} requests/s: {verdict}")
            if verdict != "sustained" and not args.all_steps:
                steps.stopped.set()
                break
        steps.stopped.set()
        for user in users:
            user.join(timeout=args.seconds + 60)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return steps, figures, len(people)


def judge(recorder, rate, seconds):
    """'sustained', or why not: errors, a kind's p95 at or over the target, or an achieved rate well below it."""
    total = sum(len(v) for v in recorder.times.values())
    errors = sum(recorder.errors.values())
    slow = [kind for kind, times in recorder.times.items() if percentile(times, 0.95) >= P95_TARGET_SECONDS]
    if errors:
        return f"{errors} errors"
    if slow:
        return "p95 over 300 ms: " + ", ".join(sorted(slow))
    if total / seconds < RATE_SHARE * rate:
        return f"only {total / seconds:.1f} requests/s"
    return "sustained"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def kinds_table(recorder):
    print("| request | n | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in sorted(recorder.times):
        times = recorder.times[kind]
        p50, p95, p99 = (1000 * percentile(times, share) for share in (0.50, 0.95, 0.99))
        print(f"| {kind} | {len(times)} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {recorder.errors[kind]} |")
    for kind, sample in recorder.samples.items():
        print(f"  first error of {kind}: {sample}")


def report(name, steps, figures, users):
    print(f"\n{name}: {users} virtual users, {steps.seconds:.0f} s a step")
    if steps.warmup:
        warmed = steps.warmed
        print(
            f"warm-up before the steps, not judged: {steps.warmup:.0f} s at {steps.rates[0]} requests/s, "
            f"{sum(len(v) for v in warmed.times.values())} requests, {sum(warmed.errors.values())} errors"
        )
        for kind, sample in warmed.samples.items():
            print(f"  in the warm-up, first error of {kind}: {sample}")
    print(
        "| target requests/s | achieved | errors | worst p95 ms (kind) | worst p95 ms of staff and superiors "
        "| app CPU ms a request | verdict |"
    )
    print("|---:|---:|---:|---|---:|---:|---|")
    sustained = None
    for index, (seconds, cpu) in enumerate(figures):
        recorder, rate = steps.recorders[index], steps.rates[index]
        total = sum(len(v) for v in recorder.times.values())
        worst = max(recorder.times, key=lambda kind: percentile(recorder.times[kind], 0.95), default=None)
        worst_p95 = f"{1000 * percentile(recorder.times[worst], 0.95):.0f} ({worst})" if worst else "-"
        verdict = judge(recorder, rate, seconds)
        others = [percentile(t, 0.95) for kind, t in recorder.times.items() if not kind.startswith("verifikator")]
        print(
            f"| {rate} | {total / seconds:.1f} | {sum(recorder.errors.values())} | {worst_p95} | "
            f"{1000 * max(others, default=0):.0f} | {1000 * cpu / max(total, 1):.1f} | {verdict} |"
        )
        if verdict == "sustained":
            sustained = index
        for kind, sample in recorder.samples.items():
            print(f"  at {rate} requests/s, first error of {kind}: {sample}")
    print("\np50/p95 ms of each kind at each rate:")
    kinds = sorted({kind for recorder in steps.recorders[: len(figures)] for kind in recorder.times})
    print("| request | " + " | ".join(f"{rate}/s" for rate in steps.rates[: len(figures)]) + " |")
    print("|---|" + "---:|" * len(figures))
    for kind in kinds:
        cells = []
        for recorder in steps.recorders[: len(figures)]:
            times = recorder.times.get(kind)
            cells.append(f"{1000 * percentile(times, 0.5):.0f}/{1000 * percentile(times, 0.95):.0f}" if times else "-")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    print(f"\nlogins (before the steps, {users} at once over {5:.0f} s):")
    kinds_table(steps.login)
    if sustained is None:
        print("\nno step was sustained")
        return
    print(f"\nhighest sustained rate: {steps.rates[sustained]} requests/s; its requests:")
    kinds_table(steps.recorders[sustained])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20, help="seconds each rate is held")
    parser.add_argument(
        "--rates", type=rates_list, default=DEFAULT_RATES, help="requests/s to step through, e.g. 20,40,60 (all users)"
    )
    parser.add_argument("--all-steps", action="store_true", help="go on through every rate after one is not sustained")
    parser.add_argument(
        "--warmup", type=float, default=10, help="seconds at the first rate before the steps, not judged"
    )
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--periode", default=previous_month(clock.today()), help="the city's month")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", city.DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    if not (1 <= args.users <= MAX_USERS and 0 < args.seconds * len(args.rates) + max(args.warmup, 0) <= MAX_SECONDS):
        parser.error(f"--users 1-{MAX_USERS}, --warmup and --seconds x the number of rates up to {MAX_SECONDS}")
    if max(args.rates) > MAX_RATE:
        parser.error(f"--rates up to {MAX_RATE} requests/s")
    city.OUT.mkdir(parents=True, exist_ok=True)
    urls = {"sqlite": city.sqlite_url(), "postgresql": args.pg_url}
    print(city.machine())
    for name in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        if name == "postgresql":
            city.ensure_postgres_database(urls[name])
        report(name, *run(urls[name], args, log=lambda message: print(message, file=sys.stderr, flush=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
