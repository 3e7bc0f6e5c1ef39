"""The superior's inbox and the verification screen: decisions by id, who may take them, the badge, query counts."""

import datetime
import re
from types import SimpleNamespace

import pytest
from playhouse.test_utils import count_queries

from ekinerja import clock, i18n
from ekinerja.models import Aktivitas, AuditLog, User
from ekinerja.services import approvals
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser

TODAY = clock.today()


def entry(pegawai, status="DIAJUKAN", *, day=TODAY, hour=8, **kw):
    return Aktivitas.create(
        pegawai=pegawai,
        tanggal=day,
        uraian=kw.pop("uraian", "Rapat koordinasi"),
        volume=1,
        jam_mulai=datetime.time(hour),
        jam_selesai=datetime.time(hour + 1),
        menit_diakui=60,
        status=status,
        **kw,
    )


def decide(client, ids, aksi, catatan=None, url="/persetujuan"):
    data = {"csrf_token": csrf_token(client, url), "ids": [str(i) for i in ids], "aksi": aksi}
    if catatan is not None:
        data["catatan"] = catatan
    response = client.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def status(item):
    return Aktivitas.get_by_id(item.id).status


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    kadis_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=14)
    kabid_j = f.jabatan(unit, atasan=kadis_j, kelas_jabatan=11)
    kabid2_j = f.jabatan(unit, atasan=kadis_j, kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    o = SimpleNamespace(unit=unit, staf_j=staf_j, kabid_j=kabid_j)
    for name, jab in (
        ("kadis", kadis_j),
        ("kabid", kabid_j),
        ("kabid2", kabid2_j),
        ("staf", staf_j),
        ("rekan", staf_j),
    ):
        person = f.pegawai(jab)
        setattr(o, name, person)
        setattr(o, name + "_user", f.user(pegawai=person))
    o.verif = f.user("verif", roles=("verifikator",))
    return o


def test_the_superior_decides_on_screen_one_by_one_or_a_selection_and_undoes(app, org):
    staff = browser(app, org.staf.nip)
    token = csrf_token(staff, "/kegiatan/")
    for start, end in (("08:00", "09:00"), ("09:00", "10:00"), ("10:00", "11:00")):
        staff.post(
            "/kegiatan/",
            data={"csrf_token": token, "tanggal": TODAY.isoformat(), "tambahan": "y", "uraian": f"Rapat {start}",
                  "volume": "1", "jam_mulai": start, "jam_selesai": end},
        )  # fmt: skip
    first, second, third = Aktivitas.select().order_by(Aktivitas.jam_mulai)
    assert [status(e) for e in (first, second, third)] == ["DIAJUKAN"] * 3

    boss = browser(app, org.kabid.nip)
    inbox = boss.get("/persetujuan").get_data(as_text=True)
    assert org.staf.nip in inbox and "jumlah 180 menit" in inbox
    assert re.search(r'data-testid="badge-persetujuan">3<', inbox)

    page = decide(boss, [first.id], "revisi", "")
    assert "Catatan wajib diisi" in page and status(first) == "DIAJUKAN"
    decide(boss, [first.id], "revisi", "Sebutkan agenda")
    assert (status(first), Aktivitas.get_by_id(first.id).catatan_atasan) == ("REVISI", "Sebutkan agenda")
    page = decide(boss, [second.id, third.id], "setujui")
    assert "2 disetujui." in page
    assert (status(second), status(third)) == ("DISETUJUI", "DISETUJUI")
    assert "Keputusan Anda" in page and f'name="ids" value="{second.id}"' in page
    decide(boss, [third.id], "batalkan")
    assert status(third) == "DIAJUKAN"
    decide(boss, [third.id], "tolak", "Duplikat")
    assert status(third) == "DITOLAK"

    url = f"/kegiatan/{first.id}/ubah"
    edit = {"csrf_token": csrf_token(staff, url), "tanggal": TODAY.isoformat(), "tambahan": "y",
            "uraian": "Rapat agenda anggaran", "volume": "1", "jam_mulai": "08:00", "jam_selesai": "09:00"}  # fmt: skip
    assert staff.post(url, data=edit).status_code == 302
    assert status(first) == "DIAJUKAN"
    assert [
        (a.aksi, a.dari, a.ke)
        for a in AuditLog.select().where(AuditLog.objek_id == str(first.id)).order_by(AuditLog.id)
    ] == [
        ("ajukan", None, "DIAJUKAN"),
        ("revisi", "DIAJUKAN", "REVISI"),
        ("ubah", "REVISI", "DIAJUKAN"),
    ]


def test_a_pegawai_deciding_someone_elses_entries_by_id_gets_not_found_for_each(app, org):
    waiting, approved = entry(org.staf, hour=8), entry(org.staf, "DISETUJUI", hour=10, diputuskan_oleh=org.kabid_user)
    peer = browser(app, org.rekan.nip)
    for aksi in ("setujui", "tolak", "batalkan", "anulir"):
        page = decide(peer, [waiting.id, approved.id], aksi, "catatan")
        for item in (waiting, approved):
            assert f"Kegiatan #{item.id}: {approvals.NOT_FOUND}" in page, aksi
    assert (status(waiting), status(approved)) == ("DIAJUKAN", "DISETUJUI")
    assert not AuditLog.select().where(AuditLog.objek == "aktivitas").exists()
    assert "Tidak ada kegiatan yang menunggu" in peer.get("/persetujuan").get_data(as_text=True)


def test_an_atasan_cannot_decide_outside_subordinates_or_own_entries_on_screen(app, org):
    staff_entry, own = entry(org.staf), entry(org.kabid)
    for username in (org.kabid2.nip, org.kadis.nip):
        page = decide(browser(app, username), [staff_entry.id], "setujui")
        assert f"Kegiatan #{staff_entry.id}: {approvals.NOT_FOUND}" in page
    boss = browser(app, org.kabid.nip)
    page = decide(boss, [own.id], "setujui")
    assert f"Kegiatan #{own.id}: {approvals.NOT_FOUND}" in page
    assert f'name="ids" value="{own.id}"' not in boss.get("/persetujuan").get_data(as_text=True)
    assert status(staff_entry) == status(own) == "DIAJUKAN"
    # A peer superior cannot read the entry either.
    assert browser(app, org.kabid2.nip).get(f"/kegiatan/{staff_entry.id}").status_code == 404


def test_verification_screen_lists_decisions_and_annuls_with_a_note(app, org):
    approved = entry(org.staf, "DISETUJUI", diputuskan_oleh=org.kabid_user, diputuskan_pada=datetime.datetime.now())
    entry(org.rekan, hour=10)
    assert browser(app, org.staf.nip).get("/verifikasi").status_code == 403
    assert browser(app, org.kabid.nip).get("/verifikasi").status_code == 403
    verifier = browser(app, "verif")
    url = f"/verifikasi?periode={TODAY:%Y-%m}&skpd={org.unit.id}"
    page = verifier.get(url).get_data(as_text=True)
    assert org.staf.nip in page and org.rekan.nip in page and org.kabid.nip in page
    filtered = verifier.get(url + "&status=DIAJUKAN").get_data(as_text=True)
    assert org.rekan.nip in filtered and f'name="ids" value="{approved.id}"' not in filtered
    assert "Catatan wajib diisi" in decide(verifier, [approved.id], "anulir", "", url=url)
    assert status(approved) == "DISETUJUI"
    decide(verifier, [approved.id], "anulir", "Kegiatan fiktif", url=url)
    assert status(approved) == "DIANULIR"
    assert Aktivitas.get_by_id(approved.id).catatan_atasan == "Kegiatan fiktif"
    # The owner sees who annulled and why.
    detail = browser(app, org.staf.nip).get(f"/kegiatan/{approved.id}").get_data(as_text=True)
    assert "Dianulir" in detail and "Kegiatan fiktif" in detail and "verif" in detail


def test_the_waiting_count_shows_on_every_page_for_the_superior(app, org):
    entry(org.staf, hour=8)
    entry(org.rekan, hour=9)
    entry(org.staf, "DISETUJUI", hour=11)
    boss = browser(app, org.kabid.nip)
    for url in ("/", "/kegiatan/", "/profil", "/persetujuan"):
        assert re.search(r'data-testid="badge-persetujuan">2<', boss.get(url).get_data(as_text=True)), url
    assert "badge-persetujuan" not in browser(app, org.staf.nip).get("/").get_data(as_text=True)


def test_inbox_groups_by_person_even_when_two_people_share_a_name(app, org):
    twin = f.pegawai(org.staf_j, nama=org.staf.nama)
    for hour, person in ((8, org.staf), (9, twin), (10, org.staf), (11, twin)):
        entry(person, hour=hour)
    page = browser(app, org.kabid.nip).get("/persetujuan").get_data(as_text=True)
    assert page.count("card-header") == 2
    assert page.count("jumlah 120 menit") == 2


def test_inbox_query_count_does_not_grow_with_waiting_entries(app, org):
    staff_j = org.staf_j
    people = [org.staf, org.rekan] + [f.pegawai(staff_j) for _ in range(3)]
    duty = f.tugas(staff_j, norma_waktu=30)

    def fill(persons, per_person, decided=0):
        for person in persons:
            for n in range(per_person):
                day = TODAY - datetime.timedelta(days=n % 10)
                Aktivitas.create(
                    pegawai=person, tanggal=day, tugas=duty if n % 2 else None, uraian=None if n % 2 else "Tambahan",
                    volume=1, jam_mulai=datetime.time(6 + n // 10), jam_selesai=datetime.time(7 + n // 10),
                    menit_diakui=30, status="DIAJUKAN",
                )  # fmt: skip
            for n in range(decided):
                Aktivitas.create(
                    pegawai=person, tanggal=TODAY, uraian="Sudah", volume=1, jam_mulai=datetime.time(20 + n),
                    jam_selesai=datetime.time(21 + n), menit_diakui=60, status="DISETUJUI",
                    diputuskan_oleh=org.kabid_user, diputuskan_pada=datetime.datetime.now(),
                )  # fmt: skip

    boss = browser(app, org.kabid.nip)
    fill(people[:1], 5, decided=1)
    boss.get("/persetujuan")
    with count_queries() as few:
        page = boss.get("/persetujuan")
    assert page.get_data(as_text=True).count('name="ids" value=') == 5 + 1
    fill(people[1:], 10, decided=1)
    fill(people[:1], 5)
    with count_queries() as many:
        page = boss.get("/persetujuan")
    assert page.get_data(as_text=True).count('name="ids" value=') == 50 + 5
    assert many.count == few.count > 0


def test_a_batch_that_fails_part_way_says_which_entries_were_decided_on_screen_and_in_the_api(app, org, monkeypatch):
    from peewee import OperationalError

    first, second, third = (entry(org.staf, hour=h) for h in (8, 10, 13))
    real = approvals._decide_one

    def busy_on_second(user, entry_id, *args):
        if int(entry_id) == second.id:
            raise OperationalError("database is locked")
        return real(user, entry_id, *args)

    monkeypatch.setattr(approvals, "_decide_one", busy_on_second)
    boss = browser(app, org.kabid.nip)
    page = decide(boss, [first.id, second.id, third.id], "setujui")
    # What happened, each refused entry by its person and day, and only those still ticked.
    assert "1 disetujui, 2 gagal." in page
    name = org.staf.nama_lengkap
    assert f"{name}, {i18n.tanggal(second.tanggal)} 10:00: {approvals.NOT_SAVED}" in page
    assert f"{name}, {i18n.tanggal(third.tanggal)} 13:00: {approvals.NOT_TRIED}" in page
    assert f"Kegiatan #{second.id}" not in page
    assert re.findall(r'name="ids" value="(\d+)"[^>]*checked', page) == [str(second.id), str(third.id)]
    assert [status(e) for e in (first, second, third)] == ["DISETUJUI", "DIAJUKAN", "DIAJUKAN"]

    token = boss.post("/api/v1/token", json={"username": org.kabid.nip, "password": f.PASSWORD}).json["token"]
    answer = boss.post(
        "/api/v1/persetujuan",
        headers={"Authorization": f"Bearer {token}"},
        json={"ids": [third.id, second.id, first.id], "aksi": "setujui"},
    )
    assert answer.status_code == 200
    assert [(r["id"], r["berhasil"], r["status"]) for r in answer.json["hasil"]] == [
        (third.id, True, "DISETUJUI"),
        (second.id, False, None),
        (first.id, False, None),
    ]
    assert [r["pesan"] for r in answer.json["hasil"][1:]] == [approvals.NOT_SAVED, approvals.NOT_TRIED]
    assert [status(e) for e in (first, second, third)] == ["DISETUJUI", "DIAJUKAN", "DISETUJUI"]


def test_a_batch_the_database_fails_before_its_first_entry_is_not_tried_again_one_at_a_time(app, org, monkeypatch):
    from peewee import OperationalError

    items = [entry(org.staf, hour=h) for h in (8, 10, 13)]
    attempts = []

    def busy(*args, **kwargs):  # the owners' rows, or the database itself, are not to be had
        attempts.append(args)
        raise OperationalError("database is locked")

    monkeypatch.setattr(approvals, "hold_rows", busy)
    outcomes = approvals.decide(User.get(User.pegawai == org.kabid.id), [i.id for i in items], "setujui")
    assert [o.pesan for o in outcomes.values()] == [approvals.NOT_SAVED, approvals.NOT_TRIED, approvals.NOT_TRIED]
    assert len(attempts) == 1  # one wait, not one for the batch and another for its first entry
    assert [status(e) for e in items] == ["DIAJUKAN"] * 3


def test_more_than_500_ids_at_once_are_refused_on_screen_and_in_the_api_and_nothing_is_decided(app, org):
    waiting = entry(org.staf)
    ids = [waiting.id] + list(range(10_000, 10_000 + approvals.MAX_DECISIONS))
    message = f"Paling banyak {approvals.MAX_DECISIONS} kegiatan dalam satu keputusan; pilih lebih sedikit."
    page = decide(browser(app, org.kabid.nip), ids, "setujui")
    assert message in page
    token = app.test_client().post("/api/v1/token", json={"username": org.kabid.nip, "password": f.PASSWORD})
    api = app.test_client().post(
        "/api/v1/persetujuan",
        json={"ids": ids, "aksi": "setujui"},
        headers={"Authorization": "Bearer " + token.json["token"]},
    )
    assert api.status_code == 422 and api.json == {"errors": {"ids": message}}
    assert status(waiting) == "DIAJUKAN"
    assert not AuditLog.select().where(AuditLog.objek == "aktivitas").exists()
