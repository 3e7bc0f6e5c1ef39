"""Background jobs: the city-wide lock, an SKPD's slip ZIP, big imports and an open month's city totals run outside
the request that starts them.

With REDIS_URL set they go to an RQ queue that `flask worker` processes run, on this machine or any other sharing
the database and JOBS_FOLDER. Without it a worker thread of the app process that started the job runs it, so that
the embedded default (SQLite, one server) needs nothing more. Either way the job's state lives in the database
(services.jobs): any app process shows its progress, and its result file lies in JOBS_FOLDER.
"""

import logging
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from flask import abort, current_app, send_file

from ekinerja import settings
from ekinerja.db import database
from ekinerja.models.jobs import STATUS_LABELS
from ekinerja.rules.refusal import Refused
from ekinerja.services import city_overview, imports, jobs, periods
from reports import batch

log = logging.getLogger(__name__)


class Result(NamedTuple):
    message: str
    file: str | None = None  # inside the jobs folder
    download_name: str | None = None


def folder(app):
    """Where uploads waiting for a job and the jobs' results are kept (shared by every machine that runs jobs)."""
    path = app.config.get("JOBS_FOLDER") or os.path.join(app.instance_path, "pekerjaan")
    os.makedirs(path, exist_ok=True)
    return path


def _write(app, job, suffix, content):
    """The result's file name: the job's number and a random part, written whole or not at all."""
    name = f"{job.id}-{secrets.token_hex(8)}{suffix}"
    path = os.path.join(folder(app), name)
    with open(path + ".part", "wb") as fh:
        fh.write(content)
    os.replace(path + ".part", path)
    return name


# -- the kinds of job --------------------------------------------------------------------------------


def _lock(app, job, params, progress):
    year, month = params["tahun"], params["bulan"]
    progress(0, 1)
    # the period rules and the audit entry, in one transaction
    periods.lock(job.pemilik, year, month, reason=params.get("alasan"))
    progress(1, 1)
    return Result(f"Periode {year:04d}-{month:02d} dikunci.")


def _slip_zip(app, job, params, progress):
    year, month, kode = params["tahun"], params["bulan"], params["skpd"]
    periode = f"{year:04d}-{month:02d}"
    workers = app.config.get("SLIP_ZIP_WORKERS", 1)
    run_settings = settings.batch(app, params["base_url"])
    content, result = batch.skpd_slips_zip(run_settings, year, month, kode, workers=workers, progress=progress)
    if not result.written:
        return Result(f"Tidak ada slip {params['singkatan']} untuk periode {periode}.")
    name = _write(app, job, ".zip", content)
    download = f"slip-{periode}-{batch.filename_part(kode)}.zip"
    return Result(f"{len(result.written)} slip {params['singkatan']} periode {periode}.", name, download)


def _import(app, job, params, progress):
    path = os.path.join(folder(app), params["berkas"])
    progress(0, 1)
    try:
        with open(path, "rb") as stream:
            result = imports.import_file(params["jenis"], stream, params["nama"], job.pemilik, params["skpd_id"])
    finally:
        os.remove(path)
    progress(1, 1)
    return Result(f"Impor {params['jenis']} berhasil: {result.summary()}.")


def _city_totals(app, job, params, progress):
    year, month = params["tahun"], params["bulan"]
    if not city_overview.compute(year, month, progress):
        return Result(city_overview.locked_message(year, month))
    return Result(f"Rekap kota sementara periode {year:04d}-{month:02d} dihitung.")


KINDS = {"kunci": _lock, "slip_zip": _slip_zip, "impor": _import, city_overview.KIND: _city_totals}
SYSTEM_FAILURE = "Pekerjaan gagal karena kesalahan sistem; lihat log server."
QUEUE_UNREACHABLE = "Antrean pekerjaan (Redis) tidak dapat dihubungi; pekerjaan tidak dijalankan."


def state(job):
    """A job's state as its progress page's script and the API read it."""
    return {
        "id": job.id,
        "jenis": job.jenis,
        "status": job.status,
        "label": STATUS_LABELS[job.status],
        "selesai": job.jumlah_selesai,
        "jumlah": job.jumlah,
        "pesan": job.pesan,
    }


def execute(job_id):
    """Run a queued job in the current app context; its outcome, success or refusal, goes to its row."""
    app = current_app._get_current_object()
    job = jobs.claim(job_id)
    if job is None:
        return
    try:
        result = KINDS[job.jenis](app, job, jobs.params(job), jobs.Progress(job.id))
    except imports.ImportRejected as rejected:
        message = f"Berkas ditolak ({len(rejected.rows)} kesalahan); tidak ada data yang disimpan."
        jobs.fail(job.id, message, [tuple(error) for error in rejected.rows])
    except (Refused, periods.PeriodError, batch.BatchError) as exc:
        jobs.fail(job.id, str(exc))
    except Exception:
        log.exception("pekerjaan %s (%s) gagal", job.id, job.jenis)
        jobs.fail(job.id, SYSTEM_FAILURE)
    else:
        jobs.finish(job.id, result.message, result.file, result.download_name)
    log.info("pekerjaan %s (%s) selesai", job.id, job.jenis)


def execute_queued(job_id):
    """What an RQ worker calls: execute, then give the connection back (a forked work horse exits right after)."""
    try:
        execute(job_id)
    finally:
        if not database.is_closed():
            database.close()


# -- where a job runs ----------------------------------------------------------------------------------


def _redis(url):
    from redis import Redis

    return Redis.from_url(url)


def queue(app):
    from rq import Queue

    return Queue(app.config["JOBS_QUEUE"], connection=_redis(app.config["REDIS_URL"]))


# The app process's own worker threads when there is no Redis; made again in a forked child (threads do not fork).
_local = {"pid": None, "pool": None}
_local_lock = threading.Lock()


def _local_pool(app):
    with _local_lock:
        if _local["pid"] != os.getpid():
            threads = app.config["JOBS_LOCAL_THREADS"]
            _local.update(pid=os.getpid(), pool=ThreadPoolExecutor(threads, thread_name_prefix="pekerjaan"))
        return _local["pool"]


def _run_here(app, job_id):
    with app.app_context():  # its teardown gives the connection back
        execute(job_id)


def submit(actor, kind, title, params):
    """Queue a job for actor; it waits for a worker (RQ) or this process's worker thread."""
    app = current_app._get_current_object()
    job = jobs.create(actor, kind, title, params)
    if app.config.get("REDIS_URL"):
        try:
            queue(app).enqueue_call(
                "ekinerja.background.execute_queued",
                args=(job.id,),
                timeout=app.config["JOBS_TIMEOUT_SECONDS"],
                result_ttl=0,
                failure_ttl=24 * 3600,
                description=f"pekerjaan {job.id}: {title}",
            )
        except Exception:  # the job's row says so rather than waiting for a worker that will never see it
            jobs.fail(job.id, QUEUE_UNREACHABLE)
            raise
    else:
        _local_pool(app).submit(_run_here, app, job.id)
    return job


def submit_and_wait(actor, kind, title, params):
    """Queue a job and wait JOBS_WAIT_SECONDS for it: a short one answers as if done in the request."""
    job = submit(actor, kind, title, params)
    return jobs.wait(job.id, current_app.config["JOBS_WAIT_SECONDS"])


def save_upload(app, upload):
    """Keep an uploaded file in the jobs folder for the job that imports it; returns its name there."""
    name = f"unggahan-{secrets.token_hex(12)}"
    upload.save(os.path.join(folder(app), name))
    return name


def send_result(job):
    """The job's result file as a download (404 when it has none, or it is gone)."""
    path = os.path.join(folder(current_app), job.berkas or "")
    if not job.berkas or not os.path.isfile(path):
        abort(404)
    response = send_file(path, as_attachment=True, download_name=job.nama_unduhan)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def work(burst=False, simple=False):
    """Process the queue (`flask worker`): each job in a forked work horse, or in this process when simple."""
    from rq import SimpleWorker, Worker

    app = current_app._get_current_object()
    jobs_queue = queue(app)
    worker_class = SimpleWorker if simple else Worker
    return worker_class([jobs_queue], connection=jobs_queue.connection).work(burst=burst)
