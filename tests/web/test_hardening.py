"""Hostile input: evidence that is a page, scripts under the CSP, NUL bytes, huge numbers and the calendar's edges."""

import datetime
import io
import re

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser

TODAY = clock.today()
SCRIPT = b"<html><script>fetch('/persetujuan', {method: 'POST'})</script></html>"


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    boss_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=10)
    staff_j = f.jabatan(unit, atasan=boss_j)
    staff, boss = f.pegawai(staff_j), f.pegawai(boss_j)
    f.user(pegawai=staff)
    f.user(pegawai=boss, roles=("pegawai", "verifikator"))
    f.user(username="admin", roles=("admin",))
    return {"staff": staff, "boss": boss, "duty": f.tugas(staff_j, kode="ANJ-01", norma_waktu=30)}


def upload(client, content, filename):
    data = {
        "csrf_token": csrf_token(client, "/kegiatan/"),
        "tanggal": TODAY.isoformat(),
        "tugas": "ANJ-01",
        "volume": "1",
        "jam_mulai": "08:00",
        "jam_selesai": "09:00",
        "bukti": (io.BytesIO(content), filename),
    }
    return client.post("/kegiatan/", data=data, content_type="multipart/form-data")


# --- 1. evidence that is a page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, filename",
    [
        (b"%PDF-1.4\n" + SCRIPT, "bukti.html"),
        (b"%PDF-1.4\n" + SCRIPT, "bukti.pdf"),
        (b"\x89PNG\r\n\x1a\n<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "bukti.svg"),
        (b"\xff\xd8\xff" + SCRIPT, "bukti.htm"),
    ],
)
def test_evidence_that_only_starts_like_a_pdf_or_image_is_refused(app, org, content, filename):
    page = upload(browser(app, org["staff"].nip), content, filename)
    assert page.status_code == 200 and "Berkas bukti harus PDF, JPG atau PNG." in page.get_data(as_text=True)
    assert not Aktivitas.select().exists()


@pytest.mark.parametrize("content", [f.evidence_pdf(), f.evidence_image("PNG"), f.evidence_image("JPEG")])
def test_evidence_is_served_as_what_it_is_never_after_its_name(app, org, content):
    staff = browser(app, org["staff"].nip)
    assert upload(staff, content, "bukti.html").status_code == 302
    item = Aktivitas.get()
    suffix = {b"%": ".pdf", b"\x89": ".png", b"\xff": ".jpg"}[content[:1]]
    assert item.bukti_berkas.endswith(suffix) and item.bukti_nama == "bukti" + suffix
    response = browser(app, org["boss"].nip).get(f"/kegiatan/{item.id}/bukti")
    assert response.status_code == 200 and response.data == content
    assert response.mimetype == {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}[suffix]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        response.headers["Content-Disposition"].startswith("inline")
        and "html" not in response.headers["Content-Disposition"]
    )
    response.close()


def test_an_evidence_file_stored_before_under_a_page_name_is_still_served_as_a_pdf(app, org):
    folder = app.config["UPLOAD_FOLDER"]
    import os

    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "a" * 32 + ".pdf"), "wb") as fh:
        fh.write(b"%PDF-1.4\n" + SCRIPT)
    item = f.entry(org["staff"], TODAY)
    Aktivitas.update(bukti_berkas="a" * 32 + ".pdf", bukti_nama="bukti.html").where(Aktivitas.id == item.id).execute()
    response = browser(app, org["boss"].nip).get(f"/kegiatan/{item.id}/bukti")
    assert response.mimetype == "application/pdf" and response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_the_form_states_what_evidence_it_takes_and_how_large(app, org):
    page = browser(app, org["staff"].nip).get("/kegiatan/").get_data(as_text=True)
    assert "PDF, JPG atau PNG, paling besar 2 MB." in page


# --- 1. the Content-Security-Policy -------------------------------------------------------------------------------

INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _script_policy(response):
    [policy] = [p for p in response.headers.getlist("Content-Security-Policy") if "script-src" in p]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    return directives["script-src"]


@pytest.mark.parametrize(
    "who, url",
    [
        (None, "/masuk"),
        ("staff", "/kegiatan/"),
        ("staff", f"/kegiatan/{TODAY:%Y-%m}"),
        ("boss", "/persetujuan"),
        ("boss", "/periode"),
        ("admin", "/admin/"),
        ("admin", "/admin/pegawai/"),
        ("admin", "/admin/pegawai/new/"),
        ("admin", "/admin/mesin_asing/"),
        ("admin", "/admin/impor/"),
    ],
)
def test_every_page_runs_scripts_only_from_files_or_with_its_nonce(app, org, who, url):
    names = {"staff": org["staff"].nip, "boss": org["boss"].nip, "admin": "admin"}
    client = app.test_client() if who is None else browser(app, names[who])
    f.entry(org["staff"], TODAY)
    response = client.get(url)
    script_src = _script_policy(response)
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    html = response.get_data(as_text=True)
    assert not INLINE_HANDLER.search(html), url
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, (url, tag)


def test_the_nonce_differs_from_response_to_response(app):
    first, second = app.test_client().get("/masuk"), app.test_client().get("/masuk")
    assert _script_policy(first) != _script_policy(second)


# --- 7. NUL bytes, control characters, numbers beyond 64 bits, deep JSON ------------------------------------------


def test_nul_bytes_in_either_login_are_400_not_a_server_error(app, org):
    client = app.test_client()
    token = csrf_token(client, "/masuk")
    for data in ({"username": "a\x00b", "password": "x"}, {"username": org["staff"].nip, "password": "x\x00"}):
        assert client.post("/masuk", data=dict(data, csrf_token=token)).status_code == 400
        response = client.post("/api/v1/token", json=data)
        assert response.status_code == 400 and response.json["error"] == "Permintaan tidak dapat dibaca."


@pytest.mark.parametrize(
    "url",
    [
        "/masuk?next=%0d%0aSet-Cookie:x=1",
        "/masuk?next=/kegiatan/%00",
        "/kegiatan/?tanggal=2026-01-01%00",
        "/admin/pegawai/edit/?id=9223372036854775808",
        "/admin/pegawai/?flt0_0=99999999999999999999",
        "/api/v1/skp?tahun=99999999999999999999",
    ],
)
def test_control_characters_and_huge_numbers_in_the_address_are_400(app, org, url):
    client = browser(app, "admin")
    response = client.get(url)
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca." in response.get_data(as_text=True)


def test_huge_ids_in_paths_are_404(app, org):
    staff = browser(app, org["staff"].nip)
    for url in ("/kegiatan/99999999999999999999", "/kegiatan/9223372036854775808/bukti", "/skp/99999999999999999999"):
        assert staff.get(url).status_code == 404, url


def test_deep_json_and_huge_json_numbers_are_400(app, org):
    headers = {"Authorization": "Bearer x"}
    client = app.test_client()
    deep = "[" * 100000 + "]" * 100000
    response = client.post("/api/v1/persetujuan", data=deep, content_type="application/json", headers=headers)
    assert response.status_code == 400 and response.json == {"error": "Permintaan tidak dapat dibaca."}
    response = client.post("/api/v1/persetujuan", json={"ids": [2**64], "aksi": "setujui"}, headers=headers)
    assert response.status_code == 400


def test_a_nul_byte_in_a_form_field_is_400_before_the_database(app, org):
    staff = browser(app, org["staff"].nip)
    data = {"csrf_token": csrf_token(staff, "/kegiatan/"), "tanggal": TODAY.isoformat(), "tugas": "ANJ\x00"}
    assert staff.post("/kegiatan/", data=data).status_code == 400


# --- 7. every screen at the calendar's edges ----------------------------------------------------------------------

# Each query string holds one kind of edge, so that a 400 for one value does not hide another's server error.
EDGE_QUERIES = [
    "periode=9999-12&tanggal=9999-12-31&tahun=9999&mulai=9999-12-31&bulan=12",
    "periode=0001-01&tanggal=0001-01-01&tahun=1&mulai=0001-01-01&bulan=1",
    "periode=2026-13&tanggal=10000-01-01&tahun=-1&skpd=abc&id=abc&page=-1&bulan=13&next=//evil.example",
    "skpd=2147483648&id=2147483648&page=2147483648&tahun=2147483648&bulan=2147483648&periode=2147483648",
    "skpd=9223372036854775807&id=9223372036854775807&page=9223372036854775807&nip=9223372036854775807",
]


def _screen_urls(app):
    """Every GET address of the screens and the portal with its path values filled in."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static") or rule.rule.startswith("/adms/"):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", {"export_type": "csv", "fmt": "csv"}.get(name, "1"), url)
        yield url


def test_every_screen_answers_edge_values_without_a_server_error(app, org):
    people = [browser(app, org["staff"].nip), browser(app, org["boss"].nip)]
    admin = [browser(app, "admin")]
    failures = []
    for url in sorted(set(_screen_urls(app))):
        for query in EDGE_QUERIES:
            for client in admin if url.startswith("/admin/") else people + admin:
                response = client.get(f"{url}?{query}")
                if response.status_code >= 500:
                    failures.append((url, query, response.status_code))
                response.close()
    assert failures == []
