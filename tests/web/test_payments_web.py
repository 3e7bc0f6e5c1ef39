"""Bank details and the treasurer's files through the HTTP client, with other users' ids."""

import datetime

import pytest

from ekinerja.models import Pegawai, PembayaranTpp
from ekinerja.services import access, pay_inputs
from tests.conftest import csrf_token
from tests.factories import browser
from tests.integration import documents_city as c

QUERY = f"skpd=DPKAD&periode={c.PERIODE}"


@pytest.fixture
def city(app, monkeypatch):
    city = c.build(monkeypatch)
    pay_inputs.set_bank_details(city.staff, "Bank Aceh Syariah", "0101000001", city.users.keuangan)
    return city


def test_the_employee_sees_only_their_own_account(app, city):
    staff = browser(app, city.staff.nip)
    assert "0101000001" in staff.get("/rekap/rekening").get_data(as_text=True)
    assert staff.get(f"/rekap/rekening/{city.staff.nip}").status_code == 200
    stranger = browser(app, city.stranger.nip)
    assert stranger.get(f"/rekap/rekening/{city.staff.nip}").status_code == 404
    assert "0101000001" not in stranger.get("/rekap/rekening").get_data(as_text=True)


@pytest.mark.parametrize("username", ["admin.dpkad", "verifikator", "boss"])
def test_neither_the_skpd_admin_nor_the_verifikator_nor_the_superior_sees_an_account(app, city, username):
    client = browser(app, city.boss.nip if username == "boss" else username)
    assert client.get(f"/rekap/rekening/{city.staff.nip}").status_code == 404


def test_an_employee_cannot_change_their_account_keuangan_can(app, city):
    staff = browser(app, city.staff.nip)
    token = csrf_token(staff, "/masuk")
    response = staff.post("/rekap/rekening", data={"csrf_token": token, "nama_bank": "X", "nomor_rekening": "99999999"})
    assert response.status_code == 403
    keuangan = browser(app, "keuangan")
    url = f"/rekap/rekening/{city.staff.nip}"
    token = csrf_token(keuangan, url)
    keuangan.post(url, data={"csrf_token": token, "nama_bank": "BSI", "nomor_rekening": "7123456789"})
    assert Pegawai.get_by_id(city.staff.id).nomor_rekening == "7123456789"
    keuangan.post(url, data={"csrf_token": token, "nama_bank": "BSI", "nomor_rekening": "71-23"})
    assert Pegawai.get_by_id(city.staff.id).nomor_rekening == "7123456789"


@pytest.mark.parametrize(
    "path", ["/rekap/pembayaran", "/rekap/pembayaran.xlsx", "/rekap/transfer.csv", "/rekap/pembayaran.pdf"]
)
def test_the_treasurer_files_are_for_keuangan_and_admin_only(app, city, path):
    c.lock(city)
    for username in ("admin.dpkad", "verifikator", city.staff.nip):
        assert browser(app, username).get(f"{path}?{QUERY}").status_code in (403, 404), username
    assert browser(app, "keuangan").get(f"{path}?{QUERY}").status_code == 200


def test_keuangan_marks_paid_on_the_payment_screen(app, city):
    c.lock(city)
    keuangan = browser(app, "keuangan")
    page = f"/rekap/pembayaran?{QUERY}"
    assert "2.741.040" in keuangan.get(page).get_data(as_text=True)
    token = csrf_token(keuangan, page)
    form = {"csrf_token": token, "skpd": "DPKAD", "periode": c.PERIODE, "tanggal_bayar": "2026-12-10"}
    keuangan.post("/rekap/pembayaran/bayar", data={**form, "nomor_dokumen": "SP2D-77"})
    assert PembayaranTpp.get().nomor_dokumen == "SP2D-77"
    assert "SP2D-77" in keuangan.get(page).get_data(as_text=True)
    admin = browser(app, "admin")
    form["csrf_token"] = csrf_token(admin, "/rekap/rekening/" + city.staff.nip)
    assert admin.post("/rekap/pembayaran/bayar", data={**form, "nomor_dokumen": "X"}).status_code == 403


def test_a_transfer_layout_not_in_the_repository_is_not_found(app, city):
    c.lock(city)
    response = browser(app, "keuangan").get(f"/rekap/transfer.csv?{QUERY}&format=../slip")
    assert response.status_code == 404


def test_the_payment_screen_opens_on_the_first_skpd_with_entries_without_a_choice(app, city):
    page = browser(app, "keuangan").get("/rekap/pembayaran")
    assert page.status_code == 200
    first, *_ = access.visible_skpds(city.users.keuangan)
    assert first == city.other  # DISDUK comes first by code but holds no entry in November; DPKAD does
    html = page.get_data(as_text=True)
    assert city.dinas.nama in html and "November 2026" in html


@pytest.mark.parametrize("username", ["keuangan", "admin"])
def test_keuangan_and_admin_export_every_employees_bank_details(app, city, username):
    response = browser(app, username).get("/rekap/rekening.csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert f"{city.staff.nip},Bank Aceh Syariah,0101000001" in response.get_data(as_text=True).splitlines()


@pytest.mark.parametrize("username", ["admin.dpkad", "verifikator", "boss", "staff"])
def test_no_one_else_exports_bank_details_on_either_screen(app, city, username):
    nip = {"boss": city.boss.nip, "staff": city.staff.nip}.get(username, username)
    client = browser(app, nip)
    assert client.get("/rekap/rekening.csv").status_code == 403
    assert client.get("/admin/impor/ekspor/rekening.csv").status_code in (403, 404)
    assert "0101000001" not in client.get("/admin/impor/").get_data(as_text=True)


def test_the_month_readiness_screen_shows_the_reason_and_only_the_admin_includes_the_skpd(app, city):
    from ekinerja.models import AuditLog, Skpd

    Skpd.update(ikut_mulai=datetime.date(2026, 10, 1)).execute()
    admin = browser(app, "admin")
    url = f"/admin/kesiapan/bulan?periode={c.PERIODE}"
    page = admin.get(url).get_data(as_text=True)
    assert "Tidak: Bulan ini belum siap direkap: tidak ada data presensi sidik jari dan tidak ada apel" in page
    skpd_admin = browser(app, "admin.disduk")
    own_page = skpd_admin.get(url).get_data(as_text=True)
    assert (
        "Dinas Kependudukan" in own_page
        and "Dinas Pengelolaan Keuangan" not in own_page
        and "Tetap rekap" not in own_page
    )
    data = {"csrf_token": csrf_token(skpd_admin, "/masuk"), "skpd": "DISDUK", "periode": c.PERIODE, "alasan": "Manual"}
    assert skpd_admin.post("/admin/kesiapan/bulan", data=data).status_code == 403
    assert AuditLog.select().where(AuditLog.aksi == "ikutkan_rekap").count() == 0
    data["csrf_token"] = csrf_token(admin, url)
    assert admin.post("/admin/kesiapan/bulan", data=data).status_code == 302
    page = admin.get(url).get_data(as_text=True)
    assert "Diikutkan admin (admin): Manual" in page and "Tidak: Bulan ini" not in page
    city_page = browser(app, "keuangan").get(f"/rekap/kota?periode={c.PERIODE}").get_data(as_text=True)
    assert "belum siap direkap" not in city_page
