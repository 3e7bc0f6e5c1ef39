"""Each role's home page shows that person's own numbers, as the recap has them; nobody sees another's."""

import datetime
import re

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, Pegawai, Skpd, UraianTugas
from ekinerja.services import approvals, participation, recap
from tests import factories as f
from tests.integration import documents_city as c

NOV_30 = datetime.date(2026, 11, 30)  # a Monday: November is this month, every figure of the worked example in it
NO_ENTRY = datetime.date(2026, 11, 25)  # a working day scanned, its entries taken away
RETURNED = datetime.date(2026, 11, 26)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def at(monkeypatch, day):
    monkeypatch.setattr(clock, "today", lambda: day)


@pytest.fixture
def city(app, monkeypatch):
    city = c.build(monkeypatch)
    for entry in Aktivitas.select().where(Aktivitas.pegawai == city.staff, Aktivitas.tanggal == NO_ENTRY):
        entry.delete_instance()
    returned = Aktivitas.get(Aktivitas.pegawai == city.staff, Aktivitas.tanggal == RETURNED, Aktivitas.tugas.is_null())
    returned.status, returned.catatan_atasan = "REVISI", "Lampirkan notulen rapat"
    returned.save()
    city.returned = returned
    # Waiting: two of the staff member's entries for their superior, one each of the two heads for the verifikator.
    f.entry(city.staff, datetime.date(2026, 11, 28), start=datetime.time(9))
    f.entry(city.staff, datetime.date(2026, 11, 21), start=datetime.time(9))
    f.entry(city.boss, datetime.date(2026, 11, 20))
    f.entry(city.stranger, datetime.date(2026, 11, 19))
    return city


def home(app, user, day, monkeypatch):
    at(monkeypatch, day)
    page = f.browser(app, user.username).get("/")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_staff_home_shows_the_month_so_far_as_the_recap_has_it(app, city, monkeypatch):
    html = home(app, city.users.staff, NOV_30, monkeypatch)
    row = recap.employee_month(city.staff, 2026, 11, today=NOV_30)["rekap"]
    assert (row["capaian_kinerja"], row["tpp_diterima"], row["tpp_bersih"]) == (100, 2_916_000, 2_741_040)
    text = text_of(html)
    assert 'data-testid="capaian">100,00%' in html
    assert 'data-testid="tpp-diterima">Rp 2.916.000' in html
    assert 'data-testid="tpp-bersih">Rp 2.741.040' in html
    assert "6.140 dari 6.000 menit standar" in text
    assert "potongan disiplin 7,00%" in text and "PPh Pasal 21 −Rp 145.800" in text
    # The one scanned working day without an entry, linked to its day screen.
    assert 'data-testid="tanpa-lkh">1<' in html and 'href="/kegiatan/?tanggal=2026-11-25"' in html
    # The returned entry, with the superior's note and the way to fix it.
    assert 'data-testid="dikembalikan">1<' in html
    assert f'href="/kegiatan/{city.returned.id}/ubah"' in html and "Lampirkan notulen rapat" in text
    # Twelve months drawn: the capaian line and the TPP bars. None is locked: the three latest are computed as the
    # recap computes them now (before November nothing was logged or scanned), the older ones are not drawn.
    assert "Capaian kinerja 12 bulan terakhir (%)" in html and "TPP diterima 12 bulan terakhir (Rp)" in html
    october = recap.employee_month(city.staff, 2026, 10, today=NOV_30)["rekap"]["tpp_diterima"]
    assert html.count('class="bar"') == 3 and "Nov: 2.916.000" in html
    assert f"Okt: {october:,}<".replace(",", ".") in html and "Agu:" not in html
    # Only their own: no superior's, verifikator's, admin's or keuangan's section, no other employee's name.
    for other in ("beranda-atasan", "beranda-verifikator", "beranda-admin", "beranda-keuangan"):
        assert other not in html
    assert city.clerk.nama not in html and city.stranger.nama not in html


def test_superior_home_lists_what_waits_per_subordinate_and_who_logged_nothing_this_week(app, city, monkeypatch):
    html = home(app, city.users.boss, NOV_30, monkeypatch)
    assert 'data-testid="beranda-atasan"' in html
    assert 'data-testid="atasan-menunggu">2<' in html
    # The menu's count, taken from the section's, is the inbox's own.
    assert approvals.waiting_count(city.users.boss, NOV_30) == 2 and 'data-testid="badge-persetujuan">2<' in html
    row = re.search(rf'data-testid="menunggu-{city.staff.nip}">(.*?)</tr>', html, re.S).group(1)
    assert "Cut Meutia, S.E." in row and ">2<" in row and "21 November 2026 (9 hari)" in row
    # The week from Monday 30 November: the staff member logged that day, the clerk nothing.
    quiet = re.search(r'data-testid="tanpa-kegiatan">(.*?)</ul>', html, re.S).group(1)
    assert "Nyak Dhien" in quiet and "Cut Meutia" not in quiet
    assert "1 dari 2" in text_of(html)
    # Their own staff section too (they hold a position), with no entries of their own to fix.
    assert 'data-testid="beranda-pegawai"' in html and 'data-testid="dikembalikan">0<' in html


def test_verifikator_home_shows_waiting_per_skpd_progress_and_the_deadline(app, city, monkeypatch):
    html = home(app, city.users.verifikator, datetime.date(2026, 12, 3), monkeypatch)
    # Waiting for the verifikator before the deadline: the entries of the two SKPDs' top positions, one each.
    assert approvals.waiting_count(city.users.verifikator, datetime.date(2026, 12, 3)) == 2
    assert 'data-testid="verifikator-menunggu">2<' in html and 'data-testid="badge-persetujuan">2<' in html
    # November under verification: DPKAD still has three entries waiting (two for the superior), DISDUK one.
    assert re.search(r'data-testid="skpd-DPKAD">.*?>3</td>', html, re.S)
    assert re.search(r'data-testid="skpd-DISDUK">.*?>1</td>', html, re.S)
    text = text_of(html)
    assert "0 dari 2 SKPD tanpa kegiatan menunggu; 4 kegiatan bulan ini masih menunggu keputusan." in text
    assert "Batas persetujuan atasan: 5 Desember 2026 (2 hari lagi)" in text
    assert "beranda-pegawai" not in html and "beranda-admin" not in html


def test_the_verification_progress_counts_the_skpds_the_lock_will_take(app, city, monkeypatch):
    # DISDUK joined on a date and has neither scans nor apel in November: the readiness gate leaves it out of the
    # month's recap and of its lock, so the progress counts DPKAD alone, and only DPKAD's three entries waiting.
    Skpd.update(ikut_mulai=datetime.date(2026, 10, 1)).where(Skpd.id == city.other.id).execute()
    day = datetime.date(2026, 12, 3)
    assert [s.kode for s, _ in participation.absent_skpds(2026, 11, day)] == ["DISDUK"]
    html = home(app, city.users.verifikator, day, monkeypatch)
    assert "0 dari 1 SKPD tanpa kegiatan menunggu; 3 kegiatan bulan ini masih menunggu keputusan." in text_of(html)
    assert re.search(r'data-testid="skpd-DPKAD">.*?>3</td>', html, re.S) and 'data-testid="skpd-DISDUK"' not in html


def test_past_the_deadline_the_verifikator_is_told_the_entries_are_theirs(app, city, monkeypatch):
    text = text_of(home(app, city.users.verifikator, datetime.date(2026, 12, 8), monkeypatch))
    assert "5 Desember 2026 (sudah lewat 3 hari" in text
    # Every entry of November still waiting is the verifikator's now.
    assert "Menunggu keputusan Anda (tiga bulan terakhir): 4 kegiatan" in text
    assert "Persetujuan 4 " in text  # the menu's count


def _data_problems(city):
    orphan = f.jabatan(city.dinas, nama="Staf Tanpa Atasan", kelas_jabatan=5)
    f.jabatan(city.other, nama="Staf Lain Tanpa Atasan", kelas_jabatan=5)
    for number, person in enumerate((city.boss, city.clerk), 101):
        Pegawai.update(id_mesin=str(number)).where(Pegawai.id == person.id).execute()
    Pegawai.create(
        nip=f.nip_for(),
        nama="Pegawai Baru",
        tanggal_lahir=datetime.date(1990, 1, 1),
        jenis_kelamin="P",
        golongan="II/a",
        skpd=city.dinas,
        id_mesin="103",
    )
    UraianTugas.create(jabatan=orphan, kode="X-1", uraian="Tugas tanpa norma", satuan="dokumen", norma_waktu=0)
    return orphan


def test_admin_skpd_home_shows_their_own_skpd_problems_with_links_to_fix_them(app, city, monkeypatch):
    orphan = _data_problems(city)
    html = home(app, city.users.admin_dpkad, NOV_30, monkeypatch)
    counts = dict(re.findall(r'data-testid="masalah-(\w+)">.*?<div class="h4 mb-1">(\d+)</div>', html, re.S))
    # DPKAD's top position reports to nobody by design; the new one should not. Only the staff member has no machine
    # id among DPKAD's four (the boss and the clerk have theirs, the newcomer too).
    assert counts == {"tanpa_atasan": "1", "tanpa_jabatan": "1", "tanpa_id_mesin": "1", "tanpa_norma": "1"}
    assert f'href="/admin/jabatan/edit/?id={orphan.id}"' in html
    assert "Pegawai Baru" in html and 'href="/admin/riwayat/new/"' in html
    assert f'href="/admin/pegawai/edit/?id={city.staff.id}"' in html
    assert "Tugas tanpa norma" in html and 'href="/admin/tugas/edit/?id=' in html
    # Readiness of their one SKPD, linked to the readiness screen; nothing of the other SKPD.
    assert "Kesiapan SKPD 2026: 0 dari 1" in text_of(html) and 'href="/admin/kesiapan/?tahun=2026"' in html
    assert "Staf Lain Tanpa Atasan" not in html and city.stranger.nip not in html and "Dinas Kependudukan" not in html


def test_admin_home_covers_every_skpd(app, city, monkeypatch):
    _data_problems(city)
    html = home(app, city.users.admin, NOV_30, monkeypatch)
    counts = dict(re.findall(r'data-testid="masalah-(\w+)">.*?<div class="h4 mb-1">(\d+)</div>', html, re.S))
    assert counts == {"tanpa_atasan": "2", "tanpa_jabatan": "1", "tanpa_id_mesin": "2", "tanpa_norma": "1"}
    assert "Staf Lain Tanpa Atasan" in html and "Kesiapan SKPD 2026: 0 dari 2" in text_of(html)


def test_keuangan_home_shows_the_locked_months_totals_per_skpd_as_the_recap(app, city, monkeypatch):
    at(monkeypatch, c.TODAY)
    for entry in Aktivitas.select().where(Aktivitas.status == "DIAJUKAN"):
        entry.delete_instance()
    c.lock(city)
    html = home(app, city.users.keuangan, c.TODAY, monkeypatch)
    assert 'data-testid="status-2026-11">Dikunci' in html and 'data-testid="status-2026-10">Belum dikunci' in html
    rows, final = recap.month_recap(2026, 11)
    assert final
    totals = {t["skpd"]: t for t in recap.skpd_totals(rows)}
    table = re.search(r'data-testid="total-skpd">(.*?)</table>', html, re.S).group(1)
    for kode, nama in (("DPKAD", "Dinas Pengelolaan Keuangan"), ("DISDUK", "Dinas Kependudukan")):
        line = re.search(rf"{nama}</a></td>(.*?)</tr>", table, re.S).group(1)
        expected = [totals[kode][name] for name in ("pegawai", "tpp_kinerja", "tpp_disiplin", "tpp_diterima")]
        assert re.findall(r">([\d.]+)</td>", line) == [f"{v:,}".replace(",", ".") for v in expected]
    grand = sum(t["tpp_diterima"] for t in totals.values())
    assert f'data-testid="total-diterima">{grand:,}'.replace(",", ".") in html
    assert "beranda-pegawai" not in html


def test_keuangan_without_a_locked_month_is_sent_to_the_city_recap(app, city, monkeypatch):
    html = home(app, city.users.keuangan, c.TODAY, monkeypatch)
    assert "Belum ada bulan yang dikunci" in html and 'data-testid="total-skpd"' not in html


def test_a_person_with_several_roles_sees_each_section(app, city, monkeypatch):
    city.users.boss.peran = "pegawai,verifikator"
    city.users.boss.save()
    html = home(app, city.users.boss, NOV_30, monkeypatch)
    for section in ("beranda-pegawai", "beranda-atasan", "beranda-verifikator"):
        assert f'data-testid="{section}"' in html
    # Waiting for them as superior (the staff member's two) and as verifikator (the other SKPD's head's one; their own
    # entry is never theirs to decide): the menu counts them as the inbox does.
    assert 'data-testid="atasan-menunggu">2<' in html and 'data-testid="verifikator-menunggu">3<' in html
    count = approvals.waiting_count(city.users.boss, NOV_30)
    assert count == 3 and f'data-testid="badge-persetujuan">{count}<' in html
