"""flask commands: db upgrade / version / periksa-harian / bangun-harian, user create / set-password, import, export,
seed-demo, laporan slip / lkh / rekap, worker, pekerjaan daftar / pantau."""

import csv
import io
import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from ekinerja import migrations, settings
from ekinerja.models import DAY_TOTALS_MODELS, Skpd
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.rules.refusal import Refused
from ekinerja.rules.spreadsheet import neutralised
from ekinerja.rules.vocabulary import ROLES
from ekinerja.services import accounts, day_totals


class Command(click.Command):
    """A command whose refusal (rules.refusal.Refused) prints its reasons and exits with status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Refused as refused:
            raise click.ClickException("\n".join(refused.errors.values())) from refused


class Group(AppGroup):
    command_class = Command


db_cli = Group("db", help="Skema basis data.")
user_cli = Group("user", help="Akun pengguna.")
jobs_cli = Group("pekerjaan", help="Pekerjaan latar: kunci periode, ZIP slip, impor, rekap kota sementara.")
laporan_cli = Group("laporan", help="Dokumen PDF sebulan sekaligus: slip TPP, LKH, rekap nominatif per SKPD.")
CLI_ACTOR = "cli"


@db_cli.command("upgrade")
def db_upgrade():
    """Bring the database to the current schema version."""
    applied = migrations.upgrade()
    for name in applied:
        click.echo(f"diterapkan: {name}")
    click.echo(f"Skema versi {migrations.current_version()}.")


@db_cli.command("version")
def db_version():
    click.echo(migrations.current_version())


def _month_or_everything(periode):
    """(first, last) of the month given as YYYY-MM, or (None, None) for every day."""
    if not periode:
        return None, None
    try:
        return month_bounds(*parse_period(periode))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--periode") from exc


def _month_of_skpd(periode, skpd_kode):
    """(year, month) of --periode YYYY-MM, once --skpd (if given) names an existing SKPD."""
    try:
        year, month = parse_period(periode)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--periode") from exc
    if skpd_kode and not Skpd.select().where(Skpd.kode == skpd_kode).exists():
        raise click.BadParameter(f"SKPD dengan kode {skpd_kode} tidak ditemukan.", param_hint="--skpd")
    return year, month


DAY_TOTALS_SHOWN = 20


@db_cli.command("periksa-harian")
@click.option("--periode", help="YYYY-MM; tanpa ini semua hari.")
def check_day_totals(periode):
    """Compare the day totals the recap reads (approved minutes, check-in and check-out per employee and day) with
    the entries and scans they are kept from; exit status 1 when any day differs."""
    first, last = _month_or_everything(periode)
    differing = 0
    for totals in DAY_TOTALS_MODELS:
        differences = totals.differences(first, last)
        for stored, fresh in differences[:DAY_TOTALS_SHOWN]:
            click.echo(f"{totals._meta.table_name}: tersimpan {stored}, seharusnya {fresh}")
        differing += len(differences)
    if differing:
        click.echo(f"{differing} hari berbeda dari sumbernya; `flask db bangun-harian` menghitungnya ulang.")
        sys.exit(1)
    click.echo("Rekap harian sesuai dengan kegiatan dan presensi.")


@db_cli.command("bangun-harian")
@click.option("--periode", help="YYYY-MM; tanpa ini semua hari.")
def rebuild_day_totals(periode):
    """Recompute the day totals from the entries and scans (after a repair made directly in the database)."""
    first, last = _month_or_everything(periode)
    for totals in DAY_TOTALS_MODELS:
        table = totals._meta.table_name
        span, differing = day_totals.rebuild(CLI_ACTOR, totals, first, last, periode)
        if span[0]:
            click.echo(f"{table}: dihitung ulang {span[0]} s.d. {span[1]}; {differing} hari berbeda sebelumnya.")
        else:
            click.echo(f"{table}: tidak ada data.")


def _read_password(password_stdin):
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")


@user_cli.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(sorted(ROLES)), help="Boleh berulang.")
@click.option("--skpd", "skpd_kode", help="Kode SKPD, wajib untuk admin_skpd.")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari standard input.")
def user_create(username, roles, skpd_kode, password_stdin):
    """Create an account; USERNAME is a NIP for an employee."""
    password = _read_password(password_stdin)
    user = accounts.create_user(username, password, roles, CLI_ACTOR, skpd_kode=skpd_kode)
    click.echo(f"Pengguna {user.username} dibuat dengan peran {user.peran}.")


@user_cli.command("set-password")
@click.argument("nip_or_username")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari standard input.")
def user_set_password(nip_or_username, password_stdin):
    """Set a new password; every session of the user ends."""
    user = accounts.find_user(nip_or_username)
    if user is None:
        raise click.ClickException(f"Pengguna {nip_or_username} tidak ditemukan.")
    password = _read_password(password_stdin)
    accounts.set_password(user, password, CLI_ACTOR)
    click.echo(f"Kata sandi {user.username} diganti; semua sesinya diakhiri.")


@click.command("import", cls=Command)
@click.argument("jenis")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(jenis, file):
    """Import a CSV or XLSX file of one kind, all or nothing."""
    from ekinerja.services import imports

    if jenis not in imports.COLUMNS:
        raise click.ClickException(f"Jenis tidak dikenal: {jenis}. Pilihan: {', '.join(imports.COLUMNS)}.")
    try:
        with open(file, "rb") as stream:
            result = imports.import_file(jenis, stream, file, CLI_ACTOR)
    except imports.ImportRejected as rejected:
        for error in rejected.rows:
            click.echo(f"baris {error.row}, kolom {error.column}: {error.message}", err=True)
        raise click.ClickException(
            f"Berkas ditolak ({len(rejected.rows)} kesalahan); tidak ada data yang disimpan."
        ) from rejected
    click.echo(f"Impor {jenis} berhasil: {result.summary()}.")


@click.command("export", cls=Command)
@click.argument("jenis")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Berkas .csv atau .xlsx; tanpa ini CSV ke layar.")
def export_command(jenis, out):
    """Export one kind with the import columns."""
    from ekinerja.services import imports

    if jenis not in imports.COLUMNS:
        raise click.ClickException(f"Jenis tidak dikenal: {jenis}. Pilihan: {', '.join(imports.COLUMNS)}.")
    fmt = "xlsx" if out and out.lower().endswith(".xlsx") else "csv"
    content = imports.export_bytes(jenis, fmt)
    if out:
        with open(out, "wb") as fh:
            fh.write(content)
        click.echo(f"Ditulis: {out}")
    else:
        click.echo(content.decode("utf-8"), nl=False)


@click.command("recap", cls=Command)
@click.option("--periode", required=True, help="YYYY-MM")
@click.option("--skpd", "skpd_kode", help="Kode SKPD; tanpa ini seluruh kota.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="table", show_default=True)
def recap_command(periode, skpd_kode, fmt):
    """Print the month's recap per employee (the stored one when the month is locked)."""
    from ekinerja.services import recap

    year, month = _month_of_skpd(periode, skpd_kode)
    rows, final = recap.month_recap(year, month, skpd_kode=skpd_kode)
    public = [recap.public_row(row) for row in rows]
    if fmt == "json":
        for row in public:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    columns = list(recap.PUBLIC_FIELDS)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns + ["rincian_disiplin"])
        for row in public:
            details = " ".join(f"{d['tanggal']}:{d['kode']}:{d['persen']:.2f}" for d in row["rincian_disiplin"])
            writer.writerow([neutralised(row[name]) for name in columns] + [neutralised(details)])
        click.echo(out.getvalue(), nl=False)
        return
    state = "final (dikunci)" if final else "DRAFT - belum dikunci"
    click.echo(f"Rekap {periode} {skpd_kode or 'seluruh kota'}: {state}")
    header = ("NIP", "Nama", "Kls", "Capaian", "Potong", "TPP kinerja", "TPP disiplin", "Diterima")
    line = "{:<18} {:<32} {:>3} {:>8} {:>7} {:>12} {:>12} {:>12}"
    click.echo(line.format(*header))
    for row in public:
        click.echo(
            line.format(
                row["nip"],
                row["nama"][:32],
                row["kelas_jabatan"],
                f"{row['capaian_kinerja']:.2f}",
                f"{row['potongan_disiplin']:.2f}",
                f"{row['tpp_kinerja']:,}",
                f"{row['tpp_disiplin']:,}",
                f"{row['tpp_diterima']:,}",
            )
        )
    click.echo(f"Jumlah {len(public)} pegawai, TPP diterima {sum(r['tpp_diterima'] for r in public):,}")


@click.command("seed-demo", cls=Command)
def seed_demo_command():
    """Create the demo city on an empty database; on a seeded one change nothing."""
    from ekinerja import demo

    migrations.upgrade()
    logins = demo.seed(CLI_ACTOR, settings.evidence_store(current_app))
    if logins is None:
        click.echo("Data demo sudah ada; tidak ada yang diubah.")
        return
    click.echo("Kota demo dibuat. Akun demo (nama pengguna / kata sandi / peran):")
    for username, password, role in logins:
        click.echo(f"  {username:<20} {password:<16} {role}")


LAPORAN_OPTIONS = (
    click.option("--periode", required=True, help="YYYY-MM"),
    click.option("--skpd", "skpd_kode", help="Kode SKPD; tanpa ini seluruh kota."),
    click.option(
        "--out", required=True, type=click.Path(file_okay=False), help="Folder tujuan (dibuat bila belum ada)."
    ),
    click.option("--workers", type=click.IntRange(min=1), help="Jumlah proses (bawaan: semua inti CPU)."),
    click.option(
        "--base-url",
        help="Alamat publik aplikasi untuk tautan verifikasi pada slip "
        "(bawaan: konfigurasi BASE_URL, lalu SERVER_NAME, lalu http://127.0.0.1:5000).",
    ),
)


def _laporan_options(command):
    for option in reversed(LAPORAN_OPTIONS):
        command = option(command)
    return command


def _run_laporan(kind, periode, skpd_kode, out, workers, base_url):
    from reports import batch

    year, month = _month_of_skpd(periode, skpd_kode)
    keys = batch.targets(kind, year, month, skpd_kode)
    run_settings = settings.batch(current_app, base_url)
    with click.progressbar(length=len(keys), label=f"{kind} {periode}", show_pos=True, show_eta=True) as bar:
        result = batch.run(
            run_settings, kind, year, month, keys=keys, out_dir=out, workers=workers, progress=bar.update
        )
    for outcome in result.failed:
        click.echo(f"gagal: {outcome.key}: {outcome.error}", err=True)
    if result.skipped:
        click.echo(f"{len(result.skipped)} dilewati (tidak memegang jabatan pada bulan ini).")
    click.echo(f"{len(result.written)} {kind} ditulis ke {out} ({result.seconds:.1f} detik, {result.workers} proses)")
    if result.failed:
        raise click.ClickException(f"{len(result.failed)} {kind} gagal dibuat.")


@laporan_cli.command("slip")
@_laporan_options
def laporan_slip(periode, skpd_kode, out, workers, base_url):
    """Write every TPP slip of the month: slip-YYYY-MM-NIP.pdf."""
    _run_laporan("slip", periode, skpd_kode, out, workers, base_url)


@laporan_cli.command("lkh")
@_laporan_options
def laporan_lkh(periode, skpd_kode, out, workers, base_url):
    """Write every monthly activity list (LKH): lkh-YYYY-MM-NIP.pdf."""
    _run_laporan("lkh", periode, skpd_kode, out, workers, base_url)


@laporan_cli.command("rekap")
@_laporan_options
def laporan_rekap(periode, skpd_kode, out, workers, base_url):
    """Write one nominatif list per SKPD: rekap-YYYY-MM-SKPD.pdf."""
    _run_laporan("rekap", periode, skpd_kode, out, workers, base_url)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Berhenti setelah antrean kosong.")
def worker_command(burst):
    """Run the background jobs queued in Redis (REDIS_URL) until stopped."""
    from ekinerja import background

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL belum diatur: tanpa Redis setiap proses aplikasi menjalankan pekerjaannya sendiri."
        )
    background.work(burst=burst)


@jobs_cli.command("daftar")
def jobs_list():
    """The latest background jobs: number, owner, kind, status, progress."""
    from ekinerja.models import Pekerjaan

    for job in Pekerjaan.select().order_by(Pekerjaan.id.desc()).limit(50):
        click.echo(
            f"{job.id:>6} {job.dibuat_pada:%Y-%m-%d %H:%M} {job.pemilik.username:<20} {job.status:<9} "
            f"{job.jumlah_selesai}/{job.jumlah} {job.judul}"
        )


@jobs_cli.command("pantau")
@click.argument("job_id", type=int)
def jobs_watch(job_id):
    """Follow one background job with a progress bar until it ends; exit status 1 when it failed."""
    import time

    from ekinerja.models import Pekerjaan
    from ekinerja.models.jobs import GAGAL
    from ekinerja.services import jobs

    job = Pekerjaan.get_or_none(Pekerjaan.id == job_id)
    if job is None:
        raise click.ClickException(f"Pekerjaan {job_id} tidak ditemukan.")
    with click.progressbar(length=max(job.jumlah, 1), label=job.judul, show_pos=True) as bar:
        while True:
            bar.length = max(job.jumlah, 1)
            bar.update(job.jumlah_selesai - bar.pos)
            if job.finished:
                break
            time.sleep(0.5)
            job = Pekerjaan.get_by_id(job_id)
    for error in jobs.errors(job):
        click.echo(f"baris {error['baris']}, kolom {error['kolom']}: {error['pesan']}", err=True)
    click.echo(f"{job.jumlah_selesai}/{job.jumlah} {job.status}: {job.pesan or ''}")
    if job.status == GAGAL:
        sys.exit(1)


def init_app(app):
    for command in (db_cli, user_cli, import_command, export_command, recap_command, seed_demo_command):
        app.cli.add_command(command)
    app.cli.add_command(laporan_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)


# -- Backups ------------------------------------------------------------------------------------
# Added to the `db` group registered by init_app above.


@db_cli.command("cadangan")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Berkas tujuan; bawaan ekinerja-WAKTU.tar.")
def db_backup(out):
    """Write a consistent backup (database and evidence files) while the app runs."""
    from ekinerja import clock
    from ekinerja.services import backup

    out = out or backup.default_name(clock.now())
    manifest = backup.take(out, settings.evidence_store(current_app).folder, clock.now())
    rows = sum(manifest["baris"].values())
    click.echo(f"Cadangan {out}: skema versi {manifest['skema']}, {rows} baris, {manifest['bukti']} berkas bukti.")


@db_cli.command("pulihkan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def db_restore(file):
    """Restore a backup into an empty database, then compare its rows and day totals with the backup."""
    from ekinerja.services import backup

    manifest, problems = backup.restore(file, settings.evidence_store(current_app).folder)
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo("Hasil pemulihan berbeda dari cadangan.")
        sys.exit(1)
    rows = sum(manifest["baris"].values())
    click.echo(
        f"Dipulihkan dari {file} ({manifest['dibuat']}): {rows} baris sesuai cadangan, {manifest['bukti']} berkas "
        "bukti; rekap harian sesuai dengan kegiatan dan presensi."
    )
