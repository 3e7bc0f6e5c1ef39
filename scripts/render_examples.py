"""Render the README's document examples (docs/lkh.png, docs/slip.png, docs/rekap.png) from the demo city.

Usage: .venv/bin/python scripts/render_examples.py [--out docs] [--dpi 60] [--keep-pdf]

Builds the demo city in a scratch SQLite database as of 7 December 2026, adds November's fingerprint
scans and apel attendance (a few late arrivals, early departures and missed apel, as in any month), sets
a letterhead (the demo names DPKAD's treasurer), renders DPKAD's list while November is still open (DRAFT), locks
November, and renders the example employee's LKH and slip (with its verification QR code). Page 1 of
each PDF becomes a PNG through pdftoppm.
"""

import argparse
import datetime
import io
import os
import random
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


def add_attendance(skpd_kode):
    """November's scans and apel for one SKPD: mostly on time, with the usual lapses."""
    from ekinerja.models import Apel, Cuti, Pegawai, Presensi, Skpd
    from ekinerja.services.calendar import Calendar

    rng = random.Random("ekinerja-contoh-presensi")
    calendar = Calendar.for_month(YEAR, MONTH)
    skpd = Skpd.get(Skpd.kode == skpd_kode)
    scans, apel = [], []
    for person in Pegawai.select().where(Pegawai.skpd == skpd.id).order_by(Pegawai.id):
        leave = set()
        for cuti in Cuti.select().where(Cuti.pegawai == person.id):
            day = cuti.mulai
            while day <= cuti.selesai:
                leave.add(day)
                day += datetime.timedelta(days=1)
        for day in calendar.working_days(skpd.jadwal_id):
            if day in leave or rng.random() < 0.01:
                continue
            hours = calendar.schedule(skpd.jadwal_id, day)
            start = datetime.datetime.combine(day, hours.masuk)
            end = datetime.datetime.combine(day, hours.pulang)
            late = rng.random() < 0.06
            early = rng.random() < 0.03
            check_in = start + datetime.timedelta(minutes=rng.randint(1, 50) if late else -rng.randint(3, 25))
            check_out = end - datetime.timedelta(minutes=rng.randint(5, 45)) if early else end
            check_out += datetime.timedelta(minutes=0 if early else rng.randint(1, 30), seconds=rng.randint(0, 59))
            scans += [(person.id, check_in, "contoh"), (person.id, check_out, "contoh")]
            if rng.random() > 0.04:
                apel.append((person.id, day, "pagi"))
            if rng.random() > 0.03:
                apel.append((person.id, day, "sore"))
    Presensi.insert_many(scans, fields=[Presensi.pegawai, Presensi.waktu, Presensi.sumber]).execute()
    Apel.insert_many(apel, fields=[Apel.pegawai, Apel.tanggal, Apel.sesi]).execute()


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

    from ekinerja import clock, create_app, migrations
    from ekinerja.db import database
    from ekinerja.models import Pegawai, Pengaturan, Skpd, User
    from ekinerja.services import demo, periods
    from ekinerja.views.documents import verify_url
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
            demo.seed("contoh")
            add_attendance("DPKAD")
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
