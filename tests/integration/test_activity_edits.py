"""Editing returned entries after the input window, evidence files following their entry, one entry by id."""

import datetime
import os
import threading

import pytest

from ekinerja import settings
from ekinerja.db import database, is_sqlite
from ekinerja.models import Aktivitas, Pegawai
from ekinerja.services import activity, approvals
from tests import factories as f

MONDAY = datetime.date(2026, 11, 2)
TWO_WEEKS_LATER = datetime.date(2026, 11, 16)


@pytest.fixture
def team(app):
    unit = f.skpd()
    head = f.jabatan(unit, kelas_jabatan=9)
    job = f.jabatan(unit, atasan=head)
    duty = f.tugas(job, kode="T-01", norma_waktu=30)
    boss, staff = f.pegawai(head), f.pegawai(job)
    f.rule_set(datetime.date(2026, 1, 1))
    return {"staff": staff, "staff_user": f.user(pegawai=staff), "boss_user": f.user(pegawai=boss), "duty": duty}


def _draft(day, **changes):
    values = dict(
        tanggal=day,
        tugas_kode="T-01",
        tambahan=False,
        uraian=None,
        volume=2,
        jam_mulai=datetime.time(8),
        jam_selesai=datetime.time(9),
        keterangan="Daftar gaji diverifikasi",
    )
    values.update(changes)
    return activity.EntryInput(**values)


def test_a_returned_entry_can_be_fixed_after_the_input_window_but_not_moved(team, app):
    entry = activity.submit(team["staff_user"], team["staff"], _draft(MONDAY), today=MONDAY)
    approvals.decide(team["boss_user"], [entry.id], "revisi", "Lengkapi hasil", today=TWO_WEEKS_LATER)
    fixed = activity.update(team["staff_user"], entry, _draft(MONDAY, volume=1), today=TWO_WEEKS_LATER)
    assert fixed.status == "DIAJUKAN" and fixed.menit_diakui == 30
    approvals.decide(team["boss_user"], [entry.id], "revisi", "Tanggal salah", today=TWO_WEEKS_LATER)
    with pytest.raises(activity.EntryRejected) as refused:
        activity.update(team["staff_user"], entry, _draft(MONDAY + datetime.timedelta(days=1)), today=TWO_WEEKS_LATER)
    assert "Batas input sudah lewat" in refused.value.errors["tanggal"]


def test_a_waiting_entry_outside_the_window_is_not_editable_by_date_trickery(team, app):
    entry = activity.submit(team["staff_user"], team["staff"], _draft(MONDAY), today=MONDAY)
    with pytest.raises(activity.EntryRejected):
        activity.update(team["staff_user"], entry, _draft(MONDAY, volume=1), today=TWO_WEEKS_LATER)


def test_evidence_file_is_removed_with_its_entry_and_when_replaced(team, app):
    store = settings.evidence_store(app)
    pdf = activity.Evidence("bukti.pdf", f.evidence_pdf())
    entry = activity.submit(team["staff_user"], team["staff"], _draft(MONDAY), evidence=pdf, today=MONDAY, store=store)
    first = os.path.join(store.folder, entry.bukti_berkas)
    assert os.path.exists(first)
    png = activity.Evidence("foto.png", f.evidence_image())
    entry = activity.update(team["staff_user"], entry, _draft(MONDAY), evidence=png, today=MONDAY, store=store)
    second = os.path.join(store.folder, entry.bukti_berkas)
    assert not os.path.exists(first) and os.path.exists(second)
    activity.delete(team["staff_user"], entry, store)
    assert not os.path.exists(second)
    assert Aktivitas.select().count() == 0


def test_api_returns_one_own_entry_and_404_for_anyone_elses(team, client, monkeypatch):
    from ekinerja import clock

    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    entry = activity.submit(team["staff_user"], team["staff"], _draft(MONDAY), today=MONDAY)
    own = client.post("/api/v1/token", json={"username": team["staff"].nip, "password": f.PASSWORD}).json["token"]
    other = client.post("/api/v1/token", json={"username": team["boss_user"].username, "password": f.PASSWORD}).json[
        "token"
    ]
    response = client.get(f"/api/v1/aktivitas/{entry.id}", headers={"Authorization": f"Bearer {own}"})
    assert (
        response.status_code == 200 and response.json["tugas_kode"] == "T-01" and response.json["status"] == "DIAJUKAN"
    )
    assert client.get(f"/api/v1/aktivitas/{entry.id}", headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert client.get("/api/v1/aktivitas/999999", headers={"Authorization": f"Bearer {own}"}).status_code == 404


def test_a_submission_waits_for_one_of_the_same_employee_in_progress_and_then_sees_its_hours(team, app):
    """Two requests logging overlapping hours at once (on PostgreSQL each reads before the other commits): the
    second waits for the first to finish, then finds its hours taken."""
    main = database.obj
    other = type(main)(main.database, **main.connect_params)  # another app process, say
    staff = team["staff"]
    other.connect()
    if is_sqlite():
        other.execute_sql("BEGIN IMMEDIATE")
    else:
        other.execute_sql("BEGIN")
        other.execute_sql(*Pegawai.select(Pegawai.id).where(Pegawai.id == staff.id).for_update().sql())
    first = Aktivitas.insert(
        pegawai=staff, tanggal=MONDAY, tugas=team["duty"], volume=1, jam_mulai=datetime.time(8, 30),
        jam_selesai=datetime.time(9, 30), menit_diakui=30, status="DIAJUKAN",
    )  # fmt: skip
    other.execute_sql(*first.sql())

    outcome = []

    def submit_meanwhile():
        with app.app_context(), database.connection_context():
            try:
                outcome.append(activity.submit(team["staff_user"], staff, _draft(MONDAY), today=MONDAY))
            except activity.EntryRejected as refused:
                outcome.append(refused.errors)

    second = threading.Thread(target=submit_meanwhile)
    second.start()
    second.join(0.5)
    waited = second.is_alive()
    other.execute_sql("COMMIT")
    other.close()
    second.join(10)
    assert waited
    assert "08:30-09:30" in outcome[0]["jam_mulai"]
    assert Aktivitas.select().where(Aktivitas.pegawai == staff).count() == 1
