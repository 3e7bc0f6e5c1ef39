"""Screenshots of each demo role's main pages at 1366 px and 390 px wide (docs/screenshots/, shown in the README).

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--quality 60]   (or `make screenshots`)

Builds the demo city in a scratch SQLite database as of 7 December 2026 (November's entries, scans and apel; December
just begun), serves the app from a thread, and has Playwright drive Debian's chromium (apt-get install chromium;
Playwright's own browser download is never used) through each page as that role. The files are JPEG, the visible
window only, so that they stay small.
"""

import argparse
import datetime
import logging
import os
import shutil
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TODAY = datetime.date(2026, 12, 7)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTHS = {"1366": {"width": 1366, "height": 820}, "390": {"width": 390, "height": 844}}
LOGINS = {
    "pegawai": "199702142024032001",
    "atasan": "198503122010011003",
    "verifikator": "verifikator",
    "admin": "admin",
    "admin_skpd": "admin.dpkad",
    "keuangan": "keuangan",
}
# (role, name, path, widths): every role's home page at both widths, a few more pages; "menu" opens the phone's menu.
SHOTS = [
    *[(role, "beranda", "/", ("1366", "390")) for role in LOGINS],
    ("pegawai", "kegiatan", "/kegiatan/?tanggal=2026-11-27", ("390",)),
    ("pegawai", "bulan", "/kegiatan/bulan?periode=2026-11", ("390",)),
    ("atasan", "persetujuan", "/persetujuan", ("1366",)),
    ("verifikator", "menu", "/", ("390",)),
    ("keuangan", "rekap", "/rekap/skpd?periode=2026-11", ("1366", "390")),
]


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, name="screenshots", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/masuk")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join("docs", "screenshots"))
    parser.add_argument("--quality", type=int, default=60, help="JPEG quality")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")

    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    from ekinerja import clock, create_app, demo, migrations, settings
    from ekinerja.db import database

    clock.today = lambda: TODAY
    clock.now = lambda: datetime.datetime.combine(TODAY, datetime.time(9, 0))
    scratch = tempfile.mkdtemp(prefix="ekinerja-layar-")
    url = "sqlite:///" + os.path.join(scratch, "layar.sqlite3")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "layar", "UPLOAD_FOLDER": os.path.join(scratch, "bukti")})
    os.makedirs(args.out, exist_ok=True)
    server = None
    try:
        with app.app_context():
            database.connect(reuse_if_open=True)
            migrations.upgrade()
            passwords = {user: password for user, password, _ in demo.seed("layar", settings.evidence_store(app))}
            database.close()
        server, base_url = serve(app)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for role, username in LOGINS.items():
                for width, viewport in WIDTHS.items():
                    wanted = [(name, path) for who, name, path, widths in SHOTS if who == role and width in widths]
                    if not wanted:
                        continue
                    context = browser.new_context(locale="id-ID", viewport=viewport)
                    page = context.new_page()
                    log_in(page, base_url, username, passwords[username])
                    for name, path in wanted:
                        page.goto(base_url + path)
                        if name == "menu":
                            page.get_by_role("button", name="Menu").click()
                        target = os.path.join(args.out, f"{role}-{name}-{width}.jpg")
                        page.screenshot(path=target, type="jpeg", quality=args.quality)
                        print(f"{target} ({os.path.getsize(target) // 1024} KB)")
                    context.close()
            browser.close()
    finally:
        if server is not None:
            server.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
