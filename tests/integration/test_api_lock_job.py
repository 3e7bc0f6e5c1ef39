"""The API's month lock runs as a background job: a client that waits gets what it always got (200 with the period,
409 when refused); one that asks `Prefer: respond-async`, or whose lock outlasts the wait, gets 202 and follows the
job at its address."""

import time

from ekinerja.models import AuditLog, Periode
from ekinerja.models.jobs import Pekerjaan
from tests.integration import test_periods_lock as locking
from tests.integration.test_periods_lock import OLD, token_for

org = locking.org  # the same people and entries as the lock's own tests

ASYNC = {"Prefer": "respond-async"}


def follow(client, location, headers):
    """The job's state at its address once it is finished."""
    for _ in range(200):
        response = client.get(location, headers=headers)
        assert response.status_code == 200, response.json
        if response.json["status"] in ("SELESAI", "GAGAL"):
            return response.json
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_a_waiting_client_gets_the_period_as_before_from_a_job(client, org):
    response = client.post(f"/api/v1/periode/{OLD}/kunci", headers=token_for(client, "verif"))
    assert response.status_code == 200 and response.json == {"periode": OLD, "status": "DIKUNCI", "versi": 1}
    [job] = Pekerjaan.select()
    assert (job.jenis, job.status, job.pemilik_id) == ("kunci", "SELESAI", org.verif.id)
    again = client.post(f"/api/v1/periode/{OLD}/kunci", headers=token_for(client, "verif"))
    assert again.status_code == 409 and "sudah dikunci" in again.json["error"]
    assert Periode.get().versi == 1


def test_respond_async_answers_202_with_the_job_to_follow(client, org):
    verif = token_for(client, "verif")
    response = client.post(f"/api/v1/periode/{OLD}/kunci", headers={**verif, **ASYNC})
    assert response.status_code == 202 and response.headers["Preference-Applied"] == "respond-async"
    location = response.headers["Location"]
    assert location == f"/api/v1/pekerjaan/{response.json['id']}" and response.json["jenis"] == "kunci"
    done = follow(client, location, verif)
    assert done["status"] == "SELESAI" and done["hasil"] == {"periode": OLD, "status": "DIKUNCI", "versi": 1}
    assert Periode.get().status == "DIKUNCI"
    trail = AuditLog.select().where(AuditLog.objek == "periode", AuditLog.aksi == "kunci")
    assert [(a.pengguna, a.objek_id) for a in trail] == [("verif", OLD)]
    # Only its owner (and admins) see the job.
    assert client.get(location, headers=token_for(client, org.staf.nip)).status_code == 404
    assert client.get(location, headers=token_for(client, "admin")).status_code == 200
    assert client.get(location).status_code == 401
    # A refused lock: the job fails with the reason, nothing changes.
    refused = client.post(f"/api/v1/periode/{OLD}/kunci", headers={**verif, **ASYNC})
    failed = follow(client, refused.headers["Location"], verif)
    assert failed["status"] == "GAGAL" and "sudah dikunci" in failed["pesan"] and failed.get("hasil") is None
    assert Periode.get().versi == 1


def test_a_lock_longer_than_the_wait_answers_202(app, client, org, monkeypatch):
    monkeypatch.setitem(app.config, "API_JOBS_WAIT_SECONDS", 0)
    verif = token_for(client, "verif")
    response = client.post(f"/api/v1/periode/{OLD}/kunci", headers=verif)
    assert response.status_code in (200, 202)  # the job may be done before the first look
    if response.status_code == 202:
        assert "Preference-Applied" not in response.headers
        assert follow(client, response.headers["Location"], verif)["hasil"]["status"] == "DIKUNCI"
    assert Periode.get().status == "DIKUNCI"


def test_the_openapi_description_documents_the_job_path(client):
    spec = client.get("/api/v1/openapi.json").json
    lock = spec["paths"]["/periode/{periode}/kunci"]["post"]
    assert {"200", "202", "409"} <= set(lock["responses"])
    assert lock["responses"]["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Pekerjaan"
    }
    assert "get" in spec["paths"]["/pekerjaan/{job_id}"]
