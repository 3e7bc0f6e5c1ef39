"""Documented defaults. Secrets never live here: see instance/config.example.py."""

import os

# SQLite file inside the instance folder unless DATABASE_URL says otherwise.
DATABASE_URL = None

# PostgreSQL: the connections one app process keeps at most, pooled and reused from request to request: one per
# server thread (gunicorn.conf.py: THREADS, 8) plus DATABASE_PARALLEL_LOADS for the loads a month's recap runs side
# by side. The processes of every app server together must stay below the server's max_connections (100 by
# default): 2 workers x 16 = 32 here. A request waits (up to 30 s) for a connection when all are in use.
DATABASE_POOL_MAX = 16
DATABASE_PARALLEL_LOADS = 8

# Failed logins (services/login_throttle.py): after this many in a row an account waits this long, each further
# failure doubling the wait (at most a day); one client address may fail four times as often, over any accounts.
# An account's wait holds only the addresses that failed on it: a stranger cannot lock its owner out.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 15

# Reverse proxies in front of the app that set X-Forwarded-For and X-Forwarded-Proto: the client address the login
# limits count is the one the last of them saw. 0 (the default): no proxy, the headers are ignored, since anyone
# could send them. Set it to exactly the number of proxies, never more.
TRUSTED_PROXIES = 0

# API bearer tokens live this long.
API_TOKEN_HOURS = 12

# Evidence files of activity entries: kept outside the web root.
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
MAX_CONTENT_LENGTH = 16 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Behind HTTPS (any real installation), set SESSION_COOKIE_SECURE = True in instance/config.py; it stays off here
# so that the demo runs on http://127.0.0.1:5000.
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_DURATION = 0

# The public address of this installation, printed in the verification link of slips made outside a web request
# (flask laporan): e.g. "https://ekinerja.bandaacehkota.go.id". Unset: SERVER_NAME, else http://127.0.0.1:5000.
BASE_URL = None

# Worker processes that render a portal ZIP of an SKPD's slips in its background job (1: one after another).
SLIP_ZIP_WORKERS = 1

# Background jobs (the city-wide lock, an SKPD's slip ZIP, imports): with REDIS_URL (e.g. "redis://127.0.0.1:6379/0")
# they queue in Redis for `flask worker` processes on any machine; without it a worker thread of the app process that
# started one runs it (JOBS_LOCAL_THREADS per process). Uploads and results lie in JOBS_FOLDER (default: instance/
# pekerjaan), which every machine running the app or a worker must share. The request that starts a job waits up to
# JOBS_WAIT_SECONDS for it and answers as before when it is done by then; else it sends the person to the job's page.
REDIS_URL = None
JOBS_QUEUE = "ekinerja"
JOBS_FOLDER = None
JOBS_LOCAL_THREADS = 1
JOBS_WAIT_SECONDS = 1.0
# The API's lock waits this long for its job before it answers 202 with the job's address (under gunicorn's TIMEOUT).
API_JOBS_WAIT_SECONDS = 60.0
JOBS_TIMEOUT_SECONDS = 3600
# The city recap of an open month (/rekap/kota) shows per-SKPD totals a background job computed; a visit starts a new
# computation when they are older than this (anyone may also ask for one on the page).
CITY_RECAP_MAX_AGE_SECONDS = 600

# Letterhead of printed documents.
NAMA_PEMERINTAH = "PEMERINTAH KOTA BANDA ACEH"
NAMA_KOTA = "Banda Aceh"

# Level of the "ekinerja" loggers (locks, decisions, imports): DEBUG, INFO, WARNING ...
LOG_LEVEL = "INFO"

BABEL_DEFAULT_LOCALE = "id"
BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
TIMEZONE = "Asia/Jakarta"

WTF_CSRF_TIME_LIMIT = 8 * 3600

# Fingerprint machines pushing their scans (ZKTeco ADMS, /iclock/...): the heartbeat interval they are told, the
# requests a machine may make a minute, the largest body of a push, and how long a machine may stay silent before
# the portal's dashboard names it.
ICLOCK_DELAY_SECONDS = 30
ICLOCK_RATE_PER_MINUTE = 120
ICLOCK_MAX_BYTES = 1024 * 1024
ICLOCK_SILENT_HOURS = 2


def from_environment():
    """Settings that operators pass through the environment."""
    values = {}
    for key in ("DATABASE_URL", "SECRET_KEY", "REDIS_URL", "JOBS_FOLDER"):
        if os.environ.get(key):
            values[key] = os.environ[key]
    for key in ("DATABASE_POOL_MAX", "DATABASE_PARALLEL_LOADS", "TRUSTED_PROXIES"):
        if os.environ.get(key):
            values[key] = int(os.environ[key])
    return values
