"""Every document of a month (slips, LKH, SKPD lists) for an SKPD or the whole city, on all CPU cores.

The parent process lists what to print (targets: NIPs, or SKPD codes for the lists) and collects the
results; the rendering happens in worker processes of a ProcessPoolExecutor, one per core. The workers are
*spawned*, not forked: a forked child would inherit the parent's open database connection (closing it
there would close the parent's). Each worker builds its own app with the parent's configuration (passed
through the pool's initializer, so it opens the same database: the same SQLite file or PostgreSQL URL),
pushes a request context on the public base URL so the slip's verification link is absolute, and renders
its share in chunks. A worker writes its PDFs straight into the output folder, or sends the bytes back
when the caller wants them (the portal's ZIP).

Spawning re-imports the main module in each worker: a script that calls run() needs the usual
`if __name__ == "__main__":` guard (flask, gunicorn, pytest and python -m bench.slip have it).

The whole run acts on the day it started: the parent's clock.today() is handed to the workers, so a run
across midnight (or a test that sets the day) prints every document as of the same day.

The verification URL printed under a slip's QR code is views.documents.verify_url inside a request
context on the base URL: config BASE_URL, else SERVER_NAME with PREFERRED_URL_SCHEME, else
DEFAULT_BASE_URL.
"""

import concurrent.futures
import gc
import io
import logging
import math
import multiprocessing
import os
import pickle
import re
import resource
import time
import zipfile
from dataclasses import dataclass, field
from typing import NamedTuple

from flask import has_request_context

from ekinerja import clock
from ekinerja.db import database, database_url
from ekinerja.models import Pegawai, Periode, Rekap, RiwayatJabatan, Skpd
from ekinerja.rules.calendar import month_bounds
from ekinerja.services import recap
from ekinerja.services.positions import in_force_between

log = logging.getLogger(__name__)

KINDS = ("slip", "lkh", "rekap")
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
# Documents per task sent to a worker: small enough to balance the cores and move the progress bar.
MAX_CHUNK = 16
WARM_UP_HTML = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>-</title></head><body></body></html>'


class BatchError(RuntimeError):
    """Some documents could not be rendered."""


class Outcome(NamedTuple):
    key: str
    filename: str | None  # None: nothing to print for this key (a slip of someone without a position)
    content: bytes | None  # the PDF when not written to a folder
    size: int
    error: str | None


@dataclass
class BatchResult:
    kind: str
    year: int
    month: int
    outcomes: list = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system time of this process and the workers it waited for
    workers: int = 1

    @property
    def written(self):
        return [o for o in self.outcomes if o.filename and not o.error]

    @property
    def skipped(self):
        return [o for o in self.outcomes if not o.filename and not o.error]

    @property
    def failed(self):
        return [o for o in self.outcomes if o.error]


def filename_part(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text))[:60]


def filename(kind, year, month, key):
    """slip-2026-11-198503122010011001.pdf, lkh-..., rekap-2026-11-DPKAD.pdf."""
    return f"{kind}-{year:04d}-{month:02d}-{filename_part(key)}.pdf"


def is_locked(year, month):
    return Periode.select().where(Periode.tahun == year, Periode.bulan == month, Periode.status == "DIKUNCI").exists()


def targets(kind, year, month, skpd_kode=None):
    """What a run prints: NIPs for slips and LKH, SKPD codes for the lists; sorted.

    The people are those month_recap lists: a locked month's stored recap rows (by the SKPD they were in
    when it was locked), else everyone holding a position in the month (for one SKPD, its recap's rows).
    """
    if kind not in KINDS:
        raise ValueError(f"Jenis dokumen tidak dikenal: {kind}")
    if kind == "rekap":
        query = Skpd.select(Skpd.kode).order_by(Skpd.kode)
        query = query.where(Skpd.kode == skpd_kode) if skpd_kode else query.where(Skpd.aktif)
        return [kode for (kode,) in query.tuples()]
    if is_locked(year, month):
        query = Rekap.select(Rekap.nip).where(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
        if skpd_kode:
            query = query.where(Rekap.skpd_kode == skpd_kode)
        return sorted({nip for (nip,) in query.tuples()})
    if skpd_kode:  # the people of the SKPD's list: after a transfer, where their pay position is
        return sorted(row["nip"] for row in recap.month_recap(year, month, skpd_kode=skpd_kode)[0])
    first, last = month_bounds(year, month)
    query = Pegawai.select(Pegawai.nip).join(RiwayatJabatan).where(in_force_between(RiwayatJabatan, first, last))
    return sorted({nip for (nip,) in query.tuples()})


# -- rendering (in whichever process holds the app) ------------------------------------------------


def build(kind, year, month, key, verify_url):
    """The reports.documents Document of one key, or None when there is nothing to print."""
    from reports import documents

    if kind == "rekap":
        skpd = Skpd.get_or_none(Skpd.kode == key)
        return documents.nominatif(skpd, year, month) if skpd else None
    pegawai = Pegawai.get_or_none(Pegawai.nip == key)
    if pegawai is None:
        return None
    if kind == "slip":
        return documents.slip(pegawai, year, month, verify_url)
    return documents.lkh(pegawai, year, month)


def render_many(kind, year, month, keys, out_dir=None):
    """Outcomes of rendering each key, in a request context; PDFs go to out_dir, else into the outcome."""
    from ekinerja.views.documents import verify_url
    from reports import documents

    outcomes = []
    for key in keys:
        try:
            document = build(kind, year, month, key, verify_url)
            if document is None:
                outcomes.append(Outcome(key, None, None, 0, None))
                continue
            content = documents.pdf(document)
            name = filename(kind, year, month, key)
            if out_dir is not None:
                _write(out_dir, name, content)
                outcomes.append(Outcome(key, name, None, len(content), None))
            else:
                outcomes.append(Outcome(key, name, content, len(content), None))
        except Exception as exc:  # one broken document must not lose the others: reported per key
            log.exception("dokumen %s %s gagal", kind, key)
            outcomes.append(Outcome(key, None, None, 0, f"{type(exc).__name__}: {exc}"))
    return outcomes


def _write(out_dir, name, content):
    """Write through a temporary name: an interrupted run leaves no truncated PDF behind."""
    path = os.path.join(out_dir, name)
    partial = path + ".part"
    with open(partial, "wb") as fh:
        fh.write(content)
    os.replace(partial, path)


# -- the worker processes ---------------------------------------------------------------------------

_worker = {}


def _init_worker(config, base_url, today):
    """Pool initializer: this process's own app on the same database, in a request context on base_url."""
    if today is not None:
        clock.today = lambda: today
    from ekinerja import create_app

    app = create_app(config)
    context = app.test_request_context("/", base_url=base_url)
    context.push()
    _worker.update(app=app, context=context)
    # Import the renderer and load its fonts and stylesheet now, then move everything this long-lived
    # process holds out of the garbage collector's sight: full collections during renders get cheaper (~5 %).
    from reports.pdf import render_pdf

    render_pdf(WARM_UP_HTML)
    gc.freeze()


def _work(kind, year, month, keys, out_dir):
    database.connect(reuse_if_open=True)
    return render_many(kind, year, month, keys, out_dir)


def worker_config(app):
    """The app's configuration as the workers rebuild it: every picklable setting, the database URL resolved."""
    config = {}
    for key, value in app.config.items():
        if not key.isupper():
            continue
        try:
            pickle.dumps(value)
        except Exception:  # noqa: S112 - an object that cannot cross processes stays behind
            continue
        config[key] = value
    config["DATABASE_URL"] = database_url(app)
    return config


def base_url(app):
    """The public address printed in verification links."""
    if app.config.get("BASE_URL"):
        return app.config["BASE_URL"].rstrip("/")
    if app.config.get("SERVER_NAME"):
        root = (app.config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{app.config.get('PREFERRED_URL_SCHEME', 'http')}://{app.config['SERVER_NAME']}{root}"
    return DEFAULT_BASE_URL


def _chunks(keys, workers):
    size = max(1, min(MAX_CHUNK, math.ceil(len(keys) / (workers * 4))))
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def _cpu_times():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(app, kind, year, month, keys=None, skpd_kode=None, out_dir=None, workers=None, progress=None, url=None):
    """Render every document of the run; returns a BatchResult (outcomes sorted by key).

    keys: what to print (default: targets()); out_dir: write PDFs there (created if missing), else keep
    the bytes in the outcomes; workers: processes (default os.cpu_count(); 1 renders here, in this
    process); progress: called with the number of keys done after each chunk; url: the base URL of the
    verification links (default base_url(app)).
    """
    if kind not in KINDS:
        raise ValueError(f"Jenis dokumen tidak dikenal: {kind}")
    started, cpu_started = time.perf_counter(), _cpu_times()
    if keys is None:
        keys = targets(kind, year, month, skpd_kode)
    keys = list(keys)
    if out_dir is not None:
        os.makedirs(out_dir, exist_ok=True)
    workers = max(1, min(workers or os.cpu_count() or 1, len(keys) or 1))
    url = url or base_url(app)
    result = BatchResult(kind, year, month, workers=workers)
    if workers == 1:
        for chunk in _chunks(keys, 1):
            result.outcomes.extend(_render_here(app, kind, year, month, chunk, out_dir, url))
            if progress:
                progress(len(chunk))
    else:
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(worker_config(app), url, clock.today()),
        )
        try:
            futures = {pool.submit(_work, kind, year, month, chunk, out_dir): chunk for chunk in _chunks(keys, workers)}
            for future in concurrent.futures.as_completed(futures):
                result.outcomes.extend(future.result())
                if progress:
                    progress(len(futures[future]))
        except BaseException:
            # Ctrl-C or a broken worker: drop the chunks not started instead of waiting for all of them.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    result.outcomes.sort(key=lambda o: o.key)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = _cpu_times() - cpu_started
    return result


def _render_here(app, kind, year, month, keys, out_dir, url):
    if has_request_context():
        return render_many(kind, year, month, keys, out_dir)
    with app.test_request_context("/", base_url=url):
        database.connect(reuse_if_open=True)
        return render_many(kind, year, month, keys, out_dir)


def zip_bytes(result):
    """A ZIP of the PDFs a run kept in memory (run without out_dir), one entry per document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for outcome in result.written:
            archive.writestr(outcome.filename, outcome.content)
    return buffer.getvalue()


def skpd_slips_zip(app, year, month, skpd_kode, workers=1):
    """(ZIP bytes, BatchResult) of every slip of one SKPD's month; raises BatchError if one fails."""
    result = run(app, "slip", year, month, skpd_kode=skpd_kode, workers=workers)
    if result.failed:
        raise BatchError(", ".join(f"{o.key}: {o.error}" for o in result.failed[:5]))
    return zip_bytes(result), result
