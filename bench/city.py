"""The synthetic city the benchmarks run on: SKPD, positions, employees and one month of entries and attendance.

    python -m bench.city --employees 10000 --skpd 40 --periode 2026-10 --seed 42 --database-url URL

Everything is drawn from one seeded random generator, so the same parameters give the same city. Rows are
written straight into the tables (not through the services: this is a fixture), into a database brought
to the current schema by migrations.upgrade(): SQLite through executemany, PostgreSQL through COPY, inside
one transaction, with the secondary indexes of the three big tables built after the load and the day totals
(MenitHarian, PresensiHarian) computed from the written entries and scans by DayTotals.rebuild. A marker table
(bench_city) records the parameters, so a second run with the same parameters reuses the city.
"""

import argparse
import datetime
import gc
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

from peewee import DateTimeField, FloatField, IntegerField, TextField
from werkzeug.security import generate_password_hash

from ekinerja import create_app, migrations
from ekinerja.db import BaseModel, database, is_sqlite
from ekinerja.models import (
    DAY_TOTALS_MODELS,
    Aktivitas,
    Apel,
    AturanTpp,
    Cuti,
    Jabatan,
    JadwalKerja,
    Pegawai,
    Presensi,
    RiwayatJabatan,
    Skpd,
    TarifTpp,
    UraianTugas,
    User,
)
from ekinerja.models.organisation import PARTICIPATING_SINCE
from ekinerja.rules.calendar import month_bounds, parse_period
from ekinerja.rules.nip import nip_errors
from ekinerja.rules.ter import DEFAULT_PTKP
from ekinerja.rules.tpp import DEMO_TARIF

GENERATOR_VERSION = 4  # 2: with the day totals; 3: SKPD taking part from PARTICIPATING_SINCE; 4: PTKP status
OUT = Path(__file__).resolve().parent / "out"
SQLITE_PATH = OUT / "city.sqlite3"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/ekinerja_bench"
BENCH_PASSWORD = "bench-password"
INBOX_SIZE = 500
EMPLOYEES_PER_SKPD = 250

BIG_TABLES = (Aktivitas, Presensi, Apel)


class BenchCity(BaseModel):
    """Marker: the parameters the city in this database was generated with, and what it holds."""

    id = IntegerField(primary_key=True)
    params = TextField()
    info = TextField()
    detik = FloatField()
    dibuat_pada = DateTimeField(default=datetime.datetime.now)

    class Meta:
        table_name = "bench_city"


def sqlite_url(path=SQLITE_PATH):
    return f"sqlite:///{path}"


def default_skpd(employees):
    return max(1, round(employees / EMPLOYEES_PER_SKPD))


def make_app(url):
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})


def params_of(employees, skpd, periode, seed):
    return {"employees": employees, "skpd": skpd, "periode": periode, "seed": seed, "versi": GENERATOR_VERSION}


# ---------------------------------------------------------------------------------------------- database


def ensure_postgres_database(url):
    """Create the PostgreSQL database of the URL when the server does not have it yet."""
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def stored_city():
    """(params, info) of the city in the bound database, or None."""
    if not BenchCity.table_exists():
        return None
    row = BenchCity.get_or_none(BenchCity.id == 1)
    return None if row is None else (json.loads(row.params), json.loads(row.info), row.detik)


def _reset(url, force):
    """An empty database at the current schema; refuses to wipe a database that holds something else."""
    if is_sqlite():
        database.close()
        path = url.split("sqlite:///", 1)[1]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        database.connect()
    else:
        tables = set(database.get_tables())
        if tables and "bench_city" not in tables and not force:
            raise SystemExit(f"{url} holds tables that are not a bench city; pass --force to wipe it.")
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    migrations.upgrade()


def ensure_city(url, employees, skpd, periode, seed, force=False, log=print):
    """The city of these parameters in the database at url, generated unless already there; returns its info."""
    if url.startswith("sqlite"):
        OUT.mkdir(parents=True, exist_ok=True)
    else:
        ensure_postgres_database(url)
    params = params_of(employees, skpd, periode, seed)
    app = make_app(url)
    with app.app_context():
        database.connect(reuse_if_open=True)
        try:
            found = stored_city()
            if found and found[0] == params and not force:
                # The schema may have moved on since the city was generated: bring it up like any database.
                for step in migrations.upgrade():
                    log(f"  migration applied to the stored city: {step}")
                log(f"  city reused: {_describe(found[1])} (generated in {found[2]:.1f} s)")
                return {**found[1], "generated": False, "detik_generasi": found[2]}
            log(f"  generating the city {json.dumps(params)} ...")
            _reset(url, force)
            started = time.perf_counter()
            info = generate(params, log)
            seconds = time.perf_counter() - started
            database.create_tables([BenchCity])
            BenchCity.create(id=1, params=json.dumps(params), info=json.dumps(info), detik=seconds)
            log(f"  city generated in {seconds:.1f} s: {_describe(info)}")
            return {**info, "generated": True, "detik_generasi": seconds}
        finally:
            database.close()


def _describe(info):
    c = info["counts"]
    return (
        f"{c['skpd']} SKPD, {c['jabatan']} positions, {c['pegawai']:,} employees, {c['aktivitas']:,} entries, "
        f"{c['hari_presensi']:,} attendance days ({c['presensi']:,} scans), {c['apel']:,} apel, {c['cuti']:,} leave"
    )


class Loader:
    """Writes rows (tuples of database-ready values: ints, None and ISO strings) straight into a table."""

    def __init__(self):
        self.sqlite = is_sqlite()
        self.counts = {}

    def write(self, model, fields, rows):
        if not rows:
            return
        meta = model._meta
        columns = ", ".join(f'"{meta.fields[name].column_name}"' for name in fields)
        if self.sqlite:
            placeholders = ", ".join("?" * len(fields))
            database.cursor().executemany(f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({placeholders})', rows)
        else:
            # COPY's text format; the generated values never hold a tab, newline or backslash.
            data = "".join("\t".join("\\N" if v is None else str(v) for v in row) + "\n" for row in rows)
            with database.cursor() as cursor, cursor.copy(f'COPY "{meta.table_name}" ({columns}) FROM STDIN') as copy:
                copy.write(data)
        self.counts[meta.table_name] = self.counts.get(meta.table_name, 0) + len(rows)

    def fix_sequences(self, models):
        if self.sqlite:
            return
        for model in models:
            table = model._meta.table_name
            database.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
            )


# ------------------------------------------------------------------------------------------ vocabulary

NAMA_L = (
    "Muhammad", "Ali", "Ahmad", "Rizki", "Fadli", "Zulfikar", "Irfan", "Teuku", "Said", "Mahmud", "Hasan",
    "Husaini", "Iskandar", "Jamaluddin", "Khairul", "Mukhlis", "Nasrullah", "Razali", "Syahrul", "Taufik",
    "Yusri", "Zainal", "Bukhari", "Darmawan", "Effendi", "Fauzan", "Hendra", "Ikhsan", "Junaidi",
)  # fmt: skip
NAMA_P = (
    "Siti", "Nurul", "Rahmah", "Aisyah", "Fatimah", "Cut", "Dewi", "Intan", "Laila", "Maulida", "Nadia",
    "Putri", "Rina", "Safrida", "Yusnidar", "Zahra", "Khairani", "Marlina", "Nurhayati", "Rosmawati", "Sri",
    "Wahyuni", "Yuliana", "Ernawati", "Fitriani", "Hayati", "Juliani", "Rahmi", "Salmiah",
)  # fmt: skip
NAMA_BELAKANG = (
    "Abdullah", "Ibrahim", "Ismail", "Yusuf", "Harun", "Daud", "Saleh", "Umar", "Hamzah", "Idris", "Basyah",
    "Hanafiah", "Syamsuddin", "Nurdin", "Amin", "Rasyid", "Arifin", "Hakim", "Sulaiman", "Zakaria", "Ramli",
    "Usman", "Yacob", "Hasballah", "Mahdi", "Rahman", "Sabirin", "Sofyan", "Thaib", "Wahab",
)  # fmt: skip
GELAR_BELAKANG = ("S.E.", "S.H.", "S.Kom.", "S.Sos.", "S.Pd.", "S.T.", "M.Si.", "S.E., M.M.", "A.Md.", "S.Ag.")
GELAR_DEPAN = ("Dr.", "Ir.", "drs.")
DINAS = (
    "Sekretariat Daerah",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Satuan Polisi Pamong Praja dan Wilayatul Hisbah",
    "Dinas Sosial",
    "Dinas Tenaga Kerja dan Mobilitas Penduduk",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Pangan, Pertanian, Kelautan dan Perikanan",
    "Dinas Lingkungan Hidup, Kebersihan dan Keindahan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Perhubungan",
    "Dinas Komunikasi, Informatika dan Statistik",
    "Dinas Koperasi, UKM dan Perdagangan",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Kepemudaan dan Olahraga",
    "Dinas Pariwisata",
    "Dinas Perpustakaan dan Kearsipan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan Daerah",
    "Badan Kepegawaian dan Pengembangan SDM",
    "Badan Kesatuan Bangsa dan Politik",
    "Badan Penanggulangan Bencana Daerah",
    "Inspektorat",
    "Dinas Syariat Islam",
    "Sekretariat DPRK",
    "Sekretariat Majelis Adat Aceh",
    "Sekretariat Baitul Mal",
    "Rumah Sakit Umum Daerah Meuraxa",
)
BIDANG = ("Sekretariat", "Bidang Perencanaan", "Bidang Pelayanan", "Bidang Pengawasan", "Bidang Pengembangan")
STAF = (
    ("Pengadministrasi Umum", "pelaksana", 5),
    ("Pengelola Data", "pelaksana", 6),
    ("Analis Kebijakan", "pelaksana", 7),
    ("Pranata Komputer Ahli Pertama", "fungsional", 8),
    ("Analis Keuangan", "pelaksana", 7),
    ("Perencana Ahli Muda", "fungsional", 9),
)
TUGAS = (
    ("Mengagendakan surat masuk dan keluar", "surat", 10),
    ("Menyusun konsep surat dinas", "konsep", 30),
    ("Memasukkan data ke aplikasi", "berkas", 15),
    ("Memverifikasi dokumen pertanggungjawaban", "dokumen", 20),
    ("Menyusun laporan bulanan", "laporan", 60),
    ("Mengikuti rapat koordinasi", "kegiatan", 60),
    ("Menyiapkan bahan rapat", "bahan", 45),
    ("Melayani konsultasi masyarakat", "orang", 15),
    ("Menganalisis data kinerja", "analisis", 45),
    ("Memelihara arsip", "berkas", 20),
    ("Menyusun telaahan staf", "telaahan", 60),
    ("Memantau pelaksanaan kegiatan", "kegiatan", 30),
)
TAMBAHAN = ("Piket pelayanan", "Panitia kegiatan HUT kota", "Gotong royong kantor", "Rapat tim ad hoc")
JENIS_CUTI = ("cuti_tahunan", "cuti_tahunan", "cuti_sakit", "dinas_luar", "dinas_luar", "diklat", "cuti_alasan_penting")
# ~92 % approved; the rest waits, was returned, rejected or annulled.
STATUS_POOL = ["DISETUJUI"] * 920 + ["DIAJUKAN"] * 40 + ["REVISI"] * 20 + ["DITOLAK"] * 15 + ["DIANULIR"] * 5
DECIDED_POOL = [s for s in STATUS_POOL if s != "DIAJUKAN"]
NOTE = {"REVISI": "Lengkapi volume dan keterangan.", "DITOLAK": "Bukan tugas jabatan.", "DIANULIR": "Dianulir."}


def _hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


TIMES = [_hhmm(m) for m in range(24 * 60)]

# Two weekly profiles: five days (Mon-Thu 07:30-16:00, Fri 07:30-16:30) and six days (Mon-Fri to 14:30, Sat 13:00).
JADWAL = (
    ("5HK", "Lima hari kerja", [(450, 960)] * 4 + [(450, 990), None, None]),
    ("6HK", "Enam hari kerja", [(450, 870)] * 5 + [(450, 780), None]),
)


# ----------------------------------------------------------------------------------------------- city


def generate(params, log=print):
    """Write the whole city into the bound, empty, migrated database; returns the counts and bench subjects."""
    rng = random.Random(params["seed"])
    year, month = parse_period(params["periode"])
    first, last = month_bounds(year, month)
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    load = Loader()
    started = time.perf_counter()

    with database.atomic():
        if not load.sqlite:
            # Foreign keys are not checked row by row during the load (the generator only writes ids it made).
            database.execute_sql("SET LOCAL session_replication_role = replica")
        for model in BIG_TABLES:
            model._schema.drop_indexes()

        # Schedules and SKPD.
        jadwal_rows = []
        for jadwal_id, (kode, nama, week) in enumerate(JADWAL, start=1):
            row = [jadwal_id, kode, nama]
            for hours in week:
                row += [TIMES[hours[0]], TIMES[hours[1]]] if hours else [None, None]
            jadwal_rows.append(tuple(row))
        hari = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
        load.write(
            JadwalKerja, ["id", "kode", "nama"] + [f"{h}_{x}" for h in hari for x in ("masuk", "pulang")], jadwal_rows
        )

        n_skpd = params["skpd"]
        skpds = []
        for i in range(n_skpd):
            six_days = i % 10 == 2  # e.g. health services: four SKPD of forty on a six-day week
            skpds.append(
                {
                    "id": i + 1,
                    "kode": f"S{i + 1:03d}",
                    "nama": DINAS[i]
                    if i < len(DINAS)
                    else f"{DINAS[1 + i % (len(DINAS) - 1)]} Wilayah {i // len(DINAS) + 1}",
                    "apel_sore": i % 8 != 5,
                    "jadwal": 2 if six_days else 1,
                }
            )
        load.write(
            Skpd,
            ["id", "kode", "nama", "singkatan", "apel_sore", "jadwal", "aktif", "ikut_mulai"],
            [
                (s["id"], s["kode"], s["nama"], s["kode"], int(s["apel_sore"]), s["jadwal"], 1, PARTICIPATING_SINCE)
                for s in skpds
            ],
        )

        # Rule set and tariffs.
        aturan = AturanTpp.create(berlaku_mulai=datetime.date(year, 1, 1), nama=f"Aturan TPP {year} (bench)")
        TarifTpp.insert_many(
            [{"aturan": aturan.id, "kelas_jabatan": k, "tarif": v} for k, v in DEMO_TARIF.items()]
        ).execute()

        # Positions: per SKPD one head of office, up to five heads of division, four staff positions under each.
        sizes = [params["employees"] // n_skpd + (1 if i < params["employees"] % n_skpd else 0) for i in range(n_skpd)]
        jabatan_rows, tugas_rows, structure = [], [], []
        jabatan_id = tugas_id = 0
        sekda_id = None

        def add_jabatan(skpd, nama, jenis, eselon, kelas, atasan):
            nonlocal jabatan_id, tugas_id
            jabatan_id += 1
            jabatan_rows.append(
                (jabatan_id, f"{skpd['kode']}.{jabatan_id:05d}", nama, skpd["id"], jenis, eselon, kelas, atasan, 1)
            )
            duties = []
            for k, (uraian, satuan, norma) in enumerate(rng.sample(TUGAS, rng.randint(5, 10)), start=1):
                tugas_id += 1
                tugas_rows.append((tugas_id, jabatan_id, f"T{k:02d}", uraian, satuan, norma, rng.randint(50, 500), 1))
                duties.append((tugas_id, norma))
            return jabatan_id, duties

        for skpd, size in zip(skpds, sizes, strict=True):
            is_sekda = skpd["id"] == 1
            top = add_jabatan(
                skpd,
                "Sekretaris Daerah" if is_sekda else f"Kepala {skpd['nama']}",
                "jpt",
                "II.a" if is_sekda else "II.b",
                15 if is_sekda else 14,
                None if is_sekda else sekda_id,
            )
            if is_sekda:
                sekda_id = top[0]
            n_heads = min(5, max(1, (size - 1) // 20))
            heads, staff = [], []
            for h in range(n_heads):
                head = add_jabatan(skpd, f"Kepala {BIDANG[h]}", "administrator", "III.a", 12 if h == 0 else 11, top[0])
                heads.append(head)
                for s in range(4):
                    nama, jenis, kelas = STAF[(h + s) % len(STAF)]
                    staff.append((add_jabatan(skpd, nama, jenis, None, kelas, head[0]), h))
            structure.append({"skpd": skpd, "size": size, "top": top, "heads": heads, "staff": staff})
        load.write(
            Jabatan,
            ["id", "kode", "nama", "skpd", "jenis", "eselon", "kelas_jabatan", "atasan", "aktif"],
            jabatan_rows,
        )
        load.write(
            UraianTugas,
            ["id", "jabatan", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan", "aktif"],
            tugas_rows,
        )

        # Employees with valid, unique NIPs and one current position each.
        pegawai_rows, riwayat_rows, people = [], [], []
        nips = set()
        pegawai_id = 0
        start_ordinal = (first - datetime.timedelta(days=1)).toordinal()
        for unit in structure:
            skpd = unit["skpd"]
            seats = [(unit["top"], "top", None)] + [(h, "head", i) for i, h in enumerate(unit["heads"])]
            seats = seats[: unit["size"]]
            for k in range(unit["size"] - len(seats)):
                (position, head_index) = unit["staff"][k % len(unit["staff"])]
                seats.append((position, "staff", head_index))
            for (jab_id, duties), level, head_index in seats:
                pegawai_id += 1
                cpns = level == "staff" and rng.random() < 0.05
                sex = "L" if rng.random() < 0.55 else "P"
                birth = datetime.date.fromordinal(
                    rng.randint(datetime.date(1966, 1, 1).toordinal(), start_ordinal - 8000)
                )
                if cpns:
                    tmt_year, tmt_month = year - (1 if month < 7 else 0), rng.choice((1, 3, 4))
                else:
                    tmt_year = min(year - 2, birth.year + rng.randint(21, 33))
                    tmt_month = rng.randint(1, 12)
                while True:
                    nip = (
                        f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{1 if sex == 'L' else 2}{rng.randint(1, 999):03d}"
                    )
                    if nip not in nips:
                        break
                assert not nip_errors(nip, birth, sex), (nip, nip_errors(nip, birth, sex))
                nips.add(nip)
                golongan = {
                    "top": rng.choice(("IV/c", "IV/d")),
                    "head": rng.choice(("III/d", "IV/a", "IV/b")),
                    "staff": "III/a" if cpns else rng.choice(("II/a", "II/c", "III/a", "III/b", "III/c", "III/d")),
                }[level]
                first_name = rng.choice(NAMA_L if sex == "L" else NAMA_P)
                pegawai_rows.append(
                    (
                        pegawai_id,
                        nip,
                        f"{first_name} {rng.choice(NAMA_BELAKANG)}",
                        rng.choice(GELAR_DEPAN) if rng.random() < 0.03 else None,
                        rng.choice(GELAR_BELAKANG) if rng.random() < 0.45 else None,
                        birth.isoformat(),
                        sex,
                        golongan,
                        "CPNS" if cpns else "PNS",
                        skpd["id"],
                        str(100000 + pegawai_id),
                        1,
                        DEFAULT_PTKP,
                    )
                )
                # A few people take up their position during the month; everyone else held it before.
                if rng.random() < 0.005:
                    mulai = rng.choice(days[5:-5])
                else:
                    mulai = max(datetime.date(tmt_year, tmt_month, 1), datetime.date(year - 3, 1, 2))
                riwayat_rows.append((pegawai_id, pegawai_id, jab_id, mulai.isoformat(), None, f"800/{pegawai_id}/SK"))
                people.append(
                    {
                        "id": pegawai_id,
                        "skpd": skpd,
                        "jabatan": jab_id,
                        "duties": duties,
                        "mulai": mulai,
                        "level": level,
                        "head_index": head_index,
                    }
                )
        load.write(
            Pegawai,
            [
                "id",
                "nip",
                "nama",
                "gelar_depan",
                "gelar_belakang",
                "tanggal_lahir",
                "jenis_kelamin",
                "golongan",
                "status",
                "skpd",
                "id_mesin",
                "aktif",
                "status_ptkp",
            ],
            pegawai_rows,
        )
        load.write(RiwayatJabatan, ["id", "pegawai", "jabatan", "mulai", "selesai", "nomor_sk"], riwayat_rows)

        # The bench subjects: a head of division with a full inbox, and one of the staff under them.
        subject_unit = structure[1] if len(structure) > 1 else structure[0]
        superior = next(p for p in people if p["skpd"] is subject_unit["skpd"] and p["level"] == "head")
        subordinates = [
            p
            for p in people
            if p["skpd"] is subject_unit["skpd"] and p["level"] == "staff" and p["head_index"] == superior["head_index"]
        ]
        subordinate_ids = {p["id"] for p in subordinates}
        staff_member = next(p for p in subordinates if p["mulai"] < first)
        password = generate_password_hash(BENCH_PASSWORD, method="pbkdf2:sha256:1000")
        nip_of = {row[0]: row[1] for row in pegawai_rows}
        superior_user = User.create(username=nip_of[superior["id"]], pegawai=superior["id"], password_hash=password)
        staff_user = User.create(
            username=nip_of[staff_member["id"]], pegawai=staff_member["id"], password_hash=password
        )

        # Leave: about 4 % of the people take one to five days, some starting in the month before.
        cuti_rows, leave = [], {}
        for p in people:
            if rng.random() < 0.04:
                start = first + datetime.timedelta(days=rng.randint(-3, (last - first).days - 2))
                end = start + datetime.timedelta(days=rng.randint(0, 6))
                cuti_rows.append(
                    (
                        len(cuti_rows) + 1,
                        p["id"],
                        rng.choice(JENIS_CUTI),
                        start.isoformat(),
                        end.isoformat(),
                        f"851/{p['id']}",
                    )
                )
                leave[p["id"]] = (start, end)
        load.write(Cuti, ["id", "pegawai", "jenis", "mulai", "selesai", "nomor_surat"], cuti_rows)
        log(f"    master data: {time.perf_counter() - started:.1f} s")

        # One month of entries, scans and apel, written SKPD by SKPD.
        day_info = {}
        for jadwal_id, (_, _, week) in enumerate(JADWAL, start=1):
            day_info[jadwal_id] = [(d, d.isoformat(), week[d.weekday()]) for d in days if week[d.weekday()]]
        next_iso = {d.isoformat(): (d + datetime.timedelta(days=1)).isoformat() for d in days}
        ids = {"aktivitas": 0, "presensi": 0, "apel": 0}
        attendance_days = 0
        inbox_candidates = []
        aktivitas_fields = [
            "id",
            "pegawai",
            "tanggal",
            "tugas",
            "uraian",
            "volume",
            "jam_mulai",
            "jam_selesai",
            "menit_diakui",
            "status",
            "catatan_atasan",
            "diputuskan_oleh",
            "diputuskan_pada",
            "dibuat_pada",
        ]
        by_skpd = {}
        for p in people:
            by_skpd.setdefault(p["skpd"]["id"], []).append(p)
        for skpd in skpds:
            entries, scans, apel = [], [], []
            for p in by_skpd.get(skpd["id"], ()):
                pid = p["id"]
                in_inbox_group = pid in subordinate_ids
                decider = superior_user.id if in_inbox_group else None
                pool = DECIDED_POOL if in_inbox_group else STATUS_POOL
                away = leave.get(pid)
                duties = p["duties"]
                for day, iso, (masuk, pulang) in day_info[skpd["jadwal"]]:
                    if day < p["mulai"] or (away and away[0] <= day <= away[1]):
                        continue
                    r = rng.random()
                    if r < 0.02:
                        continue  # absent without notice (TK): no scan, no entry
                    attendance_days += 1
                    # Check-in: usually before the start, about one in ten late; check-out: mostly after the end.
                    if r >= 0.03:  # 2-3 %: check-out only, 3-4 %: check-in only
                        late = _deviation(rng) if rng.random() < 0.10 else -rng.randint(1, 30)
                        ids["presensi"] += 1
                        scans.append(
                            (ids["presensi"], pid, f"{iso} {TIMES[masuk + late][:5]}:{rng.randint(0, 59):02d}", "mesin")
                        )
                    if r < 0.03 or r >= 0.04:
                        early = _deviation(rng) if rng.random() < 0.06 else -rng.randint(0, 45)
                        ids["presensi"] += 1
                        scans.append(
                            (
                                ids["presensi"],
                                pid,
                                f"{iso} {TIMES[pulang - early][:5]}:{rng.randint(0, 59):02d}",
                                "mesin",
                            )
                        )
                    if rng.random() < 0.93:
                        ids["apel"] += 1
                        apel.append((ids["apel"], pid, iso, "pagi"))
                    if skpd["apel_sore"] and rng.random() < 0.88:
                        ids["apel"] += 1
                        apel.append((ids["apel"], pid, iso, "sore"))
                    # The day's entries: back to back from 07:45, lunch 12:00-13:00, up to a quarter before the end.
                    t = 465 + rng.randint(0, 10)
                    for _ in range(8):
                        duration = rng.choice((30, 45, 45, 60, 60, 75))
                        if t < 720 < t + duration or 720 <= t < 780:
                            t = 780
                        if t + duration > pulang - 15:
                            break
                        status = rng.choice(pool)
                        if rng.random() < 0.12:
                            tugas, uraian, volume, menit = None, rng.choice(TAMBAHAN), 1, duration
                        else:
                            tugas, norma = duties[int(rng.random() * len(duties))]
                            uraian = None
                            volume = max(1, round(duration / norma))
                            menit = min(volume * norma, duration)
                        ids["aktivitas"] += 1
                        decided = status != "DIAJUKAN"
                        entries.append(
                            [
                                ids["aktivitas"],
                                pid,
                                iso,
                                tugas,
                                uraian,
                                volume,
                                TIMES[t],
                                TIMES[t + duration],
                                menit,
                                status,
                                NOTE.get(status),
                                decider if decided else None,
                                f"{next_iso[iso]} 09:00:00" if decided else None,
                                f"{iso} 16:05:00",
                            ]
                        )
                        if in_inbox_group:
                            inbox_candidates.append(entries[-1])
                        t += duration + rng.randint(0, 10)
            if skpd is subject_unit["skpd"]:
                # Exactly INBOX_SIZE of the superior's subordinates' entries wait for a decision.
                for row in rng.sample(inbox_candidates, min(INBOX_SIZE, len(inbox_candidates))):
                    row[9:13] = ["DIAJUKAN", None, None, None]
            load.write(Aktivitas, aktivitas_fields, entries)
            load.write(Presensi, ["id", "pegawai", "waktu", "sumber"], scans)
            load.write(Apel, ["id", "pegawai", "tanggal", "sesi"], apel)
        log(f"    month of activity written: {time.perf_counter() - started:.1f} s")

        for model in BIG_TABLES:
            model._schema.create_indexes()
        load.fix_sequences(
            [JadwalKerja, Skpd, Jabatan, UraianTugas, Pegawai, RiwayatJabatan, Cuti, Aktivitas, Presensi, Apel]
        )
        log(f"    indexes built: {time.perf_counter() - started:.1f} s")
        for totals in DAY_TOTALS_MODELS:
            totals.rebuild(first, last)
        log(f"    day totals (MenitHarian, PresensiHarian) computed: {time.perf_counter() - started:.1f} s")
    if load.sqlite:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        database.execute_sql("VACUUM ANALYZE")
    log(f"    {'checkpoint' if load.sqlite else 'vacuum analyze'}: {time.perf_counter() - started:.1f} s")

    counts = load.counts
    return {
        "counts": {
            "skpd": counts["skpd"],
            "jabatan": counts["jabatan"],
            "uraian_tugas": counts["uraian_tugas"],
            "pegawai": counts["pegawai"],
            "aktivitas": counts.get("aktivitas", 0),
            "presensi": counts.get("presensi", 0),
            "hari_presensi": attendance_days,
            "apel": counts.get("apel", 0),
            "cuti": counts.get("cuti", 0),
            "menunggu_atasan": min(INBOX_SIZE, len(inbox_candidates)),
        },
        "pegawai_id": staff_member["id"],
        "pegawai_user": staff_user.username,
        "atasan_id": superior["id"],
        "atasan_user": superior_user.username,
        "bawahan_ids": sorted(subordinate_ids),
    }


def _deviation(rng):
    """Minutes late or early when someone is: mostly under half an hour, some over ninety."""
    r = rng.random()
    if r < 0.70:
        return rng.randint(1, 30)
    if r < 0.90:
        return rng.randint(31, 60)
    if r < 0.97:
        return rng.randint(61, 90)
    return rng.randint(91, 150)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--skpd", type=int, default=None, help="default: one per 250 employees (40 for 10,000)")
    parser.add_argument("--periode", default="2026-10")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database-url", default=sqlite_url(), help="default: bench/out/city.sqlite3")
    parser.add_argument("--force", action="store_true", help="regenerate even when the city is there")
    args = parser.parse_args(argv)
    parse_period(args.periode)
    skpd = args.skpd or default_skpd(args.employees)
    started = time.perf_counter()
    ensure_city(args.database_url, args.employees, skpd, args.periode, args.seed, force=args.force)
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def best_of(*functions, repeat):
    """[(best seconds, last result)] of each function: one untimed warm-up call each, then repeat rounds in
    which every function is timed once, in turn. Taking turns lets a path and its baseline see the same
    moments of a machine shared with other jobs, so their ratio holds when absolute times drift. Before each
    timed call, an untimed full collection: neither pays for the garbage collector's walk over what the other
    left alive."""
    results = [function() for function in functions]
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            gc.collect()
            started = time.perf_counter()
            result = function()
            best[index] = min(best[index], time.perf_counter() - started)
            results[index] = result  # the previous round's result is freed here, outside the timing
    return list(zip(best, results, strict=True))


def machine():
    """The CPU, core count, Python and system a benchmark ran on, for its report."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} CPU, Python {platform.python_version()}, {platform.system()}"
