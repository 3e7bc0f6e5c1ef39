"""Background jobs' state in the database: started by a person, claimed by one worker, its progress and its result.

Every app process and every worker (on any machine) shares this state through the one database, never memory.
"""

import json
import time

from ekinerja import clock
from ekinerja.db import write_transaction
from ekinerja.models import Pekerjaan
from ekinerja.models.jobs import ANTRI, BERJALAN, GAGAL, SELESAI
from ekinerja.services import audit

# Progress is written at most this often, so that a job of thousands of small steps does not write thousands of times.
PROGRESS_INTERVAL_SECONDS = 0.5


def create(actor, kind, title, params):
    """A queued job of this kind, owned by actor."""
    with write_transaction():
        job = Pekerjaan.create(
            jenis=kind, judul=title, pemilik=actor.id, parameter=json.dumps(params), dibuat_pada=clock.now()
        )
        audit.record(actor, "mulai", "pekerjaan", job.id, rincian={"jenis": kind, "judul": title})
    return job


def claim(job_id):
    """The job, now running, if it was waiting; None when another worker took it or it is gone."""
    with write_transaction():
        taken = (
            Pekerjaan.update(status=BERJALAN, mulai_pada=clock.now())
            .where(Pekerjaan.id == job_id, Pekerjaan.status == ANTRI)
            .execute()
        )
    return Pekerjaan.get_by_id(job_id) if taken else None


class Progress:
    """Called with (done, total) as a job goes; writes the row at most every PROGRESS_INTERVAL_SECONDS."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.written = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self.written < PROGRESS_INTERVAL_SECONDS:
            return
        self.written = now
        with write_transaction():
            Pekerjaan.update(jumlah_selesai=done, jumlah=total).where(Pekerjaan.id == self.job_id).execute()


def finish(job_id, message, file=None, download_name=None):
    _end(job_id, SELESAI, message, berkas=file, nama_unduhan=download_name)


def fail(job_id, message, errors=None):
    """errors: [(row, column, message)] for a report of the refused rows."""
    report = json.dumps([{"baris": r, "kolom": c, "pesan": m} for r, c, m in errors]) if errors else None
    _end(job_id, GAGAL, message, galat=report)


def _end(job_id, status, message, **values):
    with write_transaction():
        Pekerjaan.update(status=status, pesan=message, selesai_pada=clock.now(), **values).where(
            Pekerjaan.id == job_id
        ).execute()


def params(job):
    return json.loads(job.parameter)


def errors(job):
    """The refused rows of a failed job: [{"baris", "kolom", "pesan"}]."""
    return json.loads(job.galat) if job.galat else []


def visible(user, job_id):
    """The job if this user started it (or is an admin), else None: nobody sees another's job or its file."""
    try:
        job = Pekerjaan.get_or_none(Pekerjaan.id == int(job_id))
    except (TypeError, ValueError):
        return None
    if job is None or not (job.pemilik_id == user.id or user.has_role("admin")):
        return None
    return job


def started_by(user):
    """The user's jobs, newest first (a query: the screen pages it)."""
    return Pekerjaan.select().where(Pekerjaan.pemilik == user.id).order_by(Pekerjaan.id.desc())


def wait(job_id, seconds, poll=0.1):
    """The job once finished, or as it is after waiting this long."""
    deadline = time.monotonic() + seconds
    while True:
        job = Pekerjaan.get_by_id(job_id)
        if job.finished or time.monotonic() >= deadline:
            return job
        time.sleep(poll)
