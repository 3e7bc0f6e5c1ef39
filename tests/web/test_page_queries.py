"""The queries a page runs, pinned with count_queries: the waiting count once per request, counted from the query of
who decides with the status among its conditions, and the same entries as filtering the decided ones afterwards; the
inbox and the verification list a page at a time with how many match."""

import datetime
import re

import pytest
from playhouse.test_utils import count_queries

from ekinerja import clock
from ekinerja.models import Aktivitas, Pegawai
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.workflow import Status
from ekinerja.services import approvals, city_overview
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
        "skpd": unit,
    }


def _sql(counter):
    return [record.msg[0] for record in counter.get_queries()]


def _counts(counter):
    """The counts of entries: queries of entries that answer one count (peewee's .count() wraps its query as
    "_wrapped"; a count of one decider's entries selects COUNT(DISTINCT id) from them)."""
    return [sql for sql in _sql(counter) if sql.startswith("SELECT COUNT(") and 'FROM "aktivitas"' in sql]


def _aktivitas_queries(counter):
    return [sql for sql in _sql(counter) if 'FROM "aktivitas"' in sql]


@pytest.mark.parametrize("who", ["kabid", "verifikator", "superior_verifikator"])
def test_the_waiting_entries_are_those_decidable_ones_still_submitted(org, who):
    user = org["kabid" if who == "superior_verifikator" else who]
    if who == "superior_verifikator":  # decides in both ways: the ids of both queries matched, each entry once
        user.peran = "pegawai,verifikator"
        user.save()
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
    # One decider's count is their query itself (no outer query matching its ids), the status among its conditions.
    assert "IN (SELECT" not in sql
    assert '"status" =' in sql


def test_the_verifikator_s_count_judges_the_superior_s_post_only_for_owners_whose_post_may_be_unfilled(org):
    with count_queries() as counter:
        approvals.waiting_count(org["verifikator"], TODAY)
    [sql] = _counts(counter)
    # The owners as a list of ids: the kabid (a post without superior) and the orphan, not the kabid's two staff,
    # whose superior's post the kabid holds all along.
    owners = re.search(r'"pegawai_id" IN \(([^)]*)\)', sql)
    assert owners and owners.group(1).count("?") + owners.group(1).count("%s") == 2


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


def test_the_city_totals_job_runs_a_fixed_number_of_queries(app, org):
    assert city_overview.compute(TODAY.year, TODAY.month)  # on PostgreSQL the first also stores the month, open
    with count_queries() as few:
        assert city_overview.compute(TODAY.year, TODAY.month)
    for _ in range(5):
        f.pegawai(f.jabatan(f.skpd()))
    with count_queries() as more:
        assert city_overview.compute(TODAY.year, TODAY.month)
    assert more.count == few.count


def test_the_city_overview_reads_its_stored_totals_whatever_the_size_of_the_city(app, org):
    client = f.browser(app, org["admin"].username)
    url = f"/rekap/kota?periode={TODAY:%Y-%m}"
    assert client.get(url).status_code == 200  # the month's first visit: its job computes the totals
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        f.pegawai(f.jabatan(f.skpd()))
    assert city_overview.compute(TODAY.year, TODAY.month)
    with count_queries() as more:
        assert client.get(url).status_code == 200
    assert more.count == few.count
    assert not any(table in sql for sql in _sql(more) for table in ('"aktivitas"', '"presensi"', '"apel"'))


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


def _ids(page):
    return [int(i) for i in re.findall(r'name="ids" value="(\d+)"', page)]


def test_the_verification_list_shows_a_page_at_a_time_with_how_many_match(app, org, monkeypatch):
    monkeypatch.setattr(approvals, "VERIFICATION_PAGE_SIZE", 5)
    client = f.browser(app, org["verifikator"].username)
    url = f"/verifikasi?periode={TODAY:%Y-%m}&skpd={org['skpd'].id}"
    every = {e.id for e in Aktivitas.select().where(Aktivitas.tanggal.between(*month_bounds(TODAY.year, TODAY.month)))}
    assert len(every) == 12
    first = client.get(url).get_data(as_text=True)
    assert "Menampilkan 1-5 dari 12 kegiatan" in first and "halaman 1 dari 3" in first
    [following] = set(re.findall(r'href="(/verifikasi\?[^"]*halaman=2[^"]*)"', first))
    assert f"skpd={org['skpd'].id}" in following and f"periode={TODAY:%Y-%m}" in following  # the filters kept
    last = client.get(url + "&halaman=3").get_data(as_text=True)
    assert "Menampilkan 11-12 dari 12 kegiatan" in last and len(_ids(last)) == 2
    seen = [i for page in (1, 2, 3) for i in _ids(client.get(f"{url}&halaman={page}").get_data(as_text=True))]
    assert sorted(seen) == sorted(every)  # every entry once, on one page
    in_order = (
        Aktivitas.select(Aktivitas.id)
        .join(Pegawai)
        .where(Aktivitas.id.in_(list(every)))
        .order_by(Pegawai.nama, Pegawai.id, Aktivitas.tanggal, Aktivitas.jam_mulai, Aktivitas.id)
    )
    assert seen == [i for (i,) in in_order.tuples()]  # by person, day and hour across the pages' bounds
    waiting = client.get(url + "&status=DIAJUKAN").get_data(as_text=True)
    assert "Menampilkan 1-5 dari 6 kegiatan" in waiting and "status=DIAJUKAN" in waiting
    beyond = client.get(url + "&halaman=9").get_data(as_text=True)
    assert _ids(beyond) == [] and "Halaman ini kosong: 12 kegiatan dalam 3 halaman" in beyond


def test_the_verification_list_opens_on_a_month_and_an_skpd_that_hold_work(app, org):
    f.skpd(kode="0000")  # first by code, without anyone
    listing = approvals.verification_list(org["skpd"].id, *month_bounds(TODAY.year, TODAY.month))
    page = f.browser(app, org["verifikator"].username).get("/verifikasi").get_data(as_text=True)
    assert f'<option value="{org["skpd"].id}" selected' in page
    assert f"Menampilkan 1-{len(listing.entries)} dari {listing.total} kegiatan" in page
    assert approvals.latest_month(TODAY + datetime.timedelta(days=40)) == (TODAY.year, TODAY.month)


def test_a_page_reads_the_rule_sets_and_the_owners_whose_posts_may_be_unfilled_once(app, org):
    client = f.browser(app, org["verifikator"].username)
    for page in ("/", f"/verifikasi?periode={TODAY:%Y-%m}&skpd={org['skpd'].id}", "/persetujuan"):
        with count_queries() as counter:
            assert client.get(page).status_code == 200
        assert sum('FROM "aturan_tpp"' in sql for sql in _sql(counter)) == 1, page
        assert sum('"pemegang_sepanjang"' in sql for sql in _sql(counter)) == 1, page


def test_what_a_request_read_once_is_read_again_after_it_writes(app, org):
    from ekinerja.db import write_transaction
    from ekinerja.models import AturanTpp
    from ekinerja.services.calendar import rule_set_on

    with app.test_request_context("/"):
        app.preprocess_request()
        before = rule_set_on(TODAY).batas_persetujuan
        with count_queries() as counter:
            assert rule_set_on(TODAY).batas_persetujuan == before
        assert counter.count == 0  # read once in the request
        with write_transaction():
            AturanTpp.update(batas_persetujuan=before + 2).execute()
        assert rule_set_on(TODAY).batas_persetujuan == before + 2
    assert rule_set_on(TODAY).batas_persetujuan == before + 2  # outside a request: read every time
