"""The demo city of `flask seed-demo`: Banda Aceh's five pilot SKPD, complete and consistent, seeded once."""

import datetime
from collections import Counter

import pytest
from werkzeug.security import generate_password_hash

from ekinerja import models
from ekinerja.models import (
    AturanTpp,
    AuditLog,
    HariLibur,
    Jabatan,
    JadwalKhusus,
    Pegawai,
    RiwayatJabatan,
    Skpd,
    TarifTpp,
    UraianTugas,
    User,
)
from ekinerja.rules.golongan import is_valid_golongan
from ekinerja.rules.hierarchy import chain_up, creates_cycle
from ekinerja.rules.nip import nip_errors
from ekinerja.rules.tpp import DEMO_TARIF
from ekinerja.services import accounts, analysis, demo

TODAY = datetime.date.today()


def _fast_hash(password):
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def seeded(app, monkeypatch):
    """The demo city, with cheap password hashes so the suite stays fast."""
    monkeypatch.setattr(demo, "_password_hash", _fast_hash)
    return demo.seed("test")


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


def test_calendar_targets_and_rule_set_of_the_current_year(seeded):
    aturan = AturanTpp.get()
    assert aturan.berlaku_mulai == datetime.date(TODAY.year, 1, 1)
    assert aturan.nama == f"Aturan TPP {TODAY.year} (Perwal)"
    assert (aturan.menit_efektif_per_hari, aturan.bobot_kinerja, aturan.persen_cpns) == (300, 60, 80)
    assert dict(TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).tuples()) == DEMO_TARIF
    days = list(HariLibur.select())
    assert len(days) >= 5 and all(d.tanggal.year == TODAY.year for d in days)
    for skpd in Skpd.select():
        jenis = {(t.jenis, t.tahun) for t in skpd.target}
        assert ("renja", TODAY.year) in jenis and ("target_kinerja", TODAY.year) in jenis
        assert ("renstra", TODAY.year) in jenis


def test_seed_for_2026_keeps_november_free_of_holidays(app, monkeypatch):
    monkeypatch.setattr(demo, "_password_hash", _fast_hash)
    demo.seed("test", year=2026)
    days = {d.tanggal: d.jenis for d in HariLibur.select()}
    assert not [d for d in days if d.month == 11]
    assert days[datetime.date(2026, 3, 20)] == "libur_nasional"
    assert days[datetime.date(2026, 12, 24)] == "cuti_bersama"
    assert len(days) == 24
    ramadan = JadwalKhusus.get()
    assert (ramadan.mulai, ramadan.selesai) == (datetime.date(2026, 2, 18), datetime.date(2026, 3, 19))


def test_seeding_twice_changes_nothing(seeded):
    assert seeded
    before = _row_counts()
    assert demo.seed("test") is None
    assert _row_counts() == before
    assert AuditLog.select().where(AuditLog.aksi == "seed_demo").count() == 1


def test_seed_refuses_to_duplicate_an_existing_employee(app):
    from tests import factories as f

    jabatan = f.jabatan(f.skpd(kode="BPBD"))
    f.pegawai(jabatan, nip="198503122010011003", nama="Zulfikar Ahmad")
    before = _row_counts()
    with pytest.raises(demo.DemoConflict, match="198503122010011003"):
        demo.seed("test")
    assert _row_counts() == before


def test_cli_seed_demo_prints_logins_that_work(app, runner, monkeypatch):
    monkeypatch.setattr(demo, "_password_hash", _fast_hash)
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
    first = [(p[3], p[4]) for p in demo._plan()]
    assert first == [(p[3], p[4]) for p in demo._plan()]
    for year in demo.HOLIDAYS:
        dates = [d for d, _, _ in demo.holidays(year)]
        assert len(dates) == len(set(dates)) and all(d.year == year for d in dates)
    for year in range(2024, 2040):
        mulai, selesai = demo.ramadan(year)
        assert mulai.year == year and (selesai - mulai).days in (28, 29)
    assert demo.renstra_period(2026) == (2025, 2029)
    assert demo.renstra_period(2030) == (2030, 2034)
