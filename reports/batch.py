"""Every document of a month (slips, LKH, SKPD lists) for an SKPD or the whole city, on all CPU cores.

The parent process lists what to print (targets: NIPs, or SKPD codes for the lists) and collects the
results; the rendering happens in worker processes of a ProcessPoolExecutor, one per core. The workers are
*spawned*, not forked: a forked child would inherit the parent's open database connection (closing it
there would close the parent's). Each worker opens the database of the run's BatchSettings (the same SQLite
file or PostgreSQL URL) and renders its share in chunks. A worker writes its PDFs straight into the output
folder, or sends the bytes back when the caller wants them (the portal's ZIP).

Spawning re-imports the main module in each worker: a script that calls run() needs the usual
`if __name__ == "__main__":` guard (flask, gunicorn, pytest and python -m bench.slip have it).

The whole run acts on the day it started: the parent's clock.today() is handed to the workers, so a run
across midnight (or a test that sets the day) prints every document as of the same day.

The caller builds the BatchSettings from its app: the database URL, the letterhead defaults and the
verification URL printed under a slip's QR code (a picklable callable, as the workers get it too).
"""

import concurrent.futures
import gc
import io
import logging
import math
import multiprocessing
import os
import re
import resource
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ekinerja import clock
from ekinerja.db import database, open_database
from ekinerja.models import Pegawai, Periode, Rekap, RiwayatJabatan, Skpd
from ekinerja.rules.calendar import month_bounds
from ekinerja.services import recap
from ekinerja.services.positions import in_force_between
from reports import documents
from reports.data import Heading

log = logging.getLogger(__name__)

KINDS = ("slip", "lkh", "rekap")
# Documents per task sent to a worker: small enough to balance the cores and move the progress bar.
MAX_CHUNK = 16
WARM_UP_HTML = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>-</title></head><body></body></html>'


class BatchError(RuntimeError):
    """Some documents could not be rendered."""


class BatchSettings(NamedTuple):
    """What a run takes from the app that starts it; the worker processes get a pickled copy."""

    database_url: str
    verify_url: Callable[[str], str]  # verification code -> public URL; picklable (a module function, a partial)
    heading: Heading  # the letterhead names until an admin sets them


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
    if Periode.is_locked(year, month):
        query = Rekap.select(Rekap.nip).where(Rekap.tahun == year, Rekap.bulan == month, Rekap.berlaku)
        if skpd_kode:
            query = query.where(Rekap.skpd_kode == skpd_kode)
        return sorted({nip for (nip,) in query.tuples()})
    if skpd_kode:  # the people of the SKPD's list: after a transfer, where their pay position is
        return sorted(row["nip"] for row in recap.month_recap(year, month, skpd_kode=skpd_kode)[0])
    first, last = month_bounds(year, month)
    query = Pegawai.select(Pegawai.nip).join(RiwayatJabatan).where(in_force_between(RiwayatJabatan, first, last))
    return sorted({nip for (nip,) in query.tuples()})


# -- rendering (in this process or a worker) -----------------------------------------------------


def build(settings, kind, year, month, key):
    """The reports.documents Document of one key, or None when there is nothing to print."""
    if kind == "rekap":
        skpd = Skpd.get_or_none(Skpd.kode == key)
        return documents.nominatif(skpd, year, month, heading=settings.heading) if skpd else None
    pegawai = Pegawai.get_or_none(Pegawai.nip == key)
    if pegawai is None:
        return None
    if kind == "slip":
        return documents.slip(pegawai, year, month, settings.verify_url, heading=settings.heading)
    return documents.lkh(pegawai, year, month, heading=settings.heading)


def render_many(settings, kind, year, month, keys, out_dir=None):
    """Outcomes of rendering each key; PDFs go to out_dir, else into the outcome."""
    outcomes = []
    for key in keys:
        try:
            document = build(settings, kind, year, month, key)
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


def _init_worker(database_url, today):
    """Pool initializer: this process's own connection to the run's database, and the run's day."""
    clock.today = lambda: today
    database.initialize(open_database(database_url))
    # Import the renderer and load its fonts and stylesheet now, then move everything this long-lived
    # process holds out of the garbage collector's sight: full collections during renders get cheaper (~5 %).
    from reports.pdf import render_pdf

    render_pdf(WARM_UP_HTML)
    gc.freeze()


def _work(settings, kind, year, month, keys, out_dir):
    database.connect(reuse_if_open=True)
    return render_many(settings, kind, year, month, keys, out_dir)


def _chunks(keys, workers):
    size = max(1, min(MAX_CHUNK, math.ceil(len(keys) / (workers * 4))))
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def _cpu_times():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(settings, kind, year, month, keys=None, skpd_kode=None, out_dir=None, workers=None, progress=None):
    """Render every document of the run; returns a BatchResult (outcomes sorted by key).

    settings: a BatchSettings; keys: what to print (default: targets()); out_dir: write PDFs there (created
    if missing), else keep the bytes in the outcomes; workers: processes (default os.cpu_count(); 1 renders
    here, in this process, on its connection); progress: called with the number of keys done after each chunk.
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
    result = BatchResult(kind, year, month, workers=workers)
    if workers == 1:
        for chunk in _chunks(keys, 1):
            result.outcomes.extend(render_many(settings, kind, year, month, chunk, out_dir))
            if progress:
                progress(len(chunk))
    else:
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings.database_url, clock.today()),
        )
        try:
            futures = {
                pool.submit(_work, settings, kind, year, month, chunk, out_dir): chunk
                for chunk in _chunks(keys, workers)
            }
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


def zip_bytes(result):
    """A ZIP of the PDFs a run kept in memory (run without out_dir), one entry per document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for outcome in result.written:
            archive.writestr(outcome.filename, outcome.content)
    return buffer.getvalue()


def skpd_slips_zip(settings, year, month, skpd_kode, workers=1, progress=None):
    """(ZIP bytes, BatchResult) of every slip of one SKPD's month; raises BatchError if one fails.

    progress: called with (slips done, slips in all) before the first and after each chunk.
    """
    keys = targets("slip", year, month, skpd_kode)
    done = 0

    def step(count):
        nonlocal done
        done += count
        progress(done, len(keys))

    if progress:
        progress(0, len(keys))
    result = run(settings, "slip", year, month, keys=keys, workers=workers, progress=step if progress else None)
    if result.failed:
        raise BatchError(", ".join(f"{o.key}: {o.error}" for o in result.failed[:5]))
    return zip_bytes(result), result
