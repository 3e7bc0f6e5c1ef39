"""Render the README's document examples (docs/lkh.png, docs/slip.png, docs/rekap.png) from the demo city.

Usage: .venv/bin/python scripts/render_examples.py [--out docs] [--dpi 60] [--keep-pdf]

Builds the demo city in a scratch SQLite database as of 7 December 2026 (with November's entries, fingerprint
scans and apel: a few late arrivals, early departures and missed apel, as in any month), sets a letterhead
(the demo names DPKAD's treasurer), renders DPKAD's list while November is still open (DRAFT), locks
November, and renders the example employee's LKH and slip (with its verification QR code). Page 1 of
each PDF becomes a PNG through pdftoppm.
"""

import argparse
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TODAY = datetime.date(2026, 12, 7)
YEAR, MONTH = 2026, 11
BASE_URL = "https://ekinerja.contoh.go.id"


def logo_png():
    """A plain fictional emblem: a green shield with a gold star (no real coat of arms)."""
    from PIL import Image, ImageDraw

    size = 240
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(20, 16), (220, 16), (220, 120), (120, 228), (20, 120)]
    draw.polygon(shield, fill=(31, 95, 58, 255), outline=(20, 60, 36, 255))
    draw.polygon([(34, 30), (206, 30), (206, 116), (120, 208), (34, 116)], outline=(233, 196, 74, 255), width=5)
    star = [
        (120, 50),
        (133, 88),
        (173, 88),
        (141, 111),
        (153, 150),
        (120, 127),
        (87, 150),
        (99, 111),
        (67, 88),
        (107, 88),
    ]
    draw.polygon(star, fill=(233, 196, 74, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def to_png(pdf_path, png_path, dpi):
    stem = png_path[: -len(".png")]
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", pdf_path, stem]
    subprocess.run(command, check=True)  # noqa: S603 (a fixed program on our own files)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--keep-pdf", action="store_true", help="Keep the PDFs next to the PNGs.")
    parser.add_argument("--all", action="store_true", help="Also slip-draft (open month) and rekap-final (locked).")
    args = parser.parse_args()

    from ekinerja import clock, create_app, demo, migrations, settings
    from ekinerja.db import database
    from ekinerja.models import Pegawai, Pengaturan, Skpd, User
    from ekinerja.services import periods
    from ekinerja.web import verify_url
    from reports import documents

    clock.today = lambda: TODAY
    clock.now = lambda: datetime.datetime.combine(TODAY, datetime.time(9, 0))
    scratch = tempfile.mkdtemp(prefix="ekinerja-contoh-")
    app = create_app(
        {
            "DATABASE_URL": "sqlite:///" + os.path.join(scratch, "contoh.sqlite3"),
            "SECRET_KEY": "contoh",
            "TESTING": True,
        }
    )
    os.makedirs(args.out, exist_ok=True)
    try:
        with app.test_request_context(base_url=BASE_URL):
            database.connect(reuse_if_open=True)
            migrations.upgrade()
            demo.seed("contoh", settings.evidence_store(app))
            Pengaturan.create(
                nama_pemerintah="PEMERINTAH KOTA BANDA ACEH",
                nama_kota="Banda Aceh",
                alamat="Jalan Contoh Nomor 1, Banda Aceh 23000 · Telepon (0651) 000000 · ekinerja.contoh.go.id",
                logo=logo_png(),
                logo_mime="image/png",
            )
            dpkad = Skpd.get(Skpd.kode == "DPKAD")
            staff = Pegawai.get(Pegawai.nama == demo.EXAMPLE_STAFF)

            outputs = {}
            outputs["rekap"] = documents.nominatif(dpkad, YEAR, MONTH)
            if args.all:
                outputs["slip-draft"] = documents.slip(staff, YEAR, MONTH, verify_url)
            periods.lock(User.get(User.username == "verifikator"), YEAR, MONTH, today=TODAY)
            outputs["lkh"] = documents.lkh(staff, YEAR, MONTH)
            outputs["slip"] = documents.slip(staff, YEAR, MONTH, verify_url)
            if args.all:
                outputs["rekap-final"] = documents.nominatif(dpkad, YEAR, MONTH)
            for name, document in outputs.items():
                pdf_path = os.path.join(scratch if not args.keep_pdf else args.out, f"{name}.pdf")
                with open(pdf_path, "wb") as fh:
                    fh.write(documents.pdf(document))
                to_png(pdf_path, os.path.join(args.out, f"{name}.png"), args.dpi)
                print(f"{name}: {pdf_path} -> {os.path.join(args.out, name + '.png')}")
            database.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
