"""The screens a person reads: documents one click away, lists paged with counts, the lock that says what it cuts
off, the day's input window, apel's absentees counted, words rather than codes."""

import datetime
import re

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, AuditLog, HariLibur, Pekerjaan, Periode
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser
from tests.integration import documents_city as c

PERIODE = c.PERIODE
BEFORE_DEADLINE = datetime.date(2026, 12, 3)  # November's approval deadline: 5 December 2026


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def waiting_entry(pegawai, day, status="DIAJUKAN", hour=15):
    return Aktivitas.create(
        pegawai=pegawai,
        tanggal=day,
        uraian="Menyusun laporan",
        volume=1,
        jam_mulai=datetime.time(hour),
        jam_selesai=datetime.time(hour, 30),
        menit_diakui=30,
        status=status,
    )


# -- 1. documents where the person looks --------------------------------------------------------


def test_staff_month_view_links_their_lkh_and_slip_pdfs_and_xlsx(app, city):
    staff = browser(app, city.staff.nip)
    html = html_of(staff, f"/kegiatan/bulan?periode={PERIODE}")
    nip = city.staff.nip
    for path in ("/dokumen/slip", "/dokumen/lkh", "/dokumen/lkh.xlsx"):
        assert f"{path}?nip={nip}&amp;periode=2026-11" in html, path
    assert staff.get(f"/dokumen/lkh?nip={nip}&periode=2026-11").mimetype == "application/pdf"
    assert staff.get(f"/dokumen/slip?nip={nip}&periode=2026-11").mimetype == "application/pdf"


def test_team_and_person_recaps_link_that_persons_slip_and_lkh(app, city):
    boss = browser(app, city.boss.nip)
    nip = city.staff.nip
    for url in (f"/rekap/tim?periode={PERIODE}", f"/rekap/pegawai/{nip}?periode={PERIODE}"):
        html = html_of(boss, url)
        assert f"/dokumen/slip?nip={nip}&amp;periode=2026-11" in html, url
        assert f"/dokumen/lkh?nip={nip}&amp;periode=2026-11" in html, url
    assert boss.get(f"/dokumen/slip?nip={nip}&periode=2026-11").status_code == 200


def test_skpd_recap_offers_rekap_pdf_xlsx_and_the_slip_zip(app, city):
    html = html_of(browser(app, "admin.dpkad"), f"/rekap/skpd?periode={PERIODE}&skpd=DPKAD")
    assert "/dokumen/rekap?skpd=DPKAD&amp;periode=2026-11" in html
    assert "/rekap/skpd.xlsx?skpd=DPKAD&amp;periode=2026-11" in html
    assert 'action="/admin/slip_zip/slip.zip"' in html and 'name="skpd" value="DPKAD"' in html
    # The verifikator reads the list and its files, the ZIP is the treasury's and the SKPD's.
    html = html_of(browser(app, "verifikator"), f"/rekap/skpd?periode={PERIODE}&skpd=DPKAD")
    assert "/dokumen/rekap?skpd=DPKAD" in html and "slip_zip" not in html


def test_city_recap_links_each_skpds_pdf_xlsx_and_zip(app, city):
    html = html_of(browser(app, "keuangan"), f"/rekap/kota?periode={PERIODE}")
    for kode in ("DPKAD", "DISDUK"):
        assert f"/dokumen/rekap?skpd={kode}&amp;periode=2026-11" in html, kode
        assert f"/rekap/skpd.xlsx?skpd={kode}&amp;periode=2026-11" in html, kode
        assert f'name="skpd" value="{kode}"' in html, kode


# -- 2. paging and the default month and SKPD -----------------------------------------------------


def test_skpd_recap_pages_with_counts(app, city):
    for n in range(60):
        f.pegawai(f.jabatan(city.other, nama=f"Staf {n}", kelas_jabatan=5), nama=f"Staf Nomor {n:02d}")
    keuangan = browser(app, "keuangan")
    html = html_of(keuangan, f"/rekap/skpd?periode={PERIODE}&skpd=DISDUK")
    assert "Menampilkan 1-50 dari 61 pegawai" in html
    assert html.count("/rekap/pegawai/") == 50
    assert "halaman=2" in html
    second = html_of(keuangan, f"/rekap/skpd?periode={PERIODE}&skpd=DISDUK&halaman=2")
    assert "Menampilkan 51-61 dari 61 pegawai" in second and second.count("/rekap/pegawai/") == 11
    # The total still counts everyone, on every page.
    assert "Jumlah (61 pegawai)" in second
    # Past the last page: the last page.
    assert "Menampilkan 51-61 dari 61" in html_of(keuangan, f"/rekap/skpd?periode={PERIODE}&skpd=DISDUK&halaman=99")


def test_without_a_choice_the_recap_opens_on_a_month_and_skpd_with_entries(app, city, monkeypatch):
    # Today in February 2027: January and December are empty, November holds the entries.
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2027, 2, 10))
    html = html_of(browser(app, "verifikator"), "/rekap/skpd")
    assert "November 2026" in html and "Dinas Pengelolaan Keuangan" in html
    # DISDUK comes first by code, but only DPKAD holds entries.
    assert city.other.kode < city.dinas.kode
    assert "Cut Meutia" in html


# -- 3. the lock says what it cuts off -------------------------------------------------------------


def lock_form(client, **data):
    return client.post(f"/periode/{PERIODE}/kunci", data={"csrf_token": csrf_token(client, "/"), **data})


def test_lock_page_shows_waiting_entries_and_the_dates_the_lock_cuts_off(app, city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: BEFORE_DEADLINE)
    waiting_entry(city.staff, datetime.date(2026, 11, 30))
    waiting_entry(city.stranger, datetime.date(2026, 11, 27), status="REVISI")
    waiting_entry(city.stranger, datetime.date(2026, 11, 26))
    verifier = browser(app, "verifikator")
    html = html_of(verifier, f"/periode/{PERIODE}/kunci")
    assert re.search(r'data-testid="waiting-total">3<', html)
    table = html.split('data-testid="waiting"')[1].split("</table>")[0]
    assert re.findall(r"<td>([^<]+)</td><td class=\"num\">(\d+)</td>", table) == [
        ("Dinas Kependudukan", "2"),
        ("Dinas Pengelolaan Keuangan", "1"),
    ]
    # 30 November is a Monday: three working days after it (1-3 December) it may still be logged.
    assert "Kamis, 3 Desember 2026" in html.split('data-testid="input-until"')[1][:80]
    assert "Sabtu, 5 Desember 2026" in html.split('data-testid="deadline"')[1][:80]
    assert 'name="alasan"' in html and 'name="konfirmasi"' in html
    # The periods list links the page; the running month has no lock.
    periods_page = html_of(verifier, "/periode")
    assert f'href="/periode/{PERIODE}/kunci"' in periods_page
    assert 'href="/periode/2026-12/kunci"' not in periods_page and "belum berakhir" in periods_page


def test_lock_before_the_deadline_needs_a_reason_and_the_typed_month(app, city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: BEFORE_DEADLINE)
    verifier = browser(app, "verifikator")
    response = lock_form(verifier)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mengunci sebelum itu memerlukan alasan." in html
    assert "Ketik November 2026 atau KUNCI" in html
    assert html.count('class="invalid-feedback d-block"') == 2
    html = lock_form(verifier, alasan="Verifikasi selesai", konfirmasi="Oktober 2026").get_data(as_text=True)
    assert "Ketik November 2026 atau KUNCI" in html and "Mengunci sebelum itu memerlukan alasan." not in html
    assert not Periode.select().where(Periode.status == "DIKUNCI").exists()
    assert not Pekerjaan.select().exists()

    response = lock_form(verifier, alasan="Verifikasi selesai lebih awal", konfirmasi="  november 2026 ")
    assert response.status_code == 302
    assert Periode.get(Periode.tahun == 2026, Periode.bulan == 11).status == "DIKUNCI"
    entry = AuditLog.get(AuditLog.aksi == "kunci")
    assert entry.alasan == "Verifikasi selesai lebih awal" and entry.pengguna == "verifikator"


def test_lock_after_the_deadline_keeps_its_plain_form(app, city):
    verifier = browser(app, "verifikator")  # 7 December: past the deadline
    html = html_of(verifier, f"/periode/{PERIODE}/kunci")
    assert 'name="konfirmasi"' not in html and "(sudah lewat)" in html
    assert lock_form(verifier).status_code == 302
    assert Periode.get(Periode.tahun == 2026, Periode.bulan == 11).status == "DIKUNCI"
    assert AuditLog.get(AuditLog.aksi == "kunci").alasan is None


def test_a_month_that_has_not_ended_is_neither_offered_nor_locked(app, city):
    verifier = browser(app, "verifikator")
    html = html_of(verifier, "/periode/2026-12/kunci")
    assert 'data-testid="not-ended"' in html and 'data-testid="lock-form"' not in html
    form = {"csrf_token": csrf_token(verifier, "/"), "konfirmasi": "KUNCI", "alasan": "x"}
    response = verifier.post("/periode/2026-12/kunci", data=form)
    assert response.status_code == 200 and "Hanya bulan yang sudah berakhir" in response.get_data(as_text=True)
    assert not Periode.select().where(Periode.status == "DIKUNCI").exists()


def test_api_lock_before_the_deadline_needs_a_reason(app, city, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: BEFORE_DEADLINE)
    client = app.test_client()
    token = client.post("/api/v1/token", json={"username": "verifikator", "password": f.PASSWORD}).json["token"]
    headers = {"Authorization": "Bearer " + token}
    response = client.post(f"/api/v1/periode/{PERIODE}/kunci", headers=headers)
    assert response.status_code == 422 and "alasan" in response.json["errors"]
    assert not Periode.select().where(Periode.status == "DIKUNCI").exists()
    response = client.post(f"/api/v1/periode/{PERIODE}/kunci", headers=headers, json={"alasan": "Selesai diverifikasi"})
    assert response.status_code == 200 and response.json["status"] == "DIKUNCI"
    assert AuditLog.get(AuditLog.aksi == "kunci").alasan == "Selesai diverifikasi"


# -- 5. apel ---------------------------------------------------------------------------------------


def test_apel_page_counts_who_would_be_marked_absent_and_offers_everyone_present(app, city):
    client = browser(app, "admin.dpkad")
    html = html_of(client, f"/apel?skpd={city.dinas.id}&tanggal=2026-12-07&sesi=pagi")
    assert "data-apel-all" in html and "Hadir semua" in html
    assert re.search(r"tidak dicentang dicatat tidak hadir: <span data-apel-absent>3</span> pegawai", html)
    assert "/static/screens.js" in html and "onclick" not in html


# -- 6. the day screen's input window --------------------------------------------------------------


def test_day_screen_states_its_input_window_and_offers_no_form_outside_it(app, city):
    staff = browser(app, city.staff.nip)  # today: Monday 7 December 2026
    html = html_of(staff, "/kegiatan/?tanggal=2026-12-03")
    assert "dapat dicatat sampai Selasa, 8 Desember 2026" in html and 'data-testid="activity-form"' in html
    html = html_of(staff, "/kegiatan/?tanggal=2026-11-30")  # Thursday 3 December was its last day
    assert 'data-testid="activity-form"' not in html
    closed = html.split('data-testid="day-closed"')[1].split("</div>")[0]
    assert "Batas input sudah lewat" in closed and "Kamis, 3 Desember 2026" in closed
    html = html_of(staff, "/kegiatan/?tanggal=2026-12-08")
    assert 'data-testid="activity-form"' not in html and "tidak boleh melewati hari ini" in html


def test_day_screen_hides_the_extra_task_box_with_a_script_and_names_the_holiday(app, city):
    HariLibur.create(tanggal=datetime.date(2026, 12, 4), jenis="libur_nasional", keterangan="Hari Uji Coba")
    html = html_of(browser(app, city.staff.nip), "/kegiatan/?tanggal=2026-12-04")
    assert "data-tambahan-box" in html and "/static/screens.js" in html
    assert "Hari libur: Hari Uji Coba" in html


# -- 7. words, not codes ---------------------------------------------------------------------------


def test_filters_write_words_dates_and_times_one_way(app):
    env = app.jinja_env
    assert env.from_string("{{ 'APEL_PAGI'|potongan }}").render() == "Tidak mengikuti apel pagi"
    assert env.from_string("{{ 'REVISI'|status }}").render() == "Dikembalikan untuk revisi"
    assert env.from_string("{{ 'DIKUNCI'|status }}").render() == "Dikunci"
    assert env.from_string("{{ 'cuti_tahunan'|keterangan }}").render() == "Cuti tahunan"
    moment = datetime.datetime(2026, 11, 5, 14, 3, 59)
    assert env.from_string("{{ m|waktu }}").render(m=moment) == "5 November 2026 14:03"
    assert env.from_string("{{ m|jam }}").render(m=moment) == "14:03"
    assert env.from_string("{{ '2026-11-05'|tanggal }}").render() == "5 November 2026"
    badge = env.from_string("{{ status_badge('DITOLAK') }}").render()
    assert "badge-danger" in badge and "Ditolak" in badge


def test_month_view_names_holidays_and_writes_excuses_in_words(app, city):
    HariLibur.create(tanggal=datetime.date(2026, 11, 16), jenis="libur_nasional", keterangan="Hari Uji Coba")
    html = html_of(browser(app, city.staff.nip), f"/kegiatan/bulan?periode={PERIODE}")
    row = html.split('tanggal=2026-11-16"')[1].split("</tr>")[0]
    assert "Hari Uji Coba" in row
    row = html.split('tanggal=2026-11-10"')[1].split("</tr>")[0]
    assert "Cuti tahunan" in row and "cuti_tahunan" not in row


# -- 4. the approval inbox -------------------------------------------------------------------------


def test_inbox_keeps_the_selection_and_the_note_on_a_refusal_and_says_what_happened(app, city):
    first = waiting_entry(city.staff, datetime.date(2026, 12, 4), hour=8)
    second = waiting_entry(city.staff, datetime.date(2026, 12, 4), hour=9)
    Aktivitas.update(tugas=city.tugas, uraian=None, volume=3).where(Aktivitas.id == first.id).execute()
    boss = browser(app, city.boss.nip)
    html = html_of(boss, "/persetujuan")
    assert "3 dokumen" in html  # the volume with its unit
    assert 'class="form-inline my-2 action-bar"' in html
    token = csrf_token(boss, "/persetujuan")
    # Returning for revision needs a note: nothing decided, both boxes still ticked.
    response = boss.post("/persetujuan", data={"csrf_token": token, "ids": [first.id], "aksi": "revisi"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.findall(r'name="ids" value="(\d+)"[^>]*checked', page) == [str(first.id)]
    assert Aktivitas.get_by_id(first.id).status == "DIAJUKAN"
    # A note too long: the note comes back as typed, the entry named by its person and day.
    response = boss.post(
        "/persetujuan", data={"csrf_token": token, "ids": [first.id, second.id], "aksi": "tolak", "catatan": "x" * 501}
    )
    page = response.get_data(as_text=True)
    assert re.findall(r'name="ids" value="(\d+)"[^>]*checked', page) == [str(first.id), str(second.id)]
    assert 'value="' + "x" * 501 + '"' in page
    assert "0 ditolak, 2 gagal." in page and page.count("Catatan: Paling banyak 500 karakter") == 1
    assert f"Kegiatan #{first.id}" not in page
    # Refused one by one: each by its person and day. The second waits for another superior's decision now.
    Aktivitas.update(status="DISETUJUI").where(Aktivitas.id == second.id).execute()
    response = boss.post("/persetujuan", data={"csrf_token": token, "ids": [first.id, second.id], "aksi": "tolak"})
    page = response.get_data(as_text=True)
    assert f"{city.staff.nama_lengkap}, 4 Desember 2026 08:00: " in page
    assert f"{city.staff.nama_lengkap}, 4 Desember 2026 09:00: " in page
    Aktivitas.update(status="DIAJUKAN").where(Aktivitas.id == second.id).execute()
    response = boss.post("/persetujuan", data={"csrf_token": token, "ids": [first.id, second.id], "aksi": "setujui"})
    assert response.status_code == 302
    page = html_of(boss, "/persetujuan")
    assert "2 disetujui." in page
    # The decisions below, each status a coloured word.
    assert page.count('class="badge badge-success status-badge" data-status="DISETUJUI"') == 2


def test_status_badges_differ_in_colour_and_word(app):
    env = app.jinja_env
    badges = {
        s: env.from_string("{{ status_badge(s) }}").render(s=s)
        for s in ("DIAJUKAN", "REVISI", "DISETUJUI", "DITOLAK", "DIANULIR")
    }
    colours = {re.search(r"badge-(\w+) ", b).group(1) for b in badges.values()}
    words = {re.search(r">([^<]+)<", b).group(1) for b in badges.values()}
    assert len(colours) == len(words) == 5


def test_jobs_and_team_lists_say_how_many_they_show(app, city):
    for n in range(55):
        Pekerjaan.create(
            jenis="kunci", judul=f"Kunci periode nomor {n}", pemilik=city.users.verifikator, dibuat_pada=clock.now()
        )
    verifier = browser(app, "verifikator")
    html = html_of(verifier, "/pekerjaan")
    assert "Menampilkan 1-50 dari 55 pekerjaan" in html and html.count("Kunci periode nomor") == 50
    assert "Menampilkan 51-55 dari 55 pekerjaan" in html_of(verifier, "/pekerjaan?halaman=2")
    html = html_of(browser(app, city.boss.nip), f"/rekap/tim?periode={PERIODE}")
    assert "Menampilkan 1-2 dari 2 bawahan" in html


def test_anomaly_list_opens_on_an_skpd_with_entries(app, city):
    html = html_of(browser(app, "verifikator"), f"/anomali?periode={PERIODE}")
    assert f'<option value="{city.dinas.id}" selected>' in html
