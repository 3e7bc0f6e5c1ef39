"""The month's lock and unlock through the API; the lock runs as a background job, followed at /pekerjaan/<id>."""

from flask import current_app, g, jsonify, request, url_for

from ekinerja import background
from ekinerja.api import bp, error, json_body, token_required
from ekinerja.models import Periode
from ekinerja.models.jobs import SELESAI
from ekinerja.rules.calendar import parse_period
from ekinerja.rules.refusal import Refused
from ekinerja.services import jobs, periods

# A client that sends this header gets 202 and the job's address at once instead of waiting for the lock (RFC 7240).
RESPOND_ASYNC = "respond-async"


def _period_path(kode):
    try:
        return parse_period(kode)
    except ValueError as exc:
        raise Refused({"periode": str(exc)}) from exc


def _period_json(period):
    return {"periode": period.kode, "status": period.status, "versi": period.versi}


def _job_json(job):
    """A job's state as the API shows it, with the locked month once a lock is done."""
    state = background.state(job)
    if job.jenis == "kunci" and job.status == SELESAI:
        params = jobs.params(job)
        period = Periode.get_or_none(Periode.tahun == params["tahun"], Periode.bulan == params["bulan"])
        state["hasil"] = _period_json(period) if period else None
    return state


def _accepted(job, applied=False):
    response = jsonify(_job_json(job))
    response.status_code = 202
    response.headers["Location"] = url_for(".job", job_id=job.id)
    if applied:
        response.headers["Preference-Applied"] = RESPOND_ASYNC
    return response


@bp.route("/periode/<kode>/kunci", methods=["POST"])
@token_required("verifikator")
def lock(kode):
    """The city's month locked by a background job. The answer waits for it (API_JOBS_WAIT_SECONDS) and is what it
    always was: 200 with the period, or 409 with why not; without a reason before the month's approval deadline, or
    when SKPDs would be left out of its pay (periods.lock_refusal), 422 at once: {"errors": {"alasan": "..."}}; a
    lock that takes longer, or a client that asks with `Prefer: respond-async`, gets 202 with the job's state and its
    address (Location) to follow."""
    year, month = _period_path(kode)
    reason = (json_body() or {}).get("alasan")
    params = {"tahun": year, "bulan": month, "alasan": reason if isinstance(reason, str) else None}
    refusal = periods.lock_refusal(year, month, params["alasan"])  # answered at once: 422 or 409, no job
    if refusal is not None:
        raise refusal
    job = background.submit(g.api_user, "kunci", f"Kunci periode {year:04d}-{month:02d}", params)
    if RESPOND_ASYNC in request.headers.get("Prefer", "").lower():
        return _accepted(job, applied=True)
    job = jobs.wait(job.id, current_app.config["API_JOBS_WAIT_SECONDS"])
    if not job.finished:
        return _accepted(job)
    if job.status == SELESAI:
        return jsonify(_job_json(job)["hasil"])
    return error(500 if job.pesan == background.SYSTEM_FAILURE else 409, job.pesan)


@bp.route("/pekerjaan/<int:job_id>", methods=["GET"])
@token_required()
def job(job_id):
    """A background job the caller started (admins: any): its state, progress and outcome."""
    found = jobs.visible(g.api_user, job_id)
    if found is None:
        return error(404, "Pekerjaan tidak ditemukan.")
    response = jsonify(_job_json(found))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/periode/<kode>/buka", methods=["POST"])
@token_required("admin")
def unlock(kode):
    year, month = _period_path(kode)
    reason = (json_body() or {}).get("alasan")
    if not isinstance(reason, str) or not reason.strip():
        raise Refused({"alasan": "Alasan membuka kembali periode wajib diisi."})
    return jsonify(_period_json(periods.unlock(g.api_user, year, month, reason)))
