"""The city overview of an open month: its totals per SKPD as a background job last computed them, and when.

Judging the whole city's month (every employee's days, scans and apel) takes longer than a page should: about half
a second at 10,000 employees, and it grows with the city. So the page does not do it. It shows the totals a job
stored, with the time their data was read, and a new job computes them again when they are older than
CITY_RECAP_MAX_AGE_SECONDS or when someone asks (views.recap). A locked month needs none of this: the database sums
its snapshot in the request (recap.city_totals).
"""

import datetime
import json

from ekinerja import clock
from ekinerja.db import write_transaction
from ekinerja.models import Pekerjaan, RekapKotaSementara
from ekinerja.models.jobs import GAGAL
from ekinerja.services import periods, recap

KIND = "rekap_kota"


def job_params(year, month):
    return {"tahun": year, "bulan": month}


def job_title(year, month):
    return f"Rekap kota sementara {year:04d}-{month:02d}"


def stored(year, month):
    """The month's stored totals (RekapKotaSementara: .totals, .dihitung_pada), or None."""
    return RekapKotaSementara.get_or_none(RekapKotaSementara.tahun == year, RekapKotaSementara.bulan == month)


def _lately(moment, seconds):
    """Whether the moment lies at most `seconds` back."""
    return clock.now() - moment <= datetime.timedelta(seconds=seconds)


def is_stale(row, max_age_seconds):
    return not _lately(row.dihitung_pada, max_age_seconds)


def latest_job(year, month):
    """The latest job that computed, or is computing, this month's totals; None if there was none."""
    return (
        Pekerjaan.select()
        .where(Pekerjaan.jenis == KIND, Pekerjaan.parameter == json.dumps(job_params(year, month)))
        .order_by(Pekerjaan.id.desc())
        .first()
    )


def under_way(job, wait_seconds, timeout_seconds):
    """Whether the job still waits or runs. One that no worker took within wait_seconds (the job itself takes
    seconds: its queue was lost with a process that stopped, or never reached Redis), or that has run longer than
    timeout_seconds, is taken for lost, so that it does not hold the month's totals back."""
    if job is None or job.finished:
        return False
    if job.mulai_pada is None:
        return _lately(job.dibuat_pada, wait_seconds)
    return _lately(job.mulai_pada, timeout_seconds)


def wanted(row, latest, year, month, max_age_seconds):
    """Whether a visit should start a computation: the stored totals are missing or older than max_age_seconds, the
    latest job did not fail within that time (the page then says why, and anyone may ask again) and the month has
    begun."""
    return (
        (row is None or is_stale(row, max_age_seconds))
        and not failed_lately(latest, max_age_seconds)
        and not is_ahead(year, month)
    )


def failed_lately(job, seconds):
    """Whether the latest job failed less than `seconds` ago: a visit then shows why rather than trying again
    (someone may ask again on the page), so that a failing computation is not started at every reload."""
    return job is not None and job.status == GAGAL and _lately(job.selesai_pada, seconds)


def is_ahead(year, month):
    """Whether the month has not begun in the city yet: nothing to compute, and no job is started for it."""
    today = clock.today()
    return (year, month) > (today.year, today.month)


def locked_message(year, month):
    return f"Periode {year:04d}-{month:02d} sudah dikunci: rekap kota dibaca dari rekap yang dikunci."


def compute(year, month, progress=None):
    """Compute the open month's totals and store them with the time their reading began; False, storing nothing,
    once the month is locked. A computation that began earlier than the stored one does not replace it."""
    began = clock.now()
    totals, final = recap.city_totals(year, month, progress=progress)
    if final:
        return False
    with write_transaction():
        if periods.locked_months([datetime.date(year, month, 1)]):
            return False
        content = json.dumps(totals)
        (
            RekapKotaSementara.insert(tahun=year, bulan=month, isi=content, dihitung_pada=began)
            .on_conflict(
                conflict_target=[RekapKotaSementara.tahun, RekapKotaSementara.bulan],
                update={RekapKotaSementara.isi: content, RekapKotaSementara.dihitung_pada: began},
                where=RekapKotaSementara.dihitung_pada < began,
            )
            .execute()
        )
    return True
