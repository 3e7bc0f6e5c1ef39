"""Documents over HTTP and the API: who gets which PDF (404 otherwise), the public verification page, the letterhead."""

import datetime
import io

import pytest

from ekinerja.models import AuditLog, Pengaturan, Rekap
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser
from tests.integration import documents_city as c

PERIODE = c.PERIODE


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def token(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": "Bearer " + response.json["token"]}


def is_pdf(response):
    return response.status_code == 200 and response.mimetype == "application/pdf" and response.data[:5] == b"%PDF-"


# -- who gets what ------------------------------------------------------------------------------


def test_documents_need_a_login(client, city):
    for kind in ("slip", "lkh"):
        response = client.get(f"/dokumen/{kind}?periode={PERIODE}&nip={city.staff.nip}")
        assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    assert client.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DPKAD").status_code == 302


def test_employee_gets_own_documents_and_nobody_elses(app, city):
    staff = browser(app, city.staff.nip)
    own = staff.get(f"/dokumen/slip?periode={PERIODE}")
    assert is_pdf(own)
    assert own.headers["Content-Disposition"] == f'inline; filename="slip-tpp-2026-11-{city.staff.nip}.pdf"'
    assert own.headers["Cache-Control"] == "private, no-store"
    assert is_pdf(staff.get(f"/dokumen/lkh?periode={PERIODE}&nip={city.staff.nip}"))
    for nip in (city.boss.nip, city.clerk.nip, city.stranger.nip, "199001012020011999"):
        for kind in ("slip", "lkh"):
            assert staff.get(f"/dokumen/{kind}?periode={PERIODE}&nip={nip}").status_code == 404, (kind, nip)
    for kode in ("DPKAD", "DISDUK", "NOPE"):
        assert staff.get(f"/dokumen/rekap?periode={PERIODE}&skpd={kode}").status_code == 404


def test_superior_gets_subordinates_documents_only(app, city):
    boss = browser(app, city.boss.nip)
    assert is_pdf(boss.get(f"/dokumen/slip?periode={PERIODE}&nip={city.staff.nip}"))
    assert is_pdf(boss.get(f"/dokumen/lkh?periode={PERIODE}&nip={city.clerk.nip}"))
    assert boss.get(f"/dokumen/slip?periode={PERIODE}&nip={city.stranger.nip}").status_code == 404
    assert boss.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DPKAD").status_code == 404
    # The subordinate does not get the superior's.
    clerk = browser(app, city.clerk.nip)
    assert clerk.get(f"/dokumen/slip?periode={PERIODE}&nip={city.boss.nip}").status_code == 404


def test_each_superior_of_part_of_the_month_gets_that_month_s_documents(app, city):
    """Teuku Umar leads the unit until 20 November; Cut Meutia's new superior takes over on the 21st."""
    from ekinerja.models import RiwayatJabatan

    RiwayatJabatan.update(selesai=datetime.date(2026, 11, 20)).where(RiwayatJabatan.pegawai == city.boss).execute()
    successor = f.pegawai(f.jabatan(city.dinas, nama="Analis"), nama="Pengganti")
    RiwayatJabatan.update(selesai=datetime.date(2026, 11, 20)).where(RiwayatJabatan.pegawai == successor).execute()
    RiwayatJabatan.create(pegawai=successor, jabatan=city.boss_job, mulai=datetime.date(2026, 11, 21))
    f.user(pegawai=successor)
    for nip in (city.boss.nip, successor.nip):
        assert is_pdf(browser(app, nip).get(f"/dokumen/slip?periode={PERIODE}&nip={city.staff.nip}")), nip
    # October was the old superior's alone.
    assert browser(app, successor.nip).get(f"/dokumen/slip?periode=2026-10&nip={city.staff.nip}").status_code == 404
    assert browser(app, city.clerk.nip).get(f"/dokumen/slip?periode={PERIODE}&nip={city.staff.nip}").status_code == 404


def test_admin_skpd_gets_own_skpd_and_keuangan_the_whole_city(app, city):
    own = browser(app, "admin.dpkad")
    assert is_pdf(own.get(f"/dokumen/slip?periode={PERIODE}&nip={city.staff.nip}"))
    assert is_pdf(own.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DPKAD"))
    assert own.get(f"/dokumen/slip?periode={PERIODE}&nip={city.stranger.nip}").status_code == 404
    assert own.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DISDUK").status_code == 404
    other = browser(app, "admin.disduk")
    assert other.get(f"/dokumen/slip?periode={PERIODE}&nip={city.staff.nip}").status_code == 404
    assert other.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DPKAD").status_code == 404
    for username in ("keuangan", "verifikator", "admin"):
        client = browser(app, username)
        assert is_pdf(client.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DISDUK")), username
        assert is_pdf(client.get(f"/dokumen/slip?periode={PERIODE}&nip={city.staff.nip}")), username
        # A service account has no slip of its own.
        assert client.get(f"/dokumen/slip?periode={PERIODE}").status_code == 404


def test_api_answers_pdf_in_scope_and_404_outside(client, city):
    staff = token(client, city.staff.nip)
    response = client.get(f"/api/v1/laporan/slip?periode={PERIODE}", headers=staff)
    assert is_pdf(response)
    assert is_pdf(client.get(f"/api/v1/laporan/lkh?periode={PERIODE}&nip={city.staff.nip}", headers=staff))
    for path in ("slip", "lkh"):
        for nip in (city.boss.nip, city.stranger.nip, "199001012020011999"):
            response = client.get(f"/api/v1/laporan/{path}?periode={PERIODE}&nip={nip}", headers=staff)
            assert response.status_code == 404 and response.json == {
                "error": "Tidak ditemukan atau di luar wewenang Anda."
            }
    assert client.get(f"/api/v1/laporan/rekap?periode={PERIODE}&skpd=DPKAD", headers=staff).status_code == 404

    boss = token(client, city.boss.nip)
    assert is_pdf(client.get(f"/api/v1/laporan/slip?periode={PERIODE}&nip={city.staff.nip}", headers=boss))
    admin_skpd = token(client, "admin.dpkad")
    assert is_pdf(client.get(f"/api/v1/laporan/rekap?periode={PERIODE}&skpd=DPKAD", headers=admin_skpd))
    assert client.get(f"/api/v1/laporan/rekap?periode={PERIODE}&skpd=DISDUK", headers=admin_skpd).status_code == 404
    keuangan = token(client, "keuangan")
    assert is_pdf(client.get(f"/api/v1/laporan/rekap?periode={PERIODE}&skpd=DISDUK", headers=keuangan))
    assert is_pdf(client.get(f"/api/v1/laporan/lkh?periode={PERIODE}&nip={city.stranger.nip}", headers=keuangan))


def test_api_refuses_missing_token_and_bad_period(client, city):
    assert client.get(f"/api/v1/laporan/slip?periode={PERIODE}").status_code == 401
    staff = token(client, city.staff.nip)
    response = client.get("/api/v1/laporan/slip?periode=2026-13", headers=staff)
    assert response.status_code == 422 and "periode" in response.json["errors"]
    assert client.get("/api/v1/laporan/rekap?periode=2026-11", headers=token(client, "keuangan")).status_code == 404


def test_openapi_describes_the_document_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/laporan/slip", "/laporan/lkh", "/laporan/rekap"):
        responses = paths[path]["get"]["responses"]
        assert "application/pdf" in responses["200"]["content"]
        assert "404" in responses and "401" in responses


# -- the public verification page ---------------------------------------------------------------


def _code(city):
    return Rekap.get(Rekap.nip == city.staff.nip, Rekap.berlaku).kode_verifikasi


def test_verification_page_shows_only_name_period_total_and_validity(client, city):
    c.lock(city)
    kode = _code(city)
    response = client.get(f"/verifikasi/{kode}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Cut Meutia, S.E." in html and "November 2026" in html and "Rp 2.916.000" in html
    assert "BERLAKU." in html and "TIDAK BERLAKU" not in html
    for private in (city.staff.nip, "Pengelola Gaji", "Dinas Pengelolaan Keuangan", "III/a", "7,00", "1.116.000"):
        assert private not in html, private
    assert response.headers["X-Robots-Tag"] == "noindex" and response.headers["Cache-Control"] == "no-store"


def test_unlocking_and_relocking_supersedes_the_old_code(client, city):
    c.lock(city)
    old = _code(city)
    c.unlock(city)
    reopened = client.get(f"/verifikasi/{old}").get_data(as_text=True)
    assert "TIDAK BERLAKU untuk sementara" in reopened and "dibuka kembali" in reopened
    c.lock(city)
    new = _code(city)
    assert new != old
    superseded = client.get(f"/verifikasi/{old}")
    assert superseded.status_code == 200
    html = superseded.get_data(as_text=True)
    assert "TIDAK BERLAKU." in html and "diganti" in html and "Rp 2.916.000" in html
    current = client.get(f"/verifikasi/{new}").get_data(as_text=True)
    assert "BERLAKU." in current and "TIDAK BERLAKU" not in current


@pytest.mark.parametrize("kode", ["AAAAAAAAAAAAAAAA", "x", "<script>alert(1)</script>", "a" * 200])
def test_unknown_code_is_a_404_page_with_the_same_look(client, city, kode):
    c.lock(city)
    response = client.get(f"/verifikasi/{kode}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Verifikasi Slip TPP" in html and "Kode tidak dikenal" in html
    assert "<script>alert(1)" not in html
    assert "Cut Meutia" not in html


# -- the letterhead in the portal ---------------------------------------------------------------


def png(size=(60, 60)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()


def _post_settings(client, logo, name="logo.png"):
    data = {
        "csrf_token": csrf_token(client, "/admin/pengaturan/new/"),
        "nama_pemerintah": "PEMERINTAH KOTA SABANG",
        "nama_kota": "Sabang",
        "alamat": "Jalan Perdagangan 1",
        "berkas_logo": (io.BytesIO(logo), name),
    }
    return client.post("/admin/pengaturan/new/", data=data, content_type="multipart/form-data")


def test_admin_sets_the_letterhead_with_a_real_small_logo(app, city):
    admin = browser(app, "admin")
    refused = _post_settings(admin, b"GIF89a not a png at all", "logo.png")
    assert refused.status_code == 200 and "Logo harus berkas PNG atau JPEG." in refused.get_data(as_text=True)
    assert not Pengaturan.select().exists()
    too_big = _post_settings(admin, png((2600, 20)))
    assert "terlalu besar" in too_big.get_data(as_text=True)
    assert _post_settings(admin, png()).status_code == 302
    saved = Pengaturan.get()
    assert (saved.nama_kota, saved.logo_mime, bytes(saved.logo)) == ("Sabang", "image/png", png())
    entry = AuditLog.get(AuditLog.objek == "pengaturan")
    assert "logo" in entry.rincian and "\\x89PNG" not in entry.rincian
    # One row only: no second letterhead.
    assert admin.get("/admin/pengaturan/new/").status_code in (302, 403)
    pdf = admin.get(f"/dokumen/rekap?periode={PERIODE}&skpd=DPKAD")
    assert is_pdf(pdf)


def test_only_admin_edits_the_letterhead(app, city):
    for username in ("admin.dpkad", "verifikator"):
        assert browser(app, username).get("/admin/pengaturan/").status_code == 403
    assert browser(app, city.staff.nip).get("/admin/pengaturan/new/").status_code == 403


def test_admin_skpd_names_the_treasurer_of_own_skpd_only(app, city):
    from ekinerja.models import BendaharaSkpd

    BendaharaSkpd.delete().execute()
    client = browser(app, "admin.dpkad")
    token_value = csrf_token(client, "/admin/bendahara/new/")
    stranger = {"csrf_token": token_value, "skpd": city.dinas.id, "pegawai": city.stranger.id, "mulai": "2026-01-01"}
    # Someone of another SKPD cannot even be picked by an admin_skpd; an admin who picks them is told why.
    assert client.post("/admin/bendahara/new/", data=stranger).status_code == 200
    admin = browser(app, "admin")
    wrong = admin.post(
        "/admin/bendahara/new/", data={**stranger, "csrf_token": csrf_token(admin, "/admin/bendahara/new/")}
    )
    assert "Bendahara harus pegawai SKPD tersebut." in wrong.get_data(as_text=True)
    other = client.post(
        "/admin/bendahara/new/",
        data={"csrf_token": token_value, "skpd": city.other.id, "pegawai": city.stranger.id, "mulai": "2026-01-01"},
    )
    assert other.status_code == 200 and not BendaharaSkpd.select().exists()
    ok = client.post(
        "/admin/bendahara/new/",
        data={"csrf_token": token_value, "skpd": city.dinas.id, "pegawai": city.clerk.id, "mulai": "2026-01-01"},
    )
    assert ok.status_code == 302
    assert BendaharaSkpd.get().pegawai_id == city.clerk.id


def test_the_employee_search_of_portal_forms_finds_only_the_admin_skpd_s_own_people(app, city):
    def found(client, endpoint, query):
        response = client.get(f"/admin/{endpoint}/ajax/lookup/?name=pegawai&query={query}")
        assert response.status_code == 200
        return {label for _, label in response.get_json()}

    admin_skpd, admin = browser(app, "admin.dpkad"), browser(app, "admin")
    for endpoint in ("bendahara", "cuti", "riwayat", "plt"):
        assert found(admin_skpd, endpoint, "Teuku") == {str(city.boss)}, endpoint
        assert found(admin, endpoint, "Teuku") == {str(city.boss), str(city.stranger)}, endpoint
    assert found(admin_skpd, "bendahara", city.stranger.nip) == set()


def test_a_new_treasurer_follows_the_old_one_and_never_overlaps(app, city):
    from ekinerja.models import BendaharaSkpd

    client = browser(app, "admin.dpkad")
    token_value = csrf_token(client, "/admin/bendahara/new/")
    successor = {"csrf_token": token_value, "skpd": city.dinas.id, "pegawai": city.staff.id, "mulai": "2027-01-01"}
    refused = client.post("/admin/bendahara/new/", data=successor)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Bertumpang tindih dengan bendahara Nyak Dhien (01-01-2026 s.d. sekarang)" in page
    assert BendaharaSkpd.select().count() == 1

    old = BendaharaSkpd.get()
    url = f"/admin/bendahara/edit/?id={old.id}"
    ended = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "skpd": city.dinas.id,
            "pegawai": city.clerk.id,
            "mulai": "2026-01-01",
            "selesai": "2026-12-31",
        },
    )
    assert ended.status_code == 302
    assert client.post("/admin/bendahara/new/", data=successor).status_code == 302
    assert [(b.pegawai_id, b.mulai, b.selesai) for b in BendaharaSkpd.select().order_by(BendaharaSkpd.mulai)] == [
        (city.clerk.id, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        (city.staff.id, datetime.date(2027, 1, 1), None),
    ]


def _save_treasurer(client, record, **changes):
    """POST the portal's edit form of a treasurer record with some fields changed."""
    url = f"/admin/bendahara/edit/?id={record.id}"
    form = {
        "csrf_token": csrf_token(client, url),
        "skpd": record.skpd_id,
        "pegawai": record.pegawai_id,
        "mulai": record.mulai.isoformat(),
        "selesai": record.selesai.isoformat() if record.selesai else "",
    }
    return client.post(url, data={**form, **changes})


def test_no_treasurer_change_touches_a_locked_month(app, city):
    from ekinerja.models import BendaharaSkpd

    c.lock(city)  # November 2026, signed on 30 November by Nyak Dhien (treasurer since 1 January 2026)
    record = BendaharaSkpd.get()
    admin = browser(app, "admin")
    locked = "Data ini dipakai periode 11-2026 yang sudah dikunci"

    renamed = _save_treasurer(admin, record, pegawai=city.staff.id)
    assert renamed.status_code == 200 and locked in renamed.get_data(as_text=True)
    cut_short = _save_treasurer(admin, record, selesai="2026-10-31")
    assert cut_short.status_code == 200 and locked in cut_short.get_data(as_text=True)
    backdated_url = "/admin/bendahara/new/"
    backdated = {
        "csrf_token": csrf_token(admin, backdated_url),
        "skpd": city.other.id,
        "pegawai": city.stranger.id,
        "mulai": "2026-01-01",
    }
    page = admin.post(backdated_url, data=backdated).get_data(as_text=True)
    assert locked in page and not BendaharaSkpd.select().where(BendaharaSkpd.skpd == city.other).exists()
    deleted = admin.post(
        "/admin/bendahara/delete/",
        data={"csrf_token": csrf_token(admin, "/admin/bendahara/"), "id": record.id},
        follow_redirects=True,
    )
    assert locked in deleted.get_data(as_text=True)
    assert BendaharaSkpd.get_by_id(record.id).pegawai_id == city.clerk.id
    assert (record.selesai, BendaharaSkpd.get_by_id(record.id).selesai) == (None, None)

    # What leaves November as it is goes through: ending the period with it, and a new one from December.
    assert _save_treasurer(admin, record, selesai="2026-11-30").status_code == 302
    assert admin.post(backdated_url, data={**backdated, "mulai": "2026-12-01"}).status_code == 302
    assert BendaharaSkpd.select().count() == 2
    december = BendaharaSkpd.get(BendaharaSkpd.skpd == city.other)
    admin.post(
        "/admin/bendahara/delete/", data={"csrf_token": csrf_token(admin, "/admin/bendahara/"), "id": december.id}
    )
    assert BendaharaSkpd.select().count() == 1


def test_a_treasurer_who_moved_to_another_skpd_can_still_be_given_an_end_date(app, city):
    from ekinerja.models import BendaharaSkpd

    record = BendaharaSkpd.get()
    city.clerk.skpd = city.other
    city.clerk.save()
    admin = browser(app, "admin")
    assert _save_treasurer(admin, record, selesai="2026-12-15").status_code == 302
    assert BendaharaSkpd.get_by_id(record.id).selesai == datetime.date(2026, 12, 15)
    named = _save_treasurer(admin, BendaharaSkpd.get_by_id(record.id), pegawai=city.stranger.id)
    assert "Bendahara harus pegawai SKPD tersebut." in named.get_data(as_text=True)


def test_letterhead_and_treasurer_pages_open_for_the_admin(app, city):
    settings = Pengaturan.create(nama_pemerintah="PEMERINTAH KOTA BANDA ACEH", nama_kota="Banda Aceh", logo=png())
    settings.logo_mime = "image/png"
    settings.save()
    admin = browser(app, "admin")
    for url in ("/admin/pengaturan/", f"/admin/pengaturan/edit/?id={settings.id}", "/admin/bendahara/"):
        response = admin.get(url)
        assert response.status_code == 200, url
    assert "image/png" in admin.get("/admin/pengaturan/").get_data(as_text=True)
    # Saving without a new file keeps the logo; ticking "Hapus logo" removes it.
    url = f"/admin/pengaturan/edit/?id={settings.id}"
    form = {"csrf_token": csrf_token(admin, url), "nama_pemerintah": "PEMERINTAH KOTA BANDA ACEH", "nama_kota": "Banda"}
    assert admin.post(url, data=form).status_code == 302
    assert Pengaturan.get().nama_kota == "Banda" and bytes(Pengaturan.get().logo) == png()
    assert admin.post(url, data={**form, "hapus_logo": "y"}).status_code == 302
    assert Pengaturan.get().logo is None
