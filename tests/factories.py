"""Keyword-default builders of master data for tests."""

import datetime
import io
import itertools

from werkzeug.security import generate_password_hash

from ekinerja.models import (
    Aktivitas,
    AturanTpp,
    Jabatan,
    JadwalKerja,
    Pegawai,
    Periode,
    RiwayatJabatan,
    Skpd,
    TarifTpp,
    UraianTugas,
    User,
)
from ekinerja.rules.tpp import DEMO_TARIF

PASSWORD = "rahasia123"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_seq = itertools.count(1)


def nip_for(birth=datetime.date(1985, 3, 12), tmt=(2010, 1), sex="1", seq=None):
    """A valid NIP; generated sequence numbers start at 100 so they never meet the small ones tests write out."""
    seq = 100 + next(_seq) % 900 if seq is None else seq
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{sex}{seq:03d}"


def jadwal(**kw):
    values = {"kode": f"STD{next(_seq)}", "nama": "Standar"}
    for day in ("senin", "selasa", "rabu", "kamis"):
        values[f"{day}_masuk"] = datetime.time(7, 30)
        values[f"{day}_pulang"] = datetime.time(16, 0)
    values.update(jumat_masuk=datetime.time(7, 30), jumat_pulang=datetime.time(16, 30))
    values.update(kw)
    return JadwalKerja.create(**values)


def skpd(**kw):
    n = next(_seq)
    values = {"kode": f"SKPD{n}", "nama": f"Dinas Contoh {n}", "singkatan": f"DC{n}", "apel_sore": True}
    values.update(kw)
    if "jadwal" not in values:
        values["jadwal"] = jadwal()
    return Skpd.create(**values)


def jabatan(skpd, **kw):
    n = next(_seq)
    values = {"kode": f"J{n}", "nama": f"Jabatan {n}", "skpd": skpd, "jenis": "pelaksana", "kelas_jabatan": 7}
    values.update(kw)
    return Jabatan.create(**values)


def tugas(jabatan, **kw):
    n = next(_seq)
    values = {"jabatan": jabatan, "kode": f"T{n}", "uraian": f"Tugas {n}", "satuan": "dokumen", "norma_waktu": 30}
    values["volume_tahunan"] = 100
    values.update(kw)
    return UraianTugas.create(**values)


def pegawai(jabatan, mulai=datetime.date(2024, 1, 2), **kw):
    birth = kw.pop("tanggal_lahir", datetime.date(1985, 3, 12))
    sex = kw.pop("jenis_kelamin", "L")
    values = {
        "nip": nip_for(birth, sex="1" if sex == "L" else "2"),
        "nama": f"Pegawai {next(_seq)}",
        "tanggal_lahir": birth,
        "jenis_kelamin": sex,
        "golongan": "III/a",
        "status": "PNS",
        "skpd": jabatan.skpd,
    }
    values.update(kw)
    person = Pegawai.create(**values)
    RiwayatJabatan.create(pegawai=person, jabatan=jabatan, mulai=mulai)
    return person


def user(username=None, roles=("pegawai",), pegawai=None, skpd=None, **kw):
    return User.create(
        username=username or (pegawai.nip if pegawai else f"user{next(_seq)}"),
        pegawai=pegawai,
        password_hash=_PASSWORD_HASH,
        peran=",".join(sorted(roles)),
        skpd=skpd,
        **kw,
    )


def entry(pegawai, tanggal, minutes=60, start=datetime.time(8), status="DIAJUKAN", tugas=None, uraian="Rapat"):
    """An entry written directly, credited with its minutes from start (tugas None: tugas tambahan)."""
    end = (datetime.datetime.combine(tanggal, start) + datetime.timedelta(minutes=minutes)).time()
    return Aktivitas.create(
        pegawai=pegawai,
        tanggal=tanggal,
        tugas=tugas,
        uraian=None if tugas else uraian,
        volume=1,
        jam_mulai=start,
        jam_selesai=end,
        menit_diakui=minutes,
        status=status,
    )


def rule_set(berlaku_mulai=datetime.date(2026, 1, 1), tarif=DEMO_TARIF, **kw):
    aturan = AturanTpp.create(berlaku_mulai=berlaku_mulai, nama=f"Aturan {berlaku_mulai}", **kw)
    for kelas, amount in tarif.items():
        TarifTpp.create(aturan=aturan, kelas_jabatan=kelas, tarif=amount)
    return aturan


def locked_month(year, month):
    """The month stored locked, whether or not a write has stored it open already (PostgreSQL writes store the months
    they check: services.periods._hold_months)."""
    Periode.insert(tahun=year, bulan=month, status="DIKUNCI", versi=1).on_conflict(
        conflict_target=[Periode.tahun, Periode.bulan], update={Periode.status: "DIKUNCI", Periode.versi: 1}
    ).execute()


def browser(app, username):
    """A test client of its own, logged in as username."""
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def login(client, username, password=PASSWORD):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/masuk")
    return client.post("/masuk", data={"username": username, "password": password, "csrf_token": token})


def evidence_pdf():
    """A real one-page PDF: evidence is judged by opening it."""
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(100, 100)
    writer.write(out)
    return out.getvalue()


def evidence_image(fmt="PNG"):
    """A real 2x2 image, PNG or JPEG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(out, format=fmt)
    return out.getvalue()
