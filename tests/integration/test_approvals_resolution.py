"""Who decides an entry: the holder of, or the Plt/Plh for, the superior position on the entry's date."""

import datetime
import threading
import time
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.db import database, hold_rows, is_sqlite, write_transaction
from ekinerja.models import Aktivitas, Pegawai, PenugasanPlt, Periode, RiwayatJabatan
from ekinerja.services import approvals
from ekinerja.services.positions import approvers_of
from tests import factories as f
from tests.conftest import csrf_token

D = datetime.date
# Fixed dates in a past month, with `today` passed explicitly: well before the approval deadline.
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
DECIDE_DAY = D(2026, 3, 31)


def entry(pegawai, day, status="DIAJUKAN", hour=8):
    return Aktivitas.create(
        pegawai=pegawai,
        tanggal=day,
        uraian="Rapat koordinasi",
        volume=1,
        jam_mulai=datetime.time(hour),
        jam_selesai=datetime.time(hour + 1),
        menit_diakui=60,
        status=status,
    )


def status_of(item):
    return Aktivitas.get_by_id(item.id).status


def decide(user, items, action="setujui", note=None, today=DECIDE_DAY):
    return approvals.decide(user, [i.id for i in items], action, note, today=today)


def waiting_ids(user, start=MARCH[0], end=MARCH[1], today=DECIDE_DAY):
    return {e.id for e in approvals.waiting(user, start, end, today)}


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=D(2020, 1, 1))
    unit = f.skpd()
    kadis_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=14)
    kabid_j = f.jabatan(unit, atasan=kadis_j, jenis="struktural", kelas_jabatan=11)
    kabid2_j = f.jabatan(unit, atasan=kadis_j, jenis="struktural", kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    staf2_j = f.jabatan(unit, atasan=kabid2_j)
    o = SimpleNamespace(unit=unit, kadis_j=kadis_j, kabid_j=kabid_j, kabid2_j=kabid2_j, staf_j=staf_j, staf2_j=staf2_j)
    for name, jab in (
        ("kadis", kadis_j),
        ("kabid", kabid_j),
        ("kabid2", kabid2_j),
        ("staf", staf_j),
        ("staf2", staf2_j),
    ):
        person = f.pegawai(jab, mulai=D(2024, 1, 2))
        setattr(o, name, person)
        setattr(o, name + "_user", f.user(pegawai=person))
    o.verif = f.user("verif", roles=("verifikator",))
    return o


def test_the_holder_of_the_superior_position_decides_and_nobody_above_or_beside(org):
    item = entry(org.staf, D(2026, 3, 10))
    assert approvers_of(org.staf.id, item.tanggal) == {org.kabid.id}
    assert waiting_ids(org.kabid_user) == {item.id}
    assert waiting_ids(org.kadis_user) == set()
    assert waiting_ids(org.kabid2_user) == set()
    for outsider in (org.kadis_user, org.kabid2_user, org.staf2_user):
        outcome = decide(outsider, [item])[item.id]
        assert (outcome.ok, outcome.pesan) == (False, approvals.NOT_FOUND)
    assert status_of(item) == "DIAJUKAN"
    # Before the deadline the verifikator does not overrule the direct superior.
    outcome = decide(org.verif, [item])[item.id]
    assert not outcome.ok and "atasan langsung" in outcome.pesan
    assert decide(org.kabid_user, [item])[item.id].ok
    stored = Aktivitas.get_by_id(item.id)
    assert (stored.status, stored.diputuskan_oleh_id) == ("DISETUJUI", org.kabid_user.id)


def test_plt_acts_for_a_vacant_superior_only_within_the_assignment_dates(org):
    RiwayatJabatan.update(selesai=D(2026, 2, 28)).where(RiwayatJabatan.pegawai == org.kabid.id).execute()
    PenugasanPlt.create(
        pegawai=org.kabid2, jabatan=org.kabid_j, jenis="plt", mulai=D(2026, 3, 5), selesai=D(2026, 3, 20)
    )
    before, inside, last_day, after = (
        entry(org.staf, D(2026, 3, 4)),
        entry(org.staf, D(2026, 3, 10)),
        entry(org.staf, D(2026, 3, 20)),
        entry(org.staf, D(2026, 3, 21)),
    )
    assert approvers_of(org.staf.id, inside.tanggal) == {org.kabid2.id}
    assert approvers_of(org.staf.id, before.tanggal) == set()
    assert waiting_ids(org.kabid2_user) == {inside.id, last_day.id}
    # Outside the range the superior position is vacant: the verifikator's.
    assert waiting_ids(org.verif) == {before.id, after.id}

    results = decide(org.kabid2_user, [before, inside, last_day, after])
    assert {i: r.ok for i, r in results.items()} == {
        before.id: False,
        inside.id: True,
        last_day.id: True,
        after.id: False,
    }
    assert results[before.id].pesan == results[after.id].pesan == approvals.NOT_FOUND
    assert [status_of(e) for e in (before, inside, last_day, after)] == [
        "DIAJUKAN",
        "DISETUJUI",
        "DISETUJUI",
        "DIAJUKAN",
    ]
    # The former holder decides nothing of March any more.
    assert decide(org.kabid_user, [after])[after.id].pesan == approvals.NOT_FOUND
    assert decide(org.verif, [after])[after.id].ok


def test_plh_next_to_the_holder_decides_only_within_the_dates(org):
    PenugasanPlt.create(
        pegawai=org.kabid2, jabatan=org.kabid_j, jenis="plh", mulai=D(2026, 3, 9), selesai=D(2026, 3, 13)
    )
    inside, outside = entry(org.staf, D(2026, 3, 11)), entry(org.staf, D(2026, 3, 16))
    assert approvers_of(org.staf.id, inside.tanggal) == {org.kabid.id, org.kabid2.id}
    assert approvers_of(org.staf.id, outside.tanggal) == {org.kabid.id}
    assert decide(org.kabid2_user, [outside])[outside.id].pesan == approvals.NOT_FOUND
    assert decide(org.kabid2_user, [inside])[inside.id].ok
    assert (status_of(inside), status_of(outside)) == ("DISETUJUI", "DIAJUKAN")


def test_a_position_without_superior_goes_to_the_verifikator_on_screen_and_api(app, org):
    today = clock.today()
    item = entry(org.kadis, today)
    assert approvers_of(org.kadis.id, today) == set()
    assert approvals.decide(org.kabid_user, [item.id], "setujui")[item.id].pesan == approvals.NOT_FOUND

    browser = app.test_client()
    f.login(browser, "verif")
    page = browser.get("/persetujuan").get_data(as_text=True)
    assert org.kadis.nip in page and f'name="ids" value="{item.id}"' in page

    api = app.test_client()
    token = api.post("/api/v1/token", json={"username": "verif", "password": f.PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    rows = api.get(f"/api/v1/persetujuan?periode={today:%Y-%m}", headers=headers).json
    assert [(r["id"], r["nip"], r["nama"], r["status"]) for r in rows] == [
        (item.id, org.kadis.nip, org.kadis.nama, "DIAJUKAN")
    ]
    # Nobody else's inbox shows it.
    kabid_token = api.post("/api/v1/token", json={"username": org.kabid_user.username, "password": f.PASSWORD})
    kabid_rows = api.get(
        f"/api/v1/persetujuan?periode={today:%Y-%m}", headers={"Authorization": "Bearer " + kabid_token.json["token"]}
    ).json
    assert kabid_rows == []

    response = browser.post(
        "/persetujuan",
        data={"csrf_token": csrf_token(browser, "/persetujuan"), "ids": [str(item.id)], "aksi": "setujui"},
    )
    assert response.status_code == 302
    assert status_of(item) == "DISETUJUI"


def test_a_vacant_superior_position_goes_to_the_verifikator(org):
    RiwayatJabatan.update(selesai=D(2026, 3, 15)).where(RiwayatJabatan.pegawai == org.kabid.id).execute()
    while_held, vacant = entry(org.staf, D(2026, 3, 13)), entry(org.staf, D(2026, 3, 17))
    assert approvers_of(org.staf.id, vacant.tanggal) == set()
    assert waiting_ids(org.verif) == {vacant.id}
    assert waiting_ids(org.kabid_user) == {while_held.id}
    assert decide(org.kabid_user, [vacant])[vacant.id].pesan == approvals.NOT_FOUND
    assert decide(org.verif, [while_held])[while_held.id].ok is False
    assert decide(org.verif, [vacant])[vacant.id].ok
    assert decide(org.kabid_user, [while_held])[while_held.id].ok


def test_the_approver_is_who_held_the_superior_position_on_the_entry_date(org):
    # kabid hands the position to a successor on 16 March; a late decision still follows the entry's date.
    RiwayatJabatan.update(selesai=D(2026, 3, 15)).where(RiwayatJabatan.pegawai == org.kabid.id).execute()
    successor = f.pegawai(org.kabid_j, mulai=D(2026, 3, 16))
    successor_user = f.user(pegawai=successor)
    early, late = entry(org.staf, D(2026, 3, 13)), entry(org.staf, D(2026, 3, 16))
    assert approvers_of(org.staf.id, early.tanggal) == {org.kabid.id}
    assert approvers_of(org.staf.id, late.tanggal) == {successor.id}
    assert waiting_ids(org.kabid_user) == {early.id}
    assert waiting_ids(successor_user) == {late.id}
    assert decide(successor_user, [early])[early.id].pesan == approvals.NOT_FOUND
    assert decide(org.kabid_user, [late])[late.id].pesan == approvals.NOT_FOUND
    assert decide(org.kabid_user, [early])[early.id].ok
    assert decide(successor_user, [late])[late.id].ok


def test_when_the_staff_member_moves_the_old_position_s_superior_keeps_the_old_days(org):
    RiwayatJabatan.update(selesai=D(2026, 3, 15)).where(RiwayatJabatan.pegawai == org.staf.id).execute()
    RiwayatJabatan.create(pegawai=org.staf, jabatan=org.staf2_j, mulai=D(2026, 3, 16))
    old, new = entry(org.staf, D(2026, 3, 12)), entry(org.staf, D(2026, 3, 18))
    assert waiting_ids(org.kabid_user) == {old.id}
    assert waiting_ids(org.kabid2_user) == {new.id}
    assert decide(org.kabid_user, [new])[new.id].pesan == approvals.NOT_FOUND
    assert decide(org.kabid2_user, [old])[old.id].pesan == approvals.NOT_FOUND
    assert decide(org.kabid_user, [old])[old.id].ok and decide(org.kabid2_user, [new])[new.id].ok


def test_someone_acting_for_their_own_superior_does_not_decide_their_own_entries(org):
    RiwayatJabatan.update(selesai=D(2026, 2, 28)).where(RiwayatJabatan.pegawai == org.kadis.id).execute()
    PenugasanPlt.create(
        pegawai=org.kabid, jabatan=org.kadis_j, jenis="plt", mulai=D(2026, 3, 1), selesai=D(2026, 3, 31)
    )
    own, staff = entry(org.kabid, D(2026, 3, 10)), entry(org.staf, D(2026, 3, 10))
    assert approvers_of(org.kabid.id, own.tanggal) == set()
    assert waiting_ids(org.kabid_user) == {staff.id}
    assert decide(org.kabid_user, [own])[own.id].pesan == approvals.NOT_FOUND
    assert status_of(own) == "DIAJUKAN"
    assert decide(org.verif, [own])[own.id].ok


def test_entries_of_someone_acting_for_their_own_superior_are_in_the_verifikator_inbox(org):
    RiwayatJabatan.update(selesai=D(2026, 2, 28)).where(RiwayatJabatan.pegawai == org.kadis.id).execute()
    PenugasanPlt.create(
        pegawai=org.kabid, jabatan=org.kadis_j, jenis="plt", mulai=D(2026, 3, 1), selesai=D(2026, 3, 31)
    )
    own = entry(org.kabid, D(2026, 3, 10))
    assert own.id in waiting_ids(org.verif)


def test_entries_of_someone_holding_their_own_superior_post_too_are_in_the_verifikator_inbox(org):
    # The kabid also holds the staff post (rangkap) all March: on it, their entries have nobody else above them (the
    # superior's post is held all month, but by the owner), so the verifikator's list holds them.
    RiwayatJabatan.update(selesai=D(2026, 2, 28)).where(RiwayatJabatan.pegawai == org.staf.id).execute()
    RiwayatJabatan.create(pegawai=org.kabid, jabatan=org.staf_j, mulai=D(2026, 3, 1))
    own = entry(org.kabid, D(2026, 3, 10))
    assert own.id in waiting_ids(org.verif)
    assert approvals.waiting_count(org.verif, DECIDE_DAY) == 1


@pytest.mark.parametrize("stored_before", [True, False], ids=["month stored", "month stored by the lock"])
def test_a_decision_waits_for_a_lock_in_progress_and_then_finds_the_month_locked(app, org, stored_before):
    """PostgreSQL: the decision holds the month's row shared, so it waits for the lock that holds it and then reads
    the month as locked (it read it open before, and its approval landed in a month the lock had taken); when the
    lock is the one storing the month's row, the decision's own insert of it waits."""
    if is_sqlite():
        pytest.skip("SQLite has one writer at a time")
    item = entry(org.staf, D(2026, 3, 10))
    if stored_before:
        Periode.create(tahun=2026, bulan=3, status="TERBUKA", versi=0)
    held = threading.Event()

    def lock():
        with app.app_context(), database.connection_context(), write_transaction():
            period = Periode.held(2026, 3)
            held.set()
            time.sleep(0.5)  # meanwhile the decision reaches the month
            period.status = "DIKUNCI"
            period.save()

    thread = threading.Thread(target=lock)
    thread.start()
    assert held.wait(timeout=10)
    outcome = decide(org.kabid_user, [item])[item.id]
    thread.join()
    assert not outcome.ok
    assert status_of(item) == "DIAJUKAN"


def test_an_owner_s_delete_waits_for_a_decision_in_progress_and_leaves_an_approved_entry(app, org, monkeypatch):
    """PostgreSQL: the delete holds the owner's row before it reads the entry, as a decision does; before, it read
    DIAJUKAN, the superior's approval committed meanwhile, and the approved entry was deleted."""
    if is_sqlite():
        pytest.skip("SQLite has one writer at a time")
    from ekinerja.services import activity

    item = entry(org.staf, D(2026, 3, 10))
    deciding, outcomes = threading.Event(), {}

    def decide_meanwhile():
        with app.app_context(), database.connection_context(), write_transaction():
            hold_rows(Pegawai, [org.staf.id])  # the decision's transaction holds the owner first
            deciding.set()
            time.sleep(0.5)
            decided = Aktivitas.get_by_id(item.id)
            decided.status = "DISETUJUI"
            decided.save()
        outcomes["committed"] = True

    thread = threading.Thread(target=decide_meanwhile)
    thread.start()
    assert deciding.wait(timeout=10)
    with pytest.raises(activity.EntryRejected):
        activity.delete(org.staf_user, item, store=None)
    thread.join()
    assert outcomes == {"committed": True}
    assert status_of(item) == "DISETUJUI"
