"""The waiting count (the menu's badge) equals the entries the inbox lists for every decider, after every kind of state
change: submitting, each decision and its undoing, editing and deleting, an acting assignment ending, the superior's
post falling vacant, and the approval deadline passing."""

import datetime

from ekinerja.models import PenugasanPlt, RiwayatJabatan, User
from ekinerja.services import approvals
from tests import factories as f
from tests.integration import test_approvals_status as status_table
from tests.integration.test_approvals_status import OLD_DAY, TODAY, act

org = status_table.org  # the staff member, their superior, an acting superior (Plh) and the verifikator


def agree(org, today=TODAY):
    """Each decider's count equals what their inbox and their waiting list hold; returns the counts by name."""
    counts = {}
    deciders = {"kabid": org.kabid_user, "plh": org.plh_user, "verif": User.get(User.username == "verif")}
    for name, user in deciders.items():
        listed = approvals.waiting(user, *approvals.inbox_window(today), today)
        box = approvals.inbox(user, today)
        count = approvals.waiting_count(user, today)
        assert count == len(listed) == box.waiting == len(box.entries), (name, today)
        counts[name] = count
    return counts


def submit(client, org, hour):
    body = {"tanggal": TODAY.isoformat(), "tugas_kode": "ANJ-01", "volume": 1}
    body.update(jam_mulai=f"{hour:02d}:00", jam_selesai=f"{hour + 1:02d}:00")
    response = client.post("/api/v1/aktivitas", headers=org.h["staf"], json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_the_count_follows_every_decision_and_its_undoing(client, org):
    assert agree(org) == {"kabid": 0, "plh": 0, "verif": 0}
    first, second = submit(client, org, 8), submit(client, org, 10)
    assert agree(org) == {"kabid": 2, "plh": 2, "verif": 0}
    act(client, org, "kabid", first, "revisi", "Lengkapi")
    assert agree(org)["kabid"] == 1
    edited = client.patch(f"/api/v1/aktivitas/{first}", headers=org.h["staf"], json={"keterangan": "No. 1"})
    assert edited.status_code == 200 and agree(org)["kabid"] == 2
    act(client, org, "kabid", first, "tolak", "Bukan tugasnya")
    assert agree(org)["kabid"] == 1
    act(client, org, "kabid", first, "batalkan")
    assert agree(org)["kabid"] == 2
    act(client, org, "plh", second, "setujui")
    assert agree(org) == {"kabid": 1, "plh": 1, "verif": 0}
    act(client, org, "plh", second, "batalkan")
    assert agree(org)["plh"] == 2
    act(client, org, "kabid", second, "setujui")
    act(client, org, "verif", second, "anulir", "Fiktif")
    assert agree(org)["kabid"] == 1
    assert client.delete(f"/api/v1/aktivitas/{first}", headers=org.h["staf"]).status_code in (200, 204)
    assert agree(org) == {"kabid": 0, "plh": 0, "verif": 0}


def test_the_count_follows_the_posts_and_the_deadline(client, org):
    submit(client, org, 8)
    old = f.entry(org.staf, OLD_DAY)  # a month past its approval deadline: the verifikator's
    assert agree(org) == {"kabid": 1, "plh": 1, "verif": 1}
    # The acting assignment ends: the Plh no longer decides.
    PenugasanPlt.update(selesai=TODAY - datetime.timedelta(days=1)).execute()
    assert agree(org) == {"kabid": 1, "plh": 0, "verif": 1}
    # The superior leaves the post with nobody acting: the verifikator decides today's entry too.
    RiwayatJabatan.update(selesai=TODAY - datetime.timedelta(days=1)).where(
        RiwayatJabatan.pegawai == org.kabid.id
    ).execute()
    assert agree(org) == {"kabid": 0, "plh": 0, "verif": 2}
    # Once this month's deadline has passed, today's entry is still the verifikator's; the old month has left the
    # inbox's window of three months by then.
    later = approvals.approval_deadline(TODAY.year, TODAY.month) + datetime.timedelta(days=1)
    assert agree(org, later) == {"kabid": 0, "plh": 0, "verif": 1}
    assert act(client, org, "verif", old.id, "setujui")["status"] == "DISETUJUI"
    assert agree(org) == {"kabid": 0, "plh": 0, "verif": 1}
