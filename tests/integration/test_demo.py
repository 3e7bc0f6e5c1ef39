"""The demo city of `flask seed-demo`: Banda Aceh's five pilot SKPD, complete and consistent, seeded once."""

import datetime
import itertools
import random
from collections import Counter

import pytest
from peewee import fn
from werkzeug.security import generate_password_hash

from ekinerja import clock, demo, models, settings
from ekinerja.demo import entries as demo_entries
from ekinerja.demo import seeding as demo_seeding
from ekinerja.demo import skp as demo_skp
from ekinerja.demo.city import DEMO_SKPD_CODES
from ekinerja.demo.people import plan
from ekinerja.models import (
    Aktivitas,
    Apel,
    AturanTpp,
    AuditLog,
    Cuti,
    Evaluasi,
    HariLibur,
    Jabatan,
    JadwalKhusus,
    Keberatan,
    MenitHarian,
    Pegawai,
    PredikatOrganisasi,
    Presensi,
    RiwayatJabatan,
    Skp,
    Skpd,
    TarifTpp,
    UraianTugas,
    User,
)
from ekinerja.rules import holidays as national_holidays
from ekinerja.rules.activity import credited_minutes
from ekinerja.rules.calendar import DaySchedule, month_bounds, previous_month
from ekinerja.rules.golongan import is_valid_golongan
from ekinerja.rules.hierarchy import chain_up, creates_cycle
from ekinerja.rules.nip import nip_errors
from ekinerja.rules.tpp import DEMO_TARIF
from ekinerja.rules.workflow import Status
from ekinerja.services import accounts, analysis, approvals, recap
from ekinerja.services import skp_evaluation as evals
from ekinerja.services.calendar import Calendar, approval_deadline
from ekinerja.services.periods import is_locked
from ekinerja.services.positions import approvers_of

TODAY = clock.today()  # the city's date, by which the demo seeds (the server's date may still be yesterday)


def _fast_hash(password):
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def _no_entries(actor, store, today=None):
    return {}


def _no_history(today):
    return {}


@pytest.fixture
def cheap_seed(monkeypatch):
    """Cheap password hashes, no month of entries and no locked months before it (seconds per seed): only the LKH
    and history tests below write those."""
    monkeypatch.setattr(demo_seeding, "_password_hash", _fast_hash)
    monkeypatch.setattr(demo_seeding, "seed_activity", _no_entries)
    monkeypatch.setattr(demo_seeding, "seed_history", _no_history)


@pytest.fixture
def seeded(app, cheap_seed):
    """The demo city without its month of entries and its locked months."""
    return demo.seed("test", settings.evidence_store(app))


def _row_counts():
    return {model.__name__: model.select().count() for model in models.FOUNDATION_MODELS}


def test_seed_creates_the_five_pilot_skpd_with_schedule_and_apel_sore(seeded):
    skpds = {s.kode: s for s in Skpd.select()}
    assert set(skpds) == {"SETDA", "SETWAN", "DPKAD", "DISDUKCAPIL", "KPPTSP"}
    for skpd in skpds.values():
        assert skpd.apel_sore and skpd.aktif and skpd.singkatan
        assert skpd.jadwal.kode == "STD"
        assert skpd.jadwal.hours_on(0) == (datetime.time(7, 30), datetime.time(16, 0))
        assert skpd.jadwal.hours_on(4) == (datetime.time(7, 30), datetime.time(16, 30))
        assert skpd.jadwal.hours_on(5) is None
        assert skpd.unit.count() >= 3
    ramadan = JadwalKhusus.get()
    assert ramadan.jadwal.kode == "STD" and ramadan.pengganti.kode == "RAMADAN"
    assert ramadan.mulai.year == TODAY.year and (ramadan.selesai - ramadan.mulai).days in (28, 29)


def test_employees_have_valid_nips_consistent_with_birth_date_and_sex(seeded):
    people = list(Pegawai.select())
    assert len(people) >= 60
    for person in people:
        assert nip_errors(person.nip, person.tanggal_lahir, person.jenis_kelamin) == [], person.nama
        assert is_valid_golongan(person.golongan)
        assert person.status in ("PNS", "CPNS")
    assert len({p.id_mesin for p in people}) == len(people)
    assert 2 <= sum(p.status == "CPNS" for p in people) <= 6
    assert {p.jenis_kelamin for p in people} == {"L", "P"}


def test_the_people_of_the_example_pegawai_csv_are_in_the_demo(seeded):
    zulfikar = Pegawai.get(Pegawai.nip == "198503122010011003")
    siti = Pegawai.get(Pegawai.nip == "199702142024032001")
    assert (zulfikar.nama, zulfikar.gelar_belakang, zulfikar.golongan, zulfikar.status, zulfikar.id_mesin) == (
        "Zulfikar Ahmad",
        "S.E.",
        "III/c",
        "PNS",
        "7",
    )
    assert (siti.nama, siti.gelar_belakang, siti.golongan, siti.status, siti.id_mesin) == (
        "Siti Rahmah",
        "A.Md.",
        "II/c",
        "CPNS",
        "12",
    )
    current = {r.pegawai_id: r for r in RiwayatJabatan.select().where(RiwayatJabatan.selesai.is_null())}
    assert current[zulfikar.id].jabatan.kode == "DPKAD-0301"
    assert current[zulfikar.id].mulai == datetime.date(2024, 1, 2)
    assert current[siti.id].jabatan.kode == "DPKAD-0305"
    assert current[siti.id].mulai == datetime.date(2024, 3, 1)
    # Zulfikar's superior position is the Kabid, hers is his.
    assert current[siti.id].jabatan.atasan.kode == "DPKAD-0301"


def test_every_active_position_has_five_duties_with_norma_and_volume(seeded):
    positions = list(Jabatan.select().where(Jabatan.aktif))
    assert len(positions) >= 40
    for jabatan in positions:
        duties = list(jabatan.tugas.where(UraianTugas.aktif))
        assert len(duties) >= 5, jabatan.kode
        assert len({d.kode for d in duties}) == len(duties)
        for duty in duties:
            assert 15 <= duty.norma_waktu <= 240, (jabatan.kode, duty.uraian)
            assert duty.volume_tahunan > 0
            assert duty.satuan in {"dokumen", "berkas", "laporan", "kegiatan", "surat"}
        assert 1 <= jabatan.kelas_jabatan <= 17


def test_hierarchy_has_no_cycle_and_the_sekda_is_on_top(seeded):
    parent_of = dict(Jabatan.select(Jabatan.id, Jabatan.atasan).tuples())
    tops = [Jabatan.get_by_id(i) for i, atasan in parent_of.items() if atasan is None]
    assert [(j.kode, j.jenis, j.eselon, j.kelas_jabatan) for j in tops] == [("SETDA-0001", "jpt", "II.a", 15)]
    for node, parent in parent_of.items():
        assert not creates_cycle(parent_of, node, parent)
        if parent is not None:
            assert chain_up(parent_of, node)[-1] == tops[0].id
    # Each Kepala SKPD reports to the Sekda across SKPD lines.
    for kode in ("SETWAN-0001", "DPKAD-0001", "DISDUKCAPIL-0001", "KPPTSP-0001"):
        assert Jabatan.get(Jabatan.kode == kode).atasan.kode == "SETDA-0001"
    assert Jabatan.get(Jabatan.kode == "DPKAD-0305").atasan.atasan.kode == "DPKAD-0300"


def test_every_employee_holds_exactly_one_current_position_in_own_skpd(seeded):
    current = Counter()
    for riwayat in RiwayatJabatan.select(RiwayatJabatan, Pegawai, Jabatan).join(Pegawai).switch().join(Jabatan):
        assert riwayat.mulai >= datetime.date(int(riwayat.pegawai.nip[8:12]), int(riwayat.pegawai.nip[12:14]), 1)
        if riwayat.covers(TODAY):
            current[riwayat.pegawai_id] += 1
            assert riwayat.jabatan.skpd_id == riwayat.pegawai.skpd_id
        else:
            assert riwayat.selesai is not None and riwayat.selesai < TODAY
    assert set(current) == {p.id for p in Pegawai.select()}
    assert set(current.values()) == {1}
    assert RiwayatJabatan.select().where(RiwayatJabatan.selesai.is_null(False)).count() >= 3
    held = {r.jabatan_id for r in RiwayatJabatan.select().where(RiwayatJabatan.selesai.is_null())}
    assert held == {j.id for j in Jabatan.select().where(Jabatan.aktif)}


def test_abk_shows_shortage_and_surplus(seeded):
    needs = [need for skpd in Skpd.select() for _, need in analysis.staffing_by_position(skpd)]
    verdicts = Counter(n.keterangan for n in needs)
    assert verdicts["kurang"] >= 2 and verdicts["lebih"] >= 1 and verdicts["sesuai"] > len(needs) // 2
    assert len({n.beban_kerja_menit for n in needs}) > len(needs) // 2


def test_readiness_shows_one_skpd_with_a_gap(seeded):
    rows = {r["skpd"].kode: r for r in analysis.readiness(Skpd.select(), TODAY.year)}
    assert {kode for kode, r in rows.items() if r["siap"]} == {"SETDA", "SETWAN", "DPKAD", "DISDUKCAPIL"}
    gaps = [syarat for syarat, c in rows["KPPTSP"]["kriteria"].items() if not c.terpenuhi]
    assert gaps == ["apel"]


def test_one_account_per_role_and_one_per_employee(seeded):
    users = list(User.select())
    roles = Counter(role for user in users for role in user.roles)
    for role in ("admin", "admin_skpd", "verifikator", "keuangan"):
        assert roles[role] >= 1, role
    assert User.get(User.username == "admin.dpkad").skpd.kode == "DPKAD"
    employees = {p.nip: p.id for p in Pegawai.select()}
    accounts_by_nip = {u.username: u for u in users if u.pegawai_id}
    assert set(accounts_by_nip) == set(employees)
    assert all(accounts_by_nip[nip].pegawai_id == employees[nip] for nip in employees)
    assert all("pegawai" in u.roles for u in accounts_by_nip.values())
    verifying_staff = [u for u in accounts_by_nip.values() if "verifikator" in u.roles]
    assert len(verifying_staff) == 1 and verifying_staff[0].pegawai.skpd.kode == "SETDA"


def test_the_treasurers_of_setwan_and_dpkad_sign_from_january_and_are_their_own_staff(seeded):
    from ekinerja.models import BendaharaSkpd

    treasurers = {b.skpd.kode: b for b in BendaharaSkpd.select()}
    assert {kode: b.pegawai.nama for kode, b in treasurers.items()} == demo.TREASURERS
    for kode, treasurer in treasurers.items():
        assert treasurer.pegawai.skpd.kode == kode
        assert (treasurer.mulai, treasurer.selesai) == (datetime.date(TODAY.year, 1, 1), None)


def test_calendar_targets_and_rule_set_of_the_current_year(seeded):
    aturan = AturanTpp.get()
    assert aturan.berlaku_mulai == datetime.date(TODAY.year, 1, 1)
    assert aturan.nama == f"Aturan TPP {TODAY.year} (Perwal)"
    assert (aturan.menit_efektif_per_hari, aturan.bobot_kinerja, aturan.persen_cpns) == (300, 60, 80)
    assert dict(TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).tuples()) == DEMO_TARIF
    days = list(HariLibur.select())
    # In January the past month's December holidays are there too, for its entries.
    since = previous_month(TODAY)[0]
    assert len(days) >= 5 and all(d.tanggal.year == TODAY.year or d.tanggal >= since for d in days)
    for skpd in Skpd.select():
        jenis = {(t.jenis, t.tahun) for t in skpd.target}
        assert ("renja", TODAY.year) in jenis and ("target_kinerja", TODAY.year) in jenis
        assert ("renstra", TODAY.year) in jenis


def test_seed_for_2026_keeps_november_free_of_holidays(app, cheap_seed):
    demo.seed("test", settings.evidence_store(app), year=2026)
    days = {d.tanggal: d.jenis for d in HariLibur.select() if d.tanggal.year == 2026}
    assert not [d for d in days if d.month == 11]
    assert days[datetime.date(2026, 3, 20)] == "libur_nasional"
    assert days[datetime.date(2026, 12, 24)] == "cuti_bersama"
    assert len(days) == 24
    ramadan = JadwalKhusus.get()
    assert (ramadan.mulai, ramadan.selesai) == (datetime.date(2026, 2, 18), datetime.date(2026, 3, 19))


def test_seeding_twice_changes_nothing(app, seeded):
    assert seeded
    before = _row_counts()
    assert demo.seed("test", settings.evidence_store(app)) is None
    assert _row_counts() == before
    assert AuditLog.select().where(AuditLog.aksi == "seed_demo").count() == 1


def test_seed_refuses_to_duplicate_an_existing_employee(app):
    from tests import factories as f

    jabatan = f.jabatan(f.skpd(kode="BPBD"))
    f.pegawai(jabatan, nip="198503122010011003", nama="Zulfikar Ahmad")
    before = _row_counts()
    with pytest.raises(demo.DemoConflict, match="198503122010011003"):
        demo.seed("test", settings.evidence_store(app))
    assert _row_counts() == before


def test_cli_seed_demo_prints_logins_that_work(app, runner, cheap_seed):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    printed = {}
    for line in result.output.splitlines()[1:]:
        username, password, role = line.split(maxsplit=2)
        printed[username] = (password, role)
    assert {"admin", "admin.dpkad", "verifikator", "keuangan"} <= set(printed)
    assert "199702142024032001" in printed and "198503122010011003" in printed
    for username in ("admin", "199702142024032001"):
        user = accounts.authenticate(username, printed[username][0])
        assert user is not None and user.username == username
    assert accounts.authenticate("admin", "salah-sandi-1") is None

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "sudah ada" in again.output


def test_plan_is_deterministic_and_calendar_tables_are_sound():
    first = [(p[3], p[4]) for p in plan()]
    assert first == [(p[3], p[4]) for p in plan()]
    for year in national_holidays.HOLIDAYS:
        dates = [d for d, _, _ in national_holidays.holidays(year)]
        assert len(dates) == len(set(dates)) and all(d.year == year for d in dates)
    for year in range(2024, 2040):
        mulai, selesai = national_holidays.ramadan(year)
        assert mulai.year == year and (selesai - mulai).days in (28, 29)
    assert demo.renstra_period(2026) == (2025, 2029)
    assert demo.renstra_period(2030) == (2030, 2034)


# --- The past month of daily entries ---------------------------------------------------------------------


def test_day_blocks_fill_300_to_420_minutes_without_overlap_on_every_schedule():
    standard = DaySchedule(datetime.time(7, 30), datetime.time(16, 0))
    friday = DaySchedule(datetime.time(7, 30), datetime.time(16, 30))
    ramadan = DaySchedule(datetime.time(8, 0), datetime.time(15, 0))
    monday, friday_day = datetime.date(2026, 10, 5), datetime.date(2026, 10, 9)
    rng = random.Random(1)
    for day, hours in ((monday, standard), (friday_day, friday), (monday, ramadan), (friday_day, ramadan)):
        for _ in range(200):
            blocks = demo.day_blocks(rng, day, hours)
            assert 300 <= sum(end - start for start, end in blocks) <= 420
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(blocks))
            assert all(end - start >= 60 for start, end in blocks)
            assert blocks[0][0] >= 8 * 60 and blocks[-1][1] <= demo_entries._minutes(hours.pulang)
            # Nothing over the midday break, nor over Friday prayers.
            assert not [b for b in blocks if b[0] < (14 if day == friday_day else 13) * 60 and b[1] > 12 * 60]


def test_previous_month_crosses_the_year():
    assert previous_month(datetime.date(2027, 1, 4)) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    assert previous_month(datetime.date(2026, 3, 31)) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))


def test_seeded_in_january_the_past_december_has_its_holidays(app, cheap_seed, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2027, 1, 4))
    asked = []
    monkeypatch.setattr(demo_seeding, "seed_activity", lambda actor, store, today=None: asked.append(today) or {})
    demo.seed("test", settings.evidence_store(app))
    assert asked == [datetime.date(2027, 1, 4)]
    days = {d.tanggal for d in HariLibur.select()}
    assert {datetime.date(2026, 12, 24), datetime.date(2026, 12, 25), datetime.date(2027, 1, 1)} <= days
    assert not [d for d in days if d.year == 2026 and d.month < 12]


def _by_person_and_day(entries):
    days = {}
    for entry in entries:
        days.setdefault((entry.pegawai_id, entry.tanggal), []).append(entry)
    return days


def test_seed_gives_a_past_month_of_entries_in_every_status_and_locked_months_through_the_rules(app, monkeypatch):
    monkeypatch.setattr(demo_seeding, "_password_hash", _fast_hash)
    demo.seed("test", settings.evidence_store(app))
    check_demo_entries(clock.today())
    check_demo_history(app, clock.today())


def check_demo_history(app, today):
    """The eleven months before the past month: run with entries and scans and locked through the lock verb, so that
    every stored figure is the recap of those entries and scans, and the institutions' screens show them."""
    from ekinerja.models import Periode, Rekap, SkorSkpd
    from ekinerja.services.ranking import months_back

    last = previous_month(previous_month(today)[0])[0]
    months = months_back(last.year, last.month, 11)
    locked = list(Periode.select().where(Periode.status == "DIKUNCI").order_by(Periode.id))
    assert [(p.tahun, p.bulan) for p in locked] == months
    # each locked the morning after its approval deadline (day 5 of the next month), not when the demo was seeded
    assert all(p.diubah_pada.date() == approval_deadline(p.tahun, p.bulan) + datetime.timedelta(days=1) for p in locked)
    for year, month in (months[0], months[-1]):
        first, end = month_bounds(year, month)
        assert Aktivitas.select().where(Aktivitas.tanggal.between(first, end)).count() > 1000
        stored = {r.pegawai_id: r for r in Rekap.select().where(Rekap.tahun == year, Rekap.bulan == month)}
        fresh, _ = recap.compute_month(year, month, today=end + datetime.timedelta(days=1))
        assert len(stored) == len(fresh) > 50
        for row in fresh:  # the snapshot is the recap of the month's entries and scans
            kept = stored[row["pegawai_id"]]
            assert (kept.menit_utama, kept.potongan_disiplin, kept.tpp_diterima) == (
                row["menit_utama"],
                row["potongan_disiplin"],
                row["tpp_diterima"],
            )
        assert sum(r.menit_utama for r in stored.values()) > 0
        assert sum(r.tpp_diterima for r in stored.values()) > 0  # each month under a rule set with its tariffs
        assert SkorSkpd.select().where(SkorSkpd.tahun == year, SkorSkpd.bulan == month).count() == len(DEMO_SKPD_CODES)
    periode = f"{last.year:04d}-{last.month:02d}"
    verifikator = User.get(User.username == "verifikator")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = verifikator.get_id()
        session["_fresh"] = True
    ranking_page = client.get(f"/peringkat?periode={periode}").get_data(as_text=True)
    public_page = client.get(f"/publik?periode={periode}").get_data(as_text=True)
    skpd = Skpd.get(Skpd.kode == "DPKAD")
    anomaly_page = client.get(f"/anomali?periode={periode}&skpd={skpd.id}").get_data(as_text=True)
    for page in (ranking_page, public_page):
        assert all(s.nama in page for s in Skpd.select().where(Skpd.kode.in_(DEMO_SKPD_CODES)))
    # Each DPKAD employee's approved minutes of the month, inside and outside the attendance window, from the entries.
    some = Rekap.get(Rekap.tahun == last.year, Rekap.bulan == last.month, Rekap.skpd_kode == "DPKAD")
    approved = MenitHarian.select(fn.SUM(MenitHarian.menit_utama + MenitHarian.menit_tambahan)).where(
        MenitHarian.pegawai == some.pegawai_id, MenitHarian.tanggal.between(*month_bounds(last.year, last.month))
    )
    assert Pegawai.get_by_id(some.pegawai_id).nama in anomaly_page and approved.scalar() > 0


def check_demo_entries(today):
    """The demo's LKH entries of the month before `today` and of this month so far."""
    first, last = previous_month(today)
    people = {p.id: p for p in Pegawai.select(Pegawai, Skpd).join(Skpd)}
    entries = list(Aktivitas.select().where(Aktivitas.tanggal.between(first, last)))

    # Every status, mostly approved.
    statuses = Counter(e.status for e in entries)
    assert set(statuses) == set(Status), statuses
    assert statuses[Status.DISETUJUI] > 0.9 * len(entries)
    assert statuses[Status.DIANULIR] == 2

    # Every entry has its audit trail, opened by its owner.
    trail = {}
    for row in AuditLog.select().where(AuditLog.objek == "aktivitas").order_by(AuditLog.id):
        trail.setdefault(row.objek_id, []).append(row)
    usernames = dict(User.select(User.pegawai, User.username).where(User.pegawai.is_null(False)).tuples())
    for entry in entries:
        rows = trail.get(str(entry.id))
        assert rows, entry.id
        assert (rows[0].aksi, rows[0].ke, rows[0].pengguna) == ("ajukan", "DIAJUKAN", usernames[entry.pegawai_id])
        assert rows[-1].ke == entry.status

    # Working days of the SKPD only, never on the person's leave; no overlaps; 300-420 minutes a day.
    calendar = Calendar(first, max(today, last + datetime.timedelta(days=14)))
    working = {skpd.jadwal_id: calendar.working_days(skpd.jadwal_id) for skpd in Skpd.select()}
    leave = list(Cuti.select())
    assert len(leave) == 2 and {c.jenis for c in leave} == {"cuti_tahunan", "dinas_luar"}
    assert all(c.nomor_surat and first <= c.mulai <= c.selesai <= last for c in leave)
    scanned = {
        (pegawai_id, waktu.date()) for pegawai_id, waktu in Presensi.select(Presensi.pegawai, Presensi.waktu).tuples()
    }
    assert not [c for c in leave for p, day in scanned if p == c.pegawai_id and c.mulai <= day <= c.selesai]
    holidays = {d.tanggal for d in HariLibur.select()}
    logged = _by_person_and_day(entries)
    # Everyone logged every working day of the month but their days of leave, in two to five entries.
    for person in people.values():
        days_off = {
            d
            for c in leave
            if c.pegawai_id == person.id
            for d in working[person.skpd.jadwal_id]
            if c.mulai <= d <= c.selesai
        }
        month_days = {d for d in working[person.skpd.jadwal_id] if d <= last} - days_off
        assert {day for pegawai_id, day in logged if pegawai_id == person.id} == month_days, person.nama
    assert {len(day_entries) for day_entries in logged.values()} <= {2, 3, 4, 5}
    for (pegawai_id, day), day_entries in logged.items():
        assert day in working[people[pegawai_id].skpd.jadwal_id] and day not in holidays and day.weekday() < 5
        assert not [c for c in leave if c.pegawai_id == pegawai_id and c.mulai <= day <= c.selesai]
        day_entries.sort(key=lambda e: e.jam_mulai)
        assert all(a.jam_selesai <= b.jam_mulai for a, b in itertools.pairwise(day_entries)), (pegawai_id, day)
        assert 300 <= sum(e.menit_diakui for e in day_entries) <= 420

    # Catalogue duties of the person's own position, credited by the norm; some extra tasks.
    positions = {r.pegawai_id: r.jabatan_id for r in RiwayatJabatan.select() if r.covers(first)}
    duties = {d.id: d for d in UraianTugas.select()}
    for entry in entries:
        if entry.tugas_id is None:
            assert entry.uraian and entry.volume == 1
        else:
            duty = duties[entry.tugas_id]
            assert duty.jabatan_id == positions[entry.pegawai_id]
            expected = credited_minutes(entry.volume, duty.norma_waktu, entry.jam_mulai, entry.jam_selesai)
            assert entry.menit_diakui == expected
    assert 100 <= sum(e.tugas_id is None for e in entries) <= 0.1 * len(entries)

    # Siti Rahmah sent one entry back after its revision, with evidence.
    siti = Pegawai.get(Pegawai.nip == "199702142024032001")
    edited = [e for e in entries if [r.aksi for r in trail[str(e.id)]] == ["ajukan", "revisi", "ubah"]]
    assert len(edited) == 1 and edited[0].pegawai_id == siti.id
    assert edited[0].status == Status.DIAJUKAN and edited[0].bukti_berkas

    # Decided by the owner's actual approver (the verifikator for the Sekda), with a note where one is due.
    verifikator = User.get(User.username == "verifikator")
    accounts_by_id = {u.id: u for u in User.select()}
    # Nobody changes position within the month, so one lookup per person holds for every day.
    assert all(r.covers(last) for r in RiwayatJabatan.select() if r.covers(first))
    approvers = {pegawai_id: approvers_of(pegawai_id, first) for pegawai_id in people}
    deadline = {day: approval_deadline(first.year, first.month) for day in {e.tanggal for e in entries}}
    for entry in entries:
        if entry.id == edited[0].id:
            # The owner's edit ended the superior's decision; it waits for a new one.
            assert entry.diputuskan_oleh_id is None
            assert [r.aksi for r in trail[str(entry.id)]] == ["ajukan", "revisi", "ubah"]
            continue
        if entry.status == Status.DIAJUKAN:
            assert entry.diputuskan_oleh_id is None and len(trail[str(entry.id)]) == 1
            continue
        decider = accounts_by_id[entry.diputuskan_oleh_id]
        if entry.status == Status.DIANULIR:
            assert decider.id == verifikator.id and entry.catatan_atasan
            assert [r.aksi for r in trail[str(entry.id)]] == ["ajukan", "setujui", "anulir"]
            continue
        own = approvers[entry.pegawai_id]
        # Decided the next working day; after the approval deadline (a long holiday at the month's end) that
        # is the verifikator's.
        decided = next(d for d in working[people[entry.pegawai_id].skpd.jadwal_id] if d > entry.tanggal)
        late = decided > deadline[entry.tanggal]
        assert decider.pegawai_id in own if own and not late else decider.id == verifikator.id
        assert bool(entry.catatan_atasan) == (entry.status in (Status.REVISI, Status.DITOLAK) or entry in edited)
    sekda = Pegawai.get(Pegawai.nama == "Amiruddin Yusuf")
    assert {e.diputuskan_oleh_id for e in entries if e.pegawai_id == sekda.id and e.status == Status.DISETUJUI} == {
        verifikator.id
    }

    # The month stays open for the verifikator to lock in the demo.
    assert not is_locked(first)

    # This month: only the example pair, before today, waiting.
    recent = list(Aktivitas.select().where(Aktivitas.tanggal > last))
    assert recent or not [d for d in working[siti.skpd.jadwal_id] if last < d < today]
    zulfikar = Pegawai.get(Pegawai.nip == "198503122010011003")
    assert {e.pegawai_id for e in recent} <= {siti.id, zulfikar.id}
    assert all(e.tanggal < today and e.status == Status.DIAJUKAN for e in recent)
    assert len({e.tanggal for e in recent}) <= 2

    # Her superior finds her waiting entries on login.
    superior = User.get(User.pegawai == zulfikar.id)
    # The past month's leftovers are his until its approval deadline, the verifikator's after it.
    atasan = dict(Jabatan.select(Jabatan.id, Jabatan.atasan).tuples())
    subordinates = {p for p, jabatan in positions.items() if atasan[jabatan] == positions[zulfikar.id]}
    in_inbox = approvals.waiting(superior, *approvals.inbox_window(today), today)
    assert in_inbox and {e.pegawai_id for e in in_inbox} <= subordinates
    assert {e.id for e in in_inbox} >= {e.id for e in recent if e.pegawai_id == siti.id}
    past_month = {e.id for e in approvals.waiting(superior, first, last, today)}
    before_deadline = today <= approval_deadline(first.year, first.month)
    assert bool(past_month) == before_deadline


def test_the_past_month_and_this_month_so_far_have_scans_and_apel_with_a_few_lapses(seeded):
    first, last = previous_month(TODAY)
    calendar = Calendar(first, TODAY)
    people = {p.id: p for p in Pegawai.select(Pegawai, Skpd).join(Skpd)}
    scans = Presensi.select(Presensi.pegawai, Presensi.waktu).tuples()
    scanned = {(pegawai_id, waktu.date()) for pegawai_id, waktu in scans}
    assert scanned and all(first <= day < TODAY for _, day in scanned)
    assert all(calendar.is_working_day(people[p].skpd.jadwal_id, day) for p, day in scanned)
    assert {(p, day) for p, day, _ in Apel.select(Apel.pegawai, Apel.tanggal, Apel.sesi).tuples()} <= scanned

    rows, _ = recap.compute_month(first.year, first.month, today=last + datetime.timedelta(days=1))
    judged = sum(row["hari_efektif"] for row in rows)
    codes = Counter(item["kode"].rstrip("1234") for row in rows for item in row["rincian_disiplin"])
    assert set(codes) == {"TK", "TL", "PSW", "APEL_PAGI", "APEL_SORE"}, codes
    assert codes["TK"] < 0.03 * judged and codes["TL"] < 0.12 * judged
    assert max(row["potongan_disiplin"] for row in rows) < 30


# ---------------------------------------------------------------------------------------------------------------
# The pilot SKPD's SKPs


def _skps_by_name(year):
    query = Skp.select(Skp, Pegawai).join(Pegawai, on=Skp.pegawai == Pegawai.id).where(Skp.tahun == year)
    return {s.pegawai.nama: s for s in query}


def test_the_demo_has_dpkad_skps_in_every_state(app, cheap_seed):
    demo.seed("test", settings.evidence_store(app))
    dpkad = Skpd.get(Skpd.kode == "DPKAD")
    this_year = _skps_by_name(TODAY.year)
    assert {nama: s.status for nama, s in this_year.items()} == {
        "Mukhlis Abdurrahman": "DISETUJUI",
        "Jalaluddin": "DISETUJUI",
        "Zulfikar Ahmad": "DIKEMBALIKAN",
        "Ikhsan Maulana": "DIAJUKAN",
        "Siti Rahmah": "DRAFT",
    }
    assert this_year["Zulfikar Ahmad"].catatan == demo_skp.RETURN_NOTE
    head = this_year["Mukhlis Abdurrahman"]
    assert {e.periode: e.predikat for e in head.evaluasi} == {1: "Baik"}
    assert head.metode == "permenpanrb_6_2022" and head.perilaku.count() == 7
    assert all(s.hasil.count() == 1 and s.hasil.get().indikator.count() == 2 for s in this_year.values())

    last_year = _skps_by_name(TODAY.year - 1)
    annual = {nama: s.evaluasi.where(Evaluasi.periode == 0).get().predikat for nama, s in last_year.items()}
    assert annual == {
        "Mukhlis Abdurrahman": "Sangat Baik",
        "Jalaluddin": "Baik",
        "Zulfikar Ahmad": "Sangat Baik",  # Baik, raised on objection
        "Ikhsan Maulana": "Sangat Baik",
        "Siti Rahmah": "Butuh Perbaikan",  # objection rejected
    }
    objections = {k.skp.pegawai.nama: k for k in Keberatan.select()}
    assert {nama: (k.predikat_semula, k.keputusan, k.predikat_baru) for nama, k in objections.items()} == {
        "Zulfikar Ahmad": ("Baik", "diterima", "Sangat Baik"),
        "Siti Rahmah": ("Butuh Perbaikan", "ditolak", None),
        "Jalaluddin": ("Baik", None, None),
    }
    assert objections["Zulfikar Ahmad"].diputuskan_oleh == head.pegawai.nip  # the head as atasan pejabat penilai
    assert objections["Jalaluddin"].diajukan_pada == datetime.date(TODAY.year - 1, 12, 30)
    org = PredikatOrganisasi.get(PredikatOrganisasi.skpd == dpkad, PredikatOrganisasi.tahun == TODAY.year - 1)
    assert (org.predikat, org.final) == ("Baik", True)
    result = evals.distribution(dpkad, TODAY.year - 1)
    assert result.final and result.problems == []
    assert dict(result.counts) == {"Sangat Baik": 3, "Baik": 1, "Butuh Perbaikan": 1}
    assert not PredikatOrganisasi.select().where(PredikatOrganisasi.tahun == TODAY.year).exists()
