"""Every row of the status table through the API, the approval deadline, and the audit trail of an entry."""

import datetime
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, AuditLog, Cuti, PenugasanPlt, User
from ekinerja.services import approvals
from tests import factories as f

TODAY = clock.today()
OLD_FIRST = (TODAY.replace(day=1) - datetime.timedelta(days=45)).replace(day=1)
OLD_DAY = OLD_FIRST.replace(day=10)


def token_for(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    assert response.status_code == 200
    return {"Authorization": "Bearer " + response.json["token"]}


@pytest.fixture
def org(app, client):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    kabid_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    kabid2_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    o = SimpleNamespace(kabid=f.pegawai(kabid_j), plh=f.pegawai(kabid2_j), staf=f.pegawai(staf_j))
    for name in ("kabid", "plh", "staf"):
        setattr(o, name + "_user", f.user(pegawai=getattr(o, name)))
    f.user("verif", roles=("verifikator",))
    # A Plh of the superior position next to its holder: a second approver who did not decide.
    PenugasanPlt.create(
        pegawai=o.plh, jabatan=kabid_j, jenis="plh", mulai=TODAY - datetime.timedelta(days=90), selesai=TODAY
    )
    o.duty = f.tugas(staf_j, kode="ANJ-01", norma_waktu=30)
    o.h = {"staf": token_for(client, o.staf.nip), "kabid": token_for(client, o.kabid.nip)}
    o.h["plh"], o.h["verif"] = token_for(client, o.plh.nip), token_for(client, "verif")
    return o


def act(client, org, who, item_id, aksi, catatan=None):
    response = client.post(
        "/api/v1/persetujuan", headers=org.h[who], json={"ids": [item_id], "aksi": aksi, "catatan": catatan}
    )
    assert response.status_code == 200, response.json
    [result] = response.json["hasil"]
    assert result["id"] == item_id
    return result


def status(item_id):
    return Aktivitas.get_by_id(item_id).status


def trail(item_id):
    rows = (
        AuditLog.select().where(AuditLog.objek == "aktivitas", AuditLog.objek_id == str(item_id)).order_by(AuditLog.id)
    )
    return [(r.pengguna, r.aksi, r.dari, r.ke, r.alasan) for r in rows]


def test_every_row_of_the_status_table_through_the_api(client, org):
    body = {
        "tanggal": TODAY.isoformat(),
        "tugas_kode": "ANJ-01",
        "volume": 2,
        "jam_mulai": "08:00",
        "jam_selesai": "09:00",
    }
    created = client.post("/api/v1/aktivitas", headers=org.h["staf"], json=body)
    assert created.status_code == 201 and created.json["status"] == "DIAJUKAN"
    item = created.json["id"]

    refused = act(client, org, "kabid", item, "revisi")
    assert refused["berhasil"] is False and "Catatan wajib" in refused["pesan"] and refused["status"] == "DIAJUKAN"
    returned = act(client, org, "kabid", item, "revisi", "  Lengkapi nomor surat  ")
    assert (returned["berhasil"], returned["status"]) == (True, "REVISI")
    mine = client.get(f"/api/v1/aktivitas?periode={TODAY:%Y-%m}", headers=org.h["staf"]).json
    assert (mine[0]["status"], mine[0]["catatan_atasan"]) == ("REVISI", "Lengkapi nomor surat")

    edited = client.patch(f"/api/v1/aktivitas/{item}", headers=org.h["staf"], json={"keterangan": "No. 12/2026"})
    assert edited.status_code == 200 and edited.json["status"] == "DIAJUKAN"

    assert "Catatan wajib" in act(client, org, "kabid", item, "tolak", "   ")["pesan"]
    assert act(client, org, "kabid", item, "tolak", "Bukan tugas jabatan")["status"] == "DITOLAK"
    # Only the one who decided undoes it: not the other approver, not the verifikator.
    for other in ("plh", "verif"):
        result = act(client, org, other, item, "batalkan")
        assert result["berhasil"] is False and "Hanya pejabat yang memutuskan" in result["pesan"], other
    undone = act(client, org, "kabid", item, "batalkan")
    assert undone["status"] == "DIAJUKAN"
    assert Aktivitas.get_by_id(item).catatan_atasan is None

    assert act(client, org, "plh", item, "setujui")["status"] == "DISETUJUI"
    assert act(client, org, "plh", item, "batalkan")["status"] == "DIAJUKAN"
    assert act(client, org, "kabid", item, "setujui")["status"] == "DISETUJUI"
    assert act(client, org, "kabid", item, "setujui")["berhasil"] is False

    # Out of the owner's hands once decided.
    assert client.patch(f"/api/v1/aktivitas/{item}", headers=org.h["staf"], json={"volume": 1}).status_code == 422
    assert client.delete(f"/api/v1/aktivitas/{item}", headers=org.h["staf"]).status_code == 422

    assert "Hanya verifikator" in act(client, org, "kabid", item, "anulir", "fiktif")["pesan"]
    assert act(client, org, "staf", item, "anulir", "fiktif")["pesan"] == approvals.NOT_FOUND
    assert "Catatan wajib" in act(client, org, "verif", item, "anulir")["pesan"]
    assert act(client, org, "verif", item, "anulir", "Kegiatan fiktif")["status"] == "DIANULIR"
    assert act(client, org, "kabid", item, "batalkan")["berhasil"] is False
    assert act(client, org, "verif", item, "batalkan")["berhasil"] is False
    assert status(item) == "DIANULIR"

    kabid, plh, staf = org.kabid.nip, org.plh.nip, org.staf.nip
    assert trail(item) == [
        (staf, "ajukan", None, "DIAJUKAN", None),
        (kabid, "revisi", "DIAJUKAN", "REVISI", "Lengkapi nomor surat"),
        (staf, "ubah", "REVISI", "DIAJUKAN", None),
        (kabid, "tolak", "DIAJUKAN", "DITOLAK", "Bukan tugas jabatan"),
        (kabid, "batalkan", "DITOLAK", "DIAJUKAN", None),
        (plh, "setujui", "DIAJUKAN", "DISETUJUI", None),
        (plh, "batalkan", "DISETUJUI", "DIAJUKAN", None),
        (kabid, "setujui", "DIAJUKAN", "DISETUJUI", None),
        ("verif", "anulir", "DISETUJUI", "DIANULIR", "Kegiatan fiktif"),
    ]
    assert all(a.waktu is not None for a in AuditLog.select().where(AuditLog.objek == "aktivitas"))


def test_batalkan_of_a_return_for_revision_and_delete_while_waiting_or_returned(client, org):
    body = {
        "tanggal": TODAY.isoformat(),
        "tambahan": "Rapat",
        "volume": 1,
        "jam_mulai": "08:00",
        "jam_selesai": "09:00",
    }
    first = client.post("/api/v1/aktivitas", headers=org.h["staf"], json=body).json["id"]
    second = client.post(
        "/api/v1/aktivitas", headers=org.h["staf"], json=dict(body, jam_mulai="09:00", jam_selesai="10:00")
    ).json["id"]
    assert act(client, org, "kabid", first, "revisi", "Perjelas")["status"] == "REVISI"
    assert act(client, org, "kabid", first, "batalkan")["status"] == "DIAJUKAN"
    assert act(client, org, "kabid", first, "revisi", "Perjelas lagi")["status"] == "REVISI"
    assert client.delete(f"/api/v1/aktivitas/{first}", headers=org.h["staf"]).status_code == 204
    assert client.delete(f"/api/v1/aktivitas/{second}", headers=org.h["staf"]).status_code == 204
    assert not Aktivitas.select().exists()
    assert trail(first)[-1] == (org.staf.nip, "hapus", "REVISI", "DIHAPUS", None)
    assert trail(second)[-1] == (org.staf.nip, "hapus", "DIAJUKAN", "DIHAPUS", None)
    assert act(client, org, "kabid", first, "setujui")["pesan"] == approvals.NOT_FOUND


def _old_entry(org):
    return f.entry(org.staf, OLD_DAY)


def test_after_the_approval_deadline_only_the_verifikator_decides(client, org):
    old = _old_entry(org)
    for aksi, note in (("setujui", None), ("revisi", "x"), ("tolak", "x")):
        result = act(client, org, "kabid", old.id, aksi, note)
        assert result["berhasil"] is False and "Batas waktu persetujuan sudah lewat" in result["pesan"], aksi
    assert status(old.id) == "DIAJUKAN"
    rows = client.get(f"/api/v1/persetujuan?periode={OLD_FIRST:%Y-%m}", headers=org.h["verif"]).json
    assert [r["id"] for r in rows] == [old.id]
    assert act(client, org, "verif", old.id, "revisi", "Lampirkan bukti")["status"] == "REVISI"
    assert act(client, org, "verif", old.id, "batalkan")["status"] == "DIAJUKAN"
    assert act(client, org, "verif", old.id, "setujui")["status"] == "DISETUJUI"
    assert trail(old.id)[-1] == ("verif", "setujui", "DIAJUKAN", "DISETUJUI", None)


def test_the_deadline_is_day_five_of_the_next_month_inclusive_or_the_rule_sets_day(org):
    item = f.entry(org.staf, datetime.date(2026, 3, 31))
    late = approvals.decide(org.kabid_user, [item.id], "setujui", today=datetime.date(2026, 4, 6))[item.id]
    assert not late.ok and "Batas waktu" in late.pesan
    assert approvals.decide(org.kabid_user, [item.id], "setujui", today=datetime.date(2026, 4, 5))[item.id].ok

    f.rule_set(berlaku_mulai=datetime.date(2026, 3, 1), batas_persetujuan=10)
    other = f.entry(org.staf, datetime.date(2026, 3, 30))
    assert approvals.decide(org.kabid_user, [other.id], "setujui", today=datetime.date(2026, 4, 10))[other.id].ok


def test_a_month_s_deadline_is_that_of_the_rule_set_in_force_on_its_first_day(client, org):
    """A rule set from 15 March with 10 days does not reach back into March: its deadline stays 5 April."""
    f.rule_set(berlaku_mulai=datetime.date(2026, 3, 15), batas_persetujuan=10)
    item = f.entry(org.staf, datetime.date(2026, 3, 20))
    late = approvals.decide(org.kabid_user, [item.id], "setujui", today=datetime.date(2026, 4, 7))[item.id]
    assert not late.ok and "Batas waktu" in late.pesan
    verif = User.get(User.username == "verif")
    assert approvals.decide(verif, [item.id], "setujui", today=datetime.date(2026, 4, 7))[item.id].ok


def test_a_decision_note_longer_than_500_characters_is_refused_and_nothing_changes(client, org):
    item = f.entry(org.staf, TODAY)
    result = act(client, org, "kabid", item.id, "tolak", "x" * 501)
    assert result["berhasil"] is False and "Paling banyak 500 karakter" in result["pesan"]
    assert status(item.id) == "DIAJUKAN" and trail(item.id) == []
    assert act(client, org, "kabid", item.id, "tolak", " " + "x" * 500 + "\x00 ")["status"] == "DITOLAK"
    assert Aktivitas.get_by_id(item.id).catatan_atasan == "x" * 500


def test_a_rejection_whose_hours_are_taken_again_cannot_be_undone(client, org):
    """Undone, the rejected entry would count the same hours as the one logged in its place."""
    rejected = f.entry(org.staf, TODAY, 120)
    f.entry(org.staf, TODAY, 120, status="DISETUJUI", uraian="Rapat, dicatat lagi")
    assert act(client, org, "kabid", rejected.id, "tolak", "Tidak sesuai")["status"] == "DITOLAK"
    result = act(client, org, "kabid", rejected.id, "batalkan")
    assert result["berhasil"] is False and "08:00-10:00" in result["pesan"]
    assert status(rejected.id) == "DITOLAK"


def test_a_rejection_on_a_day_since_recorded_as_leave_cannot_be_undone(client, org):
    """A rejected entry leaves its day free for leave; undone, it would be an entry on a leave day."""
    entry = f.entry(org.staf, TODAY, 120)
    assert act(client, org, "kabid", entry.id, "tolak", "Hari itu cuti")["status"] == "DITOLAK"
    Cuti.create(pegawai=org.staf, jenis="cuti_sakit", mulai=TODAY, selesai=TODAY, nomor_surat="SKT-1")
    result = act(client, org, "kabid", entry.id, "batalkan")
    assert result["berhasil"] is False and "tercatat cuti, dinas luar atau diklat" in result["pesan"]
    assert status(entry.id) == "DITOLAK"


def test_entries_past_the_deadline_no_longer_wait_for_the_atasan(client, org):
    _old_entry(org)
    rows = client.get(f"/api/v1/persetujuan?periode={OLD_FIRST:%Y-%m}", headers=org.h["kabid"]).json
    assert rows == []
    assert approvals.waiting_count(org.kabid_user) == 0


def test_a_batch_is_decided_in_one_transaction_and_each_entry_is_judged_after_the_ones_before_it(client, org):
    from playhouse.test_utils import count_queries

    # Two rejections of the same hours (the second logged once the first had given them up): undoing both in one
    # batch, the second sees the hours the first took back.
    first = f.entry(org.staf, TODAY, 120)
    assert act(client, org, "kabid", first.id, "tolak", "Tidak sesuai")["status"] == "DITOLAK"
    second = f.entry(org.staf, TODAY, 120, uraian="Rapat, dicatat lagi")
    assert act(client, org, "kabid", second.id, "tolak", "Tidak sesuai")["status"] == "DITOLAK"
    waiting = [f.entry(org.staf, TODAY - datetime.timedelta(days=d), 60, start=datetime.time(13)) for d in (1, 2)]
    kabid = User.get(User.pegawai == org.kabid.id)

    undone = approvals.decide(kabid, [first.id, second.id], "batalkan", today=TODAY)
    assert undone[first.id].ok and undone[first.id].status == "DIAJUKAN"
    assert not undone[second.id].ok and "08:00-10:00" in undone[second.id].pesan
    assert status(second.id) == "DITOLAK"

    with count_queries() as counter:
        outcomes = approvals.decide(kabid, [w.id for w in waiting] + [first.id], "setujui", "Baik", today=TODAY)
    assert [o.status for o in outcomes.values()] == ["DISETUJUI"] * 3
    statements = [record.msg[0] for record in counter.get_queries()]
    # One audit statement and one recomputation of the day totals for the three, an audit row each.
    assert sum(s.startswith('INSERT INTO "audit_log"') for s in statements) == 1
    assert sum(s.startswith('DELETE FROM "menit_harian"') for s in statements) == 1
    for entry in (*waiting, first):
        assert trail(entry.id)[-1] == (kabid.username, "setujui", "DIAJUKAN", "DISETUJUI", "Baik")
