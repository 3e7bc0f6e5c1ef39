"""Whether approved minutes outside the attendance window count (the rule set's setting), worked by hand.

October 2026: 22 working days (no holiday), kelas 7 PNS, tariff Rp 3,000,000 (kinerja part 1,800,000, discipline part
1,200,000). Dewi scans 07:20 and 16:40 on every working day and is at every apel pagi (no deduction). Approved:
- the first 10 working days, a duty 08:00-13:00 (300 minutes, inside the window);
- Thursday 1 October, an extra task 16:40-18:40 (120 minutes, all after her check-out: outside);
- Friday 2 October, a duty 06:20-07:50 (90 minutes: 60 before her check-in outside, 30 inside);
- Saturday 3 October, a duty 09:00-11:00 (120 minutes, no scan that day: outside).

Counted (the default): utama 3,000 + 90 + 120 = 3,210, tambahan 120 (within 20 % of 6,600): 3,330 of 6,600 minutes =
50.45 %; kinerja 1,800,000 x 50.45 % = 908,100; TPP 2,108,100.
Not counted: utama 3,000 + 30 = 3,030, tambahan 0: 45.91 %; kinerja 826,380; TPP 2,026,380 (81,720 less).
"""

import datetime

import pytest

from ekinerja.models import Apel, AturanTpp, Presensi
from ekinerja.services import anomalies, periods, recap, whatif
from tests import factories as f

OCTOBER = [datetime.date(2026, 10, n) for n in range(1, 32) if datetime.date(2026, 10, n).weekday() < 5]
AFTER = datetime.date(2026, 11, 1)


@pytest.fixture
def dewi(app):
    unit = f.skpd(nama="Dinas Gamma", apel_sore=False)
    jabatan = f.jabatan(unit, kelas_jabatan=7)
    duty = f.tugas(jabatan, norma_waktu=60)
    person = f.pegawai(jabatan, nama="Dewi Sartika")
    for day in OCTOBER:
        Presensi.create(pegawai=person, waktu=datetime.datetime.combine(day, datetime.time(7, 20)))
        Presensi.create(pegawai=person, waktu=datetime.datetime.combine(day, datetime.time(16, 40)))
        Apel.create(pegawai=person, tanggal=day, sesi="pagi")
    for day in OCTOBER[:10]:
        f.entry(person, day, minutes=300, status="DISETUJUI", tugas=duty)
    f.entry(person, datetime.date(2026, 10, 1), minutes=120, start=datetime.time(16, 40), status="DISETUJUI")
    f.entry(person, datetime.date(2026, 10, 2), minutes=90, start=datetime.time(6, 20), status="DISETUJUI", tugas=duty)
    f.entry(person, datetime.date(2026, 10, 3), minutes=120, start=datetime.time(9), status="DISETUJUI", tugas=duty)
    return person


def _row(person):
    rows, _ = recap.compute_month(2026, 10, pegawai_ids=[person.id], today=AFTER)
    return rows[0]


FIGURES = ("menit_utama", "menit_tambahan", "menit_diakui", "capaian_kinerja", "tpp_kinerja", "tpp_diterima")


def test_outside_minutes_count_by_default_and_the_reconciliation_shows_them(dewi):
    f.rule_set()
    row = _row(dewi)
    assert [str(row[name]) for name in FIGURES] == ["3210", "120", "3330", "50.45", "908100", "2108100"]
    assert row["potongan_disiplin"] == 0
    # 120 after check-out + 60 before check-in + 120 on a day without a scan; the rest inside.
    assert anomalies.presence_of(dewi.id, 2026, 10) == (3030, 300, True)


def test_without_them_the_recap_the_employee_month_and_its_days_agree(dewi, app):
    f.rule_set(hitung_menit_luar_presensi=False)
    row = _row(dewi)
    assert [str(row[name]) for name in FIGURES] == ["3030", "0", "3030", "45.91", "826380", "2026380"]
    month = recap.employee_month(dewi, 2026, 10, today=AFTER)
    assert [str(month["rekap"][name]) for name in FIGURES] == [str(row[name]) for name in FIGURES]
    days = {d.tanggal.day: (d.menit_utama, d.menit_tambahan) for d in month["hari"]}
    assert (days[1], days[2], days[3], days[5]) == ((300, 0), (330, 0), (0, 0), (300, 0))
    assert month["rekap"]["aturan"]["hitung_menit_luar_presensi"] is False
    # The flag and the reconciliation are the same either way; the month page says the outside ones do not count.
    assert anomalies.presence_of(dewi.id, 2026, 10) == (3030, 300, False)
    f.user("verif", roles=("verifikator",))
    page = f.browser(app, "verif").get(f"/anomali?periode=2026-10&skpd={dewi.skpd_id}").get_data(as_text=True)
    assert "Dewi Sartika" in page and "tidak dihitung dalam capaian kinerja" in page


def test_a_locked_month_keeps_what_its_rule_set_counted(dewi):
    aturan = f.rule_set(hitung_menit_luar_presensi=False)
    periods.lock(f.user("verif", roles=("verifikator",)), 2026, 10)
    # Even if the setting were changed under the locked month, the snapshot and its days stay as locked.
    AturanTpp.update(hitung_menit_luar_presensi=True).where(AturanTpp.id == aturan.id).execute()
    rows, final = recap.month_recap(2026, 10, nip=dewi.nip)
    assert final and (rows[0]["menit_utama"], rows[0]["tpp_diterima"]) == (3030, 2026380)
    month = recap.employee_month(dewi, 2026, 10, today=AFTER)
    assert month["final"] and {d.tanggal.day: d.menit_utama for d in month["hari"]}[2] == 330  # not 390


def test_the_what_if_prices_not_counting_them(dewi):
    f.rule_set()
    periods.lock(f.user("verif", roles=("verifikator",)), 2026, 10)
    draft = f.rule_set(datetime.date(2027, 1, 1), hitung_menit_luar_presensi=False)
    result = whatif.simulate(2026, 10, draft.id)
    assert (result["total"]["tpp_dibayar"], result["total"]["tpp_simulasi"]) == (2108100, 2026380)
    assert result["total"]["selisih"] == -81720
    same = whatif.simulate(2026, 10, f.rule_set(datetime.date(2027, 2, 1)).id)
    assert same["total"]["selisih"] == 0


def test_the_rules_portal_offers_the_setting_in_indonesian(client):
    f.user("admin", roles=("admin",))
    f.login(client, "admin")
    page = client.get("/admin/aturan/new/").get_data(as_text=True)
    assert "Menit kegiatan di luar jam presensi ikut dihitung" in page and 'name="hitung_menit_luar_presensi"' in page
