"""The bell: what needs the person, derived from the data, counted on every page and listed at /notifikasi."""

import datetime
import re

import pytest

from ekinerja import clock
from ekinerja.models import Periode
from tests import factories as f
from tests.integration import documents_city as c
from tests.web.test_home import city  # noqa: F401 (the fixture: the worked example with entries waiting)

DEC_3 = datetime.date(2026, 12, 3)  # November's approval deadline (5 December) two days ahead


def notices_of(app, user, day, monkeypatch):
    """(the bell's count on the home page or None, the notices listed at /notifikasi as (text, link))."""
    monkeypatch.setattr(clock, "today", lambda: day)
    browser = f.browser(app, user.username)
    home = browser.get("/").get_data(as_text=True)
    count = re.search(r'data-testid="bell-count">(\d+)<', home)
    assert 'href="/notifikasi"' in home
    page = browser.get("/notifikasi")
    assert page.status_code == 200
    items = re.findall(r'<li class="list-group-item[^"]*"><a href="([^"]+)">([^<]+)</a>', page.get_data(as_text=True))
    return (int(count.group(1)) if count else None), [(text, link.replace("&amp;", "&")) for link, text in items]


def test_staff_is_told_of_returned_entries_and_of_their_own_entries_near_the_deadline(app, city, monkeypatch):  # noqa: F811
    count, items = notices_of(app, city.users.staff, DEC_3, monkeypatch)
    assert items == [
        ("1 kegiatan dikembalikan atasan untuk diperbaiki.", "/#dikembalikan"),
        (
            "2 kegiatan Anda bulan November 2026 belum diputuskan; batas persetujuan 5 Desember 2026 (2 hari lagi).",
            "/kegiatan/bulan?periode=2026-11",
        ),
    ]
    assert count == 2


def test_the_bell_and_the_home_page_count_the_same_returned_entries(app, city, monkeypatch):  # noqa: F811
    # Returned: the fixture's one and another in November (open), and one in October, locked: not theirs to fix.
    f.entry(city.staff, datetime.date(2026, 11, 27), start=datetime.time(15), status="REVISI")
    f.entry(city.staff, datetime.date(2026, 10, 15), start=datetime.time(9), status="REVISI")
    Periode.create(tahun=2026, bulan=10, status="DIKUNCI", versi=1)
    _, items = notices_of(app, city.users.staff, DEC_3, monkeypatch)
    home = f.browser(app, city.users.staff.username).get("/").get_data(as_text=True)
    assert items[0] == ("2 kegiatan dikembalikan atasan untuk diperbaiki.", "/#dikembalikan")
    assert 'data-testid="dikembalikan">2<' in home


def test_superior_is_told_what_waits_and_that_the_deadline_is_close(app, city, monkeypatch):  # noqa: F811
    count, items = notices_of(app, city.users.boss, DEC_3, monkeypatch)
    assert items == [
        (
            "Batas persetujuan atasan untuk November 2026: 5 Desember 2026 (2 hari lagi); "
            "sesudahnya kegiatan bulan itu yang masih menunggu diputuskan verifikator.",
            "/persetujuan",
        ),
        (
            "1 kegiatan Anda bulan November 2026 belum diputuskan; batas persetujuan 5 Desember 2026 (2 hari lagi).",
            "/kegiatan/bulan?periode=2026-11",
        ),
        ("2 kegiatan menunggu keputusan Anda.", "/persetujuan"),
    ]
    assert count == 3


def test_the_deadline_is_news_only_in_its_last_two_days(app, city, monkeypatch):  # noqa: F811
    count, items = notices_of(app, city.users.boss, datetime.date(2026, 12, 2), monkeypatch)
    assert items == [("2 kegiatan menunggu keputusan Anda.", "/persetujuan")] and count == 1
    _, items = notices_of(app, city.users.boss, datetime.date(2026, 12, 5), monkeypatch)
    assert items[0][0].startswith("Batas persetujuan atasan untuk November 2026: 5 Desember 2026 (hari ini)")


def test_verifikator_is_told_their_waiting_count(app, city, monkeypatch):  # noqa: F811
    count, items = notices_of(app, city.users.verifikator, c.NOVEMBER[-1], monkeypatch)
    assert items == [("2 kegiatan menunggu keputusan Anda.", "/persetujuan")] and count == 1


def test_a_month_locked_this_week_is_news_for_a_week(app, city, monkeypatch):  # noqa: F811
    monkeypatch.setattr(clock, "today", lambda: c.TODAY)
    c.lock(city)
    _, items = notices_of(app, city.users.clerk, c.TODAY, monkeypatch)
    locked_on = Periode.get().diubah_pada.date()
    expected = f"Periode November 2026 dikunci pada {locked_on.day} "
    assert items[-1][0].startswith(expected) and items[-1][0].endswith(": slip TPP Anda sudah final.")
    assert items[-1][1] == "/dokumen/slip?periode=2026-11"
    _, items = notices_of(app, city.users.keuangan, c.TODAY, monkeypatch)
    assert items[-1][0].endswith(": rekap TPP sudah final.") and items[-1][1] == "/rekap/skpd?periode=2026-11"
    Periode.update(diubah_pada=clock.now() - datetime.timedelta(days=8)).execute()
    count, items = notices_of(app, city.users.keuangan, c.TODAY, monkeypatch)
    assert (count, items) == (None, [])


def test_nothing_to_do_shows_no_count(app, city, monkeypatch):  # noqa: F811
    count, items = notices_of(app, city.users.clerk, c.NOVEMBER[-1], monkeypatch)
    assert (count, items) == (None, [])
    page = f.browser(app, city.users.clerk.username).get("/notifikasi").get_data(as_text=True)
    assert "Tidak ada yang perlu Anda tindak lanjuti saat ini." in page


@pytest.mark.parametrize("path", ["/notifikasi"])
def test_the_list_needs_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
