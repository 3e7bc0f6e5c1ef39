"""The queries a page runs, pinned with count_queries: the waiting count once per request, filtered by status
inside the query that looks up who decides, and the same entries as filtering the decided ones afterwards."""

import datetime

import pytest
from playhouse.test_utils import count_queries

from ekinerja import clock
from ekinerja.rules.workflow import Status
from ekinerja.services import approvals
from tests import factories as f

TODAY = clock.today()


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    head = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    vacant = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    kabid = f.pegawai(head)
    staff = [f.pegawai(f.jabatan(unit, atasan=head)) for _ in range(2)]
    orphan = f.pegawai(f.jabatan(unit, atasan=vacant))  # their superior's post is vacant: the verifikator decides
    statuses = [Status.DIAJUKAN, Status.DISETUJUI, Status.REVISI, Status.DIAJUKAN]
    day = TODAY.replace(day=1) if TODAY.day > 1 else TODAY
    for hour, status in enumerate(statuses, start=8):
        for someone in (*staff, orphan):
            f.entry(someone, day, start=datetime.time(hour), status=status)
    return {
        "kabid": f.user(pegawai=kabid),
        "verifikator": f.user("verif", roles=("verifikator",)),
        "admin": f.user("adm", roles=("admin",)),
    }


def _sql(counter):
    return [record.msg[0] for record in counter.get_queries()]


def _counts(counter):
    """The counts of entries (peewee's .count() wraps its query as "_wrapped")."""
    return [sql for sql in _sql(counter) if '"_wrapped"' in sql and 'FROM "aktivitas"' in sql]


def _aktivitas_queries(counter):
    return [sql for sql in _sql(counter) if 'FROM "aktivitas"' in sql]


@pytest.mark.parametrize("who", ["kabid", "verifikator"])
def test_the_waiting_entries_are_those_decidable_ones_still_submitted(org, who):
    user = org[who]
    window = approvals.inbox_window(TODAY)
    every = approvals.decidable(user, *window, TODAY)
    expected = sorted(e.id for e in every if e.status == Status.DIAJUKAN)
    assert expected, "the fixture has entries waiting for each decider"
    assert sorted(e.id for e in approvals.waiting(user, *window, TODAY)) == expected
    assert sorted(e.id for e in approvals.inbox(user, TODAY)[0]) == expected
    assert approvals.waiting_count(user, TODAY) == len(expected)


def test_the_waiting_count_filters_the_status_inside_the_query_of_who_decides(org):
    with count_queries() as counter:
        approvals.waiting_count(org["verifikator"], TODAY)
    [sql] = _counts(counter)
    inner = sql[sql.index("IN (") :]
    assert '"status" IN' in inner or '"status" =' in inner


@pytest.mark.parametrize("who, pages", [("kabid", ["/", "/kegiatan/bulan"]), ("verifikator", ["/", "/verifikasi"])])
def test_a_page_counts_the_waiting_entries_once(app, org, who, pages):
    client = f.browser(app, org[who].username)
    for page in pages:
        with count_queries() as counter:
            response = client.get(page)
        assert response.status_code == 200, page
        assert len(_counts(counter)) == 1, page


def test_the_inbox_counts_nothing_more_than_it_lists(app, org):
    client = f.browser(app, org["kabid"].username)
    with count_queries() as counter:
        response = client.get("/persetujuan")
    assert response.status_code == 200
    assert _counts(counter) == []
    # The entries waiting, the user's latest decisions, and the bell's one query of the user's own entries (returned
    # to them, or still waiting near the approval deadline).
    assert len(_aktivitas_queries(counter)) == 3


def test_the_city_overview_runs_a_fixed_number_of_queries(app, org):
    client = f.browser(app, org["admin"].username)
    periode = f"{TODAY:%Y-%m}"
    with count_queries() as few:
        assert client.get(f"/rekap/kota?periode={periode}").status_code == 200
    for _ in range(5):
        f.pegawai(f.jabatan(f.skpd()))
    with count_queries() as more:
        assert client.get(f"/rekap/kota?periode={periode}").status_code == 200
    assert more.count == few.count


def test_the_inbox_shows_a_page_at_a_time_with_how_many_wait(app, org, monkeypatch):
    monkeypatch.setattr(approvals, "INBOX_PAGE_SIZE", 2)
    client = f.browser(app, org["verifikator"].username)
    expected = approvals.waiting(org["verifikator"], *approvals.inbox_window(TODAY), TODAY)
    assert len(expected) == 2  # the orphan's entries still submitted
    for _ in range(3):
        f.entry(expected[0].pegawai, expected[0].tanggal, start=datetime.time(13 + _), status=Status.DIAJUKAN)
    with count_queries() as counter:
        first = client.get("/persetujuan").get_data(as_text=True)
    assert _counts(counter) == [] and first.count('aria-label="pilih kegiatan ') == 2
    assert "5 kegiatan menunggu · halaman 1 dari 3" in first and "halaman=2" in first
    last = client.get("/persetujuan?halaman=3").get_data(as_text=True)
    assert last.count('aria-label="pilih kegiatan ') == 1 and "halaman 3 dari 3" in last
    beyond = client.get("/persetujuan?halaman=9").get_data(as_text=True)
    assert 'aria-label="pilih kegiatan ' not in beyond and "5 kegiatan menunggu" in beyond
    seen = set()
    for page in (1, 2, 3):
        seen |= {e.id for e in approvals.inbox(org["verifikator"], TODAY, page=page).entries}
    assert len(seen) == 5
