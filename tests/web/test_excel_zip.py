"""Excel downloads and the portal's ZIP of an SKPD's slips over HTTP: who gets which file, 404 otherwise."""

import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ekinerja.models import Rekap
from reports.excel import MIMETYPE
from tests.conftest import csrf_token
from tests.factories import browser
from tests.integration import documents_city as c

PERIODE = c.PERIODE
ZIP_PAGE = "/admin/slip_zip/"
ZIP_URL = "/admin/slip_zip/slip.zip"


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def is_xlsx(response):
    return response.status_code == 200 and response.mimetype == MIMETYPE and response.data[:2] == b"PK"


def nips_in(response):
    """The NIP column of a nominatif workbook."""
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "No")
    return [row[2].value for row in sheet.iter_rows(min_row=header + 1) if isinstance(row[0].value, int)]


# -- nominatif XLSX -------------------------------------------------------------------------------


def test_nominatif_xlsx_follows_the_scope_of_the_recap_screen(app, city):
    own = browser(app, "admin.dpkad")
    response = own.get(f"/rekap/skpd.xlsx?periode={PERIODE}&skpd=DPKAD")
    assert is_xlsx(response)
    assert response.headers["Content-Disposition"] == "attachment; filename=rekap-tpp-2026-11-DPKAD.xlsx"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert sorted(nips_in(response)) == sorted([city.boss.nip, city.staff.nip, city.clerk.nip])
    # Without a code: the first SKPD the screen would show, here the admin_skpd's own.
    assert is_xlsx(own.get(f"/rekap/skpd.xlsx?periode={PERIODE}"))
    for kode in ("DISDUK", "NOPE"):
        assert own.get(f"/rekap/skpd.xlsx?periode={PERIODE}&skpd={kode}").status_code == 404, kode
    for username in ("admin", "verifikator", "keuangan"):
        response = browser(app, username).get(f"/rekap/skpd.xlsx?periode={PERIODE}&skpd=DISDUK")
        assert is_xlsx(response) and nips_in(response) == [city.stranger.nip], username
    staff = browser(app, city.staff.nip)
    assert staff.get(f"/rekap/skpd.xlsx?periode={PERIODE}&skpd=DPKAD").status_code == 403
    anonymous = app.test_client().get(f"/rekap/skpd.xlsx?periode={PERIODE}&skpd=DPKAD")
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]


def test_recap_screen_links_its_xlsx(app, city):
    html = browser(app, "admin.dpkad").get(f"/rekap/skpd?periode={PERIODE}&skpd=DPKAD").get_data(as_text=True)
    assert "/rekap/skpd.xlsx?skpd=DPKAD&amp;periode=2026-11" in html


# -- LKH XLSX -------------------------------------------------------------------------------------


def test_lkh_xlsx_follows_the_scope_of_a_persons_recap(app, city):
    url = f"/dokumen/lkh.xlsx?periode={PERIODE}&nip="
    staff = browser(app, city.staff.nip)
    own = staff.get(url + city.staff.nip)
    assert is_xlsx(own)
    assert own.headers["Content-Disposition"] == f"attachment; filename=lkh-2026-11-{city.staff.nip}.xlsx"
    assert is_xlsx(staff.get(f"/dokumen/lkh.xlsx?periode={PERIODE}"))  # no NIP: one's own
    for nip in (city.boss.nip, city.clerk.nip, city.stranger.nip, "199001012020011999"):
        assert staff.get(url + nip).status_code == 404, nip
    boss = browser(app, city.boss.nip)
    assert is_xlsx(boss.get(url + city.staff.nip)) and is_xlsx(boss.get(url + city.clerk.nip))
    assert boss.get(url + city.stranger.nip).status_code == 404
    assert is_xlsx(browser(app, "admin.dpkad").get(url + city.staff.nip))
    assert browser(app, "admin.disduk").get(url + city.staff.nip).status_code == 404
    for username in ("admin", "verifikator", "keuangan"):
        assert is_xlsx(browser(app, username).get(url + city.stranger.nip)), username
    # An account without an employee has no LKH of its own.
    assert browser(app, "admin").get(f"/dokumen/lkh.xlsx?periode={PERIODE}").status_code == 404
    anonymous = app.test_client().get(url + city.staff.nip)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]


def test_lkh_xlsx_holds_the_entries_as_dates(app, city):
    response = browser(app, city.staff.nip).get(f"/dokumen/lkh.xlsx?periode={PERIODE}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "No")
    first = sheet[header + 1]
    assert first[1].is_date and first[1].value.date().isoformat() == "2026-11-02"
    assert first[2].value == "Memverifikasi daftar gaji"


def test_person_screen_links_the_lkh_xlsx(app, city):
    html = browser(app, city.boss.nip).get(f"/rekap/pegawai/{city.staff.nip}?periode={PERIODE}").get_data(as_text=True)
    assert f"/dokumen/lkh.xlsx?nip={city.staff.nip}&amp;periode=2026-11" in html


# -- the portal's ZIP of slips --------------------------------------------------------------------


def post_zip(client, kode, periode=PERIODE):
    token = csrf_token(client, ZIP_PAGE)
    return client.post(ZIP_URL, data={"skpd": kode, "periode": periode, "csrf_token": token})


def test_zip_holds_the_slips_of_the_skpd_only(app, city):
    c.lock(city)
    client = browser(app, "admin.dpkad")
    page = client.get(ZIP_PAGE).get_data(as_text=True)
    assert "Unduh ZIP slip" in page and 'value="DPKAD"' in page and 'value="DISDUK"' not in page
    response = post_zip(client, "DPKAD")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == "attachment; filename=slip-2026-11-DPKAD.zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    nips = sorted([city.boss.nip, city.staff.nip, city.clerk.nip])
    assert sorted(archive.namelist()) == [f"slip-2026-11-{nip}.pdf" for nip in nips]
    for nip in nips:
        reader = PdfReader(io.BytesIO(archive.read(f"slip-2026-11-{nip}.pdf")))
        assert nip in reader.pages[0].extract_text()
    staff = PdfReader(io.BytesIO(archive.read(f"slip-2026-11-{city.staff.nip}.pdf")))
    text = staff.pages[0].extract_text()
    kode = Rekap.get(Rekap.nip == city.staff.nip, Rekap.berlaku).kode_verifikasi
    assert kode in text and city.stranger.nip not in text and staff.pages[0].images


def test_admin_skpd_cannot_zip_another_skpd_and_admin_can(app, city):
    assert post_zip(browser(app, "admin.dpkad"), "DISDUK").status_code == 404
    assert post_zip(browser(app, "admin.dpkad"), "NOPE").status_code == 404
    response = post_zip(browser(app, "admin"), "DISDUK")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist() == [f"slip-2026-11-{city.stranger.nip}.pdf"]


def test_keuangan_zips_the_slips_of_any_skpd(app, city):
    c.lock(city)
    client = browser(app, "keuangan")
    page = client.get(ZIP_PAGE).get_data(as_text=True)
    assert 'value="DPKAD"' in page and 'value="DISDUK"' in page
    response = post_zip(client, "DISDUK")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist() == [f"slip-2026-11-{city.stranger.nip}.pdf"]
    response = post_zip(client, "DPKAD")
    assert sorted(zipfile.ZipFile(io.BytesIO(response.data)).namelist()) == sorted(
        f"slip-2026-11-{p.nip}.pdf" for p in (city.boss, city.staff, city.clerk)
    )
    # The SKPD recap offers it to keuangan, beside the nominatif as PDF and XLSX.
    html = client.get(f"/rekap/skpd?periode={PERIODE}&skpd=DISDUK").get_data(as_text=True)
    assert 'data-testid="slip-zip"' in html and 'action="/admin/slip_zip/slip.zip"' in html
    assert "/dokumen/rekap?skpd=DISDUK&amp;periode=2026-11" in html


def test_staff_superiors_and_other_skpds_get_no_zip(app, city):
    assert post_zip(browser(app, "admin.disduk"), "DPKAD").status_code == 404
    for nip in (city.staff.nip, city.boss.nip):  # staff, and their superior
        client = browser(app, nip)
        assert client.get(ZIP_PAGE).status_code == 403, nip
        token = csrf_token(client, "/")
        response = client.post(ZIP_URL, data={"skpd": "DPKAD", "periode": PERIODE, "csrf_token": token})
        assert response.status_code == 403, nip
        html = client.get(f"/rekap/pegawai/{city.staff.nip}?periode={PERIODE}").get_data(as_text=True)
        assert 'data-testid="slip-zip"' not in html


def test_zip_is_closed_to_other_roles_and_needs_the_csrf_token(app, city):
    for username in ("verifikator", city.staff.nip):
        client = browser(app, username)
        assert client.get(ZIP_PAGE).status_code == 403, username
        assert client.post(ZIP_URL, data={"skpd": "DPKAD", "periode": PERIODE}).status_code in (400, 403), username
    admin = browser(app, "admin")
    assert admin.post(ZIP_URL, data={"skpd": "DPKAD", "periode": PERIODE}).status_code == 400


def test_zip_of_a_month_without_anyone_says_so(app, city):
    client = browser(app, "admin.dpkad")
    response = post_zip(client, "DPKAD", periode="2019-01")
    assert response.status_code == 302
    assert "Tidak ada slip" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = post_zip(client, "DPKAD", periode="2026-13")
    assert response.status_code == 302
