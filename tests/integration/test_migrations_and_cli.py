"""Versioned migrations from an empty and from the previous version with data; account CLI commands."""

import datetime
import json

import pytest
from peewee import IntegrityError

from ekinerja import create_app, migrations
from ekinerja.db import database
from ekinerja.models import (
    Aktivitas,
    AuditLog,
    GagalMasuk,
    MenitHarian,
    Mesin,
    Pegawai,
    Pekerjaan,
    Periode,
    Presensi,
    PresensiHarian,
    Skpd,
    User,
)
from ekinerja.rules import passwords
from ekinerja.services import accounts, devices, jobs
from tests import factories as f


@pytest.fixture
def scratch_app(database_url, tmp_path):
    """An app on a database of its own, so migrations can start from nothing."""
    if database_url.startswith("sqlite"):
        url = "sqlite:///" + str(tmp_path / "scratch.sqlite3")
    else:
        import psycopg

        base, _, name = database_url.rpartition("/")
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}_scratch" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}_scratch"')
        url = f"{base}/{name}_scratch"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test"})
    with app.app_context():
        database.connect(reuse_if_open=True)
        yield app
        database.close()


def test_upgrade_from_an_empty_database_creates_the_current_schema(scratch_app):
    assert migrations.current_version() == 0
    runner = scratch_app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"Skema versi {migrations.LATEST}." in result.output
    assert {"skpd", "pegawai", "aktivitas", "periode"} <= set(database.get_tables())
    again = runner.invoke(args=["db", "upgrade"])
    assert "diterapkan" not in again.output


def test_upgrade_from_version_7_keeps_its_data(scratch_app):
    """Version 7 data (an employee, a machine, its scans) stays; step 8 adds the SKP tables, empty."""
    migrations.upgrade(target=7)
    assert migrations.current_version() == 7
    unit = f.skpd(kode="DPKAD")
    person = f.pegawai(f.jabatan(unit), nama="Zulfikar Ahmad", id_mesin="7")
    machine = Mesin.create(nomor_seri="SN1", skpd=unit, lokasi="Lobi")
    assert devices.receive(machine, "ATTLOG", "1", b"7\t2026-03-10 07:20:00\t0\t1\n") == 1
    skp_tables = {"skp", "hasil_kerja", "indikator", "realisasi", "evaluasi", "keberatan", "predikat_organisasi"}
    assert not skp_tables & set(database.get_tables())
    assert migrations.upgrade(target=8) == ["8: SKP: rencana, realisasi, evaluasi, keberatan, predikat organisasi"]
    assert skp_tables <= set(database.get_tables())
    assert Pegawai.get_by_id(person.id).nama == "Zulfikar Ahmad" and Presensi.select().count() == 1
    assert Mesin.get_by_id(machine.id).nomor_seri == "SN1"


def test_upgrade_from_version_8_adds_the_login_counts_and_keeps_accounts_and_their_waits(scratch_app):
    """Version 8 data (an account with a running wait) stays; step 9 adds the login counts, empty, and logins
    count failures per address from then on."""
    migrations.upgrade(target=8)
    assert "gagal_masuk" not in set(database.get_tables())
    waiting = datetime.datetime.now() + datetime.timedelta(hours=1)
    user = f.user("keuangan", roles=("keuangan",), gagal_login=5, terkunci_sampai=waiting)
    assert migrations.upgrade(target=9) == ["9: pembatasan percobaan masuk per alamat dan per akun"]
    assert GagalMasuk.select().count() == 0
    assert User.get_by_id(user.id).terkunci_sampai == waiting
    assert accounts.authenticate("keuangan", "salah-sandi-1", address="10.0.0.1") is None
    assert GagalMasuk.select().count() == 2


def test_upgrade_from_version_6_adds_the_machines_tables_and_keeps_its_data(scratch_app):
    """Version 6 data (scans and their day totals) stays; step 7 adds the machines' tables, empty, ready to take
    pushed scans."""
    migrations.upgrade(target=6)
    assert migrations.current_version() == 6
    unit = f.skpd(kode="DPKAD")
    person = f.pegawai(f.jabatan(unit), nama="Zulfikar Ahmad", id_mesin="7")
    Presensi.create(pegawai=person, waktu=datetime.datetime(2026, 3, 10, 7, 20))
    assert not {"mesin", "presensi_tertahan", "mesin_tak_dikenal", "perintah_mesin"} & set(database.get_tables())
    assert migrations.upgrade(target=7) == ["7: mesin sidik jari (ADMS): mesin, presensi tertahan, perintah"]
    assert {"mesin", "presensi_tertahan", "mesin_tak_dikenal", "perintah_mesin"} <= set(database.get_tables())
    assert Pegawai.get_by_id(person.id).id_mesin == "7" and Presensi.select().count() == 1
    machine = Mesin.create(nomor_seri="SN1", skpd=unit, lokasi="Lobi")
    assert devices.receive(machine, "ATTLOG", "1", b"7\t2026-03-10 16:05:00\t0\t1\n") == 1
    assert list(PresensiHarian.select(PresensiHarian.masuk, PresensiHarian.pulang).tuples()) == [
        (datetime.datetime(2026, 3, 10, 7, 20), datetime.datetime(2026, 3, 10, 16, 5))
    ]


def test_upgrade_from_version_5_computes_the_day_totals_and_keeps_its_data(scratch_app):
    migrations.upgrade(target=5)
    assert migrations.current_version() == 5
    unit = f.skpd(kode="DPKAD")
    person = f.pegawai(f.jabatan(unit), nama="Zulfikar Ahmad")
    day = datetime.date(2026, 3, 10)
    for minutes, status in ((60, "DISETUJUI"), (30, "DIAJUKAN")):  # written as version 5 did: no day totals yet
        Aktivitas.insert(
            pegawai=person, tanggal=day, uraian="Rapat", volume=1, jam_mulai=datetime.time(8),
            jam_selesai=datetime.time(9), menit_diakui=minutes, status=status,
        ).execute()  # fmt: skip
    for moment in (datetime.time(7, 20), datetime.time(16, 5)):
        Presensi.insert(pegawai=person, waktu=datetime.datetime.combine(day, moment)).execute()
    applied = migrations.upgrade()
    assert applied == [f"{v}: {n}" for v, n, _ in migrations.MIGRATIONS if v > 5]
    assert Skpd.get(Skpd.kode == "DPKAD").id == unit.id
    assert Pegawai.get_by_id(person.id).nama == "Zulfikar Ahmad"
    # Step 6 computed the day totals of the stored entries and scans.
    assert list(MenitHarian.select(MenitHarian.menit_utama, MenitHarian.menit_tambahan).tuples()) == [(0, 60)]
    assert list(PresensiHarian.select(PresensiHarian.masuk, PresensiHarian.pulang).tuples()) == [
        (datetime.datetime(2026, 3, 10, 7, 20), datetime.datetime(2026, 3, 10, 16, 5))
    ]


def test_treasurers_of_version_4_get_dates_and_may_have_successors(scratch_app):
    """Version 4 kept one undated treasurer per SKPD (a unique skpd_id); step 5 dates them."""
    from peewee import ForeignKeyField

    from ekinerja.db import BaseModel
    from ekinerja.models import BendaharaSkpd

    class BendaharaVersi4(BaseModel):
        skpd = ForeignKeyField(Skpd, unique=True, on_delete="RESTRICT")
        pegawai = ForeignKeyField(Pegawai, on_delete="RESTRICT")

        class Meta:
            table_name = "bendahara_skpd"

    migrations.upgrade(target=4)
    database.drop_tables([BendaharaSkpd])
    database.create_tables([BendaharaVersi4])
    unit = f.skpd(kode="DPKAD")
    first, second = f.pegawai(f.jabatan(unit)), f.pegawai(f.jabatan(unit))
    BendaharaVersi4.create(skpd=unit, pegawai=first)

    assert migrations.upgrade(target=5) == ["5: bendahara SKPD bertanggal mulai/selesai"]
    treasurer = BendaharaSkpd.get()
    assert (treasurer.pegawai_id, treasurer.mulai, treasurer.selesai) == (first.id, migrations.TREASURER_SINCE, None)
    BendaharaSkpd.update(selesai=datetime.date(2026, 12, 31)).execute()
    BendaharaSkpd.create(skpd=unit, pegawai=second, mulai=datetime.date(2027, 1, 1))
    assert BendaharaSkpd.select().where(BendaharaSkpd.skpd == unit).count() == 2
    with pytest.raises(IntegrityError), database.atomic():
        BendaharaSkpd.create(skpd=unit, pegawai=first, mulai=datetime.date(2027, 1, 1))


@pytest.fixture
def dpkad():
    return f.skpd(kode="DPKAD")


def test_user_create_reads_the_password_from_stdin(runner, dpkad):
    result = runner.invoke(
        args=["user", "create", "admin.dpkad", "--role", "admin_skpd", "--skpd", "DPKAD", "--password-stdin"],
        input="rahasiaKuat1\n",
    )
    assert result.exit_code == 0, result.output
    user = User.get(User.username == "admin.dpkad")
    assert user.roles == {"admin_skpd"} and user.skpd_id == dpkad.id
    assert accounts.authenticate("admin.dpkad", "rahasiaKuat1").id == user.id
    assert AuditLog.get(AuditLog.aksi == "buat_pengguna").pengguna == "cli"


def test_user_create_prompts_for_the_password_twice(runner):
    result = runner.invoke(
        args=["user", "create", "verif", "--role", "verifikator"], input="rahasiaKuat1\nrahasiaKuat1\n"
    )
    assert result.exit_code == 0, result.output
    assert accounts.authenticate("verif", "rahasiaKuat1") is not None


@pytest.mark.parametrize(
    "args, message",
    [
        (["user", "create", "x", "--role", "admin_skpd", "--password-stdin"], "memerlukan --skpd"),
        (["user", "create", "x", "--role", "admin_skpd", "--skpd", "NOPE", "--password-stdin"], "tidak ditemukan"),
        (
            ["user", "create", "x", "--role", "keuangan", "--skpd", "DPKAD", "--password-stdin"],
            "hanya untuk peran admin_skpd",
        ),
    ],
)
def test_user_create_refuses_bad_combinations(runner, dpkad, args, message):
    result = runner.invoke(args=args, input="rahasiaKuat1\n")
    assert result.exit_code != 0
    assert message in result.output
    assert User.select().count() == 0


def test_user_create_refuses_a_weak_password(runner):
    result = runner.invoke(args=["user", "create", "x", "--role", "keuangan", "--password-stdin"], input="123\n")
    assert result.exit_code != 0 and "minimal 10 karakter" in result.output


def test_employee_account_gets_the_pegawai_role(runner, dpkad):
    person = f.pegawai(f.jabatan(dpkad))
    result = runner.invoke(
        args=["user", "create", person.nip, "--role", "verifikator", "--password-stdin"], input="rahasiaKuat1\n"
    )
    assert result.exit_code == 0, result.output
    assert User.get(User.username == person.nip).roles == {"pegawai", "verifikator"}


def test_set_password_ends_sessions_and_unlocks(runner, dpkad):
    user = f.user(
        "keuangan", roles=("keuangan",), terkunci_sampai=datetime.datetime.now() + datetime.timedelta(hours=1)
    )
    result = runner.invoke(args=["user", "set-password", "keuangan", "--password-stdin"], input="gantiBaru2026\n")
    assert result.exit_code == 0, result.output
    changed = User.get_by_id(user.id)
    assert changed.versi_sesi == user.versi_sesi + 1
    assert accounts.authenticate("keuangan", "gantiBaru2026") is not None


def test_set_password_for_unknown_user_fails_cleanly(runner):
    result = runner.invoke(args=["user", "set-password", "siapa", "--password-stdin"], input="gantiBaru2026\n")
    assert result.exit_code != 0 and "tidak ditemukan" in result.output


def test_imported_employees_get_accounts_and_an_admin_sets_the_first_password(runner, tmp_path):
    unit = f.skpd(kode="DPKAD")
    f.jabatan(unit, kode="DPKAD-0301")
    path = tmp_path / "pegawai.csv"
    path.write_text(
        "nip,nama,gelar_depan,gelar_belakang,golongan,status,jabatan_kode,tmt_jabatan,id_mesin\n"
        "198503122010011003,Zulfikar Ahmad,,S.E.,III/c,PNS,DPKAD-0301,2024-01-02,7\n"
    )
    assert runner.invoke(args=["import", "pegawai", str(path)]).exit_code == 0
    assert User.get(User.username == "198503122010011003").roles == {"pegawai"}
    assert accounts.authenticate("198503122010011003", "pegawai123") is None
    result = runner.invoke(
        args=["user", "set-password", "198503122010011003", "--password-stdin"], input="pertama2026\n"
    )
    assert result.exit_code == 0
    assert accounts.authenticate("198503122010011003", "pertama2026") is not None


def test_a_refused_command_prints_the_reasons_and_exits_1(runner):
    f.user("keuangan", roles=("keuangan",))
    result = runner.invoke(args=["user", "set-password", "keuangan", "--password-stdin"], input="pendek\n")
    assert result.exit_code == 1
    assert f"Kata sandi minimal {passwords.MIN_LENGTH} karakter." in result.output


def test_upgrade_from_version_10_dates_status_and_golongan_and_keeps_every_month(scratch_app):
    """Step 11: each employee's status and golongan from the TMT CPNS in the NIP; every SKPD takes part."""
    from ekinerja.models import RiwayatGolongan, RiwayatStatus
    from ekinerja.models.organisation import PARTICIPATING_SINCE

    migrations.upgrade(target=10)
    unit = f.skpd(kode="DPKAD")
    person = f.pegawai(f.jabatan(unit), nip="198503122010011003", golongan="III/c", status="CPNS")
    assert migrations.upgrade(target=11) == [f"11: {n}" for v, n, _ in migrations.MIGRATIONS if v == 11]
    assert list(
        RiwayatStatus.select(RiwayatStatus.status, RiwayatStatus.tmt).where(RiwayatStatus.pegawai == person.id).tuples()
    ) == [("CPNS", datetime.date(2010, 1, 1))]
    assert RiwayatGolongan.get(RiwayatGolongan.pegawai == person.id).golongan == "III/c"
    assert Skpd.get_by_id(unit.id).ikut_mulai == PARTICIPATING_SINCE
    assert Pegawai.get_by_id(person.id).nomor_rekening is None


def test_upgrade_to_version_14_gives_every_employee_the_ptkp_status_tk0_and_the_readiness_inclusions(scratch_app):
    migrations.upgrade(target=13)
    person = f.pegawai(f.jabatan(f.skpd(kode="DPKAD")), nip="198503122010011003")
    assert migrations.upgrade(target=14) == [f"14: {n}" for v, n, _ in migrations.MIGRATIONS if v == 14]
    assert Pegawai.get_by_id(person.id).status_ptkp == "TK/0"
    assert "skpd_ikut_bulan" in database.get_tables()


def test_upgrade_to_version_10_adds_the_jobs_table_and_keeps_its_data(scratch_app):
    """Version 9 data (an account, a locked month) stays; step 10 adds the background jobs' table, empty."""
    migrations.upgrade(target=9)
    assert "pekerjaan" not in database.get_tables()
    owner = f.user("verif", roles=("verifikator",))
    Periode.create(tahun=2026, bulan=1, status="DIKUNCI", versi=1)
    assert migrations.upgrade(target=10) == ["10: pekerjaan latar: kunci periode, ZIP slip, impor besar"]
    assert "pekerjaan" in database.get_tables() and Pekerjaan.select().count() == 0
    assert User.get_by_id(owner.id).username == "verif" and Periode.get().status == "DIKUNCI"
    job = jobs.create(owner, "kunci", "Kunci periode 2026-02", {"tahun": 2026, "bulan": 2})
    assert jobs.params(Pekerjaan.get_by_id(job.id)) == {"tahun": 2026, "bulan": 2}


def test_upgrade_to_version_15_keeps_counting_outside_minutes_and_copies_the_what_if_figures(scratch_app):
    """A rule set stored before step 15 counts the minutes outside the attendance window, as every month did; a
    locked month's approved extra minutes and deduction codes are copied from its stored details."""
    from playhouse.migrate import SchemaMigrator, migrate

    from ekinerja.models import AturanTpp, Rekap
    from ekinerja.services import periods

    migrations.upgrade(target=14)
    f.rule_set(tarif={})
    person = f.pegawai(f.jabatan(f.skpd(apel_sore=False)))
    f.entry(person, datetime.date(2026, 10, 1), minutes=60, status="DISETUJUI")  # an extra task, 08:00-09:00
    periods.lock(f.user("verif", roles=("verifikator",)), 2026, 10)
    migrator = SchemaMigrator.from_database(database.obj)
    migrate(
        migrator.drop_column("aturan_tpp", "hitung_menit_luar_presensi"),
        migrator.drop_column("rekap", "menit_tambahan_disetujui"),
        migrator.drop_column("rekap", "kode_potongan"),
    )
    assert migrations.upgrade(target=15) == [f"15: {n}" for v, n, _ in migrations.MIGRATIONS if v == 15]
    assert AturanTpp.get().hitung_menit_luar_presensi is True
    stored = Rekap.get(Rekap.pegawai == person.id)
    # No scan all month: TK on each of October's 22 working days (and no apel pagi, which TK leaves out).
    assert (stored.menit_tambahan_disetujui, stored.kode_potongan) == (60, " ".join(["TK"] * 22))


def test_upgrade_to_version_19_copies_each_locked_row_s_deductions_and_net_into_columns(scratch_app):
    """Rows locked before step 19 get their deductions and net from their stored details, and a row locked before
    deductions were kept from its gross, as the screens work them out; the city's totals then sum the columns."""
    from playhouse.migrate import SchemaMigrator, migrate

    from ekinerja.models import Rekap
    from ekinerja.services import periods, recap

    migrations.upgrade(target=18)
    f.rule_set(tarif={7: 3_000_000})
    unit = f.skpd(apel_sore=False)
    people = [f.pegawai(f.jabatan(unit), golongan=golongan) for golongan in ("III/a", "IV/b")]
    periods.lock(f.user("verif", roles=("verifikator",)), 2026, 10)
    expected = {r["nip"]: (r["jumlah_potongan"], r["tpp_bersih"]) for r in recap.month_recap(2026, 10)[0]}
    assert all(net > 0 for _, net in expected.values()) and len(set(expected.values())) == 2
    older = Rekap.get(Rekap.pegawai == people[1].id)
    details = older.rincian_data
    for name in ("potongan_tpp", "jumlah_potongan", "tpp_bersih", "bpjs_pemberi_kerja"):
        details.pop(name)
    Rekap.update(rincian=json.dumps(details)).where(Rekap.id == older.id).execute()
    migrator = SchemaMigrator.from_database(database.obj)
    migrate(migrator.drop_column("rekap", "jumlah_potongan"), migrator.drop_column("rekap", "tpp_bersih"))

    assert migrations.upgrade(target=19) == [f"19: {n}" for v, n, _ in migrations.MIGRATIONS if v == 19]
    assert {r.nip: (r.jumlah_potongan, r.tpp_bersih) for r in Rekap.select()} == expected
    ((totals), final) = recap.city_totals(2026, 10)
    assert final and [(t["jumlah_potongan"], t["tpp_bersih"]) for t in totals] == [
        tuple(map(sum, zip(*expected.values(), strict=True)))
    ]
