"""A person's background jobs: the list, one job's progress page, its state as JSON for the page's script, its file."""

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_login import current_user, login_required

from ekinerja import background, web
from ekinerja.models.jobs import STATUS_LABELS
from ekinerja.services import jobs

bp = Blueprint("jobs", __name__)


def _own_job_or_404(job_id):
    job = jobs.visible(current_user, job_id)
    if job is None:
        abort(404)
    return job


def state(job):
    """What the progress page's script reads."""
    return dict(background.state(job), unduh=url_for(".download", job_id=job.id) if job.berkas else None)


@bp.route("/pekerjaan")
@login_required
def index():
    return render_template("jobs/index.html", jobs=web.page_of(jobs.started_by(current_user)), labels=STATUS_LABELS)


@bp.route("/pekerjaan/<int:job_id>")
@login_required
def show(job_id):
    job = _own_job_or_404(job_id)
    return render_template("jobs/show.html", job=job, state=state(job), errors=jobs.errors(job))


@bp.route("/pekerjaan/<int:job_id>.json")
@login_required
def status(job_id):
    response = jsonify(state(_own_job_or_404(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/pekerjaan/<int:job_id>/unduh")
@login_required
def download(job_id):
    return background.send_result(_own_job_or_404(job_id))
