"""End to end in a real browser: a staff member logs an activity, the superior approves it, the staff sees it approved.

Playwright drives Debian's chromium (/usr/bin/chromium; Playwright's own browser download is never used) against the
test app served by werkzeug in a background thread. Without the browser the test is skipped locally and fails on CI.
"""

import contextlib
import os
import re
import threading

import pytest
from werkzeug.serving import make_server

from ekinerja import clock
from ekinerja.db import database
from ekinerja.models import Aktivitas
from ekinerja.services import city_overview
from tests import factories as f

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DUTY_TEXT = "Menyusun laporan realisasi anggaran"
NOTE = "Laporan realisasi anggaran triwulan"


def _require_browser():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing on CI; the end-to-end browser test must run there")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@pytest.fixture
def live_server(app):
    """The app on 127.0.0.1 at a free port, served from a daemon thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def people(app):
    """An SKPD with a superior and a staff position under it, a 30-minute duty, one employee and account on each."""
    unit = f.skpd()
    boss_position = f.jabatan(unit, jenis="struktural", kelas_jabatan=9)
    staff_position = f.jabatan(unit, atasan=boss_position)
    duty = f.tugas(staff_position, uraian=DUTY_TEXT, norma_waktu=30)
    boss = f.pegawai(boss_position)
    staff = f.pegawai(staff_position)
    f.rule_set()
    accounts = {"boss_user": f.user(pegawai=boss), "staff_user": f.user(pegawai=staff)}
    # Peewee autocommits outside transactions: the server thread's own connections see all of this.
    assert not database.in_transaction()
    return {"duty": duty, "staff": staff, **accounts}


@contextlib.contextmanager
def _chromium_page():
    """A page of Debian's chromium (Indonesian locale, 15 s to wait for anything), closed with its browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(locale="id-ID").new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def _log_in(page, base_url, username):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/masuk")
    page.fill("#username", username)
    page.fill("#password", f.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _log_out(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("button", name="Masuk")).to_be_visible()


def test_staff_entry_approved_by_superior(app, people, live_server, tmp_path):
    _require_browser()
    from playwright.sync_api import expect

    duty, staff = people["duty"], people["staff"]
    staff_user, boss_user = people["staff_user"], people["boss_user"]

    with _chromium_page() as page:
        # The staff member adds an entry for today.
        _log_in(page, live_server, staff_user.username)
        page.locator("nav").get_by_role("link", name="Kegiatan Harian").click()
        expect(page).to_have_url(re.compile(r"/kegiatan/"))
        page.wait_for_load_state("load")  # the duty search's script listens once the page has loaded
        page.fill("#cari-tugas", "realisasi")
        expect(page.locator("#tugas")).to_have_value(duty.kode)
        page.select_option("#tugas", duty.kode)
        page.fill("#volume", "2")
        page.fill("#jam_mulai", "08:00")
        page.fill("#jam_selesai", "09:30")
        page.fill("#keterangan", NOTE)
        page.get_by_role("button", name="Ajukan").click()

        expect(page.get_by_text("Kegiatan diajukan ke atasan.")).to_be_visible()
        entries = page.get_by_test_id("day-entries")
        row = entries.locator("tbody tr", has_text=NOTE)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(DUTY_TEXT)
        expect(row).to_contain_text("08:00")
        expect(row).to_contain_text("09:30")
        entry = Aktivitas.get(Aktivitas.pegawai == staff.id)
        expect(page.get_by_test_id(f"status-{entry.id}")).to_have_text("Diajukan")
        # min(2 x 30, 90 minutes) = 60
        expect(page.get_by_test_id("day-total")).to_have_text("60")
        page.screenshot(path=str(tmp_path / "staff-day.png"), full_page=True)
        assert (tmp_path / "staff-day.png").stat().st_size > 0
        _log_out(page)

        # The superior sees one waiting entry and approves it.
        _log_in(page, live_server, boss_user.username)
        expect(page.get_by_test_id("badge-persetujuan")).to_have_text("1")
        page.locator("nav").get_by_role("link", name="Persetujuan").click()
        inbox = page.get_by_test_id("inbox")
        expect(inbox).to_contain_text(NOTE)
        page.get_by_label(f"pilih kegiatan {entry.id}").check()
        page.get_by_role("button", name="Setujui").click()
        expect(page.get_by_text("1 disetujui.")).to_be_visible()
        expect(inbox).to_contain_text("Tidak ada kegiatan yang menunggu keputusan Anda.")
        expect(inbox.locator("input[name=ids]")).to_have_count(0)
        expect(page.get_by_test_id("badge-persetujuan")).to_have_count(0)
        _log_out(page)

        # The staff member sees the entry approved.
        _log_in(page, live_server, staff_user.username)
        page.locator("nav").get_by_role("link", name="Kegiatan Harian").click()
        expect(page.get_by_test_id(f"status-{entry.id}")).to_have_text("Disetujui")
        expect(page.get_by_test_id("day-total")).to_have_text("60")

    assert Aktivitas.get_by_id(entry.id).status == "DISETUJUI"


def test_portal_bulk_action_and_row_delete_work_under_the_content_security_policy(app, live_server):
    """The portal's scripts run from files and nonces only: a bulk delete and a row delete still ask and work."""
    _require_browser()
    import datetime

    from playwright.sync_api import expect

    from ekinerja.models import HariLibur

    f.user("admin", roles=("admin",))
    for day in (1, 2, 3):
        HariLibur.create(tanggal=datetime.date(2026, 8, day), jenis="libur_nasional", keterangan=f"Libur {day}")
    with _chromium_page() as page:
        blocked = []
        # A vendor script's feature test on load trips the policy's inline-handler rule; no script is blocked.
        page.on("console", lambda m: blocked.append(m.text) if "inline script" in m.text else None)
        questions = []
        page.on("dialog", lambda d: (questions.append(d.message), d.accept()))
        _log_in(page, live_server, "admin")

        page.goto(f"{live_server}/admin/libur/")
        page.locator("input.action-checkbox").first.check()
        page.locator("a.dropdown-toggle", has_text="Dengan data terpilih").click()
        page.locator("[data-action=delete]").click()
        expect(page.locator("input.action-checkbox")).to_have_count(2)
        # The new list's scripts (which ask before deleting) run once it has loaded, not when its rows show.
        page.wait_for_load_state("load")
        page.locator("form.icon[data-confirm] button").first.click()
        expect(page.locator("input.action-checkbox")).to_have_count(1)
        assert len(questions) == 2 and HariLibur.select().count() == 1
        assert blocked == []


def test_city_overview_follows_its_job_and_shows_the_totals_once_done(app, people, live_server, monkeypatch):
    """The month's first visit answers before its job is done (JOBS_WAIT_SECONDS 0): the page shows the job's
    progress, its script asks the job's state, and the page reloads itself with the totals once the job is done."""
    _require_browser()
    from playwright.sync_api import expect

    admin = f.user("admin.kota", roles=("admin",))
    app.config["JOBS_WAIT_SECONDS"] = 0
    release = threading.Event()  # the job computes only once the page has shown it waiting
    compute = city_overview.compute

    def held(*args, **kwargs):
        release.wait(30)
        return compute(*args, **kwargs)

    monkeypatch.setattr(city_overview, "compute", held)
    try:
        with _chromium_page() as page:
            _log_in(page, live_server, admin.username)
            page.goto(f"{live_server}/rekap/kota?periode={clock.today():%Y-%m}")
            expect(page.get_by_test_id("city-job")).to_contain_text("Rekap kota sedang dihitung")
            expect(page.get_by_test_id("kota")).to_have_count(0)
            release.set()
            expect(page.get_by_test_id("kota")).to_contain_text(people["staff"].skpd.nama)
            expect(page.get_by_test_id("computed")).to_contain_text("Angka sementara per ")
            expect(page.get_by_test_id("city-job")).to_have_count(0)
    finally:
        release.set()  # the job waits for nobody once the test is over
    assert [t["pegawai"] for t in city_overview.stored(clock.today().year, clock.today().month).totals] == [2]
