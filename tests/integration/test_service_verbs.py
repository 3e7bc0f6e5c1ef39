"""Service verbs called directly: the apel roll call, the day-totals rebuild, logins, logouts and API tokens."""

import datetime

import pytest

from ekinerja import clock
from ekinerja.models import Aktivitas, Apel, ApiToken, AuditLog, MenitHarian, Periode, User
from ekinerja.services import accounts, attendance, day_totals
from tests import factories as f

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def dinas(app):
    unit = f.skpd(kode="DINAS", apel_sore=False)
    staf = f.jabatan(unit)
    people = [f.pegawai(staf, nama=name) for name in ("Ani", "Budi", "Citra")]
    return unit, people


def present(sesi="pagi"):
    return {a.pegawai_id for a in Apel.select().where(Apel.tanggal == DAY, Apel.sesi == sesi)}


# -- the apel roll call ----------------------------------------------------------------------------


def test_record_apel_stores_exactly_the_ticked_people_with_one_audit_entry_each_time(dinas):
    unit, (ani, budi, citra) = dinas
    assert attendance.record_apel("petugas", unit, DAY, "pagi", {ani.id, budi.id}) == (2, 0)
    assert attendance.record_apel("petugas", unit, DAY, "pagi", {budi.id, citra.id}) == (1, 1)
    assert present() == {budi.id, citra.id} == attendance.present_ids(unit.id, DAY, "pagi")
    trail = list(AuditLog.select().where(AuditLog.objek == "apel").order_by(AuditLog.id))
    assert [(a.pengguna, a.aksi, a.objek_id) for a in trail] == [("petugas", "ubah", f"DINAS:{DAY}:pagi")] * 2
    assert (trail[1].rincian_data["nip_ditambah"], trail[1].rincian_data["nip_dihapus"]) == ([citra.nip], [ani.nip])


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("outsider", attendance.OTHER_PEOPLE),
        ("future", attendance.FUTURE),
        ("afternoon", attendance.NO_AFTERNOON),
        ("locked", attendance.LOCKED.format(DAY)),
    ],
)
def test_record_apel_refuses_and_keeps_nothing(dinas, case, message):
    unit, (ani, _, _) = dinas
    day, sesi, hadir = DAY, "pagi", {ani.id}
    if case == "outsider":
        hadir.add(f.pegawai(f.jabatan(f.skpd(kode="LAIN"))).id)
    elif case == "future":
        day = clock.today() + datetime.timedelta(days=1)
    elif case == "afternoon":
        sesi = "sore"
    else:
        Periode.create(tahun=DAY.year, bulan=DAY.month, status="DIKUNCI", versi=1)
    with pytest.raises(attendance.ApelRefused, match=message.split(";")[0]):
        attendance.record_apel("petugas", unit, day, sesi, hadir)
    assert Apel.select().count() == 0 and not AuditLog.select().exists()


# -- the day-totals rebuild ------------------------------------------------------------------------


def test_rebuild_mends_a_direct_repair_and_says_so_in_the_audit_trail(dinas):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    _, (ani, _, _) = dinas
    f.entry(ani, DAY, 60, status="DISETUJUI")
    Aktivitas.update(menit_diakui=75).execute()  # a repair made directly in the database
    assert day_totals.rebuild("operator", MenitHarian, DAY, DAY, "2026-03") == ((DAY, DAY), 1)
    assert MenitHarian.get(MenitHarian.pegawai == ani).menit_tambahan == 75
    trail = AuditLog.get(AuditLog.objek == "menit_harian")
    assert (trail.pengguna, trail.aksi, trail.objek_id) == ("operator", "hitung_ulang", "2026-03")


def test_rebuild_of_an_empty_table_writes_no_audit_entry(app):
    assert day_totals.rebuild("operator", MenitHarian) == ((None, None), 0)
    assert not AuditLog.select().exists()


# -- accounts ---------------------------------------------------------------------------------------


def test_the_login_policy_passed_in_decides_when_and_how_long_an_account_locks(app):
    user = f.user("kasir", roles=("keuangan",))
    now = datetime.datetime(2026, 3, 10, 9, 0)
    policy = accounts.LoginPolicy(max_failures=2, lock_minutes=5)
    for _ in range(2):
        assert accounts.authenticate("kasir", "salah-sandi-1", policy, now=now) is None
    assert User.get_by_id(user.id).terkunci_sampai == now + datetime.timedelta(minutes=5)
    assert accounts.authenticate("kasir", f.PASSWORD, policy, now=now) is None
    assert accounts.authenticate("kasir", f.PASSWORD, policy, now=now + datetime.timedelta(minutes=6)) is not None
    assert AuditLog.get(AuditLog.aksi == "kunci_akun").pengguna == "kasir"


def test_record_login_and_log_out_write_the_audit_trail_and_log_out_ends_every_session(app):
    user = f.user("kasir", roles=("keuangan",))
    accounts.record_login(user)
    version = user.versi_sesi
    accounts.log_out(user)
    assert User.get_by_id(user.id).versi_sesi == version + 1 == user.versi_sesi
    trail = AuditLog.select().where(AuditLog.objek == "user").order_by(AuditLog.id)
    assert [(a.pengguna, a.aksi, a.objek_id) for a in trail] == [("kasir", "masuk", str(user.id))] + [
        ("kasir", "keluar", str(user.id))
    ]


def test_issue_token_keeps_only_the_hash_for_the_hours_given_and_is_audited(app, monkeypatch):
    now = datetime.datetime(2026, 3, 10, 9, 0)
    monkeypatch.setattr(clock, "now", lambda: now)
    user = f.user("kasir", roles=("keuangan",))
    token, expires = accounts.issue_token(user, 3)
    row = ApiToken.get(ApiToken.user == user)
    assert expires == row.kedaluwarsa == now + datetime.timedelta(hours=3)
    assert row.token_hash == accounts.token_hash(token) != token and row.versi_sesi == user.versi_sesi
    assert AuditLog.get(AuditLog.aksi == "token_api").pengguna == "kasir"
