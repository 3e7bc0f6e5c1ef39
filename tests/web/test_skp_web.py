"""SKP over HTTP: who reaches which SKP (screens and API, with other users' ids), the screens' flow and the PDFs."""

import datetime

import pytest

from ekinerja.models import Evaluasi, PredikatOrganisasi, Skp
from ekinerja.services import skp as plans
from ekinerja.services import skp_evaluation as evals
from tests import factories as f
from tests.conftest import csrf_token
from tests.integration.skp_city import PLAN_DAY, approved_plan, build
from tests.integration.test_documents import pdf_pages

D = datetime.date


@pytest.fixture
def c(app):
    city = build()
    city.staf_skp = approved_plan(city, city.staf_user, city.kabid_user)
    city.staf2_skp = plans.create(city.staf2_user, PLAN_DAY)
    city.luar_skp = plans.create(city.luar_user, PLAN_DAY)
    return city


def token(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    return {"Authorization": f"Bearer {response.json['token']}"}


def post(client, url, data, page=None):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page or url)})


# --- who reaches which SKP -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "own", "reaches", "refused"),
    [
        ("staf_user", "staf_skp", [], ["staf2_skp", "luar_skp"]),
        ("kabid_user", None, ["staf_skp", "staf2_skp"], ["luar_skp"]),
        ("admin_skpd", None, ["staf_skp", "staf2_skp"], ["luar_skp"]),
        ("admin_lain", None, ["luar_skp"], ["staf_skp", "staf2_skp"]),
    ],
)
def test_each_role_reaches_only_its_skp_on_screens_pdfs_and_api(app, c, who, own, reaches, refused):
    user = getattr(c, who)
    browser = f.browser(app, user.username)
    headers = token(app.test_client(), user.username)
    for name in ([own] if own else []) + reaches:
        skp_id = getattr(c, name).id
        assert browser.get(f"/skp/{skp_id}").status_code == 200, name
        assert browser.get(f"/api/v1/skp/{skp_id}", headers=headers).status_code == 200, name
    for name in refused:
        skp_id = getattr(c, name).id
        assert browser.get(f"/skp/{skp_id}").status_code == 404, name
        assert browser.get(f"/skp/{skp_id}/dokumen/rencana").status_code == 404, name
        client = app.test_client()
        assert client.get(f"/api/v1/skp/{skp_id}", headers=headers).status_code == 404, name
        assert client.post(f"/api/v1/skp/{skp_id}/ajukan", headers=headers).status_code == 404, name
        assert client.post(f"/api/v1/skp/{skp_id}/evaluasi", headers=headers, json={"periode": 1}).status_code == 404


def test_a_colleague_cannot_act_on_anothers_skp_even_where_he_sees_it(app, c):
    staf2 = f.browser(app, c.staf2.nip)
    assert staf2.get(f"/skp/{c.staf_skp.id}").status_code == 404
    response = post(staf2, f"/skp/{c.staf_skp.id}/realisasi", {"indikator": 1, "bulan": 1, "nilai": "1"}, "/skp/")
    assert response.status_code == 404
    headers = token(app.test_client(), c.kadis.nip)  # the appraiser's superior sees, but does not rate
    client = app.test_client()
    assert client.get(f"/api/v1/skp/{c.staf_skp.id}", headers=headers).status_code == 200
    rated = client.post(f"/api/v1/skp/{c.staf_skp.id}/evaluasi", headers=headers, json={"periode": 1,
                        "rating_hasil": "atas", "rating_perilaku": "atas"})  # fmt: skip
    assert rated.status_code == 422 and "skp" in rated.json["errors"]


def test_only_the_appraiser_opens_the_rating_screen(app, c):
    assert f.browser(app, c.staf.nip).get(f"/skp/{c.staf_skp.id}/nilai").status_code == 403
    assert f.browser(app, c.kabid.nip).get(f"/skp/{c.staf_skp.id}/nilai").status_code == 200


def test_the_distribution_screen_is_for_admins_and_their_own_skpd(app, c):
    assert f.browser(app, c.staf.nip).get("/skp/distribusi").status_code == 403
    other = f.browser(app, "admin_disdik")
    assert other.get(f"/skp/distribusi?skpd={c.unit.id}&tahun=2026").status_code == 404
    assert other.get("/skp/distribusi?tahun=2026").status_code == 200


# --- the screens' flow -----------------------------------------------------------------------------------------------


def test_staff_draft_and_submit_and_the_appraiser_returns_then_agrees(app, c):
    staf2 = f.browser(app, c.staf2.nip)
    page = f"/skp/{c.staf2_skp.id}"
    response = post(staf2, f"{page}/hasil", {"hasil": "", "aspek": "kuantitas", "target": "x"}, page)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Uraian hasil kerja wajib diisi." in html and "Target harus angka lebih dari 0." in html
    data = {"hasil": "Laporan tersusun", "intervensi": f"t{c.target.id}", "aspek": "kuantitas",
            "uraian": "Jumlah laporan", "target": "12", "satuan": "laporan", "tugas": "T-LAP"}  # fmt: skip
    assert post(staf2, f"{page}/hasil", data, page).status_code == 302
    assert post(staf2, f"{page}/keputusan", {"aksi": "ajukan"}, page).status_code == 302
    kabid = f.browser(app, c.kabid.nip)
    assert c.staf2.nama_lengkap in kabid.get("/skp/penilai?tahun=2026").get_data(as_text=True)
    returned = post(kabid, f"{page}/keputusan", {"aksi": "kembalikan", "catatan": ""}, page)
    assert returned.status_code == 422 and "Catatan wajib diisi" in returned.get_data(as_text=True)
    post(kabid, f"{page}/keputusan", {"aksi": "kembalikan", "catatan": "Tambah kualitas"}, page)
    assert Skp.get_by_id(c.staf2_skp.id).status == "DIKEMBALIKAN"
    post(staf2, f"{page}/keputusan", {"aksi": "ajukan"}, page)
    post(kabid, f"{page}/keputusan", {"aksi": "setujui", "catatan": ""}, page)
    assert Skp.get_by_id(c.staf2_skp.id).status == "DISETUJUI"
    f.entry(c.staf2, D(2026, 2, 3), minutes=45, status="DISETUJUI", tugas=c.tugas)
    assert "45 mnt" in staf2.get(page).get_data(as_text=True)


def test_rating_screen_gives_the_predikat_and_warns_about_the_curve(app, c):
    PredikatOrganisasi.create(skpd=c.unit, tahun=2026, predikat="Baik")
    kabid = f.browser(app, c.kabid.nip)
    page = f"/skp/{c.staf_skp.id}/nilai"
    response = post(kabid, page, {"periode": "0", "rating_hasil": "sesuai", "rating_perilaku": "sesuai"})
    assert response.status_code == 302
    assert Evaluasi.get(Evaluasi.skp == c.staf_skp.id, Evaluasi.periode == 0).predikat == "Baik"
    html = kabid.get(page).get_data(as_text=True)
    assert 'data-testid="curve-warning"' in html and "Butuh Perbaikan atau Kurang" in html
    admin = f.browser(app, "admin_dinkes")
    html = admin.get(f"/skp/distribusi?skpd={c.unit.id}&tahun=2026").get_data(as_text=True)
    assert 'data-testid="problems"' in html
    refused = post(admin, "/skp/distribusi", {"skpd": c.unit.id, "tahun": 2026, "aksi": "finalisasi"},
                   f"/skp/distribusi?skpd={c.unit.id}&tahun=2026")  # fmt: skip
    assert refused.status_code == 302 and not PredikatOrganisasi.get().final


def test_the_admin_sets_the_organisation_predikat_on_the_distribution_screen(app, c):
    admin = f.browser(app, "admin")
    url = f"/skp/distribusi?skpd={c.unit.id}&tahun=2026"
    post(admin, "/skp/distribusi", {"skpd": c.unit.id, "tahun": 2026, "predikat": "Istimewa"}, url)
    assert PredikatOrganisasi.get(PredikatOrganisasi.skpd == c.unit.id).predikat == "Istimewa"
    assert "Istimewa" in admin.get(url).get_data(as_text=True)


def test_objection_on_the_screen_and_the_superiors_decision(app, c):
    evals.evaluate(c.kabid_user, c.staf_skp, evals.EvaluationInput(0, "bawah", "sesuai"))
    staf = f.browser(app, c.staf.nip)
    page = f"/skp/{c.staf_skp.id}"
    assert post(staf, f"{page}/keberatan", {"alasan": "Target terlampaui"}, page).status_code == 302
    kadis = f.browser(app, c.kadis.nip)
    assert c.staf.nama_lengkap in kadis.get("/skp/").get_data(as_text=True)
    data = {"keputusan": "diterima", "predikat_baru": "Baik", "alasan": "Bukti lengkap"}
    assert post(kadis, f"{page}/keberatan/putus", data, page).status_code == 302
    assert "predikat menjadi Baik" in staf.get(page).get_data(as_text=True)


# --- documents -------------------------------------------------------------------------------------------------------


def _pdf_text(response):
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return " ".join(" ".join(pdf_pages(response.data)).split())


def test_the_plan_the_periodic_and_the_annual_documents(app, c):
    staf = f.browser(app, c.staf.nip)
    assert staf.get(f"/skp/{c.staf2_skp.id}/dokumen/rencana").status_code == 404  # someone else's
    draft = f.browser(app, c.staf2.nip).get(f"/skp/{c.staf2_skp.id}/dokumen/rencana")
    text = _pdf_text(draft)
    assert "SASARAN KINERJA PEGAWAI" in text and "DRAFT" in text
    assert staf.get(f"/skp/{c.staf_skp.id}/dokumen/tahunan").status_code == 404  # no annual predikat yet
    evals.evaluate(c.kabid_user, c.staf_skp, evals.EvaluationInput(2, "atas", "sesuai"))
    evals.evaluate(c.kabid_user, c.staf_skp, evals.EvaluationInput(0, "atas", "atas"))
    text = _pdf_text(staf.get(f"/skp/{c.staf_skp.id}/dokumen/evaluasi?periode=2"))
    assert "EVALUASI KINERJA PEGAWAI" in text and "Triwulan II" in text
    text = _pdf_text(staf.get(f"/skp/{c.staf_skp.id}/dokumen/tahunan"))
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text and "SANGAT BAIK" in text and "Atasan pejabat" in text
    assert "Triwulan II Baik" in text and "DRAFT" in text  # the SKPD's year is not finalised


# --- the API ---------------------------------------------------------------------------------------------------------


def test_api_plan_submit_agree_realise_and_evaluate(app, c):
    client = app.test_client()
    staf2, kabid = token(client, c.staf2.nip), token(client, c.kabid.nip)
    url = f"/api/v1/skp/{c.staf2_skp.id}"
    bad = client.put(f"{url}/rencana", headers=staf2, json={"hasil": [{"uraian": "", "indikator": []}]})
    assert bad.status_code == 422 and "hasil[1].uraian" in bad.json["errors"]
    plan = {"hasil": [{"uraian": "Laporan", "target_skpd_id": c.target.id, "indikator": [
        {"aspek": "kuantitas", "uraian": "Jumlah", "target": "4", "satuan": "laporan"}]}]}  # fmt: skip
    assert client.put(f"{url}/rencana", headers=kabid, json=plan).status_code == 422  # not the owner
    body = client.put(f"{url}/rencana", headers=staf2, json=plan).json
    indikator_id = body["hasil"][0]["indikator"][0]["id"]
    assert client.post(f"{url}/ajukan", headers=staf2).json["status"] == "DIAJUKAN"
    assert client.post(f"{url}/keputusan", headers=kabid, json={"aksi": "hapus"}).status_code == 422
    assert client.post(f"{url}/keputusan", headers=kabid, json={"aksi": "setujui"}).json["status"] == "DISETUJUI"
    done = client.post(f"{url}/realisasi", headers=staf2, json={"indikator_id": indikator_id, "bulan": 3,
                                                                "nilai": "2", "bukti": "Arsip"})  # fmt: skip
    assert done.json["hasil"][0]["indikator"][0]["realisasi"] == {"3": "2.00"}
    rated = client.post(f"{url}/evaluasi", headers=kabid, json={"periode": 1, "rating_hasil": "bawah",
                                                                "rating_perilaku": "bawah"})  # fmt: skip
    assert rated.json["predikat"] == "Sangat Kurang"
    listed = client.get("/api/v1/skp?tahun=2026", headers=kabid).json
    assert {s["nip"] for s in listed} == {c.staf.nip, c.staf2.nip, c.kabid.nip} - {c.kabid.nip}


def test_api_create_and_openapi(app, c):
    client = app.test_client()
    headers = token(client, c.kadis.nip)
    created = client.post("/api/v1/skp", headers=headers, json={"tanggal": "2026-02-01"})
    assert created.status_code == 201 and created.json["penilai_nip"] == c.sekda.nip
    assert client.post("/api/v1/skp", headers=headers, json={"tanggal": "2026-13-01"}).status_code == 422
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/skp"]) and "put" in paths["/skp/{skp_id}/rencana"]
