"""gunicorn's settings for `make serve` (gunicorn reads this file from the working directory).

Every value can be set from the environment: BIND, WORKERS, THREADS, TIMEOUT, ACCESS_LOG, ERROR_LOG. The app
itself reads DATABASE_URL, SECRET_KEY and DATABASE_POOL_MAX (ekinerja/config.py).

Each worker is a process with THREADS threads (gthread): a thread serves one request at a time and holds one
pooled PostgreSQL connection while it does; a month's recap borrows up to DATABASE_PARALLEL_LOADS more. So one
server opens at most WORKERS x DATABASE_POOL_MAX connections (2 x 16 = 32 by default): keep the sum over every
app server below PostgreSQL's max_connections (100 by default). On SQLite the workers share one file, one writer
at a time (ekinerja/db.py).
"""

import gc
import os

wsgi_app = "app:app"
bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "gthread"
# One process per core: Python runs one thread at a time per process, the threads overlap on database waits.
workers = int(os.environ.get("WORKERS", os.cpu_count() or 2))
threads = int(os.environ.get("THREADS", 8))
# A request longer than this (a whole SKPD's slips as a ZIP) gets its worker restarted.
timeout = int(os.environ.get("TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# The reverse proxy on this machine (HTTPS ends there) may say the request came by https.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = os.environ.get("ERROR_LOG", "-")
# Load the app once, before forking: the workers share its memory, and a broken config stops the server at start.
preload_app = True
# Managed by systemd (or a terminal), not through gunicorn's control socket in the home directory.
control_socket_disable = True


def pre_fork(server, worker):
    """Before each worker is forked: what the master loaded (the app, its modules) moves out of the collector's
    reach, so that a worker's full collection does not walk it again and again (pauses of 60-120 ms under load) nor
    write to the pages it shares with the master (Python's gc.freeze, meant for this)."""
    gc.freeze()


def post_fork(server, worker):
    """Each worker gets a pool of its own: a connection the parent opened while loading must not be shared."""
    from ekinerja.db import bind

    bind(server.app.wsgi())
