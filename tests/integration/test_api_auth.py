"""API v1: token login and its end, 401s, ids that are not the caller's, the OpenAPI description."""

import datetime
import re
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, ApiToken, AuditLog, User
from ekinerja.services import accounts, approvals
from tests import factories as f
from tests.conftest import csrf_token

TODAY = clock.today()


def entry(pegawai, day=TODAY, status="DIAJUKAN", hour=8):
    return Aktivitas.create(
        pegawai=pegawai,
        tanggal=day,
        uraian="Menyusun laporan",
        volume=1,
        jam_mulai=datetime.time(hour),
        jam_selesai=datetime.time(hour + 1),
        menit_diakui=60,
        status=status,
    )


def token_for(client, username, password=f.PASSWORD):
    response = client.post("/api/v1/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": "Bearer " + response.json["token"]}


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit, other_unit = f.skpd(), f.skpd()
    kadis_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=14)
    kabid_j = f.jabatan(unit, atasan=kadis_j, kelas_jabatan=11)
    kabid2_j = f.jabatan(unit, atasan=kadis_j, kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    o = SimpleNamespace()
    for name, jab in (
        ("kadis", kadis_j),
        ("kabid", kabid_j),
        ("kabid2", kabid2_j),
        ("staf", staf_j),
        ("rekan", staf_j),
        ("luar", f.jabatan(other_unit)),
    ):
        person = f.pegawai(jab)
        setattr(o, name, person)
        setattr(o, name + "_user", f.user(pegawai=person))
    o.duty = f.tugas(staf_j, norma_waktu=30)
    return o


def test_token_then_own_profile(client, org):
    response = client.post("/api/v1/token", json={"username": org.staf.nip, "password": f.PASSWORD})
    assert response.status_code == 200
    assert datetime.datetime.fromisoformat(response.json["kedaluwarsa"]) > datetime.datetime.now()
    row = ApiToken.get()
    assert row.token_hash != response.json["token"] and len(row.token_hash) == 64
    me = client.get("/api/v1/saya", headers={"Authorization": "Bearer " + response.json["token"]}).json
    assert me["nip"] == org.staf.nip and me["peran"] == ["pegawai"] and me["skpd"] == org.staf.skpd.nama


BAD_HEADERS = [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer tidak-ada"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
]
PROTECTED = [
    ("get", "/api/v1/saya"),
    ("get", "/api/v1/tugas"),
    ("get", "/api/v1/aktivitas?periode=2026-01"),
    ("post", "/api/v1/aktivitas"),
    ("patch", "/api/v1/aktivitas/1"),
    ("delete", "/api/v1/aktivitas/1"),
    ("get", "/api/v1/persetujuan?periode=2026-01"),
    ("post", "/api/v1/persetujuan"),
    ("post", "/api/v1/periode/2026-01/kunci"),
    ("post", "/api/v1/periode/2026-01/buka"),
    ("post", "/api/v1/keluar"),
]


def test_every_call_without_a_valid_token_is_401(client, org):
    item = entry(org.staf)
    for method, path in PROTECTED:
        for headers in BAD_HEADERS:
            body = {"ids": [item.id], "aksi": "setujui", "alasan": "x", "volume": 2}
            response = getattr(client, method)(path, headers=headers, json=body)
            assert response.status_code == 401, (method, path, headers)
            assert response.json == {"error": "Token tidak valid atau kedaluwarsa."}
    stored = Aktivitas.get_by_id(item.id)
    assert (stored.status, stored.volume) == ("DIAJUKAN", 1)
    assert not AuditLog.select().where(AuditLog.objek.in_(["aktivitas", "periode"])).exists()


def test_expired_token_is_401(client, org):
    headers = token_for(client, org.staf.nip)
    ApiToken.update(kedaluwarsa=datetime.datetime.now() - datetime.timedelta(seconds=1)).execute()
    assert client.get("/api/v1/saya", headers=headers).status_code == 401


def test_unknown_user_and_wrong_password_get_the_same_401(client, org):
    unknown = client.post("/api/v1/token", json={"username": "199001012015011999", "password": "salah12345"})
    wrong = client.post("/api/v1/token", json={"username": org.staf.nip, "password": "salah12345"})
    missing = client.post("/api/v1/token", json={"username": org.staf.nip})
    assert unknown.status_code == wrong.status_code == missing.status_code == 401
    assert unknown.json == wrong.json == missing.json == {"error": accounts.LOGIN_FAILED}
    assert ApiToken.select().count() == 0


def test_lockout_applies_to_the_token_endpoint(client, org, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert (
            client.post("/api/v1/token", json={"username": org.staf.nip, "password": "salah12345"}).status_code == 401
        )
    assert User.get_by_id(org.staf_user.id).terkunci_sampai > datetime.datetime.now()
    right = client.post("/api/v1/token", json={"username": org.staf.nip, "password": f.PASSWORD})
    assert right.status_code == 401 and right.json == {"error": accounts.LOGIN_FAILED}
    assert ApiToken.select().count() == 0
    assert (
        AuditLog.select().where(AuditLog.aksi == "kunci_akun", AuditLog.objek_id == str(org.staf_user.id)).count() == 1
    )


def test_four_failures_then_the_right_password_still_works(client, org, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        client.post("/api/v1/token", json={"username": org.staf.nip, "password": "salah12345"})
    assert client.post("/api/v1/token", json={"username": org.staf.nip, "password": f.PASSWORD}).status_code == 200


def test_token_ends_on_password_change(client, org):
    headers = token_for(client, org.staf.nip)
    assert client.get("/api/v1/saya", headers=headers).status_code == 200
    accounts.set_password(User.get_by_id(org.staf_user.id), "sandibaru2026", org.staf_user)
    assert client.get("/api/v1/saya", headers=headers).status_code == 401
    assert client.get("/api/v1/saya", headers=token_for(client, org.staf.nip, "sandibaru2026")).status_code == 200


def test_token_ends_on_api_logout_everywhere_with_the_web_session(app, org):
    api, browser = app.test_client(), app.test_client()
    f.login(browser, org.staf.nip)
    headers, other = token_for(api, org.staf.nip), token_for(api, org.staf.nip)
    response = api.post("/api/v1/keluar", headers=headers)
    assert response.status_code == 200
    assert api.get("/api/v1/saya", headers=headers).status_code == 401
    assert api.get("/api/v1/saya", headers=other).status_code == 401
    assert browser.get("/kegiatan/").status_code == 302


def test_token_ends_on_web_logout(app, org):
    api, browser = app.test_client(), app.test_client()
    headers = token_for(api, org.staf.nip)
    f.login(browser, org.staf.nip)
    assert browser.post("/keluar", data={"csrf_token": csrf_token(browser, "/")}).status_code == 302
    assert api.get("/api/v1/saya", headers=headers).status_code == 401


# --- ids that are not the caller's --------------------------------------------------------------


def test_patch_and_delete_of_someone_elses_entry_answer_404_like_a_missing_id(client, org):
    theirs = entry(org.rekan)
    missing_id = theirs.id + 1000
    for user in (org.staf_user, org.kabid_user, org.luar_user):
        headers = token_for(client, user.username)
        for method in ("patch", "delete"):
            other = getattr(client, method)(f"/api/v1/aktivitas/{theirs.id}", headers=headers, json={"volume": 2})
            missing = getattr(client, method)(f"/api/v1/aktivitas/{missing_id}", headers=headers, json={"volume": 2})
            assert (
                (other.status_code, other.json)
                == (missing.status_code, missing.json)
                == (404, {"error": "Tidak ditemukan."})
            )
    stored = Aktivitas.get_by_id(theirs.id)
    assert (stored.volume, stored.status) == (1, "DIAJUKAN")
    assert not AuditLog.select().where(AuditLog.objek == "aktivitas").exists()


def test_own_entries_list_shows_only_the_callers_entries(client, org):
    mine, theirs = entry(org.staf), entry(org.rekan)
    rows = client.get(f"/api/v1/aktivitas?periode={TODAY:%Y-%m}", headers=token_for(client, org.staf.nip)).json
    assert [r["id"] for r in rows] == [mine.id]
    assert theirs.id not in {r["id"] for r in rows}


def _decide(client, headers, ids, aksi="setujui", catatan=None):
    response = client.post("/api/v1/persetujuan", headers=headers, json={"ids": ids, "aksi": aksi, "catatan": catatan})
    assert response.status_code == 200, response.json
    return {row["id"]: row for row in response.json["hasil"]}


def test_a_pegawai_cannot_decide_anothers_entries_by_id(client, org):
    waiting, approved = entry(org.staf, hour=8), entry(org.staf, status="DISETUJUI", hour=10)
    for user in (org.rekan_user, org.luar_user):
        headers = token_for(client, user.username)
        for aksi in ("setujui", "revisi", "tolak", "batalkan", "anulir"):
            result = _decide(client, headers, [waiting.id, approved.id, 999999], aksi, "catatan")
            for item_id in (waiting.id, approved.id, 999999):
                expected = {"id": item_id, "berhasil": False, "status": None, "pesan": approvals.NOT_FOUND}
                assert result[item_id] == expected, aksi
    assert (Aktivitas.get_by_id(waiting.id).status, Aktivitas.get_by_id(approved.id).status) == (
        "DIAJUKAN",
        "DISETUJUI",
    )


def test_an_atasan_cannot_decide_outside_their_subordinates_nor_their_own_entries(client, org):
    staff_entry, own = entry(org.staf), entry(org.kabid)
    # kabid2 is a peer superior, kadis is the superior's superior: neither is the approver.
    for user in (org.kabid2_user, org.kadis_user):
        result = _decide(client, token_for(client, user.username), [staff_entry.id])
        assert result[staff_entry.id]["pesan"] == approvals.NOT_FOUND
    result = _decide(client, token_for(client, org.kabid.nip), [own.id])
    assert result[own.id]["berhasil"] is False and result[own.id]["pesan"] == approvals.NOT_FOUND
    assert Aktivitas.get_by_id(staff_entry.id).status == Aktivitas.get_by_id(own.id).status == "DIAJUKAN"
    # ...while their own superior may decide theirs.
    assert _decide(client, token_for(client, org.kadis.nip), [own.id])[own.id]["status"] == "DISETUJUI"


def test_waiting_list_of_an_atasan_has_only_subordinates(client, org):
    staff_entry = entry(org.staf)
    entry(org.kabid)
    entry(org.luar)
    rows = client.get(f"/api/v1/persetujuan?periode={TODAY:%Y-%m}", headers=token_for(client, org.kabid.nip)).json
    assert [(r["id"], r["nip"]) for r in rows] == [(staff_entry.id, org.staf.nip)]
    assert client.get(f"/api/v1/persetujuan?periode={TODAY:%Y-%m}", headers=token_for(client, org.rekan.nip)).json == []


def test_malformed_decision_request_names_the_field(client, org):
    headers = token_for(client, org.kabid.nip)
    response = client.post("/api/v1/persetujuan", headers=headers, json={"ids": ["1"], "aksi": "hapus"})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"ids", "aksi"}


# --- OpenAPI ------------------------------------------------------------------------------------


def test_openapi_describes_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    spec = response.json
    assert re.fullmatch(r"3\.\d+\.\d+", spec["openapi"])
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    expected = {
        "/token": {"post"},
        "/keluar": {"post"},
        "/saya": {"get"},
        "/tugas": {"get"},
        "/aktivitas": {"get", "post"},
        "/aktivitas/{id}": {"patch", "delete"},
        "/persetujuan": {"get", "post"},
        "/periode/{periode}/kunci": {"post"},
        "/periode/{periode}/buka": {"post"},
    }
    documented = {path: set(item) - {"parameters"} for path, item in spec["paths"].items()}
    for path, methods in expected.items():
        assert methods <= documented.get(path, set()), path
    assert spec["paths"]["/token"]["post"]["security"] == []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                assert operation["responses"], (path, method)
    # Every $ref resolves.
    schemas = spec["components"]["schemas"]
    for ref in re.findall(r'"\$ref": "#/components/schemas/(\w+)"', response.get_data(as_text=True)):
        assert ref in schemas
    assert set(schemas["Aktivitas"]["properties"]["status"]["enum"]) == {
        "DIAJUKAN",
        "DISETUJUI",
        "REVISI",
        "DITOLAK",
        "DIANULIR",
    }


def test_openapi_documents_every_route_the_api_serves(app, client):
    documented = {
        path: set(item) - {"parameters"} for path, item in client.get("/api/v1/openapi.json").json["paths"].items()
    }
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.rule.endswith("/openapi.json"):
            continue
        path = re.sub(
            r"<(?:\w+:)?(\w+)>",
            lambda m: "{" + {"entry_id": "id", "kode": "periode"}.get(m.group(1), m.group(1)) + "}",
            rule.rule,
        )
        path = path.removeprefix("/api/v1")
        served = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        if not served <= documented.get(path, set()):
            missing.append((rule.rule, sorted(served - documented.get(path, set()))))
    assert missing == []


def test_openapi_tells_clients_to_keep_their_token_until_it_expires(client):
    description = client.get("/api/v1/openapi.json").get_json()["info"]["description"]
    assert "Minta token sekali" in description and "kedaluwarsa" in description
