"""Times the institutions' screens on the bench city (10,000 employees, one month), after locking that month.

    python -m bench.institutions --pg-url postgresql://postgres@127.0.0.1:5432/CITY_COPY [--periode 2026-11]

The database must hold a city built by bench.city (a copy: the month gets locked and the schema upgraded). Each
screen is timed best of 3 after a warm-up, through the test client as a verifikator/admin with every role.
"""

import argparse
import datetime
import time

from bench.city import make_app
from ekinerja import clock, migrations
from ekinerja.db import database
from ekinerja.models import Pegawai, Periode, Skpd, User
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.services import periods


def _best(call, rounds=3):
    call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--periode", default="2026-11")
    args = parser.parse_args()
    year, month = parse_period(args.periode)
    app = make_app(args.pg_url)
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        database.connect(reuse_if_open=True)
        migrations.upgrade()
        day_after = month_bounds(year, month)[1] + datetime.timedelta(days=1)
        clock.today = lambda: day_after  # the month is over: it may be locked, as bench.run does
        boss = User.get_or_none(User.username == "bench-institusi") or User.create(
            username="bench-institusi", password_hash="-", peran="admin,keuangan,verifikator"
        )
        lock_seconds = None
        if not Periode.is_locked(year, month):
            start = time.perf_counter()
            periods.lock(boss, year, month)
            lock_seconds = time.perf_counter() - start
        skpd = Skpd.select().order_by(Skpd.kode).first()
        someone = Pegawai.select().where(Pegawai.skpd == skpd).first()
        staff = User.get_or_none(User.pegawai == someone)
        database.close()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = boss.get_id()
        session["_fresh"] = True
    periode = f"{year:04d}-{month:02d}"
    paths = [
        ("/publik", f"/publik?periode={periode}"),
        ("/publik/data.json", "/publik/data.json"),
        ("/peringkat", f"/peringkat?periode={periode}"),
        ("/peringkat/apresiasi", f"/peringkat/apresiasi?periode={periode}"),
        ("/anomali (one SKPD of 250)", f"/anomali?periode={periode}&skpd={skpd.id}"),
        ("/verifikasi with the flag column", f"/verifikasi?periode={periode}&skpd={skpd.id}"),
        ("/kalibrasi (one SKPD, the year)", f"/kalibrasi?skpd={skpd.kode}&tahun={year}"),
        ("/simulasi (city, rule set 1)", f"/simulasi?periode={periode}&aturan=1"),
        ("/admin/abk/ (one SKPD, with realisation)", f"/admin/abk/?skpd={skpd.id}&tahun={year}"),
    ]
    print(f"| screen ({args.periode}) | s |")
    print("|---|---:|")
    if lock_seconds is not None:
        print(f"| locking the month (recap snapshot + SKPD figures) | {lock_seconds:.2f} |")
    for label, url in paths:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        print(f"| {label} | {_best(lambda url=url: client.get(url)):.3f} |")
    if staff is not None:
        own = app.test_client()
        with own.session_transaction() as session:
            session["_user_id"] = staff.get_id()
            session["_fresh"] = True
        print(f"| /peringkat as staff (own band) | {_best(lambda: own.get(f'/peringkat?periode={periode}')):.3f} |")
        month_page = _best(lambda: own.get(f"/kegiatan/bulan?periode={periode}"))
        print(f"| /kegiatan/bulan as staff (with reconciliation) | {month_page:.3f} |")


if __name__ == "__main__":
    main()
