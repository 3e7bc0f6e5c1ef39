"""Error pages: Indonesian, in the app's layout, with a way back; JSON on every /api path."""

import pytest

from tests import factories as f


@pytest.fixture
def staff(app):
    f.user("budi", roles=("pegawai",), pegawai=f.pegawai(f.jabatan(f.skpd())))
    return f.browser(app, "budi")


def test_an_unknown_page_answers_404_in_indonesian_with_a_way_back(staff):
    response = staff.get("/tidak-ada")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Tidak ditemukan." in html and 'href="/"' in html and "Kembali ke Beranda" in html
    assert "Kegiatan Harian" in html  # the app's own layout and menu


def test_a_page_of_another_role_answers_403_in_indonesian(staff):
    response = staff.get("/rekap/kota")
    assert response.status_code == 403
    assert "Akses ditolak." in response.get_data(as_text=True)


def test_a_wrong_method_answers_405_in_indonesian(staff):
    response = staff.delete("/")
    assert response.status_code == 405
    assert "Metode tidak diizinkan." in response.get_data(as_text=True)


def test_a_body_over_the_limit_answers_413_on_pages_and_api(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    page = client.post("/masuk", data={"username": "x" * (2 * 1024 * 1024)})
    assert page.status_code == 413
    assert "melebihi batas 1 MB" in page.get_data(as_text=True)
    api = client.post("/api/v1/token", data=b"x" * (2 * 1024 * 1024), content_type="application/json")
    assert api.status_code == 413 and api.json == {"error": "Kiriman terlalu besar."}


@pytest.mark.parametrize(
    ("method", "path", "status", "message"),
    [
        ("get", "/api/v1/tidak-ada", 404, "Tidak ditemukan."),
        ("get", "/api/v1", 404, "Tidak ditemukan."),
        ("delete", "/api/v1/token", 405, "Metode tidak diizinkan."),
        ("put", "/api/v1/aktivitas", 405, "Metode tidak diizinkan."),
    ],
)
def test_every_api_path_answers_json(client, method, path, status, message):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.is_json and response.json == {"error": message}


def test_a_server_error_is_logged_and_answers_a_plain_page_or_json(app, staff, monkeypatch, caplog):
    def broken():
        raise RuntimeError("rusak")

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setitem(app.view_functions, "views.home", broken)
    monkeypatch.setitem(app.view_functions, "api.openapi", broken)
    page = staff.get("/")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Terjadi kesalahan pada server." in html and "Kembali ke Beranda" in html
    assert "Kegiatan Harian" not in html  # no menu: it reads the database, which may be what failed
    assert any("kesalahan tak tertangani pada GET /" in r.getMessage() for r in caplog.records)
    api = staff.get("/api/v1/openapi.json")
    assert api.status_code == 500 and api.json == {"error": "Terjadi kesalahan pada server."}
