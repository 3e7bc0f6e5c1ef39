"""Recap screens: one's own month explained to the rupiah, a person's month by scope, the SKPD nominatif, the city,
and the employee's month table (/kegiatan/bulan) with check-in times and deduction codes.

March 2026 (22 working days), looked at on 10 April 2026. Cut Nyak Dhien (DISDIK, kelas 7, PNS) has the figures of
domain.md section 7's worked example: capaian 100 %, potongan 7.0 %, TPP diterima Rp 2,916,000.
"""

import datetime
import re
from types import SimpleNamespace

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, Apel, AturanTpp, Pekerjaan, Presensi, TarifTpp, User
from ekinerja.services import city_overview, jobs, periods, recap
from tests import factories as f
from tests.conftest import csrf_token
from tests.factories import browser

D = datetime.date
T = datetime.time
TODAY = D(2026, 4, 10)
PERIODE = "periode=2026-03"
MARCH = [D(2026, 3, n) for n in range(1, 32) if D(2026, 3, n).weekday() < 5]
LATE = {D(2026, 3, 3), D(2026, 3, 17)}  # check-in 07:45:10: TL1 (15 minutes)
EARLY = D(2026, 3, 12)  # check-out 15:15:00: PSW2 (45 minutes)
ABSENT = D(2026, 3, 19)  # TK
NO_APEL_PAGI = {D(2026, 3, 5), D(2026, 3, 24)}


def attend(pegawai, days, sore=True, late=(), early=None, no_pagi=()):
    for day in days:
        masuk = T(7, 45, 10) if day in late else T(7, 24, 33)
        pulang = T(16, 35, 2) if day.weekday() == 4 else T(16, 4, 51)
        if day == early:
            pulang = T(15, 15)
        Presensi.create(pegawai=pegawai, waktu=datetime.datetime.combine(day, masuk))
        Presensi.create(pegawai=pegawai, waktu=datetime.datetime.combine(day, pulang))
        if day not in no_pagi:
            Apel.create(pegawai=pegawai, tanggal=day, sesi="pagi")
        if sore:
            Apel.create(pegawai=pegawai, tanggal=day, sesi="sore")


def shown(html, name):
    """The text of the first element carrying data-testid=name."""
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', html)
    assert match, f"no data-testid={name}"
    return match.group(1).strip()


@pytest.fixture
def city(app, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    f.rule_set(D(2026, 1, 1))
    disdik = f.skpd(kode="DISDIK", nama="Dinas Pendidikan", singkatan="Disdik", apel_sore=True)
    dinkes = f.skpd(kode="DINKES", nama="Dinas Kesehatan", singkatan="Dinkes", apel_sore=False)
    kabid_j = f.jabatan(disdik, nama="Kepala Bidang SD", jenis="administrator", kelas_jabatan=11)
    staf_j = f.jabatan(disdik, nama="Analis Kurikulum", kelas_jabatan=7, atasan=kabid_j)
    duty = f.tugas(staf_j, uraian="Menyusun bahan ajar", norma_waktu=40)
    o = SimpleNamespace(disdik=disdik, dinkes=dinkes)
    o.kabid = f.pegawai(kabid_j, nama="Teuku Nyak Arif")
    o.staf = f.pegawai(staf_j, nama="Cut Nyak Dhien")
    o.rekan = f.pegawai(staf_j, nama="Teuku Umar")
    o.bidan = f.pegawai(f.jabatan(dinkes, nama="Bidan Ahli", kelas_jabatan=9), nama="Laksamana Malahayati")

    attend(o.staf, [d for d in MARCH if d != ABSENT], late=LATE, early=EARLY, no_pagi=NO_APEL_PAGI)
    for day in MARCH:
        if day != ABSENT:  # 21 x 320 = 6,720 minutes >= 6,600: capaian 100
            Aktivitas.create(
                pegawai=o.staf,
                tanggal=day,
                tugas=duty,
                volume=8,
                jam_mulai=T(8, 0),
                jam_selesai=T(13, 20),
                menit_diakui=320,
                status="DISETUJUI",
            )
    attend(o.rekan, MARCH)  # no entries: capaian 0, TPP 1,200,000
    attend(o.kabid, MARCH)  # kelas 11: 40 % of 5,500,000 = 2,200,000
    attend(o.bidan, MARCH, sore=False)  # kelas 9, no apel sore in DINKES: 1,600,000

    for name in ("kabid", "staf", "rekan", "bidan"):
        f.user(pegawai=getattr(o, name))
    f.user("admin_disdik", roles=("admin_skpd",), skpd=disdik)
    f.user("admin_dinkes", roles=("admin_skpd",), skpd=dinkes)
    f.user("keuangan", roles=("keuangan",))
    f.user("verif", roles=("verifikator",))
    f.user("admin", roles=("admin",))
    return o


# --- /rekap/saya --------------------------------------------------------------------------------------------


def test_own_recap_explains_every_rupiah(app, city):
    response = browser(app, city.staf.nip).get(f"/rekap/saya?{PERIODE}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Cut Nyak Dhien" in html and city.staf.nip in html and "Analis Kurikulum" in html
    assert 'data-testid="draft"' in html and "DRAFT - belum dikunci" in html
    assert shown(html, "capaian") == "100,00%"
    assert shown(html, "potongan") == "7,00%"
    assert shown(html, "tpp-kinerja") == "Rp 1.800.000"
    assert shown(html, "tpp-disiplin") == "Rp 1.116.000"
    assert shown(html, "tpp-diterima") == "Rp 2.916.000"
    assert "Rp 3.000.000" in html  # tpp_dasar in the explanation lines

    # Every deduction line: its code, its day and its deduction in words, and its percentage.
    table = html.split('data-testid="disiplin"')[1].split("</table>")[0]
    lines = re.findall(
        r'<tr data-kode="(\w+)"><td>(\d+ Maret 2026)</td><td>([^<]+)</td><td[^>]*>(\d*)</td><td[^>]*>([\d,]+)%</td>',
        table,
    )
    assert sorted(lines) == [
        ("APEL_PAGI", "24 Maret 2026", "Tidak mengikuti apel pagi", "", "1,00"),
        ("APEL_PAGI", "5 Maret 2026", "Tidak mengikuti apel pagi", "", "1,00"),
        ("PSW2", "12 Maret 2026", "Pulang sebelum waktunya 31-60 menit", "45", "1,00"),
        ("TK", "19 Maret 2026", "Tidak masuk kerja tanpa keterangan", "", "3,00"),
        ("TL1", "17 Maret 2026", "Terlambat masuk 1-30 menit", "15", "0,50"),
        ("TL1", "3 Maret 2026", "Terlambat masuk 1-30 menit", "15", "0,50"),
    ]
    # The day table shows the scans, in hours and minutes.
    days = html.split('data-testid="days"')[1]
    assert "07:45" in days and "15:15" in days and "07:45:10" not in days


def test_own_recap_of_a_locked_month_is_final_and_keeps_its_amounts(app, city):
    periods.lock("verif", 2026, 3)
    TarifTpp.update(tarif=9_000_000).where(TarifTpp.kelas_jabatan == 7).execute()
    html = browser(app, city.staf.nip).get(f"/rekap/saya?{PERIODE}").get_data(as_text=True)
    assert "Final (periode dikunci)" in html and "DRAFT" not in html
    assert shown(html, "tpp-diterima") == "Rp 2.916.000"
    assert "Rp 9.000.000" not in html


def test_own_recap_day_table_of_a_locked_month_matches_the_snapshot(app, city):
    periods.lock("verif", 2026, 3)
    AturanTpp.update(potongan_tk=5).execute()
    html = browser(app, city.staf.nip).get(f"/rekap/saya?{PERIODE}").get_data(as_text=True)
    assert shown(html, "potongan") == "7,00%"
    days = html.split('data-testid="days"')[1]
    assert "tanpa keterangan 3,00%" in days and "tanpa keterangan 5,00%" not in days


def test_own_recap_needs_an_employee_account(app, city):
    assert browser(app, "keuangan").get(f"/rekap/saya?{PERIODE}").status_code == 404
    assert app.test_client().get(f"/rekap/saya?{PERIODE}").status_code == 302


# --- /rekap/pegawai/<nip> -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("staf", 200),  # oneself
        ("kabid", 200),  # the superior
        ("rekan", 404),  # a colleague in the same position: not their business
        ("bidan", 404),  # someone in another SKPD
        ("admin_disdik", 200),  # admin_skpd of the same SKPD
        ("admin_dinkes", 404),  # admin_skpd of another SKPD
        ("keuangan", 200),
        ("verif", 200),
    ],
)
def test_person_recap_is_seen_only_within_scope(app, city, who, status):
    username = getattr(city, who).nip if hasattr(city, who) else who
    response = browser(app, username).get(f"/rekap/pegawai/{city.staf.nip}?{PERIODE}")
    assert response.status_code == status
    html = response.get_data(as_text=True)
    if status == 200:
        assert "Cut Nyak Dhien" in html and shown(html, "tpp-diterima") == "Rp 2.916.000"
    else:
        assert "Cut Nyak Dhien" not in html and "2.916.000" not in html


def test_person_recap_of_an_unknown_nip_is_404(app, city):
    assert browser(app, "keuangan").get(f"/rekap/pegawai/199001012015011999?{PERIODE}").status_code == 404


# --- /rekap/skpd --------------------------------------------------------------------------------------------


def _nominatif(html):
    table = html.split('data-testid="nominatif"')[1].split("</table>")[0]
    return re.findall(r'<a href="/rekap/pegawai/(\d{18})[^"]*">([^<]+)</a>', table)


def test_skpd_recap_lists_rows_and_totals_for_keuangan(app, city):
    client = browser(app, "keuangan")
    html = client.get(f"/rekap/skpd?skpd=DISDIK&{PERIODE}").get_data(as_text=True)
    # Ordered by kelas jabatan, highest first.
    assert [name for _, name in _nominatif(html)][0] == "Teuku Nyak Arif"
    assert sorted(name for _, name in _nominatif(html)) == ["Cut Nyak Dhien", "Teuku Nyak Arif", "Teuku Umar"]
    assert "Laksamana Malahayati" not in html
    assert "2.916.000" in html and "1.116.000" in html
    assert shown(html, "total-diterima") == "6.316.000"  # 2,916,000 + 1,200,000 + 2,200,000
    assert "Jumlah (3 pegawai)" in html
    assert "DRAFT - belum dikunci" in html

    html = client.get(f"/rekap/skpd?skpd=DINKES&{PERIODE}").get_data(as_text=True)
    assert [name for _, name in _nominatif(html)] == ["Laksamana Malahayati"]
    assert shown(html, "total-diterima") == "1.600.000"


def test_skpd_recap_of_an_admin_skpd_stays_in_their_skpd(app, city):
    client = browser(app, "admin_dinkes")
    for query in ("", "skpd=DINKES&", "skpd=DISDIK&", "skpd=NOPE&"):
        response = client.get(f"/rekap/skpd?{query}{PERIODE}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert [name for _, name in _nominatif(html)] == ["Laksamana Malahayati"]
        for name in ("Cut Nyak Dhien", "Teuku Umar", "Teuku Nyak Arif", "Dinas Pendidikan", 'value="DISDIK"'):
            assert name not in html
        assert shown(html, "total-diterima") == "1.600.000"


@pytest.mark.parametrize("who", ["staf", "kabid"])
def test_skpd_recap_is_forbidden_to_a_plain_pegawai(app, city, who):
    response = browser(app, getattr(city, who).nip).get(f"/rekap/skpd?skpd=DISDIK&{PERIODE}")
    assert response.status_code == 403
    html = response.get_data(as_text=True)  # the error page's menu names the visitor, never the recap's rows
    assert city.staf.nip not in html and "Analis Kurikulum" not in html and "total-diterima" not in html


# --- /rekap/kota --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_disdik", "staf"])
def test_city_recap_is_forbidden_below_city_wide_roles(app, city, who):
    username = getattr(city, who).nip if who == "staf" else who
    assert browser(app, username).get(f"/rekap/kota?{PERIODE}").status_code == 403


def test_city_recap_shows_each_skpd_and_the_grand_total_for_keuangan(app, city):
    response = browser(app, "keuangan").get(f"/rekap/kota?{PERIODE}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    table = html.split('data-testid="kota"')[1].split("</table>")[0]
    rows = re.findall(r'>([^<>]+)</a></td><td class="num">(\d+)</td>(?:<td class="num">([\d.]+)</td>){3}', table)
    assert sorted((name, count, total) for name, count, total in rows) == [
        ("Dinas Kesehatan", "1", "1.600.000"),
        ("Dinas Pendidikan", "3", "6.316.000"),
    ]
    assert shown(html, "grand-total") == "7.916.000"


@pytest.mark.parametrize("locked", [False, True])
def test_city_totals_are_the_sums_of_the_month_recap_rows_open_or_locked(app, city, locked):
    if locked:
        periods.lock("verif", 2026, 3)
    rows, final = recap.month_recap(2026, 3)
    assert recap.city_totals(2026, 3) == (recap.skpd_totals(rows), locked)
    assert final is locked


def test_city_recap_links_each_skpd_to_its_paged_list_and_its_download(app, city):
    html = browser(app, "keuangan").get(f"/rekap/kota?{PERIODE}").get_data(as_text=True)
    assert "/rekap/skpd?skpd=" in html and "/rekap/skpd.xlsx?skpd=" in html


def _city_counts(html):
    """{SKPD name: head count} of the city overview's table."""
    table = html.split('data-testid="kota"')[1].split("</table>")[0]
    return dict(re.findall(r'>([^<>]+)</a></td><td class="num">(\d+)</td>', table))


def _new_midwife(city):
    f.pegawai(f.jabatan(city.dinkes, nama="Bidan Terampil", kelas_jabatan=7), nama="Pocut Meurah Intan")


def _later(monkeypatch, minutes):
    moment = clock.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_an_open_month_shows_the_totals_a_job_stored_until_someone_asks_for_them_again(app, city):
    keuangan = browser(app, "keuangan")
    url = f"/rekap/kota?{PERIODE}"
    html = keuangan.get(url).get_data(as_text=True)  # the month's first visit waits for its job
    assert _city_counts(html) == {"Dinas Kesehatan": "1", "Dinas Pendidikan": "3"}
    assert shown(html, "computed").startswith("Angka sementara per ")
    stored = city_overview.stored(2026, 3)
    assert [t["tpp_diterima"] for t in stored.totals] == [1_600_000, 6_316_000]

    _new_midwife(city)
    assert _city_counts(keuangan.get(url).get_data(as_text=True))["Dinas Kesehatan"] == "1"  # as stored

    response = keuangan.post(f"/rekap/kota/hitung?{PERIODE}", data={"csrf_token": csrf_token(keuangan, url)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/rekap/kota?periode=2026-03")
    assert _city_counts(keuangan.get(url).get_data(as_text=True))["Dinas Kesehatan"] == "2"
    jobs_of_keuangan = Pekerjaan.select().where(Pekerjaan.jenis == city_overview.KIND)
    assert [(j.judul, j.status) for j in jobs_of_keuangan] == [("Rekap kota sementara 2026-03", "SELESAI")] * 2


def test_stale_totals_are_shown_at_once_while_a_new_job_computes_them(app, city, monkeypatch):
    verif = browser(app, "verif")
    url = f"/rekap/kota?{PERIODE}"
    verif.get(url)
    _new_midwife(city)
    _later(monkeypatch, 11)  # the stored totals are now older than CITY_RECAP_MAX_AGE_SECONDS (10 minutes)

    html = verif.get(url).get_data(as_text=True)
    assert _city_counts(html)["Dinas Kesehatan"] == "1"  # the stale totals, with the new job's progress
    assert 'data-testid="city-job"' in html and "Sedang dihitung ulang" in html
    job = city_overview.latest_job(2026, 3)
    assert jobs.wait(job.id, 30).status == "SELESAI"
    assert _city_counts(verif.get(url).get_data(as_text=True))["Dinas Kesehatan"] == "2"
    assert verif.get(f"/rekap/kota/status.json?{PERIODE}").get_json()["status"] == "SELESAI"


def test_a_job_under_way_is_not_started_twice_and_a_lost_one_is_replaced(app, city, monkeypatch):
    admin = browser(app, "admin")
    url = f"/rekap/kota?{PERIODE}"
    admin.get(url)
    _later(monkeypatch, 11)
    verif = User.get(User.username == "verif")
    waiting = jobs.create(verif, city_overview.KIND, "Rekap kota", city_overview.job_params(2026, 3))
    html = admin.get(url).get_data(as_text=True)
    assert 'data-testid="city-job"' in html and "0/0" in html
    assert city_overview.latest_job(2026, 3).id == waiting.id  # the page showed the job under way, started none
    state = admin.get(f"/rekap/kota/status.json?{PERIODE}").get_json()
    assert (state["id"], state["status"], state["label"]) == (waiting.id, "ANTRI", "Menunggu")

    _later(monkeypatch, 11 + 11)  # no worker took it within CITY_RECAP_MAX_AGE_SECONDS: its queue was lost
    admin.get(url)
    replacement = city_overview.latest_job(2026, 3)
    assert replacement.id != waiting.id and jobs.wait(replacement.id, 30).status == "SELESAI"


def test_a_running_job_is_followed_until_the_jobs_timeout(app, city, monkeypatch):
    admin = browser(app, "admin")
    url = f"/rekap/kota?{PERIODE}"
    admin.get(url)
    _later(monkeypatch, 11)
    running = jobs.create(
        User.get(User.username == "verif"), city_overview.KIND, "Rekap kota", {"tahun": 2026, "bulan": 3}
    )
    assert jobs.claim(running.id).status == "BERJALAN"
    _later(monkeypatch, 11 + 30)  # running for half an hour: a slow city, still followed
    assert 'data-testid="city-job"' in admin.get(url).get_data(as_text=True)
    assert city_overview.latest_job(2026, 3).id == running.id
    _later(monkeypatch, 11 + 61)  # running longer than JOBS_TIMEOUT_SECONDS: its worker stopped
    admin.get(url)
    assert city_overview.latest_job(2026, 3).id != running.id


def test_an_older_computation_does_not_replace_a_newer_one(app, city, monkeypatch):
    assert city_overview.compute(2026, 3)
    newer = city_overview.stored(2026, 3).dihitung_pada
    _new_midwife(city)
    _later(monkeypatch, -5)
    assert city_overview.compute(2026, 3)
    stored = city_overview.stored(2026, 3)
    assert stored.dihitung_pada == newer and [t["pegawai"] for t in stored.totals] == [1, 3]


def test_a_failed_computation_is_said_and_tried_again_only_when_asked_or_later(app, city, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(recap, "city_totals", broken)
    keuangan = browser(app, "keuangan")
    url = f"/rekap/kota?{PERIODE}"
    html = keuangan.get(url).get_data(as_text=True)
    assert "Perhitungan terakhir gagal: Pekerjaan gagal karena kesalahan sistem" in html
    assert 'data-testid="kota"' not in html and 'data-testid="city-compute"' in html
    assert "Perhitungan terakhir gagal" in keuangan.get(url).get_data(as_text=True)
    city_jobs = Pekerjaan.select().where(Pekerjaan.jenis == city_overview.KIND)
    assert city_jobs.count() == 1  # a reload shows why; it does not start the failing computation again

    keuangan.post(f"/rekap/kota/hitung?{PERIODE}", data={"csrf_token": csrf_token(keuangan, url)})
    assert city_jobs.count() == 2  # asked for: tried again
    _later(monkeypatch, 11)
    keuangan.get(url)
    assert city_jobs.count() == 3  # the failure is older than CITY_RECAP_MAX_AGE_SECONDS: a visit tries again
    assert [j.status for j in city_jobs] == ["GAGAL"] * 3


def test_a_month_that_has_not_begun_gets_no_job(app, city):
    keuangan = browser(app, "keuangan")
    html = keuangan.get("/rekap/kota?periode=2026-05").get_data(as_text=True)  # the city's today: 10 April 2026
    assert "Bulan ini belum berjalan" in html and 'data-testid="city-compute"' not in html
    token = csrf_token(keuangan, "/rekap/saya")
    response = keuangan.post("/rekap/kota/hitung?periode=2026-05", data={"csrf_token": token}, follow_redirects=True)
    assert "Periode 2026-05 belum berjalan" in response.get_data(as_text=True)
    assert Pekerjaan.select().count() == 0


def test_a_locked_month_is_summed_from_its_snapshot_and_never_computed_again(app, city):
    periods.lock("verif", 2026, 3)
    keuangan = browser(app, "keuangan")
    html = keuangan.get(f"/rekap/kota?{PERIODE}").get_data(as_text=True)
    assert shown(html, "grand-total") == "7.916.000" and 'data-testid="provisional"' not in html
    token = csrf_token(keuangan, "/rekap/saya")
    response = keuangan.post(f"/rekap/kota/hitung?{PERIODE}", data={"csrf_token": token}, follow_redirects=True)
    assert "sudah dikunci" in response.get_data(as_text=True)
    assert Pekerjaan.select().where(Pekerjaan.jenis == city_overview.KIND).count() == 0


@pytest.mark.parametrize("who", ["admin_disdik", "staf"])
def test_only_city_wide_roles_start_or_follow_the_city_totals(app, city, who):
    username = getattr(city, who).nip if who == "staf" else who
    client = browser(app, username)
    token = csrf_token(client, "/rekap/saya" if who == "staf" else "/rekap/skpd")
    assert client.post(f"/rekap/kota/hitung?{PERIODE}", data={"csrf_token": token}).status_code == 403
    assert client.get(f"/rekap/kota/status.json?{PERIODE}").status_code == 403
    assert Pekerjaan.select().count() == 0


def test_asking_for_the_city_totals_needs_the_form_token(app, city):
    assert browser(app, "keuangan").post(f"/rekap/kota/hitung?{PERIODE}").status_code == 400
    assert Pekerjaan.select().count() == 0


# --- /kegiatan/bulan ----------------------------------------------------------------------------------------


def test_month_table_shows_check_in_times_and_deduction_codes(app, city):
    response = browser(app, city.staf.nip).get(f"/kegiatan/bulan?{PERIODE}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = {m.group(1): m.group(2) for m in re.finditer(r'tanggal=(2026-03-\d\d)">(.*?)</tr>', html, re.S)}
    assert "07:45" in found["2026-03-03"] and "Terlambat masuk 1-30 menit 0,50%" in found["2026-03-03"]
    assert "07:24" in found["2026-03-12"] and "15:15" in found["2026-03-12"] and "15:15:00" not in found["2026-03-12"]
    assert "Pulang sebelum waktunya 31-60 menit 1,00%" in found["2026-03-12"]
    assert "Tidak masuk kerja tanpa keterangan 3,00%" in found["2026-03-19"]
    for day in ("2026-03-05", "2026-03-24"):
        assert "Tidak mengikuti apel pagi 1,00%" in found[day]
    assert "APEL_PAGI" not in re.sub(r'data-kode="\w+"', "", found["2026-03-05"])
    assert "libur" in found["2026-03-07"]  # a Saturday
    assert not re.search(r"Terlambat|Pulang sebelum|Tidak masuk|Tidak mengikuti", found["2026-03-04"])
    assert shown(html, "potongan") == "7,00%"
    assert shown(html, "capaian") == "100,00%"


def test_month_table_of_a_locked_month_matches_the_snapshot(app, city):
    periods.lock("verif", 2026, 3)
    AturanTpp.update(potongan_tk=5).execute()
    html = browser(app, city.staf.nip).get(f"/kegiatan/bulan?{PERIODE}").get_data(as_text=True)
    assert shown(html, "potongan") == "7,00%"
