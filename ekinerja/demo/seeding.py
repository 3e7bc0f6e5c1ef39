"""Seeding the demo city: its master data, accounts, targets, prerequisites, calendar and rule set, then a month of
entries and attendance."""

import datetime
import random
from decimal import Decimal

from werkzeug.security import generate_password_hash

from ekinerja import clock
from ekinerja.db import insert_all, write_transaction
from ekinerja.demo.attendance import seed_attendance
from ekinerja.demo.city import (
    CITY,
    DEMO_SKPD_CODES,
    EMPLOYEE_LOGINS,
    NIP_ROLE_EXTRA,
    PASSWORD_PEGAWAI,
    PILOT_CONFIRMED,
    PRASYARAT_DOKUMEN,
    RAMADAN_WEEK,
    SERVICE_ACCOUNTS,
    TARGETS,
    TREASURERS,
)
from ekinerja.demo.entries import seed_activity
from ekinerja.demo.history import seed_history
from ekinerja.demo.people import duties_of, plan
from ekinerja.demo.shapes import CPNS_START, POSITION_START
from ekinerja.demo.skp import seed_skp
from ekinerja.models import (
    AturanTpp,
    BendaharaSkpd,
    HariLibur,
    Jabatan,
    JadwalKerja,
    JadwalKhusus,
    Pegawai,
    RiwayatJabatan,
    Skpd,
    SkpdPrasyarat,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
    User,
)
from ekinerja.rules.calendar import DEFAULT_WEEK, previous_month
from ekinerja.rules.holidays import holidays, ramadan
from ekinerja.rules.refusal import Conflict
from ekinerja.rules.tpp import DEMO_TARIF
from ekinerja.rules.vocabulary import HARI
from ekinerja.services import audit


class DemoConflict(Conflict):
    """The database holds rows (NIPs, codes, machine IDs) that the demo city would duplicate."""


def renstra_period(year):
    """The 5-year Renstra period containing the year (2025-2029, 2030-2034, ...)."""
    start = 2025 + 5 * ((year - 2025) // 5)
    return start, start + 4


def _password_hash(password):
    # One place for the hashing, which the tests replace with a cheap one.
    return generate_password_hash(password)


def _jadwal(kode, nama, week):
    """The work-time profile of that code; a new one works the hours of week ({weekday: DaySchedule or None})."""
    existing = JadwalKerja.get_or_none(JadwalKerja.kode == kode)
    if existing is not None:
        return existing
    values = {"kode": kode, "nama": nama}
    for weekday, hours in week.items():
        if hours is not None:
            values[f"{HARI[weekday]}_masuk"], values[f"{HARI[weekday]}_pulang"] = hours
    return JadwalKerja.create(**values)


def demo_exists():
    return Skpd.select().where(Skpd.kode.in_(DEMO_SKPD_CODES)).exists()


def _check_conflicts(people):
    """Refuse to seed over rows the demo would duplicate (an import of other data with the same keys)."""
    problems = []
    unit_codes = [kode for org in CITY for kode, _, _ in org.units]
    position_codes = [pos.kode for org in CITY for pos in org.positions]
    for label, model, field, values in (
        ("unit kerja", UnitKerja, UnitKerja.kode, unit_codes),
        ("jabatan", Jabatan, Jabatan.kode, position_codes),
        ("NIP", Pegawai, Pegawai.nip, [p[3].nip for p in people]),
        ("ID mesin", Pegawai, Pegawai.id_mesin, [p[4] for p in people]),
        ("nama pengguna", User, User.username, [p[3].nip for p in people]),
    ):
        found = sorted(model.select(field).where(field.in_(values)).tuples())
        if found:
            problems.append(f"{label} sudah ada: {', '.join(str(f[0]) for f in found[:5])}")
    if problems:
        raise DemoConflict("Data demo tidak dapat dibuat: " + "; ".join(problems) + ".")


def _missing_holidays(first, last):
    """Rows of the national holidays between first and last that the database does not hold yet."""
    query = HariLibur.select(HariLibur.tanggal).where(HariLibur.tanggal.between(first, last))
    existing = {day for (day,) in query.tuples()}
    return [
        {"tanggal": day, "jenis": jenis, "keterangan": keterangan}
        for year in range(first.year, last.year + 1)
        for day, jenis, keterangan in holidays(year)
        if first <= day <= last and day not in existing
    ]


def seed(actor, store, year=None):
    """Create the demo city; None (and nothing changed) when the database already holds it.

    Returns the demo logins as (username, password, role label); store: where the demo's evidence files go.
    """
    today = clock.today()
    year = year or today.year
    with write_transaction():
        if demo_exists():
            return None
        people = plan()
        _check_conflicts(people)
        counts = {}
        std = _schedules(year)
        skpd_by_code, unit_by_code, unit_names = _organisations(std, counts)
        jabatan_by_code = _positions(skpd_by_code, unit_by_code, unit_names, counts)
        nip_by_name = _employees(people, skpd_by_code, jabatan_by_code, counts)
        for skpd_code, nama in TREASURERS.items():
            pegawai = Pegawai.get(Pegawai.nip == nip_by_name[nama])
            BendaharaSkpd.create(skpd=skpd_by_code[skpd_code], pegawai=pegawai, mulai=datetime.date(year, 1, 1))
        counts["bendahara_skpd"] = len(TREASURERS)
        logins = _service_accounts(skpd_by_code)
        counts["pengguna"] = len(people) + len(logins)
        logins += [(nip_by_name[nama], PASSWORD_PEGAWAI, label) for nama, label in EMPLOYEE_LOGINS]
        counts["target"] = _targets(skpd_by_code, year)
        counts["prasyarat"] = _prerequisites(skpd_by_code, actor)
        counts["hari_libur"] = _holidays(year, today)
        if _rule_set(year):
            counts["aturan_tpp"] = 1
        counts.update(seed_skp(User.get(User.username == SERVICE_ACCOUNTS[0][0]), year))
        counts.update(seed_activity(actor, store, today))
        counts.update(seed_attendance(today))
        counts.update(seed_history(today))
        audit.record(actor, "seed_demo", "sistem", "-", rincian=counts)
        return logins


def _schedules(year):
    """The standard work-time profile, with the Ramadan hours in force during the year's Ramadan."""
    std = _jadwal("STD", "Jam kerja standar (5 hari)", DEFAULT_WEEK)
    ramadan_profile = _jadwal("RAMADAN", "Jam kerja bulan Ramadan", RAMADAN_WEEK)
    mulai, selesai = ramadan(year)
    nama_khusus = f"Ramadan {year}"
    if not JadwalKhusus.select().where(JadwalKhusus.nama == nama_khusus, JadwalKhusus.jadwal == std).exists():
        JadwalKhusus.create(nama=nama_khusus, jadwal=std, pengganti=ramadan_profile, mulai=mulai, selesai=selesai)
    return std


def _organisations(std, counts):
    """The SKPD and their units: ({kode: Skpd}, {kode: UnitKerja}, {unit kode: nama})."""
    skpd_by_code, unit_by_code, unit_names = {}, {}, {}
    for org in CITY:
        skpd = Skpd.create(kode=org.kode, nama=org.nama, singkatan=org.singkatan, apel_sore=True, jadwal=std)
        skpd_by_code[org.kode] = skpd
        for kode, nama, induk in org.units:
            unit_by_code[kode] = UnitKerja.create(kode=kode, nama=nama, skpd=skpd, induk=unit_by_code.get(induk))
            unit_names[kode] = nama
    counts["skpd"] = len(skpd_by_code)
    counts["unit_kerja"] = len(unit_by_code)
    return skpd_by_code, unit_by_code, unit_names


def _positions(skpd_by_code, unit_by_code, unit_names, counts):
    """The positions with their duty catalogues: {kode: Jabatan}."""
    jabatan_by_code, duty_rows = {}, []
    for org in CITY:
        rng = random.Random(f"abk:{org.kode}")
        for pos in org.positions:
            jabatan_by_code[pos.kode] = Jabatan.create(
                kode=pos.kode,
                nama=pos.nama,
                skpd=skpd_by_code[org.kode],
                unit=unit_by_code[pos.unit] if pos.unit else None,
                jenis=pos.jenis,
                eselon=pos.eselon,
                kelas_jabatan=pos.kelas,
                atasan=jabatan_by_code[pos.atasan] if pos.atasan else None,
            )
            for kode, uraian, satuan, norma, volume in duties_of(pos, org, unit_names, rng):
                duty_rows.append(
                    {
                        "jabatan": jabatan_by_code[pos.kode].id,
                        "kode": kode,
                        "uraian": uraian,
                        "satuan": satuan,
                        "norma_waktu": norma,
                        "volume_tahunan": volume,
                    }
                )
    insert_all(UraianTugas, duty_rows)
    counts["jabatan"] = len(jabatan_by_code)
    counts["uraian_tugas"] = len(duty_rows)
    return jabatan_by_code


def _employees(people, skpd_by_code, jabatan_by_code, counts):
    """The employees of the plan with their positions on record and NIP accounts: {nama: NIP}."""
    pegawai_rows = [
        {
            "nip": ident.nip,
            "nama": person.nama,
            "gelar_depan": person.gelar_depan,
            "gelar_belakang": person.gelar_belakang,
            "tanggal_lahir": ident.tanggal_lahir,
            "jenis_kelamin": person.jk,
            "golongan": ident.golongan,
            "status": ident.status,
            "skpd": skpd_by_code[org.kode].id,
            "id_mesin": id_mesin,
        }
        for org, _, person, ident, id_mesin in people
    ]
    insert_all(Pegawai, pegawai_rows)
    nips = [ident.nip for _, _, _, ident, _ in people]
    pegawai_id = dict(Pegawai.select(Pegawai.nip, Pegawai.id).where(Pegawai.nip.in_(nips)).tuples())

    pegawai_hash = _password_hash(PASSWORD_PEGAWAI)
    nip_by_name, riwayat_rows, user_rows = {}, [], []
    for _, pos, person, ident, _ in people:
        nip_by_name[person.nama] = ident.nip
        start = person.tetap[3] if person.tetap else (CPNS_START if person.cpns else POSITION_START)
        for kode, mulai, selesai in [*person.riwayat, (pos.kode, start, None)]:
            if mulai < ident.tmt:
                raise AssertionError(f"demo: {person.nama} holds {kode} before the CPNS appointment")
            riwayat_rows.append(
                {
                    "pegawai": pegawai_id[ident.nip],
                    "jabatan": jabatan_by_code[kode].id,
                    "mulai": mulai,
                    "selesai": selesai,
                    "nomor_sk": f"821.2/{len(riwayat_rows) + 1:03d}/{mulai.year}",
                }
            )
        user_rows.append(
            {
                "username": ident.nip,
                "pegawai": pegawai_id[ident.nip],
                "password_hash": pegawai_hash,
                "peran": ",".join(sorted({"pegawai", NIP_ROLE_EXTRA.get(person.nama, "pegawai")})),
            }
        )
    insert_all(RiwayatJabatan, riwayat_rows)
    insert_all(User, user_rows)
    counts["pegawai"] = len(people)
    counts["riwayat_jabatan"] = len(riwayat_rows)
    return nip_by_name


def _service_accounts(skpd_by_code):
    """The service accounts that are not taken yet, as logins (username, password, role label)."""
    logins = []
    for username, password, role, skpd_code, label in SERVICE_ACCOUNTS:
        if User.select().where(User.username == username).exists():
            continue  # an operator's own account of that name stays as it is
        User.create(
            username=username,
            password_hash=_password_hash(password),
            peran=role,
            skpd=skpd_by_code[skpd_code] if skpd_code else None,
        )
        logins.append((username, password, label))
    return logins


def _targets(skpd_by_code, year):
    """Each SKPD's Renstra targets for every year of the period, and its Renja and targets for the year."""
    target_rows = []
    first, last = renstra_period(year)
    for skpd_code, rows in TARGETS.items():
        for jenis, indikator, satuan, base, step in rows:
            years = range(first, last + 1) if jenis == "renstra" else (year,)
            for tahun in years:
                target_rows.append(
                    {
                        "skpd": skpd_by_code[skpd_code].id,
                        "tahun": tahun,
                        "jenis": jenis,
                        "indikator": indikator,
                        "target": Decimal(base) + Decimal(step) * (tahun - first),
                        "satuan": satuan,
                    }
                )
    insert_all(Target, target_rows)
    return len(target_rows)


def _prerequisites(skpd_by_code, actor):
    """The prerequisites confirmed with a document, as the actor confirmed them when the pilot began."""
    confirmer = audit.actor_name(actor)
    count = 0
    for skpd_code, documents in PRASYARAT_DOKUMEN.items():
        for syarat, nomor in documents.items():
            SkpdPrasyarat.create(
                skpd=skpd_by_code[skpd_code],
                syarat=syarat,
                nomor_dokumen=nomor,
                catatan="SKPD percontohan e-Kinerja PNS sejak 1 Maret 2012 (data demo).",
                dikonfirmasi_oleh=confirmer,
                dikonfirmasi_pada=PILOT_CONFIRMED,
            )
            count += 1
    return count


def _holidays(year, today):
    """The year's national holidays that are missing; how many were added."""
    rows = _missing_holidays(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    # The past month's entries need its holidays also when it lies in another year (January's December).
    rows += [r for r in _missing_holidays(previous_month(today)[0], today) if r["tanggal"].year != year]
    if rows:
        HariLibur.insert_many(rows).execute()
    return len(rows)


def _rule_set(year):
    """The year's rule set with the demo tariffs, unless the year has one: whether it was created."""
    berlaku = datetime.date(year, 1, 1)
    if AturanTpp.select().where(AturanTpp.berlaku_mulai == berlaku).exists():
        return False
    aturan = AturanTpp.create(berlaku_mulai=berlaku, nama=f"Aturan TPP {year} (Perwal)")
    TarifTpp.insert_many(
        [{"aturan": aturan.id, "kelas_jabatan": k, "tarif": v} for k, v in sorted(DEMO_TARIF.items())]
    ).execute()
    return True
