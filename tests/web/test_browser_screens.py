"""The scripts of single screens in a real browser (static/screens.js): apel's "Hadir semua" and its count of those
to be marked absent, asked before saving; the extra task's box on the activity form only while it is chosen."""

import pytest

from ekinerja.db import database
from ekinerja.models import Apel
from tests import factories as f
from tests.web.test_browser_e2e import CHROMIUM, CHROMIUM_ARGS, _log_in, _require_browser, live_server  # noqa: F401


@pytest.fixture
def unit(app):
    skpd = f.skpd()
    boss_position = f.jabatan(skpd, jenis="struktural", kelas_jabatan=9)
    people = [f.pegawai(boss_position)] + [f.pegawai(f.jabatan(skpd, atasan=boss_position)) for _ in range(2)]
    f.rule_set()
    officer = f.user("petugas.apel", roles=("admin_skpd",), skpd=skpd)
    staff = f.user(pegawai=people[1])
    assert not database.in_transaction()
    return {"skpd": skpd, "people": people, "officer": officer, "staff": staff}


def _page(pw):
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    page = browser.new_context(locale="id-ID").new_page()
    page.set_default_timeout(15_000)
    return browser, page


def test_apel_everyone_present_and_the_absent_count_asked_before_saving(app, unit, live_server):  # noqa: F811
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser, page = _page(pw)
        try:
            _log_in(page, live_server, unit["officer"].username)
            page.goto(f"{live_server}/apel")
            absent = page.locator("[data-apel-absent]")
            expect(absent).to_have_text("3")
            page.get_by_role("button", name="Hadir semua").click()
            expect(page.locator("input[name=hadir]:checked")).to_have_count(3)
            expect(absent).to_have_text("0")
            page.locator(f"#hadir-{unit['people'][0].id}").uncheck()
            expect(absent).to_have_text("1")
            questions = []
            page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
            page.get_by_role("button", name="Simpan").click()
            expect(page.get_by_text("2 hadir, 1 tidak hadir", exact=False)).to_be_visible()
            assert questions == ["Simpan? 1 pegawai akan dicatat tidak hadir."]
            assert Apel.select().count() == 2
        finally:
            browser.close()


def test_the_extra_task_box_shows_only_when_chosen(app, unit, live_server):  # noqa: F811
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser, page = _page(pw)
        try:
            _log_in(page, live_server, unit["staff"].username)
            page.goto(f"{live_server}/kegiatan/")
            box = page.locator("[data-tambahan-box]")
            expect(box).to_be_hidden()
            page.locator("#tambahan").check()
            expect(box).to_be_visible()
            page.locator("#tambahan").uncheck()
            expect(box).to_be_hidden()
        finally:
            browser.close()
