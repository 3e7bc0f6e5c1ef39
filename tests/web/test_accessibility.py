"""Accessibility and the phone layout in a real browser, on the demo city, for each demo role.

axe-core (bundled by the PyPI package axe-playwright-python) checks every page of each role's menu at 1366 px and at
390 px: no serious or critical violation. At 390 px no page is wider than the screen (wide tables scroll inside
their box), and the menu button opens the folded menu. Playwright drives Debian's chromium as in test_browser_e2e.
"""

import pytest
from peewee import fn
from werkzeug.security import generate_password_hash

from ekinerja import clock, demo, settings
from ekinerja.demo import seeding as demo_seeding
from ekinerja.models import Aktivitas, Pegawai
from ekinerja.rules.calendar import previous_month
from tests import factories as f
from tests.web.test_browser_e2e import CHROMIUM, CHROMIUM_ARGS, _require_browser, live_server  # noqa: F401

# One demo login per role (ekinerja/demo/city.py); the staff member and the superior log in with their NIP.
ROLE_LOGINS = {
    "pegawai": "199702142024032001",
    "atasan": "198503122010011003",
    "verifikator": "verifikator",
    "admin": "admin",
    "admin_skpd": "admin.dpkad",
    "keuangan": "keuangan",
}
ANONYMOUS_PAGES = ("/masuk", "/publik")
# Pages beyond the menu that show last month's rows (the demo's month of entries is the one before today).
MONTH_PAGES = {
    "pegawai": ["/kegiatan/?tanggal={day}", "/kegiatan/bulan?periode={month}", "/rekap/saya?periode={month}"],
    "atasan": ["/rekap/tim?periode={month}", "/kegiatan/?tanggal={day}"],
    "verifikator": ["/rekap/kota?periode={month}"],
    "admin": ["/rekap/skpd?periode={month}", "/simulasi?periode={month}"],
    "admin_skpd": ["/rekap/skpd?periode={month}"],
    "keuangan": ["/rekap/skpd?periode={month}", "/rekap/kota?periode={month}"],
}
WIDTHS = {"1366px": {"width": 1366, "height": 900}, "390px": {"width": 390, "height": 844}}
BLOCKING = ("serious", "critical")
TOUCH_GAP_PX = 4  # between two things on one line of a phone's screen
# The portal (Flask-Admin) keeps a layout of its own.
NOT_CHECKED_HERE = ("/admin",)


def _fast_hash(password):
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def demo_logins(app, monkeypatch):
    """The demo city with its month of entries (cheap password hashes); {username: password}."""
    monkeypatch.setattr(demo_seeding, "_password_hash", _fast_hash)
    logins = demo.seed("test", settings.evidence_store(app))
    return {username: password for username, password, _ in logins}


def _month_pages(role, username):
    """The role's MONTH_PAGES for last month and the last day the person logged work on."""
    last = Aktivitas.select(fn.MAX(Aktivitas.tanggal)).join(Pegawai).where(Pegawai.nip == username).scalar()
    first, _ = previous_month(clock.today())
    day = last or first
    return [p.format(day=day.isoformat(), month=first.strftime("%Y-%m")) for p in MONTH_PAGES[role]]


def _log_in(page, base_url, username, password):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/masuk")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#menu-utama")).to_be_attached()


def _menu_pages(page):
    """Every address of the menu (links and dropdown entries) and the profile, the portal left out."""
    hrefs = page.eval_on_selector_all("#menu-utama a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [href for href in dict.fromkeys(hrefs) if not href.startswith(NOT_CHECKED_HERE)]


def _blocking_violations(axe, page):
    """axe's serious and critical findings on the page, one line each with what they point at."""
    found = axe.run(page).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[node['target'] for node in v['nodes'][:5]]}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def _overflow(page):
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _browser(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def test_every_role_page_has_no_serious_violation_and_fits_a_phone(app, demo_logins, live_server):  # noqa: F811
    _require_browser()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    problems, checked = [], 0
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            for width, viewport in WIDTHS.items():
                page = browser.new_context(locale="id-ID", viewport=viewport).new_page()
                page.set_default_timeout(30_000)
                for path in ANONYMOUS_PAGES:
                    page.goto(live_server + path)
                    problems += [f"{width} {path} (anonymous): {v}" for v in _blocking_violations(axe, page)]
                    if width == "390px" and _overflow(page) > 0:
                        problems.append(f"{width} {path}: {_overflow(page)} px wider than the screen")
                for role, username in ROLE_LOGINS.items():
                    _log_in(page, live_server, username, demo_logins[username])
                    pages = _menu_pages(page) + ["/profil"] + _month_pages(role, username)
                    assert len(pages) >= 4, (role, pages)
                    for path in pages:
                        response = page.goto(live_server + path)
                        assert response.status == 200, (role, path, response.status)
                        checked += 1
                        where = f"{width} {role} {path}"
                        problems += [f"{where}: {v}" for v in _blocking_violations(axe, page)]
                        if width == "390px" and _overflow(page) > 0:
                            problems.append(f"{where}: {_overflow(page)} px wider than the screen")
                    page.context.clear_cookies()
                page.context.close()
        finally:
            browser.close()
    print(f"axe: {checked} role pages checked at {len(WIDTHS)} widths")
    assert problems == [], "\n".join(problems)


def test_phone_menu_opens_from_its_button_and_the_skip_link_leads_to_the_content(app, live_server):  # noqa: F811
    """At 390 px the menu folds behind a button; the current page is marked; the first Tab reaches the skip link."""
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    f.user("verifikator", roles=("verifikator",))
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_context(locale="id-ID", viewport=WIDTHS["390px"]).new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{live_server}/masuk")
            expect(page.locator(".alert")).to_have_count(0)  # the first visit opens on the form, without a warning
            page.fill("#username", "verifikator")
            page.fill("#password", f.PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(f"{live_server}/")
            page.keyboard.press("Tab")
            skip = page.get_by_role("link", name="Langsung ke isi halaman")
            expect(skip).to_be_focused()
            expect(skip).to_be_in_viewport()
            page.keyboard.press("Enter")
            expect(page.locator("main#isi")).to_be_focused()

            menu = page.locator("#menu-utama")
            button = page.get_by_role("button", name="Menu")
            expect(menu).to_be_hidden()
            expect(button).to_have_attribute("aria-expanded", "false")
            button.click()
            expect(menu).to_be_visible()
            expect(button).to_have_attribute("aria-expanded", "true")
            current = menu.locator("[aria-current=page]")
            expect(current).to_have_text("Beranda")

            # A group opens on its button and closes on Escape, focus back on the button.
            group = menu.get_by_role("button", name="Rekap")
            group.click()
            expect(group).to_have_attribute("aria-expanded", "true")
            expect(menu.get_by_role("link", name="Rekap Kota")).to_be_visible()
            page.keyboard.press("Escape")
            expect(group).to_have_attribute("aria-expanded", "false")
            expect(menu.get_by_role("link", name="Rekap Kota")).to_be_hidden()
            expect(group).to_be_focused()

            group.click()
            menu.get_by_role("link", name="Rekap Kota").click()
            page.get_by_role("button", name="Menu").click()
            expect(group).to_contain_class("active")
            expect(menu.locator("[aria-current=page]")).to_have_text("Rekap Kota")

            # At 1366 px the same menu works from the keyboard: Enter opens a group, Tab walks through it and on.
            page.set_viewport_size(WIDTHS["1366px"])
            expect(button).to_be_hidden()
            group.focus()
            page.keyboard.press("Enter")
            expect(group).to_have_attribute("aria-expanded", "true")
            page.keyboard.press("Tab")
            expect(menu.get_by_role("link", name="Rekap TPP")).to_be_focused()
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            expect(menu.get_by_role("button", name="Lembaga")).to_be_focused()
            expect(group).to_have_attribute("aria-expanded", "false")
        finally:
            browser.close()


def test_day_heading_and_its_month_link_do_not_overlap_on_a_phone(app, live_server):  # noqa: F811
    """The arrows, the date and "Rekap bulan ini" keep apart (at 390 px they touched; the link took two lines)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    staff = f.user(pegawai=f.pegawai(f.jabatan(f.skpd())))
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_context(locale="id-ID", viewport=WIDTHS["390px"]).new_page()
            page.set_default_timeout(15_000)
            _log_in(page, live_server, staff.username, f.PASSWORD)
            page.goto(f"{live_server}/kegiatan/?tanggal=2026-09-30")  # "Rabu, 30 September 2026", a long heading
            boxes = [
                page.get_by_role("link", name=name).bounding_box()
                for name in ("Hari sebelumnya", "Hari berikutnya", "Rekap bulan ini")
            ]
            boxes.append(page.get_by_role("heading", level=1).bounding_box())
            for i, a in enumerate(boxes):
                assert a["x"] >= 0 and a["x"] + a["width"] <= 390, a
                for b in boxes[i + 1 :]:
                    apart = (  # with a gap a finger can tell
                        a["x"] + a["width"] + TOUCH_GAP_PX <= b["x"]
                        or b["x"] + b["width"] + TOUCH_GAP_PX <= a["x"]
                        or a["y"] + a["height"] <= b["y"]
                        or b["y"] + b["height"] <= a["y"]
                    )
                    assert apart, (a, b)
            assert _overflow(page) == 0
        finally:
            browser.close()
