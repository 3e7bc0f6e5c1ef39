"""Background jobs through the HTTP client, on both paths: a worker thread of the app (no Redis) and RQ with Redis.

The person who started a job follows it on its page and gets its file; nobody else (but an admin) sees either.
"""

import datetime
import io
import os
import re
import threading
import zipfile

import pytest

from ekinerja import background, clock
from ekinerja.models import AuditLog, Pekerjaan, Periode, Skpd
from ekinerja.services import jobs
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser
from tests.integration import documents_city as c

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/11")
JOB_PATH = re.compile(r"/pekerjaan/(\d+)$")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def _redis_reachable():
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except RedisError:
        return False


@pytest.fixture(params=["lokal", "redis"])
def backend(request, app, monkeypatch):
    """Where jobs run; the request that starts one never waits for it, so the test sees it queued first."""
    app.config["JOBS_WAIT_SECONDS"] = 0
    if request.param == "redis":
        if not _redis_reachable():
            if os.environ.get("CI"):
                pytest.fail(f"Redis not reachable at {REDIS_TEST_URL} on CI")
            pytest.skip("Redis not reachable")
        app.config.update(REDIS_URL=REDIS_TEST_URL, JOBS_QUEUE=f"ekinerja-test-{os.getpid()}")
        background.queue(app).empty()
        yield Runner(request.param, None)
        return
    gate = threading.Event()  # the app's worker thread starts the job when the test opens the gate
    run_here = background._run_here
    monkeypatch.setattr(background, "_run_here", lambda app, job_id: (gate.wait(30), run_here(app, job_id)))
    yield Runner(request.param, gate)
    gate.set()


class Runner:
    def __init__(self, name, gate):
        self.name, self.gate = name, gate

    def finish(self, job_id):
        """Let the queued jobs run; the job once it has ended."""
        if self.gate is None:
            background.work(burst=True, simple=True)
            return Pekerjaan.get_by_id(job_id)
        self.gate.set()
        job = jobs.wait(job_id, 60)
        self.gate.clear()  # the next job waits again, so that its request finds it queued
        assert job.finished, job.status
        return job


def job_id_of(response):
    assert response.status_code == 302, response.status_code
    match = JOB_PATH.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def post_zip(client, kode):
    token = csrf_token(client, "/admin/slip_zip/")
    return client.post("/admin/slip_zip/slip.zip", data={"skpd": kode, "periode": c.PERIODE, "csrf_token": token})


def test_slip_zip_job_shows_progress_and_gives_its_file_only_to_its_owner(app, backend, monkeypatch):
    city = c.build(monkeypatch)
    c.lock(city)
    owner = browser(app, "admin.dpkad")
    job_id = job_id_of(post_zip(owner, "DPKAD"))
    page = owner.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert "ZIP slip DPKAD 2026-11" in page and f'data-job-url="/pekerjaan/{job_id}.json"' in page
    assert 'src="/static/jobs.js"' in page and not INLINE_SCRIPT.search(page)
    queued = owner.get(f"/pekerjaan/{job_id}.json").json
    assert queued["status"] == "ANTRI" and queued["unduh"] is None

    job = backend.finish(job_id)
    assert job.status == "SELESAI" and job.pemilik.username == "admin.dpkad"
    state = owner.get(f"/pekerjaan/{job_id}.json").json
    assert (state["status"], state["selesai"], state["jumlah"]) == ("SELESAI", 3, 3)
    assert state["unduh"] == f"/pekerjaan/{job_id}/unduh"
    assert "Unduh slip-2026-11-DPKAD.zip" in owner.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    download = owner.get(state["unduh"])
    assert download.status_code == 200 and download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["Content-Disposition"] == "attachment; filename=slip-2026-11-DPKAD.zip"
    nips = sorted([city.boss.nip, city.staff.nip, city.clerk.nip])
    assert sorted(zipfile.ZipFile(io.BytesIO(download.data)).namelist()) == [f"slip-2026-11-{n}.pdf" for n in nips]
    assert "ZIP slip DPKAD" in owner.get("/pekerjaan").get_data(as_text=True)

    for username in ("admin.disduk", "verifikator", "keuangan", city.staff.nip):
        other = browser(app, username)
        for path in (f"/pekerjaan/{job_id}", f"/pekerjaan/{job_id}.json", f"/pekerjaan/{job_id}/unduh"):
            assert other.get(path).status_code == 404, (username, path)
        assert "ZIP slip DPKAD" not in other.get("/pekerjaan").get_data(as_text=True)
    assert browser(app, "admin").get(f"/pekerjaan/{job_id}/unduh").status_code == 200
    anonymous = app.test_client().get(f"/pekerjaan/{job_id}.json")
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]


def test_lock_job_keeps_the_period_rules_and_the_audit(app, backend):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    f.skpd()
    f.user("verif", roles=("verifikator",))
    verifier = browser(app, "verif")
    old = (clock.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    # Last month may still be before its approval deadline: the lock then names why and is confirmed.
    form = {"csrf_token": csrf_token(verifier, "/"), "alasan": "Verifikasi selesai", "konfirmasi": "KUNCI"}
    job_id = job_id_of(verifier.post(f"/periode/{old:%Y-%m}/kunci", data=form))
    assert not Periode.select().where(Periode.status == "DIKUNCI").exists()
    assert backend.finish(job_id).status == "SELESAI"
    assert Periode.get(Periode.tahun == old.year, Periode.bulan == old.month).status == "DIKUNCI"
    assert AuditLog.get(AuditLog.aksi == "kunci").pengguna == "verif"
    assert f"Periode {old:%Y-%m} dikunci." in verifier.get(f"/pekerjaan/{job_id}").get_data(as_text=True)

    # A month that has not ended is refused on the lock page, before any job starts.
    today = clock.today()
    jobs_before = Pekerjaan.select().count()
    response = verifier.post(f"/periode/{today:%Y-%m}/kunci", data=form)
    assert response.status_code == 200 and "berakhir" in response.get_data(as_text=True)
    assert Pekerjaan.select().count() == jobs_before
    assert Periode.select().where(Periode.status == "DIKUNCI").count() == 1


def post_import(client, content):
    return client.post(
        "/admin/impor/",
        data={
            "jenis": "skpd",
            "berkas": (io.BytesIO(content.encode()), "skpd.csv"),
            "csrf_token": csrf_token(client, "/admin/impor/"),
        },
        content_type="multipart/form-data",
    )


def test_import_job_reports_every_error_then_imports(app, backend):
    f.user("admin", roles=("admin",))
    admin = browser(app, "admin")
    job_id = job_id_of(post_import(admin, "kode,nama,singkatan\n,Tanpa Kode,TK\nDINKES,,DINKES\n"))
    job = backend.finish(job_id)
    assert job.status == "GAGAL" and "Berkas ditolak" in job.pesan
    assert [e["baris"] for e in jobs.errors(job)] == [2, 3]
    page = admin.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert 'data-testid="job-errors"' in page and Skpd.select().count() == 0
    job_id = job_id_of(post_import(admin, "kode,nama,singkatan\nDINKES,Dinas Kesehatan,DINKES\n"))
    job = backend.finish(job_id)
    assert job.status == "SELESAI" and "Impor skpd berhasil" in job.pesan and Skpd.get().kode == "DINKES"
    assert os.listdir(background.folder(app)) == []  # the upload is gone once imported


def test_cli_follows_a_job_and_worker_needs_redis(app, runner):
    owner = f.user("admin", roles=("admin",))
    done = jobs.create(owner, "kunci", "Kunci periode 2026-01", {"tahun": 2026, "bulan": 1})
    jobs.claim(done.id)
    jobs.Progress(done.id)(1, 1)
    jobs.finish(done.id, "Periode 2026-01 dikunci.")
    result = runner.invoke(args=["pekerjaan", "pantau", str(done.id)])
    assert result.exit_code == 0 and "1/1" in result.output and "Periode 2026-01 dikunci." in result.output
    failed = jobs.create(owner, "impor", "Impor skpd", {})
    jobs.fail(failed.id, "Berkas ditolak.", [(2, "kode", "Kode wajib diisi.")])
    result = runner.invoke(args=["pekerjaan", "pantau", str(failed.id)])
    assert result.exit_code == 1 and "baris 2, kolom kode: Kode wajib diisi." in result.output
    assert "Kunci periode 2026-01" in runner.invoke(args=["pekerjaan", "daftar"]).output
    assert runner.invoke(args=["pekerjaan", "pantau", "999"]).exit_code != 0
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
    assert Pekerjaan.select().count() == 2


def test_a_job_the_queue_cannot_take_says_so_rather_than_waiting_for_ever(app):
    from redis.exceptions import ConnectionError as RedisConnectionError

    app.config.update(REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens there
    owner = f.user("verif", roles=("verifikator",))
    with app.test_request_context(), pytest.raises(RedisConnectionError):
        background.submit(owner, "kunci", "Kunci periode 2026-02", {"tahun": 2026, "bulan": 2})
    job = Pekerjaan.get()
    assert (job.status, job.pesan) == ("GAGAL", background.QUEUE_UNREACHABLE)
