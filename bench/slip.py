"""Times the TPP slip: one slip end to end against the render alone of its HTML, and a batch of 1,000 slips.

    python -m bench.slip [--employees 1000] [--batch 1000] [--periode 2026-10] [--database-url URL]

The scenario is a bench city (bench.city) of --employees people in its own SQLite file
(bench/out/slip-city.sqlite3, generated on the first run, reused after), with the month locked so the
slips are final ones carrying the QR code and the verification code (the documents a batch run prints).
In one run, best of --repeat calls after one untimed warm-up call, with time.perf_counter (end to end, render
only and blank page taking turns):

- end to end: reports.documents.slip() for the employee found by NIP (the recap query, the signatory
  queries, the data builder, the template) then reports.documents.pdf() (the render);
- the build alone: reports.documents.slip() without the render;
- the render alone of that same finished HTML: reports.pdf.render_pdf(html), the renderer's floor for this
  document. end to end / render alone is the figure to beat (target: below 1.2);
- a blank A4 page: render_pdf() of an empty HTML document, with the same print stylesheet;
- a batch: --batch slips through reports.batch.run() on every core (the path of
  `flask laporan slip`), written to a temporary folder: wall time (target: under 2 minutes for 1,000 on
  two cores) and the CPU time of the worker processes (both cores busy: CPU time close to 2 x wall time).

The table is printed and written to bench/out/slip.md.
"""

import argparse
import datetime
import os
import resource
import shlex
import sys
import tempfile
import time

from bench.city import OUT, best_of, default_skpd, ensure_city, machine, make_app, sqlite_url
from ekinerja import clock, settings
from ekinerja.db import database
from ekinerja.models import Pegawai, Periode, Rekap
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.services import periods
from reports import batch

SQLITE_PATH = OUT / "slip-city.sqlite3"
TARGET_RATIO = 1.2
TARGET_BATCH_SECONDS = 120
BLANK = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>kosong</title></head><body></body></html>'


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ensure_locked(year, month, today, log):
    """Lock the bench month once (the snapshot of every employee's recap); later runs reuse it."""
    if Periode.is_locked(year, month):
        return None
    started = time.perf_counter()
    periods.lock("bench", year, month, today=today)
    seconds = time.perf_counter() - started
    log(f"  month locked (recap snapshot) in {seconds:.1f} s")
    return seconds


def single_slip(app, nip, year, month, repeat):
    """Timings of one slip: end to end, build only, render only of the same HTML, blank page."""
    from ekinerja.web import verify_url
    from reports import documents
    from reports.pdf import render_pdf

    def build():
        return documents.slip(Pegawai.get(Pegawai.nip == nip), year, month, verify_url)

    def end_to_end():
        return documents.pdf(build())

    with app.test_request_context("/", base_url=settings.public_url(app)):
        database.connect(reuse_if_open=True)
        [(built, document)] = best_of(build, repeat=repeat)
        (e2e, body), (render, _), (blank, _) = best_of(
            end_to_end, lambda: render_pdf(document.html), lambda: render_pdf(BLANK), repeat=repeat
        )
    assert document.final and "Kode verifikasi" in document.html, "the bench slip should be a final one"
    return {
        "e2e": e2e,
        "build": built,
        "render": render,
        "blank": blank,
        "bytes": len(body),
        "html": len(document.html),
    }


def slip_batch(app, year, month, size, workers, log):
    keys = batch.targets("slip", year, month)[:size]
    load = os.getloadavg()[0]
    log(f"  batch of {len(keys)} slips on {workers} worker processes (load average {load:.2f}) ...")
    with tempfile.TemporaryDirectory(prefix="slips-", dir=OUT) as out:
        before = children_cpu()
        result = batch.run(settings.batch(app), "slip", year, month, keys=keys, out_dir=out, workers=workers)
        cpu = children_cpu() - before
        files = [name for name in os.listdir(out) if name.endswith(".pdf")]
        total_bytes = sum(os.path.getsize(os.path.join(out, name)) for name in files)
    assert not result.failed, result.failed[:3]
    assert len(files) == len(result.written) == len(keys), (len(files), len(result.written), len(keys))
    return {
        "count": len(files),
        "wall": result.seconds,
        "cpu": cpu,
        "workers": result.workers,
        "bytes": total_bytes,
        "load": (load, os.getloadavg()[0]),
    }


def table(rows, markdown=False):
    header = ("measure", "seconds", "note")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]

    def fmt(cells):
        return "  ".join(
            c.rjust(w) if i == 1 else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *map(fmt, rows)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000)
    parser.add_argument("--skpd", type=int, default=None, help="default: one per 250 employees")
    parser.add_argument("--periode", default="2026-10")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5, help="best of N for the single slip (default 5)")
    parser.add_argument("--batch", type=int, default=1_000, help="slips in the batch (default 1,000; 0: none)")
    parser.add_argument("--workers", type=int, default=None, help="batch processes (default: every core)")
    parser.add_argument("--database-url", default=None, help=f"default: {sqlite_url(SQLITE_PATH)}")
    args = parser.parse_args(argv)
    args.skpd = args.skpd or default_skpd(args.employees)
    OUT.mkdir(parents=True, exist_ok=True)
    command = "python -m bench.slip " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    url = args.database_url or sqlite_url(SQLITE_PATH)

    def log(text):
        print(text, flush=True)

    log(f"== slip bench on {url}")
    info = ensure_city(url, args.employees, args.skpd, args.periode, args.seed, log=log)
    year, month = parse_period(args.periode)
    today = month_bounds(year, month)[1] + datetime.timedelta(days=1)
    clock.today = lambda: today
    app = make_app(url)
    with app.app_context():
        database.connect(reuse_if_open=True)
        ensure_locked(year, month, today, log)
        nip = Pegawai.get_by_id(info["pegawai_id"]).nip
        assert Rekap.select().where(Rekap.nip == nip, Rekap.berlaku).exists()
        log(f"  one slip (NIP {nip}), best of {args.repeat} ...")
        one = single_slip(app, nip, year, month, args.repeat)
        many = slip_batch(app, year, month, args.batch, args.workers or os.cpu_count(), log) if args.batch else None
        database.close()

    ratio = one["e2e"] / one["render"]
    rows = [
        ("slip end to end (query, context, template, render)", f"{one['e2e']:.4f}", f"{one['bytes']:,} bytes PDF"),
        ("slip build only (query, context, template)", f"{one['build']:.4f}", f"{one['html']:,} chars HTML"),
        ("render only of the same HTML (render_pdf)", f"{one['render']:.4f}", "the renderer's floor"),
        ("end to end / render only", f"{ratio:.2f}", f"target < {TARGET_RATIO}"),
        ("blank A4 page (render_pdf, same print CSS)", f"{one['blank']:.4f}", "WeasyPrint's fixed cost"),
    ]
    if many:
        busy = many["cpu"] / (many["wall"] * many["workers"])
        rows += [
            (
                f"batch of {many['count']:,} slips, {many['workers']} processes (wall)",
                f"{many['wall']:.1f}",
                f"target < {TARGET_BATCH_SECONDS} s; {many['count'] / many['wall']:.1f} slips/s",
            ),
            (
                "batch CPU time of the worker processes",
                f"{many['cpu']:.1f}",
                f"{busy:.0%} of {many['workers']} cores over the wall time; {many['bytes'] / 1e6:.1f} MB written",
            ),
            (
                f"batch projected on {many['workers']} free cores (workers' CPU / {many['workers']})",
                f"{many['cpu'] / many['workers']:.1f}",
                "what the wall time would be with no other process on the machine",
            ),
            (
                "batch CPU time per slip (workers' CPU / slips)",
                f"{many['cpu'] / many['count']:.4f}",
                f"vs {one['e2e']:.4f} end to end; load average {many['load'][0]:.2f} before, "
                f"{many['load'][1]:.2f} after (other processes share the cores)",
            ),
        ]
    log("\n" + table(rows))
    verdict = f"end to end / render only = {ratio:.2f} ({'below' if ratio < TARGET_RATIO else 'above'} 1.2)"
    if many:
        verdict += f"; {many['count']:,} slips in {many['wall']:.1f} s"
        verdict += f" ({'under' if many['wall'] < TARGET_BATCH_SECONDS else 'over'} 2 minutes)"
    log(verdict)
    c = info["counts"]
    lines = [
        "# Slip benchmark",
        "",
        f"`{command}` on {datetime.datetime.now():%Y-%m-%d %H:%M}, {machine()}.",
        f"Bench city: {c['pegawai']:,} employees in {c['skpd']} SKPD, {c['aktivitas']:,} entries, month "
        f"{args.periode} locked (final slips with QR code); database {url.split(':', 1)[0]}.",
        f"Single-slip figures are the best of {args.repeat} calls after one warm-up call, in one process; the batch "
        "is `reports.batch.run()` (the code of `flask laporan slip`), spawned workers included.",
        "",
        table(rows, markdown=True),
        "",
        verdict + ".",
        "",
    ]
    (OUT / "slip.md").write_text("\n".join(lines))
    log(f"written: {OUT / 'slip.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
