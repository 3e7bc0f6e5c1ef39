"""The day totals the recap reads (MenitHarian, PresensiHarian) follow every write of the entries and scans.

After every test, conftest also compares both tables with a fresh grouping of their sources.
"""

import datetime
import io
import threading

import pytest
from playhouse.test_utils import count_queries

from ekinerja.db import database, is_sqlite, open_database
from ekinerja.models import Aktivitas, AuditLog, MenitHarian, Presensi, PresensiHarian, day_totals
from ekinerja.services import approvals, imports
from tests import factories as f

D, T, DT = datetime.date, datetime.time, datetime.datetime
DAY = D(2026, 3, 10)


@pytest.fixture
def person(app):
    f.rule_set(berlaku_mulai=D(2020, 1, 1))
    unit = f.skpd(kode="DPKAD")
    superior_position = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    staff_position = f.jabatan(unit, atasan=superior_position)
    staff = f.pegawai(staff_position)
    staff.position = staff_position
    staff.superior_user = f.user(pegawai=f.pegawai(superior_position))
    return staff


def minutes_of(person):
    query = MenitHarian.select(MenitHarian.tanggal, MenitHarian.menit_utama, MenitHarian.menit_tambahan)
    return {day: (utama, tambahan) for day, utama, tambahan in query.where(MenitHarian.pegawai == person).tuples()}


def scans_of(person):
    query = PresensiHarian.select(PresensiHarian.tanggal, PresensiHarian.masuk, PresensiHarian.pulang)
    return {day: (masuk, pulang) for day, masuk, pulang in query.where(PresensiHarian.pegawai == person).tuples()}


def test_only_approved_minutes_count_split_into_duties_and_extra_tasks(person):
    duty = f.tugas(person.position)
    waiting = f.entry(person, DAY, 60, start=T(8))
    f.entry(person, DAY, 90, start=T(9), status="DISETUJUI", tugas=duty)
    f.entry(person, DAY, 45, start=T(13), status="DISETUJUI")
    f.entry(person, DAY, 30, start=T(14), status="DITOLAK")
    assert minutes_of(person) == {DAY: (90, 45)}

    outcome = approvals.decide(person.superior_user, [waiting.id], "setujui", today=D(2026, 3, 31))
    assert outcome[waiting.id].ok, outcome[waiting.id].pesan
    assert minutes_of(person) == {DAY: (90, 105)}

    outcome = approvals.decide(person.superior_user, [waiting.id], "batalkan", today=D(2026, 3, 31))
    assert outcome[waiting.id].ok, outcome[waiting.id].pesan
    assert minutes_of(person) == {DAY: (90, 45)}


def test_a_day_without_approved_minutes_has_no_row(person):
    entry = f.entry(person, DAY, 60, status="DISETUJUI")
    assert minutes_of(person) == {DAY: (0, 60)}
    entry.delete_instance()
    assert minutes_of(person) == {}


def test_an_entry_moved_to_another_day_leaves_the_old_day(person):
    entry = f.entry(person, DAY, 60, status="DISETUJUI")
    f.entry(person, DAY, 30, start=T(10), status="DISETUJUI")
    entry.tanggal = DAY + datetime.timedelta(days=2)
    entry.save()
    assert minutes_of(person) == {DAY: (0, 30), DAY + datetime.timedelta(days=2): (0, 60)}


def test_check_in_is_the_first_scan_before_noon_and_check_out_the_last_from_noon_on(person):
    for moment in (T(7, 40), T(7, 20, 5), T(11, 59, 59), T(12, 0), T(16, 1), T(15, 30)):
        Presensi.create(pegawai=person, waktu=DT.combine(DAY, moment))
    Presensi.create(pegawai=person, waktu=DT(2026, 3, 11, 12, 0))  # only a check-out
    Presensi.create(pegawai=person, waktu=DT(2026, 3, 12, 11, 59, 59))  # only a check-in
    assert scans_of(person) == {
        DAY: (DT(2026, 3, 10, 7, 20, 5), DT(2026, 3, 10, 16, 1)),
        D(2026, 3, 11): (None, DT(2026, 3, 11, 12, 0)),
        D(2026, 3, 12): (DT(2026, 3, 12, 11, 59, 59), None),
    }
    Presensi.get(Presensi.waktu == DT(2026, 3, 12, 11, 59, 59)).delete_instance()
    assert D(2026, 3, 12) not in scans_of(person)


def test_an_import_of_scans_keeps_the_days_it_touched(person, monkeypatch):
    monkeypatch.setattr("ekinerja.clock.today", lambda: D(2026, 3, 31))
    Presensi.create(pegawai=person, waktu=DT(2026, 3, 10, 7, 25))
    csv = f"nip,waktu\n{person.nip},2026-03-10 07:10:00\n{person.nip},2026-03-10 16:05:00\n"
    result = imports.import_file("presensi", io.BytesIO(csv.encode()), "presensi.csv", "admin")
    assert result.ditambah == 2
    assert scans_of(person) == {DAY: (DT(2026, 3, 10, 7, 10), DT(2026, 3, 10, 16, 5))}


def test_a_bulk_write_is_found_by_the_check_and_mended_by_the_rebuild(person, runner):
    f.entry(person, DAY, 60, status="DISETUJUI")
    Aktivitas.update(menit_diakui=75).execute()  # a repair made directly in the database
    result = runner.invoke(args=["db", "periksa-harian", "--periode", "2026-03"])
    assert result.exit_code == 1
    assert "1 hari berbeda" in result.output
    assert runner.invoke(args=["db", "periksa-harian", "--periode", "2026-04"]).exit_code == 0

    result = runner.invoke(args=["db", "bangun-harian"])
    assert result.exit_code == 0, result.output
    assert "menit_harian: dihitung ulang 2026-03-10 s.d. 2026-03-10; 1 hari berbeda sebelumnya." in result.output
    assert minutes_of(person) == {DAY: (0, 75)}
    trail = AuditLog.get(AuditLog.objek == "menit_harian")
    assert (trail.pengguna, trail.aksi, trail.objek_id) == ("cli", "hitung_ulang", "-")
    assert trail.rincian_data == {"mulai": "2026-03-10", "selesai": "2026-03-10", "hari_berbeda": 1}
    result = runner.invoke(args=["db", "periksa-harian"])
    assert result.exit_code == 0
    assert "sesuai" in result.output


def test_the_check_refuses_a_bad_period(runner):
    result = runner.invoke(args=["db", "periksa-harian", "--periode", "2026-13"])
    assert result.exit_code == 2
    assert "--periode" in result.output


def test_two_writers_of_one_employee_s_day_take_turns(app, person):
    """The second writer's refresh waits for the first to commit, then counts both entries (on PostgreSQL it holds
    the employee's row; without it, it would count its own entry only, or collide with the first's row)."""
    first_saved, commits = threading.Event(), []

    def first_writer():
        with app.app_context(), database.connection_context():
            with database.atomic():
                f.entry(person, DAY, 60, start=T(8), status="DISETUJUI")
                first_saved.set()
                threading.Event().wait(0.5)  # meanwhile the second writer reaches its refresh
            commits.append("first")

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert first_saved.wait(timeout=10)
    with database.atomic():
        f.entry(person, DAY, 45, start=T(10), status="DISETUJUI")
    commits.append("second")
    thread.join()
    assert commits == ["first", "second"]
    assert minutes_of(person) == {DAY: (0, 105)}


def test_postgresql_connections_compile_no_plans_unless_the_url_says_so(app, database_url):
    """A month's queries cost less than PostgreSQL's JIT compilation of them (db.POSTGRES_OPTIONS)."""
    if is_sqlite():
        pytest.skip("SQLite has no JIT")
    assert database.execute_sql("SHOW jit").fetchone()[0] == "off"
    own = open_database(database_url + "?options=-c%20jit%3Don")
    with own.connection_context():
        assert own.execute_sql("SHOW jit").fetchone()[0] == "on"


def test_days_of_many_employees_are_recomputed_a_chunk_of_them_at_a_time(person, monkeypatch):
    others = [f.pegawai(person.position) for _ in range(4)]
    for someone in (person, *others):
        Presensi.insert(pegawai=someone, waktu=DT(2026, 3, 10, 7, 25)).execute()  # bulk: no refresh of its own
    monkeypatch.setattr(day_totals, "REFRESH_CHUNK", 2)
    PresensiHarian.refresh_days([(someone.id, DAY) for someone in (person, *others)])
    assert PresensiHarian.select().count() == 5
    assert scans_of(others[-1]) == {DAY: (DT(2026, 3, 10, 7, 25), None)}


def test_an_import_of_scans_does_not_wait_for_another_transaction_that_only_added_rows_of_the_employee(
    app, person, monkeypatch
):
    """Another import's insert holds FOR KEY SHARE on the employee's row until it commits; the day totals' lock
    (FOR NO KEY UPDATE) does not wait for it, so two imports of the same employees cannot deadlock."""
    if is_sqlite():
        pytest.skip("SQLite runs one write transaction at a time")
    monkeypatch.setattr("ekinerja.clock.today", lambda: D(2026, 3, 31))
    main = database.obj
    other = type(main)(main.database, **main.connect_params)
    other.connect()
    other.execute_sql("BEGIN")
    other.execute_sql(*Presensi.insert(pegawai=person.id, waktu=DT(2026, 3, 10, 7, 5)).sql())
    finished = []

    def import_meanwhile():
        with app.app_context(), database.connection_context():
            csv = f"nip,waktu\n{person.nip},2026-03-10 16:05:00\n"
            finished.append(imports.import_file("presensi", io.BytesIO(csv.encode()), "presensi.csv", "admin"))

    thread = threading.Thread(target=import_meanwhile)
    thread.start()
    thread.join(10)
    imported_while_the_other_was_open = bool(finished)
    other.execute_sql("ROLLBACK")
    other.close()
    thread.join(10)
    assert imported_while_the_other_was_open
    assert [result.ditambah for result in finished] == [1]
    assert scans_of(person) == {DAY: (None, DT(2026, 3, 10, 16, 5))}


def test_a_save_of_other_fields_alone_keeps_the_day_without_reading_where_the_row_stood(person):
    entry = f.entry(person, DAY, 60, start=T(8), status="DISETUJUI")
    entry.status = "DITOLAK"
    with count_queries() as counter:
        entry.save(only=[Aktivitas.status])
    assert minutes_of(person) == {}
    assert not [q for q in counter.get_queries() if q.msg[0].startswith('SELECT "t1"."id", "t1"."pegawai_id"')]
    # Saved with the date among the fields, the row moves, and both days are recomputed.
    entry.status, entry.tanggal = "DISETUJUI", DAY + datetime.timedelta(days=1)
    entry.save(only=[Aktivitas.status, Aktivitas.tanggal])
    assert minutes_of(person) == {DAY + datetime.timedelta(days=1): (0, 60)}
    entry.tanggal = DAY
    entry.save(only=["tanggal"])
    assert minutes_of(person) == {DAY: (0, 60)}
    # The date changed in memory but only the status saved: the row stays on its stored day, which is recomputed.
    entry.tanggal, entry.status = DAY + datetime.timedelta(days=2), "DITOLAK"
    entry.save(only=[Aktivitas.status])
    assert minutes_of(person) == {}


def test_a_new_entry_the_totals_do_not_count_leaves_them_unread(person):
    with count_queries() as counter:
        f.entry(person, DAY, 60, start=T(8))  # DIAJUKAN: not counted until approved
    assert not [q for q in counter.get_queries() if "menit_harian" in q.msg[0]]
    assert minutes_of(person) == {}
    f.entry(person, DAY, 30, start=T(10), status="DISETUJUI")
    assert minutes_of(person) == {DAY: (0, 30)}
