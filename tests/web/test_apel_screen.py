"""The apel officer's screen: roster of the day, ticks that persist, scope, locked months, future dates, roles."""

import datetime
import re
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.models import Apel, AuditLog, Periode, RiwayatJabatan
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser

TODAY = clock.today()
URL = "/apel"


@pytest.fixture
def org(app):
    dinas = f.skpd(kode="DINAS", nama="Dinas Contoh", apel_sore=True)
    badan = f.skpd(kode="BADAN", nama="Badan Lain", apel_sore=False)
    staf = f.jabatan(dinas)
    o = SimpleNamespace(dinas=dinas, badan=badan)
    o.ani = f.pegawai(staf, nama="Ani")
    o.budi = f.pegawai(staf, nama="Budi")
    o.citra = f.pegawai(staf, nama="Citra")
    # Left the position yesterday: not on today's roster.
    o.dedi = f.pegawai(staf, nama="Dedi")
    RiwayatJabatan.update(selesai=TODAY - datetime.timedelta(days=1)).where(RiwayatJabatan.pegawai == o.dedi).execute()
    # Starts tomorrow: not on today's roster either.
    o.eka = f.pegawai(staf, nama="Eka", mulai=TODAY + datetime.timedelta(days=1))
    o.lain = f.pegawai(f.jabatan(badan), nama="Lain")
    f.user("opd", roles=("admin_skpd",), skpd=dinas)
    f.user("kota", roles=("admin",))
    f.user(pegawai=o.ani)
    return o


def page(client, day=TODAY, sesi="pagi", skpd=None):
    query = f"?tanggal={day.isoformat()}&sesi={sesi}" + (f"&skpd={skpd.id}" if skpd else "")
    return client.get(URL + query)


def save(client, skpd, hadir, day=TODAY, sesi="pagi", token=None):
    data = {
        "csrf_token": token or csrf_token(client, URL),
        "skpd": str(skpd.id),
        "tanggal": day.isoformat(),
        "sesi": sesi,
        "hadir": [str(person.id) if hasattr(person, "id") else str(person) for person in hadir],
    }
    return client.post(URL, data=data)


def present(day=TODAY, sesi="pagi"):
    return {a.pegawai.nama for a in Apel.select().where(Apel.tanggal == day, Apel.sesi == sesi)}


def ticked(html):
    return {int(value) for value in re.findall(r'name="hadir" value="(\d+)" id="hadir-\d+" checked', html)}


def listed(html):
    return {int(value) for value in re.findall(r'name="hadir" value="(\d+)"', html)}


def test_roster_lists_the_skpds_employees_of_the_day_ticked_from_stored_rows(app, org):
    Apel.create(pegawai=org.budi, tanggal=TODAY, sesi="pagi")
    Apel.create(pegawai=org.citra, tanggal=TODAY, sesi="sore")
    client = browser(app, "opd")
    html = client.get(URL).get_data(as_text=True)
    assert listed(html) == {org.ani.id, org.budi.id, org.citra.id}
    assert ticked(html) == {org.budi.id}
    assert "1 dari 3 pegawai tercatat hadir." in html
    assert f'value="{TODAY.isoformat()}"' in html
    sore = page(client, sesi="sore").get_data(as_text=True)
    assert ticked(sore) == {org.citra.id}


def test_ticks_and_unticks_persist_with_an_audit_entry(app, org):
    client = browser(app, "opd")
    response = save(client, org.dinas, [org.ani, org.budi])
    assert response.status_code == 302
    assert present() == {"Ani", "Budi"}
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 hadir, 1 tidak hadir (2 ditambah, 0 dihapus)" in html
    assert ticked(html) == {org.ani.id, org.budi.id}

    save(client, org.dinas, [org.budi, org.citra])
    assert present() == {"Budi", "Citra"}
    save(client, org.dinas, [], sesi="sore")
    save(client, org.dinas, [])
    assert Apel.select().count() == 0

    audits = list(AuditLog.select().where(AuditLog.objek == "apel").order_by(AuditLog.id))
    assert [a.pengguna for a in audits] == ["opd"] * 4
    assert audits[0].objek_id == f"DINAS:{TODAY.isoformat()}:pagi"
    details = audits[1].rincian_data
    assert (details["ditambah"], details["dihapus"], details["hadir"], details["pegawai"]) == (1, 1, 2, 3)
    assert (details["nip_ditambah"], details["nip_dihapus"]) == ([org.citra.nip], [org.ani.nip])


def test_an_employee_outside_the_roster_is_refused_and_nothing_saved(app, org):
    client = browser(app, "opd")
    for outsider in (org.lain, org.dedi, org.eka, 999_999):
        response = save(client, org.dinas, [org.ani, outsider])
        assert response.status_code == 302
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "tidak bertugas di SKPD ini" in html
    assert Apel.select().count() == 0
    assert AuditLog.select().where(AuditLog.objek == "apel").count() == 0
    # Naming another SKPD outright is forbidden for an admin_skpd.
    assert save(client, org.badan, [org.lain]).status_code == 403
    assert page(client, skpd=org.badan).get_data(as_text=True).count('name="hadir"') == 3  # still their own
    assert (
        client.post(
            URL,
            data={
                "csrf_token": csrf_token(client, URL),
                "skpd": str(org.dinas.id),
                "tanggal": TODAY.isoformat(),
                "sesi": "pagi",
                "hadir": ["x"],
            },
        ).status_code
        == 400
    )


def test_a_locked_month_is_refused(app, org):
    Apel.create(pegawai=org.ani, tanggal=TODAY, sesi="pagi")
    Periode.create(tahun=TODAY.year, bulan=TODAY.month, status="DIKUNCI", versi=1)
    client = browser(app, "opd")
    html = client.get(URL).get_data(as_text=True)
    assert "sudah dikunci" in html and 'data-testid="apel-refusal"' in html
    assert ">Simpan</button>" not in html
    response = save(client, org.dinas, [org.budi])
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Periode {TODAY:%m-%Y} sudah dikunci; data apel bulan itu tidak dapat diubah." in html
    assert present() == {"Ani"}


def test_a_future_date_is_refused(app, org):
    client = browser(app, "opd")
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert "belum tiba" in page(client, day=tomorrow).get_data(as_text=True)
    response = save(client, org.dinas, [org.ani], day=tomorrow)
    assert "belum tiba" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert Apel.select().count() == 0


def test_afternoon_session_only_where_the_skpd_holds_one(app, org):
    client = browser(app, "kota")
    html = page(client, skpd=org.badan).get_data(as_text=True)
    assert 'value="sore"' not in html and 'value="pagi"' in html
    response = save(client, org.badan, [org.lain], sesi="sore")
    assert "tidak menyelenggarakan apel sore" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert Apel.select().count() == 0
    assert 'value="sore"' in page(client, skpd=org.dinas).get_data(as_text=True)


def test_admin_chooses_the_skpd(app, org):
    client = browser(app, "kota")
    html = page(client, skpd=org.badan).get_data(as_text=True)
    assert listed(html) == {org.lain.id}
    assert "Dinas Contoh" in html and "Badan Lain" in html  # the SKPD choice
    assert save(client, org.badan, [org.lain]).status_code == 302
    assert present() == {"Lain"}
    assert AuditLog.get(AuditLog.objek == "apel").pengguna == "kota"


def test_other_roles_are_forbidden_and_csrf_is_required(app, org):
    assert app.test_client().get(URL).status_code == 302  # to the login page
    client = browser(app, org.ani.nip)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"csrf_token": csrf_token(client, "/"), "skpd": str(org.dinas.id)}).status_code == 403
    officer = browser(app, "opd")
    response = officer.post(
        URL, data={"skpd": str(org.dinas.id), "tanggal": TODAY.isoformat(), "sesi": "pagi", "hadir": [org.ani.id]}
    )
    assert response.status_code == 400
    assert Apel.select().count() == 0
