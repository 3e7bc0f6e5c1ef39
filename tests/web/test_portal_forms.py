"""The portal's forms as its users meet them: Indonesian labels with units, dropdowns for coded fields, dates typed
dd/mm/yyyy, units and positions named with their SKPD, who is logged in and logout, no inline script."""

import datetime
import re
import warnings
from html.parser import HTMLParser

import pytest

from ekinerja.admin.fields import BAD_DATE
from ekinerja.models import HariLibur, Pegawai, UnitKerja
from tests import factories as f
from tests.conftest import csrf_token
from tests.web import test_browser_e2e as e2e


@pytest.fixture
def city():
    health = f.skpd(kode="DINKES", nama="Dinas Kesehatan", singkatan="DINKES")
    finance = f.skpd(kode="DPKAD", nama="Dinas Pengelolaan Keuangan", singkatan="DPKAD")
    health_unit = UnitKerja.create(kode="DINKES-UMUM", nama="Subbag Umum", skpd=health)
    finance_unit = UnitKerja.create(kode="DPKAD-UMUM", nama="Subbag Umum", skpd=finance)
    f.user("admin", roles=("admin",))
    f.user("admin.dinkes", roles=("admin_skpd",), skpd=health)
    return {"health": health, "finance": finance, "health_unit": health_unit, "finance_unit": finance_unit}


live_server = e2e.live_server  # the app served to a real browser


class Page(HTMLParser):
    """A portal page read as a browser would: its selects' options, field errors, script tags and handlers."""

    def __init__(self, html):
        super().__init__()
        self.options, self.scripts, self.handlers, self.links = {}, [], [], []
        self._select = self._option = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [(tag, name) for name in attrs if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attrs)
        elif tag == "a":
            self.links.append(attrs.get("href") or "")
        elif tag == "select":
            self._select = attrs.get("name")
            self.options.setdefault(self._select, {})
        elif tag == "option" and self._select:
            self._option = attrs.get("value")
            self.options[self._select][self._option] = ""

    def handle_data(self, data):
        if self._select and self._option is not None:
            self.options[self._select][self._option] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "select":
            self._select = None


def _field_errors(html, name):
    """The error texts Flask-Admin shows under one field."""
    block = re.search(rf'<label for="{name}".*?(?=<label for=|</form>)', html, re.DOTALL)
    assert block, f"no field {name}"
    return " ".join(re.findall(r"<li>\s*(.*?)\s*</li>", block.group(0), re.DOTALL))


@pytest.mark.parametrize(
    "url, labels",
    [
        ("/admin/aturan/new/", ["Persen CPNS (%)", "Potongan TL1 (%)", "Potongan PSW4 (%)", "Bobot kinerja (%)",
                                "Menit efektif per hari (menit)", "Batas upah BPJS Kesehatan (Rp)",
                                "TPP dasar CPNS sebagai persen dari tarif kelas jabatannya."]),
        ("/admin/tugas/new/", ["Norma waktu (menit)", "Satuan hasil", "Volume tahunan (satuan hasil)",
                               "Waktu baku untuk satu satuan hasil, dalam menit; lebih dari 0."]),
        ("/admin/tarif/new/", ["Tarif (Rp)", "Kelas jabatan (1-17)", "Aturan TPP"]),
        ("/admin/potongan/new/", ["Persen (%)", "Nominal (Rp)"]),
        ("/admin/pegawai/new/", ["Tanggal lahir", "Jenis kelamin", "ID mesin absensi",
                                 "18 angka: tanggal lahir, TMT CPNS, jenis kelamin (1/2) dan nomor urut."]),
        ("/admin/jadwal/new/", ["Senin: jam masuk (jj:mm)", "Jumat: jam pulang (jj:mm)"]),
        ("/admin/libur/new/", ["Jenis hari libur", "Nama hari libur"]),
    ],
)  # fmt: skip
def test_create_forms_label_every_field_in_indonesian_with_its_unit(client, city, url, labels):
    f.login(client, "admin")
    html = client.get(url).get_data(as_text=True)
    for label in labels:
        assert label in html, label
    assert "Potongan Tl1" not in html and "Persen Cpns" not in html  # no field named by its column


def test_required_fields_are_marked_and_optional_ones_are_not(client, city):
    f.login(client, "admin")
    html = client.get("/admin/pegawai/new/").get_data(as_text=True)

    def marked(name):
        label = re.search(rf'<label for="{name}"[^>]*>(.*?)</label>', html, re.DOTALL).group(1)
        return '<strong class="text-danger">&#42;</strong>' in label

    assert marked("nip") and marked("nama") and marked("tanggal_lahir") and marked("golongan")
    assert not marked("gelar_depan") and not marked("id_mesin")


def test_coded_fields_are_dropdowns_of_their_code_lists(client, city):
    f.login(client, "admin")
    pegawai = Page(client.get("/admin/pegawai/new/").get_data(as_text=True)).options
    assert pegawai["golongan"]["III/a"] == "III/a - Penata Muda" and len(pegawai["golongan"]) == 17
    assert pegawai["jenis_kelamin"] == {"L": "Laki-laki", "P": "Perempuan"}
    assert pegawai["status"] == {"PNS": "PNS", "CPNS": "CPNS"}
    assert Page(client.get("/admin/libur/new/").get_data(as_text=True)).options["jenis"] == {
        "libur_nasional": "Libur nasional",
        "cuti_bersama": "Cuti bersama",
    }
    jabatan = Page(client.get("/admin/jabatan/new/").get_data(as_text=True)).options
    assert jabatan["jenis"]["jpt"] == "Jabatan Pimpinan Tinggi"
    assert jabatan["eselon"][""] == "(tanpa eselon)" and "IV.a" in jabatan["eselon"]
    assert Page(client.get("/admin/cuti/new/").get_data(as_text=True)).options["jenis"]["dinas_luar"] == "Dinas luar"
    assert Page(client.get("/admin/aturan/new/").get_data(as_text=True)).options["metode_pph21"] == {
        "golongan": "Tarif menurut golongan (PP 80/2010)",
        "tarif_tetap": "Satu tarif bagi semua pegawai",
        "ter": "Tarif efektif rata-rata bulanan menurut status PTKP (PP 58/2023)",
    }
    users = client.get("/admin/pengguna/new/").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="roles"[^>]*type="checkbox"[^>]*value="admin_skpd"', users)
    assert "Admin SKPD" in users and "Verifikator" in users


def test_lists_and_details_show_coded_fields_by_their_labels(client, city):
    HariLibur.create(tanggal=datetime.date(2026, 8, 17), jenis="libur_nasional", keterangan="HUT RI")
    position = f.jabatan(city["health"], unit=city["health_unit"], nama="Pengadministrasi Umum", eselon=None)
    f.login(client, "admin")
    page = client.get("/admin/libur/").get_data(as_text=True)
    holidays = re.search(r'<table class="table.*?</table>', page, re.DOTALL).group(0)
    assert "Libur nasional" in holidays and "libur_nasional" not in holidays
    positions = client.get("/admin/jabatan/").get_data(as_text=True)
    row = re.search(r"<tr>(?:(?!</tr>).)*Pengadministrasi Umum.*?</tr>", positions, re.DOTALL).group(0)
    assert ">Pelaksana<" in re.sub(r"\s+", "", row) and "None" not in row and "pelaksana" not in row
    details = client.get(f"/admin/jabatan/details/?id={position.id}").get_data(as_text=True)
    assert "Pelaksana" in details and "Subbag Umum — Dinas Kesehatan" in details


def test_forms_build_without_wtforms_deprecation_warnings(client, city):
    f.login(client, "admin")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for url in ("/admin/pengguna/new/", "/admin/pegawai/new/", "/admin/jabatan/new/", "/admin/aturan/new/"):
            assert client.get(url).status_code == 200
    assert [str(w.message) for w in caught if "wtforms" in w.filename] == []


def test_a_date_typed_dd_mm_yyyy_is_saved_as_that_date_and_shown_the_same_way(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/libur/new/")
    client.post(
        "/admin/libur/new/",
        data={"csrf_token": token, "tanggal": "17/08/2026", "jenis": "libur_nasional", "keterangan": "HUT RI"},
    )
    holiday = HariLibur.get(HariLibur.keterangan == "HUT RI")
    assert holiday.tanggal == datetime.date(2026, 8, 17)
    edit = client.get(f"/admin/libur/edit/?id={holiday.id}").get_data(as_text=True)
    assert re.search(r'name="tanggal"[^>]*value="17/08/2026"', edit)
    assert 'data-date-format="DD/MM/YYYY"' in edit
    assert "17/08/2026" in client.get("/admin/libur/").get_data(as_text=True)


def test_a_pegawai_born_on_a_date_typed_dd_mm_yyyy_passes_the_nip_check(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/pegawai/new/")
    data = {
        "csrf_token": token,
        "nip": "198503122010011003",
        "nama": "Zulfikar Ahmad",
        "tanggal_lahir": "12/03/1985",
        "jenis_kelamin": "L",
        "golongan": "III/c",
        "status": "PNS",
        "status_ptkp": "TK/0",
        "skpd": city["health"].id,
        "aktif": "y",
    }
    assert client.post("/admin/pegawai/new/", data=data).status_code == 302
    assert Pegawai.get(Pegawai.nip == "198503122010011003").tanggal_lahir == datetime.date(1985, 3, 12)


@pytest.mark.parametrize("typed", ["31/02/2026", "17-08-26", "2026/08/17", "besok"])
def test_a_bad_date_is_refused_on_its_field_in_indonesian_and_nothing_is_saved(client, city, typed):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/libur/new/")
    response = client.post(
        "/admin/libur/new/",
        data={"csrf_token": token, "tanggal": typed, "jenis": "cuti_bersama", "keterangan": "Cuti bersama"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _field_errors(html, "tanggal") == BAD_DATE
    assert "Not a valid date" not in html
    assert HariLibur.select().count() == 0


def test_date_filters_read_dd_mm_yyyy_and_say_so_in_indonesian_when_they_cannot(client, city):
    for day, name in ((datetime.date(2026, 8, 17), "HUT RI"), (datetime.date(2026, 12, 25), "Natal")):
        HariLibur.create(tanggal=day, jenis="libur_nasional", keterangan=name)
    f.login(client, "admin")
    august = client.get("/admin/libur/?flt0_1=01/08/2026 s.d. 31/08/2026").get_data(as_text=True)
    assert "HUT RI" in august and "Natal" not in august
    bad = client.get("/admin/libur/?flt0_1=agustus").get_data(as_text=True)
    assert "Tanggal: " + BAD_DATE in bad and "HUT RI" in bad and "Natal" in bad


def test_units_and_positions_are_named_with_their_skpd(client, city):
    f.jabatan(city["health"], unit=city["health_unit"], nama="Kepala Subbag Umum", kode="DINKES-KSU")
    f.login(client, "admin")
    position = Page(client.get("/admin/jabatan/new/").get_data(as_text=True)).options
    assert str(city["health_unit"].id) in position["unit"]
    assert position["unit"][str(city["health_unit"].id)] == "Subbag Umum — Dinas Kesehatan"
    assert position["unit"][str(city["finance_unit"].id)] == "Subbag Umum — Dinas Pengelolaan Keuangan"
    assert "Kepala Subbag Umum (DINKES-KSU) — DINKES" in position["atasan"].values()
    assert "Subbag Umum — Dinas Kesehatan" in client.get("/admin/jabatan/").get_data(as_text=True)
    # An admin_skpd picks among their own SKPD's units only, still named with it.
    client.post("/keluar", data={"csrf_token": csrf_token(client, "/admin/")})
    f.login(client, "admin.dinkes")
    own = Page(client.get("/admin/jabatan/new/").get_data(as_text=True)).options["unit"]
    assert {k: v for k, v in own.items() if k not in ("", "__None")} == {
        str(city["health_unit"].id): "Subbag Umum — Dinas Kesehatan"
    }


def test_the_navbar_shows_who_is_logged_in_the_way_back_and_logs_out(client, city):
    f.login(client, "admin.dinkes")
    html = client.get("/admin/unit/").get_data(as_text=True)
    navbar = re.search(r'data-testid="portal-akun">(.*?)</ul>', html, re.DOTALL).group(1)
    assert '<span class="navbar-text text-white mx-lg-2" data-testid="pengguna">admin.dinkes</span>' in navbar
    assert 'href="/"' in navbar and "Beranda e-Kinerja" in navbar
    assert '<form method="post" action="/keluar"' in navbar and 'name="csrf_token"' in navbar
    token = csrf_token(client, "/admin/unit/")
    assert client.post("/keluar", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/unit/").status_code == 302  # logged out: back to the login page


def test_logout_without_its_csrf_token_is_refused(client, city):
    f.login(client, "admin")
    assert client.post("/keluar").status_code == 400
    assert client.get("/admin/").status_code == 200


PAGES = ["/admin/", "/admin/pegawai/", "/admin/pegawai/new/", "/admin/libur/", "/admin/libur/new/",
         "/admin/libur/?flt0_1=01/08/2026 s.d. 31/08/2026", "/admin/jabatan/new/", "/admin/aturan/new/",
         "/admin/pengguna/new/", "/admin/cuti/", "/admin/impor/"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_portal_pages_carry_no_inline_script_or_handler(client, city, url):
    f.login(client, "admin")
    response = client.get(url)
    nonce = re.search(r"'nonce-([^']+)'", ",".join(response.headers.getlist("Content-Security-Policy"))).group(1)
    page = Page(response.get_data(as_text=True))
    assert page.handlers == []
    assert page.scripts and all(s.get("src") and s.get("nonce") == nonce for s in page.scripts)
    assert "/static/portal.js" in [s["src"] for s in page.scripts]


def test_in_a_browser_the_date_picker_speaks_indonesian_and_writes_dd_mm_yyyy(app, live_server):
    """Flask-Admin's picker as portal.js sets it up, under the Content-Security-Policy, with nothing refused."""
    e2e._require_browser()
    from playwright.sync_api import sync_playwright

    f.user("admin", roles=("admin",))
    HariLibur.create(tanggal=datetime.date(2026, 8, 17), jenis="libur_nasional", keterangan="HUT RI")
    HariLibur.create(tanggal=datetime.date(2026, 12, 25), jenis="libur_nasional", keterangan="Natal")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=e2e.CHROMIUM, args=e2e.CHROMIUM_ARGS)
        page = browser.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{live_server}/masuk")
        page.fill("#username", "admin")
        page.fill("#password", f.PASSWORD)
        page.get_by_role("button", name="Masuk").click()

        page.goto(f"{live_server}/admin/libur/new/")
        page.click("#tanggal")
        page.locator("#tanggal").press_sequentially("01/05/2027")  # typed: the picker turns to May 2027
        picker = page.locator(".daterangepicker").first
        assert "Sn" in picker.inner_text() and "Mei" in picker.inner_text()
        picker.locator("td.available:not(.off)", has_text="14").first.click()
        assert page.input_value("#tanggal") == "14/05/2027"
        page.select_option("#jenis", "libur_nasional")
        page.fill("#keterangan", "Kenaikan Isa Almasih")
        page.get_by_role("button", name="Simpan", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/libur/$"))
        assert HariLibur.get(HariLibur.keterangan == "Kenaikan Isa Almasih").tanggal == datetime.date(2027, 5, 14)

        page.locator("a[data-role=tooltip]").first.click()  # a help mark of a column: javascript:void(0)
        page.get_by_role("link", name=re.compile("^Daftar")).click()  # the list's own tab: javascript:void(0)
        page.get_by_text("Tambah Filter").click()
        page.locator(".field-filters a.filter", has_text="Tanggal").click()
        field = page.locator("input.filter-val").last
        assert field.get_attribute("data-date-format") == "DD/MM/YYYY"
        field.fill("01/08/2026 s.d. 31/08/2026")
        page.get_by_role("button", name="Terapkan").click()
        page.wait_for_url(re.compile(r"flt"))
        assert "HUT RI" in page.content() and "Natal" not in page.content()
        browser.close()
    assert problems == []


def test_duties_are_filtered_by_a_position_picked_by_name_among_those_the_user_sees(client, city):
    import json

    own = f.jabatan(city["health"], unit=city["health_unit"], nama="Pengelola Umum", kode="DINKES-PU")
    other = f.jabatan(city["finance"], unit=city["finance_unit"], nama="Pengelola Umum", kode="DPKAD-PU")
    f.tugas(own, uraian="Mengagendakan surat masuk")
    f.tugas(f.jabatan(city["health"], nama="Perawat", kode="DINKES-P"), uraian="Merawat pasien")
    f.login(client, "admin.dinkes")
    html = client.get("/admin/tugas/").get_data(as_text=True)
    groups = json.loads(re.search(r'<div id="filter-groups-data" class="d-none">(.*?)</div>', html).group(1))
    offered = dict(groups["Jabatan"][0]["options"])
    assert offered[str(own.id)] == "Pengelola Umum (DINKES-PU) — DINKES" and str(other.id) not in offered
    listed = client.get(f"/admin/tugas/?flt0_0={own.id}").get_data(as_text=True)
    assert "Mengagendakan surat masuk" in listed and "Merawat pasien" not in listed


def test_employees_are_filtered_by_a_unit_named_with_its_skpd(client, city):
    import json

    nurse = f.pegawai(f.jabatan(city["health"], unit=city["health_unit"]), nama="Cut Perawat")
    f.pegawai(f.jabatan(city["finance"], unit=city["finance_unit"]), nama="Teuku Bendahara")
    f.login(client, "admin")
    html = client.get("/admin/pegawai/").get_data(as_text=True)
    groups = json.loads(re.search(r'<div id="filter-groups-data" class="d-none">(.*?)</div>', html).group(1))
    offered = dict(groups["Unit kerja"][0]["options"])
    assert offered[str(city["health_unit"].id)] == "Subbag Umum — Dinas Kesehatan"
    assert offered[str(city["finance_unit"].id)] == "Subbag Umum — Dinas Pengelolaan Keuangan"
    arg = groups["Unit kerja"][0]["arg"]
    listed = client.get(f"/admin/pegawai/?flt0_{arg}={city['health_unit'].id}").get_data(as_text=True)
    assert nurse.nama in listed and "Teuku Bendahara" not in listed
