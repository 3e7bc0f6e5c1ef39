"""The institutions' tools on a small city, October 2026 (22 working days, no holiday), worked by hand.

SKPD A (no apel sore): Ani scans on time every day with apel pagi and has 11 approved days of 300 minutes (capaian
50 %, no deduction); Budi never scans (TK 22 days: potongan 66 %, capaian 0). SKPD B: Cut, like Budi. All kelas 7 PNS.
"""

import datetime
from decimal import Decimal as D

import pytest

from ekinerja.models import Apel, AuditLog, Presensi, SkorSkpd
from ekinerja.models.institutions import AturanInstitusi, CekAnomali
from ekinerja.services import anomalies, calibration, month_cache, periods, public, whatif
from tests import factories as f
from tests.factories import browser

OCTOBER = [datetime.date(2026, 10, n) for n in range(1, 32) if datetime.date(2026, 10, n).weekday() < 5]


@pytest.fixture
def city(app):
    f.rule_set()
    skpd_a, skpd_b = f.skpd(nama="Dinas Alpha", apel_sore=False), f.skpd(nama="Dinas Beta", apel_sore=False)
    jabatan_a = f.jabatan(skpd_a)
    duty = f.tugas(jabatan_a, norma_waktu=30)
    report = f.tugas(jabatan_a, norma_waktu=300)
    ani = f.pegawai(jabatan_a, nama="Ani Rahmawati")
    budi = f.pegawai(f.jabatan(skpd_a), nama="Budi Santoso")
    cut = f.pegawai(f.jabatan(skpd_b), nama="Cut Meutia")
    for day in OCTOBER:
        Presensi.create(pegawai=ani, waktu=datetime.datetime.combine(day, datetime.time(7, 20)))
        Presensi.create(pegawai=ani, waktu=datetime.datetime.combine(day, datetime.time(16, 40)))
        Apel.create(pegawai=ani, tanggal=day, sesi="pagi")
    for day in OCTOBER[:11]:
        entry = f.entry(ani, day, minutes=300, status="DISETUJUI", tugas=report)
        entry.diputuskan_pada = datetime.datetime.combine(day, datetime.time(17))
        entry.save()
    f.entry(ani, OCTOBER[11], minutes=60, status="DIAJUKAN")
    for day in OCTOBER[:10]:  # a duty logged at 60 minutes a unit: twice its norm
        f.entry(ani, day, minutes=60, start=datetime.time(14), status="DISETUJUI", tugas=duty)
    verifikator = f.user("verif", roles=("pegawai", "verifikator"))
    periods.lock(verifikator, 2026, 10)
    return {
        "ani": f.user(pegawai=ani),
        "budi": f.user(pegawai=budi),
        "keuangan": f.user("uang", roles=("keuangan",)),
        "verifikator": verifikator,
        "people": (ani, budi, cut),
        "skpd": skpd_a,
        "duty": duty,
    }


def test_locking_stores_each_skpd_figures_and_rank(city):
    rows = {r.skpd_nama: r for r in SkorSkpd.select()}
    alpha, beta = rows["Dinas Alpha"], rows["Dinas Beta"]
    # Ani: 11 x 300 + 10 x 60 = 3,900 of 6,600 standard minutes = 59.09 %; Budi 0: mean 29.55 (29.545 rounded up).
    assert (alpha.pegawai, alpha.rata_capaian) == (2, D("29.55"))
    assert alpha.persen_disiplin == D("50.00")  # 22 of 44 days without a deduction
    assert alpha.persen_lkh == D("25.00")  # 11 of 44 effective days with approved minutes (the duty days among them)
    # 21 entries decided in October of 22 submitted; the 10 duty entries were never given a decision time.
    assert alpha.persen_tepat == D("50.00")
    # (29.55 x 40 + 50 x 30 + 25 x 15 + 50 x 15) / 100 = (1182 + 1500 + 375 + 750) / 100 = 38.07
    assert (alpha.skor, alpha.peringkat) == (D("38.07"), 1)
    assert (beta.rata_capaian, beta.persen_disiplin, beta.persen_lkh, beta.persen_tepat) == (D(0), D(0), None, None)
    assert (beta.skor, beta.peringkat) == (D(0), 2)


def test_public_page_needs_no_login_and_shows_no_person(city, client):
    page = client.get("/publik")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Dinas Alpha" in text and "Dinas Beta" in text
    for person in city["people"]:
        assert person.nama not in text and person.nip not in text
    data = client.get("/publik/data.json").get_json()
    assert {row["skpd_nama"] for row in data["skpd"]} == {"Dinas Alpha", "Dinas Beta"}
    assert all(set(row) == set(public.COLUMNS) for row in data["skpd"])
    csv_text = client.get("/publik/data.csv").get_data(as_text=True)
    assert "Dinas Alpha" in csv_text and city["people"][0].nip not in csv_text


def test_public_figures_follow_an_unlock_at_once(city, client):
    admin = f.user("adm", roles=("admin",))
    assert "2026-10" in client.get("/publik").get_data(as_text=True)
    periods.unlock(admin, 2026, 10, "koreksi")
    assert "Belum ada bulan yang dikunci" in client.get("/publik").get_data(as_text=True)
    periods.lock(city["verifikator"], 2026, 10)
    assert "Dinas Alpha" in client.get("/publik").get_data(as_text=True)


def test_public_data_answers_an_unknown_periode_plainly(city, client):
    october = client.get("/publik/data.json?periode=2026-10").get_json()
    assert {row["periode"] for row in october["skpd"]} == {"2026-10"} and len(october["skpd"]) == 2
    for junk in ("x1", "2026-11", "2026-10'--"):
        answer = client.get(f"/publik/data.json?periode={junk}")
        assert answer.status_code == 404 and "Periode tidak dikenal" in answer.get_json()["galat"]
        assert client.get(f"/publik/data.csv?periode={junk}").status_code == 404
    assert "Dinas Alpha" in client.get("/publik/data.csv?periode=2026-10").get_data(as_text=True)


def test_anonymous_requests_never_push_out_the_staff_caches(city, app, client, monkeypatch):
    found, priced = [], []
    findings, pricing = anomalies._findings, whatif._priced
    monkeypatch.setattr(anomalies, "_findings", lambda *a: found.append(1) or findings(*a))
    monkeypatch.setattr(whatif, "_priced", lambda *a: priced.append(1) or pricing(*a))
    draft = f.rule_set(datetime.date(2027, 1, 1), tarif={7: 3_300_000})
    anomalies.month_flags(2026, 10, city["skpd"].id)
    whatif.simulate(2026, 10, draft.id)
    for n in range(month_cache.LIMIT + 10):
        client.get(f"/publik/data.json?periode=x{n}")
        client.get(f"/publik/data.csv?periode=x{n}")
    anomalies.month_flags(2026, 10, city["skpd"].id)
    whatif.simulate(2026, 10, draft.id)
    assert (len(found), len(priced)) == (1, 1)


def test_month_cache_lets_the_oldest_value_of_a_kind_go_first():
    month_cache.clear()
    computed = []
    for n in range(month_cache.LIMIT + 1):
        month_cache.cached(("json", n), lambda: computed.append(1))
    month_cache.cached(("json", month_cache.LIMIT), lambda: computed.append(1))  # the newest is kept
    month_cache.cached(("json", 0), lambda: computed.append(1))  # the oldest went
    assert len(computed) == month_cache.LIMIT + 2


def test_staff_see_their_band_not_their_colleagues_names(city, app):
    ani = browser(app, city["ani"].username)
    text = ani.get("/peringkat?periode=2026-10").get_data(as_text=True)
    assert "10 % teratas" in text and "Budi Santoso" not in text
    budi = browser(app, city["budi"].username).get("/peringkat?periode=2026-10").get_data(as_text=True)
    assert "50 % teratas" in budi and "Ani Rahmawati" not in budi  # rank 2 of 2


def test_names_show_when_the_city_turns_them_on(city, app):
    AturanInstitusi.create(tampilkan_nama=True)
    text = browser(app, city["budi"].username).get("/peringkat?periode=2026-10").get_data(as_text=True)
    assert "Ani Rahmawati" in text


def test_flags_are_for_the_verifikator_who_marks_them_checked_with_a_note(city, app):
    assert browser(app, city["ani"].username).get("/anomali").status_code == 403
    verif = browser(app, city["verifikator"].username)
    url = f"/anomali?periode=2026-10&skpd={city['skpd'].id}"
    page = verif.get(url).get_data(as_text=True)
    # Ani's entries (08:00-13:00 and 14:00-15:00) lie inside 07:20-16:40: 3,900 minutes inside, none outside.
    assert "Ani Rahmawati" in page and "3.900" in page
    # The fixture wrote all 22 of her October entries today, after the month: submitted in bulk at its end.
    assert "Diajukan sekaligus di akhir bulan" in page and "22 kegiatan hari-hari sebelumnya" in page
    from tests.conftest import csrf_token

    token = csrf_token(verif, url)
    form = {"jenis": "batas_harian", "kunci": "batas_harian:1", "csrf_token": token}
    verif.post(url, data={**form, "catatan": ""})
    assert CekAnomali.select().count() == 0
    verif.post(url, data={**form, "catatan": "Sudah dikonfirmasi ke atasan."})
    check = CekAnomali.get()
    assert (check.catatan, check.diperiksa_oleh) == ("Sudah dikonfirmasi ke atasan.", "verif")
    assert AuditLog.select().where(AuditLog.aksi == "periksa", AuditLog.objek == "anomali").count() == 1


def test_a_locked_months_flags_stay_with_the_skpd_of_its_snapshot(city):
    ani, _, cut = city["people"]
    alpha, beta = city["skpd"].id, cut.skpd_id

    def people(skpd_id):
        return {name for flag in anomalies.month_flags(2026, 10, skpd_id).flags for name in flag["orang"]}

    assert "Ani Rahmawati" in people(alpha)
    ani.skpd = beta  # she moves after October was locked
    ani.save()
    assert "Ani Rahmawati" in people(alpha) and "Ani Rahmawati" not in people(beta)  # this process's cache
    month_cache.clear()  # as another process, which never worked the month out
    assert "Ani Rahmawati" in people(alpha) and "Ani Rahmawati" not in people(beta)


def test_simulation_is_for_finance_and_prices_a_draft(city, app):
    draft = f.rule_set(datetime.date(2027, 1, 1), tarif={7: 3_300_000})
    assert browser(app, city["ani"].username).get(f"/simulasi?periode=2026-10&aturan={draft.id}").status_code == 403
    page = browser(app, city["keuangan"].username).get(f"/simulasi?periode=2026-10&aturan={draft.id}")
    # Ani 59.09 %: paid 1,063,620 + 1,200,000; draft 1,169,982 + 1,320,000 (+226,362).
    # Budi and Cut (0 %, potongan 66 %): paid 408,000, draft 448,800 (+40,800 each). In all +307,962.
    assert page.status_code == 200
    assert "Rp 307.962" in page.get_data(as_text=True)
    csv_text = browser(app, city["keuangan"].username).get(f"/simulasi.csv?periode=2026-10&aturan={draft.id}")
    assert "Dinas Alpha" in csv_text.get_data(as_text=True)


def test_calibration_finds_a_norm_too_low(city):
    rows = {row["norma_waktu"]: row for row in calibration.norms(city["skpd"], 2026)}
    row = rows[30]
    assert (row["jumlah_kegiatan"], row["median_menit_per_satuan"], row["penilaian"]) == (10, D(60), "terlalu rendah")
    assert (rows[300]["median_menit_per_satuan"], rows[300]["penilaian"]) == (D(300), "sesuai")


def test_abk_reads_the_approved_volumes_of_the_year(city):
    (position,) = [r for r in calibration.actual_staffing(city["skpd"], 2026) if len(r["tugas"]) == 2]
    assert sorted(done for _, done in position["tugas"]) == [10, 11]
    # 10 x 30 + 11 x 300 = 3,600 minutes a year, against 100 x 30 + 100 x 300 in the catalogue
    assert (position["realisasi"].beban_kerja_menit, position["katalog"].beban_kerja_menit) == (3600, 33000)


def test_calibration_and_abk_count_only_the_approved_entries(city):
    ani = city["people"][0]
    for hour, status in enumerate(("DIAJUKAN", "REVISI", "DITOLAK"), start=8):
        f.entry(
            ani, datetime.date(2026, 11, 3), minutes=45, start=datetime.time(hour), status=status, tugas=city["duty"]
        )
    rows = {row["norma_waktu"]: row for row in calibration.norms(city["skpd"], 2026)}
    assert (rows[30]["jumlah_kegiatan"], rows[30]["median_menit_per_satuan"]) == (10, D(60))
    (position,) = [r for r in calibration.actual_staffing(city["skpd"], 2026) if len(r["tugas"]) == 2]
    assert sorted(done for _, done in position["tugas"]) == [10, 11]


def test_the_appreciation_list_prints_the_best_skpd_with_letterhead_and_the_sekda(city, app):
    import io

    from pypdf import PdfReader

    sekda = f.pegawai(f.jabatan(city["skpd"], nama="Sekretaris Daerah", kelas_jabatan=16), nama="Taqwaddin Husin")
    ani = browser(app, city["ani"].username)
    assert "/peringkat/apresiasi.pdf?periode=2026-10" in ani.get("/peringkat?periode=2026-10").get_data(as_text=True)
    response = ani.get("/peringkat/apresiasi.pdf?periode=2026-10")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "PEMERINTAH" in text and "APRESIASI" in text and "Oktober 2026" in text
    # Rank 1 Dinas Alpha (2 people, 29,55 %, 50,00 %, 25,00 %, 50,00 %, score 38,07), then Dinas Beta (score 0).
    assert "1 Dinas Alpha 2 29,55 50,00 25,00 50,00 38,07" in text
    assert "2 Dinas Beta 1 0,00 0,00 - - 0,00" in text
    assert "Sekretaris Daerah" in text and "Taqwaddin Husin" in text and f"NIP {sekda.nip}" in text
    for person in city["people"]:
        assert person.nama not in text
    open_month = ani.get("/peringkat/apresiasi.pdf?periode=2026-11")
    assert "belum dikunci" in " ".join(PdfReader(io.BytesIO(open_month.data)).pages[0].extract_text().split())


def test_only_a_locked_months_appreciation_list_is_final_and_signed(city, app):
    import io

    from pypdf import PdfReader

    from reports.data import DRAFT_MARK

    f.pegawai(f.jabatan(city["skpd"], nama="Sekretaris Daerah", kelas_jabatan=16), nama="Taqwaddin Husin")
    ani = browser(app, city["ani"].username)

    def text(periode):
        response = ani.get(f"/peringkat/apresiasi.pdf?periode={periode}")
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages)

    open_month = text("2026-11")
    assert DRAFT_MARK in open_month and "belum dikunci" in open_month
    assert "Taqwaddin Husin" not in open_month and "Sekretaris Daerah" not in open_month
    locked = text("2026-10")
    assert DRAFT_MARK not in locked and "Taqwaddin Husin" in locked


def test_an_skpd_is_chosen_by_what_the_screen_sends_not_a_code_that_looks_like_an_id(city, app):
    from ekinerja import web

    alpha = city["skpd"]
    three = f.skpd(nama="Dinas Kode Angka", kode=str(alpha.id))  # its code is Dinas Alpha's id
    assert web.skpd_or_first_with_work([alpha, three], 2026, 10, kode=three.kode) == three
    assert web.skpd_or_first_with_work([three, alpha], 2026, 10, skpd_id=str(alpha.id)) == alpha
    page = browser(app, city["verifikator"].username).get(f"/anomali?periode=2026-10&skpd={alpha.id}")
    assert "Ani Rahmawati" in page.get_data(as_text=True)
