"""Staff's daily log screens: add/edit/delete, other people's ids, evidence files, CSRF, escaping, query counts."""

import datetime
import io
import os
from types import SimpleNamespace

import pytest
from playhouse.test_utils import count_queries

from ekinerja import clock
from ekinerja.models import Aktivitas, AuditLog
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser

TODAY = clock.today()
PDF = f.evidence_pdf()


def entry(pegawai, day=TODAY, status="DIAJUKAN", hour=8, **kw):
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


@pytest.fixture
def org(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    kabid_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    o = SimpleNamespace(kabid=f.pegawai(kabid_j), staf=f.pegawai(staf_j), rekan=f.pegawai(staf_j))
    for name in ("kabid", "staf", "rekan"):
        setattr(o, name + "_user", f.user(pegawai=getattr(o, name)))
    o.duty = f.tugas(staf_j, kode="ANJ-01", uraian="Mengagendakan surat masuk", norma_waktu=30)
    return o


def form(**changes):
    data = {
        "tanggal": TODAY.isoformat(),
        "tugas": "ANJ-01",
        "volume": "2",
        "jam_mulai": "08:00",
        "jam_selesai": "09:30",
        "keterangan": "Surat masuk",
    }
    data.update(changes)
    return data


def add(client, **changes):
    return client.post("/kegiatan/", data=dict(form(**changes), csrf_token=csrf_token(client, "/kegiatan/")))


def test_submit_on_the_day_screen_is_diajukan_with_credited_minutes(app, org):
    staff = browser(app, org.staf.nip)
    response = add(staff)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/kegiatan/?tanggal={TODAY.isoformat()}"
    item = Aktivitas.get()
    assert (item.status, item.menit_diakui, item.tugas_id, item.pegawai_id) == (
        "DIAJUKAN",
        60,
        org.duty.id,
        org.staf.id,
    )
    assert (
        add(staff, tugas="", tambahan="y", uraian="Rapat evaluasi", jam_mulai="10:00", jam_selesai="10:45").status_code
        == 302
    )
    page = staff.get(f"/kegiatan/?tanggal={TODAY.isoformat()}").get_data(as_text=True)
    assert "Mengagendakan surat masuk" in page and "Rapat evaluasi" in page and "Diajukan" in page
    assert AuditLog.select().where(AuditLog.objek == "aktivitas", AuditLog.aksi == "ajukan").count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"volume": "0"}, "Volume harus bilangan bulat 1 sampai 999."),
        ({"jam_selesai": "07:00"}, "Jam selesai harus setelah jam mulai."),
        ({"tugas": "TIDAK-ADA"}, "Pilih uraian tugas yang aktif"),
        ({"tanggal": (TODAY + datetime.timedelta(days=1)).isoformat()}, "tidak boleh melewati hari ini"),
    ],
)
def test_a_broken_rule_shows_on_the_field_and_saves_nothing(app, org, changes, message):
    page = add(browser(app, org.staf.nip), **changes)
    assert page.status_code == 200
    assert message in page.get_data(as_text=True)
    assert 'class="invalid-feedback d-block"' in page.get_data(as_text=True)
    assert not Aktivitas.select().exists()


def test_edit_while_revisi_goes_back_to_diajukan_and_the_note_shows(app, org):
    returned = entry(org.staf, status="REVISI", catatan_atasan="Lengkapi nomor surat", diputuskan_oleh=org.kabid_user)
    staff = browser(app, org.staf.nip)
    assert "Lengkapi nomor surat" in staff.get(f"/kegiatan/?tanggal={TODAY.isoformat()}").get_data(as_text=True)
    url = f"/kegiatan/{returned.id}/ubah"
    assert "Lengkapi nomor surat" in staff.get(url).get_data(as_text=True)
    response = staff.post(url, data=dict(form(keterangan="No. 12"), csrf_token=csrf_token(staff, url)))
    assert response.status_code == 302
    stored = Aktivitas.get_by_id(returned.id)
    assert (stored.status, stored.keterangan, stored.menit_diakui) == ("DIAJUKAN", "No. 12", 60)
    audit = AuditLog.get(AuditLog.aksi == "ubah")
    assert (audit.pengguna, audit.dari, audit.ke, audit.objek_id) == (
        org.staf.nip,
        "REVISI",
        "DIAJUKAN",
        str(returned.id),
    )


def test_delete_own_waiting_entry_but_not_an_approved_one(app, org):
    waiting, approved = entry(org.staf, hour=8), entry(org.staf, status="DISETUJUI", hour=10)
    staff = browser(app, org.staf.nip)
    token = csrf_token(staff, "/kegiatan/")
    assert staff.post(f"/kegiatan/{waiting.id}/hapus", data={"csrf_token": token}).status_code == 302
    page = staff.post(f"/kegiatan/{approved.id}/hapus", data={"csrf_token": token}, follow_redirects=True)
    assert "tidak dapat diubah lagi" in page.get_data(as_text=True)
    assert [e.id for e in Aktivitas.select()] == [approved.id]
    audit = AuditLog.get(AuditLog.aksi == "hapus")
    assert (audit.objek_id, audit.dari, audit.ke) == (str(waiting.id), "DIAJUKAN", "DIHAPUS")
    url = f"/kegiatan/{approved.id}/ubah"
    page = staff.post(url, data=dict(form(), csrf_token=csrf_token(staff, url)))
    assert page.status_code == 200 and "tidak dapat diubah lagi" in page.get_data(as_text=True)
    assert Aktivitas.get_by_id(approved.id).volume == 1


def test_other_peoples_entries_by_id_are_404(app, org):
    theirs = entry(org.rekan, bukti_berkas="abc.pdf", bukti_nama="rahasia.pdf")
    staff = browser(app, org.staf.nip)
    token = csrf_token(staff, "/kegiatan/")
    for url in (f"/kegiatan/{theirs.id}", f"/kegiatan/{theirs.id}/bukti", f"/kegiatan/{theirs.id}/ubah"):
        assert staff.get(url).status_code == 404, url
    assert staff.post(f"/kegiatan/{theirs.id}/ubah", data=dict(form(), csrf_token=token)).status_code == 404
    assert staff.post(f"/kegiatan/{theirs.id}/hapus", data={"csrf_token": token}).status_code == 404
    for url in ("/kegiatan/999999", "/kegiatan/999999/ubah", "/kegiatan/999999/bukti"):
        assert staff.get(url).status_code == 404
    # The atasan reads a subordinate's entry but edits or deletes nothing of it.
    boss = browser(app, org.kabid.nip)
    assert boss.get(f"/kegiatan/{theirs.id}").status_code == 200
    assert boss.get(f"/kegiatan/{theirs.id}/ubah").status_code == 404
    assert boss.post(f"/kegiatan/{theirs.id}/hapus", data={"csrf_token": csrf_token(boss, "/")}).status_code == 404
    stored = Aktivitas.get_by_id(theirs.id)
    assert (stored.status, stored.volume, stored.keterangan) == ("DIAJUKAN", 1, None)
    assert not AuditLog.select().where(AuditLog.objek == "aktivitas").exists()


def test_the_entry_page_shows_its_audit_trail(app, org):
    staff = browser(app, org.staf.nip)
    add(staff)
    item = Aktivitas.get()
    boss = browser(app, org.kabid.nip)
    boss.post(
        "/persetujuan",
        data={
            "csrf_token": csrf_token(boss, "/persetujuan"),
            "ids": [str(item.id)],
            "aksi": "revisi",
            "catatan": "Kurang bukti",
        },
    )
    page = staff.get(f"/kegiatan/{item.id}").get_data(as_text=True)
    trail = page[page.index('data-testid="trail"') :]
    for text in (
        org.staf.nip,
        "ajukan",
        org.kabid.nip,
        "revisi",
        "Diajukan",
        "Dikembalikan untuk revisi",
        "Kurang bukti",
    ):
        assert text in trail, text
    assert "Dikembalikan untuk revisi" in page


def test_texts_are_escaped_on_every_screen(app, org):
    entry(org.staf, uraian="<script>alert(1)</script>", keterangan="<b>tebal</b>")
    staff, boss = browser(app, org.staf.nip), browser(app, org.kabid.nip)
    item = Aktivitas.get()
    for client, url in (
        (staff, f"/kegiatan/?tanggal={TODAY.isoformat()}"),
        (staff, f"/kegiatan/{item.id}"),
        (boss, "/persetujuan"),
    ):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "<b>tebal</b>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


# --- evidence files ------------------------------------------------------------------------------


def stored_files(app):
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def upload(client, content, filename, **changes):
    data = dict(form(**changes), csrf_token=csrf_token(client, "/kegiatan/"), bukti=(io.BytesIO(content), filename))
    return client.post("/kegiatan/", data=data, content_type="multipart/form-data")


def test_evidence_is_stored_outside_the_web_root_and_served_only_to_who_may_see_the_entry(app, org):
    staff = browser(app, org.staf.nip)
    assert upload(staff, PDF, "surat masuk.pdf").status_code == 302
    item = Aktivitas.get()
    assert item.bukti_nama == "surat masuk.pdf"
    assert item.bukti_berkas.endswith(".pdf") and item.bukti_berkas != "surat masuk.pdf"
    assert stored_files(app) == [item.bukti_berkas]
    with open(os.path.join(app.config["UPLOAD_FOLDER"], item.bukti_berkas), "rb") as fh:
        assert fh.read() == PDF
    assert f"/kegiatan/{item.id}/bukti" in staff.get(f"/kegiatan/{item.id}").get_data(as_text=True)

    for client in (staff, browser(app, org.kabid.nip)):
        response = client.get(f"/kegiatan/{item.id}/bukti")
        assert response.status_code == 200 and response.data == PDF
        assert "surat" in response.headers["Content-Disposition"]
        response.close()
    assert browser(app, org.rekan.nip).get(f"/kegiatan/{item.id}/bukti").status_code == 404
    assert app.test_client().get(f"/kegiatan/{item.id}/bukti").status_code == 302
    assert app.test_client().get(f"/static/{item.bukti_berkas}").status_code == 404


def test_a_very_long_evidence_file_name_is_shortened_for_display(app, org):
    staff = browser(app, org.staf.nip)
    name = "laporan " * 40 + "akhir.pdf"  # 329 characters
    assert upload(staff, PDF, name).status_code == 302
    item = Aktivitas.get()
    assert len(item.bukti_nama) == 200 and item.bukti_nama.endswith("akhir.pdf")
    assert stored_files(app) == [item.bukti_berkas]


@pytest.mark.parametrize(
    "content, filename",
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64, "setup.exe"),
        (b"catatan rapat biasa\n", "catatan.txt"),
        (b"bukan pdf sungguhan", "palsu.pdf"),
    ],
)
def test_evidence_that_is_not_pdf_jpg_or_png_is_refused_on_the_field_and_nothing_saved(app, org, content, filename):
    staff = browser(app, org.staf.nip)
    page = upload(staff, content, filename)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Berkas bukti harus PDF, JPG atau PNG." in html
    after_input = html[html.index('name="bukti"') :]
    assert after_input.split('class="invalid-feedback d-block">', 1)[1].startswith("Berkas bukti harus PDF")
    assert not Aktivitas.select().exists()
    assert stored_files(app) == []


def test_a_good_file_with_a_broken_entry_rule_saves_nothing(app, org):
    staff = browser(app, org.staf.nip)
    page = upload(staff, PDF, "surat.pdf", volume="0")
    assert page.status_code == 200 and "Volume harus" in page.get_data(as_text=True)
    assert not Aktivitas.select().exists()
    assert stored_files(app) == []


def test_an_oversized_evidence_file_is_refused(app, org, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    staff = browser(app, org.staf.nip)
    page = upload(staff, PDF + b"0" * 2048, "besar.pdf")
    assert page.status_code == 200 and "Berkas bukti paling besar" in page.get_data(as_text=True)
    assert not Aktivitas.select().exists() and stored_files(app) == []


# --- CSRF ----------------------------------------------------------------------------------------


def test_csrf_protection_is_on_in_the_tested_app(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_a_post_without_csrf_token_is_refused_and_saves_nothing(app, org):
    staff = browser(app, org.staf.nip)
    assert staff.post("/kegiatan/", data=form()).status_code == 400
    assert staff.post("/kegiatan/", data=dict(form(), csrf_token="palsu")).status_code == 400
    item = entry(org.staf, hour=14)
    assert staff.post(f"/kegiatan/{item.id}/hapus").status_code == 400
    assert staff.post(f"/kegiatan/{item.id}/ubah", data=form(volume="3")).status_code == 400
    assert [(e.id, e.volume) for e in Aktivitas.select()] == [(item.id, 1)]
    boss = browser(app, org.kabid.nip)
    assert boss.post("/persetujuan", data={"ids": [str(item.id)], "aksi": "setujui"}).status_code == 400
    assert Aktivitas.get_by_id(item.id).status == "DIAJUKAN"


# --- query counts --------------------------------------------------------------------------------


def _fill_month(pegawai, first, count, start=0, duty=None):
    """count entries of one month, several per day at distinct hours, all statuses."""
    statuses = ("DIAJUKAN", "DISETUJUI", "REVISI", "DITOLAK", "DIANULIR")
    for n in range(start, start + count):
        Aktivitas.create(
            pegawai=pegawai,
            tanggal=first + datetime.timedelta(days=n % 28),
            tugas=duty if n % 2 else None,
            uraian=None if n % 2 else f"Tambahan {n}",
            volume=1,
            jam_mulai=datetime.time(6 + n // 28),
            jam_selesai=datetime.time(7 + n // 28),
            menit_diakui=30,
            status=statuses[n % len(statuses)],
        )


def test_month_view_query_count_does_not_grow_with_entries(app, org):
    first = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    url = f"/kegiatan/bulan?periode={first:%Y-%m}"
    staff = browser(app, org.staf.nip)
    _fill_month(org.staf, first, 5, duty=org.duty)
    staff.get(url)
    with count_queries() as few:
        page = staff.get(url)
    assert page.status_code == 200
    _fill_month(org.staf, first, 55, start=5, duty=org.duty)
    assert Aktivitas.select().count() == 60
    with count_queries() as many:
        page = staff.get(url)
    assert page.status_code == 200
    assert many.count == few.count > 0
    assert "Disetujui: " in page.get_data(as_text=True)
    assert staff.get("/kegiatan/bulan").status_code == 200
    assert staff.get("/kegiatan/bulan?periode=2026-13").status_code == 200
