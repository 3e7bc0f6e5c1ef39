"""Printed documents read back from the PDF: the worked example on the slip, the SKPD list, the LKH, DRAFT, safety."""

import builtins
import datetime
import io
import re
import socket
import subprocess
import tempfile

import pytest
from pypdf import PdfReader

from ekinerja.models import Aktivitas, Pengaturan, Rekap
from ekinerja.services import recap
from reports import data, documents, pdf
from tests import factories as f
from tests.integration import documents_city as c


def verify_url(kode):
    return f"https://ekinerja.test/verifikasi/{kode}"


def pdf_pages(body):
    """The text of each page, as pdftotext -layout lays it out."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(body)
        fh.flush()
        command = ["pdftotext", "-layout", fh.name, "-"]
        text = subprocess.run(command, check=True, capture_output=True).stdout  # noqa: S603
    pages = text.decode().split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def rupiah_digits(value):
    return f"{value:,}".replace(",", ".")


def squeeze(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def test_slip_of_the_locked_worked_example_shows_every_figure_to_check_by_hand(city):
    c.lock(city)
    body = documents.pdf(documents.slip(city.staff, c.YEAR, c.MONTH, verify_url))
    pages = pdf_pages(body)
    assert len(pages) == 1
    text = squeeze(pages[0])
    for expected in (
        "SLIP TAMBAHAN PENGHASILAN PEGAWAI (TPP)",
        "Periode November 2026",
        f"Cut Meutia, S.E. NIP : {city.staff.nip}",
        "Penata Muda, III/a (PNS)",
        "Pengelola Gaji",
        "Kelas jabatan : 7",
        "Dinas Pengelolaan Keuangan",
        f"Atasan langsung : Teuku Umar (NIP {city.boss.nip})",
        "Hari kerja 21 hari",
        "Hari berketerangan (cuti, sakit, dinas luar, diklat) 1 hari",
        "Hari efektif = 21 − 1 20 hari",
        "Menit standar = 20 hari × 300 menit 6.000 menit",
        "Menit uraian tugas diakui 5.200 menit",
        "Menit tugas tambahan diakui = 1.500 disetujui, paling banyak 20% × 6.000 = 1.200 1.200 menit",
        "Menit diakui = 5.200 + 1.200 6.400 menit",
        "6.400 / 6.000 × 100%, paling tinggi 100% 100,00%",
        "tarif kelas 7 Rp 3.000.000 Rp 3.000.000",
        "Porsi kinerja = Rp 3.000.000 × 60% Rp 1.800.000",
        "TPP kinerja = Rp 1.800.000 × 100,00% Rp 1.800.000",
        "TL1 Terlambat masuk 1-30 menit 3, 17 2 0,50% 1,00%",
        "PSW2 Pulang sebelum waktunya 31-60 menit 12 1 1,00% 1,00%",
        "TK Tidak masuk kerja tanpa keterangan 19 1 3,00% 3,00%",
        "APEL_PAGI Tidak mengikuti apel pagi 5, 24 2 1,00% 2,00%",
        "Potongan disiplin 7,00%",
        "Porsi disiplin = Rp 3.000.000 × 40% Rp 1.200.000",
        "TPP disiplin = Rp 1.200.000 × (100% − 7,00%) Rp 1.116.000",
        "TPP kinerja Rp 1.800.000 + TPP disiplin Rp 1.116.000 Rp 2.916.000",
        "Banda Aceh, 30 November 2026",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected
    stored = Rekap.get(Rekap.nip == city.staff.nip, Rekap.berlaku)
    assert f"Kode verifikasi {stored.kode_verifikasi}" in text
    assert verify_url(stored.kode_verifikasi) in text.replace("/ ", "/")
    assert "DRAFT" not in text
    # The QR code is an image in the PDF.
    assert any(page.images for page in PdfReader(io.BytesIO(body)).pages)


def test_slip_builder_gives_plain_figures_from_the_recap_row(city):
    rows, final = recap.month_recap(c.YEAR, c.MONTH, nip=city.staff.nip)
    context = data.slip(rows[0], final, c.YEAR, c.MONTH, data.superior(city.staff.id, c.YEAR, c.MONTH))
    assert context["draft"] == "DRAFT - belum dikunci" and context["verifikasi"] is None
    assert context["atasan"]["nip"] == city.boss.nip
    assert (context["kinerja"]["porsi"], context["kinerja"]["rupiah"]) == (1_800_000, 1_800_000)
    assert (context["disiplin"]["porsi"], context["disiplin"]["rupiah"]) == (1_200_000, 1_116_000)
    assert context["disiplin"]["potongan"] == 7 and not context["disiplin"]["dibatasi"]
    assert [(g["kode"], g["hari"], g["persen"]) for g in context["disiplin"]["rincian"]] == [
        ("TK", 1, 3),
        ("TL1", 2, 1),
        ("PSW2", 1, 1),
        ("APEL_PAGI", 2, 2),
    ]
    assert context["tpp_diterima"] == 2_916_000


def test_slip_of_an_open_month_is_a_draft_without_verification_code(city):
    body = documents.pdf(documents.slip(city.staff, c.YEAR, c.MONTH, verify_url))
    text = squeeze(" ".join(pdf_pages(body)))
    assert "DRAFT - belum dikunci" in text
    assert "Rp 2.916.000" in text
    assert "Kode verifikasi" not in text and "verifikasi/" not in text


def test_slip_needs_a_position_in_the_month(city):
    newcomer = f.pegawai(f.jabatan(city.dinas), mulai=datetime.date(2026, 12, 1))
    assert documents.slip(newcomer, c.YEAR, c.MONTH, verify_url) is None


def test_nominatif_lists_every_recap_row_with_totals_and_both_signatures(city):
    c.lock(city)
    rows, final = recap.month_recap(c.YEAR, c.MONTH, skpd_kode="DPKAD")
    assert final and len(rows) == 3
    body = documents.pdf(documents.nominatif(city.dinas, c.YEAR, c.MONTH))
    pages = pdf_pages(body)
    text = squeeze(" ".join(pages))
    assert "PEMERINTAH KOTA BANDA ACEH" in text and "DINAS PENGELOLAAN KEUANGAN" in text
    assert "DAFTAR NOMINATIF TAMBAHAN PENGHASILAN PEGAWAI (TPP)" in text and "Bulan November 2026" in text
    lines = [squeeze(line).strip() for page in pages for line in page.splitlines()]
    for number, row in enumerate(rows, start=1):
        line = next(line for line in lines if row["nip"] in line)
        assert line.startswith(f"{number} {row['nama']} {row['nip']} {row['golongan']} {row['jabatan']}")
        money = " ".join(rupiah_digits(row[k]) for k in ("tpp_kinerja", "tpp_disiplin", "tpp_diterima"))
        assert line.endswith(money)
    staff_line = next(line for line in lines if city.staff.nip in line)
    assert staff_line.endswith("7 100,00% 7,00% 1.800.000 1.116.000 2.916.000")
    totals = {k: sum(r[k] for r in rows) for k in ("tpp_kinerja", "tpp_disiplin", "tpp_diterima")}
    expected_total = " ".join(rupiah_digits(totals[k]) for k in ("tpp_kinerja", "tpp_disiplin", "tpp_diterima"))
    assert f"JUMLAH (3 pegawai) {expected_total}" in text
    assert "Kepala Bidang Perbendaharaan" in text and "Bendahara Pengeluaran" in text
    assert "Teuku Umar" in text and f"NIP {city.boss.nip}" in text
    assert "Nyak Dhien" in text and f"NIP {city.clerk.nip}" in text
    assert "DRAFT" not in text
    assert "Halaman 1 dari 1" in text


def test_a_month_s_list_is_signed_by_the_treasurer_serving_on_its_signing_day(city):
    from ekinerja.models import BendaharaSkpd

    c.lock(city)
    BendaharaSkpd.update(selesai=datetime.date(2026, 11, 30)).execute()
    BendaharaSkpd.create(skpd=city.dinas, pegawai=city.staff, mulai=datetime.date(2026, 12, 1))

    november = squeeze(" ".join(pdf_pages(documents.pdf(documents.nominatif(city.dinas, c.YEAR, c.MONTH)))))
    assert "Nyak Dhien" in november and f"NIP {city.clerk.nip}" in november
    assert f"NIP {city.staff.nip}" not in november.split("Bendahara Pengeluaran", 1)[1]
    _, december = data.skpd_signatories(city.dinas, datetime.date(2026, 12, 7))
    assert (december["nama"], december["nip"]) == (city.staff.nama_lengkap, city.staff.nip)
    assert data.skpd_signatories(city.dinas, datetime.date(2025, 12, 31))[1] is None


def test_a_long_open_list_repeats_its_header_and_carries_draft_and_page_numbers_on_every_page(city):
    job = f.jabatan(city.other, nama="Pengadministrasi Kependudukan", kelas_jabatan=6)
    for n in range(30):
        f.pegawai(job, nama=f"Pegawai Contoh {n + 1:02d}")
    body = documents.pdf(documents.nominatif(city.other, c.YEAR, c.MONTH))
    pages = pdf_pages(body)
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        assert "DRAFT - belum dikunci" in page
        assert f"Halaman {number} dari 2" in page
        assert re.search(r"No\s+Nama\s+NIP\s+Gol\.\s+Jabatan\s+Kelas", page), f"no header row on page {number}"
    text = squeeze(" ".join(pages))
    assert "Pegawai Contoh 01" in text and "Pegawai Contoh 30" in text and "JUMLAH (31 pegawai)" in text


def test_a_locked_month_s_lkh_keeps_the_name_and_golongan_it_was_locked_with(city):
    from ekinerja.models import Pegawai

    c.lock(city)
    Pegawai.update(nama="Cut Meutia Baru", golongan="III/b").where(Pegawai.id == city.staff.id).execute()
    text = squeeze(" ".join(pdf_pages(documents.pdf(documents.lkh(Pegawai.get_by_id(city.staff.id), c.YEAR, c.MONTH)))))
    assert "Cut Meutia, S.E." in text and "III/a" in text
    assert "Cut Meutia Baru" not in text and "III/b" not in text


def test_lkh_lists_each_entry_with_month_totals_and_both_signatures(city):
    Aktivitas.create(
        pegawai=city.staff,
        tanggal=datetime.date(2026, 11, 30),
        uraian="Menyusun laporan bulanan",
        volume=1,
        jam_mulai=datetime.time(14, 30),
        jam_selesai=datetime.time(15, 30),
        menit_diakui=60,
        status="DITOLAK",
    )
    c.lock(city)
    body = documents.pdf(documents.lkh(city.staff, c.YEAR, c.MONTH))
    pages = pdf_pages(body)
    text = squeeze(" ".join(pages))
    assert "LAPORAN KEGIATAN HARIAN (LKH)" in text and "Bulan November 2026" in text
    assert "1 02/11 Memverifikasi daftar gaji 08:00–12:20 13 dokumen 260 Disetujui" in text
    assert "Rapat koordinasi gaji (tugas tambahan) 13:00–14:15 1 - 75 Disetujui" in text
    assert "41 30/11 Menyusun laporan bulanan (tugas tambahan) 14:30–15:30 1 - 60 Ditolak" in text
    assert "Jumlah: 41 kegiatan, 40 disetujui (menit diajukan 6.760) 6.700 disetujui" in text
    assert "Menit diakui 6.400 menit" in text and "Capaian kinerja 100,00%" in text
    assert "Atasan langsung" in text and "ASN yang dinilai" in text and "Banda Aceh, 30 November 2026" in text
    assert f"NIP {city.boss.nip}" in text and f"NIP {city.staff.nip}" in text
    assert "DRAFT" not in text
    assert f"Halaman {len(pages)} dari {len(pages)}" in text


def test_letterhead_comes_from_the_settings_set_in_the_portal(city):
    Pengaturan.create(nama_pemerintah="PEMERINTAH KOTA SABANG", nama_kota="Sabang", alamat="Jalan Perdagangan 1")
    body = documents.pdf(documents.nominatif(city.dinas, c.YEAR, c.MONTH))
    text = squeeze(" ".join(pdf_pages(body)))
    assert "PEMERINTAH KOTA SABANG" in text and "Jalan Perdagangan 1" in text and "Sabang, 30 November 2026" in text
    assert "BANDA ACEH" not in text


def test_logo_check_accepts_small_png_and_jpeg_only():
    from PIL import Image

    def image(fmt, size=(40, 40)):
        buffer = io.BytesIO()
        Image.new("RGB", size, "green").save(buffer, format=fmt)
        return buffer.getvalue()

    assert data.logo_check(image("PNG")) == ("image/png", None)
    assert data.logo_check(image("JPEG")) == ("image/jpeg", None)
    assert data.logo_check(image("GIF"))[0] is None
    assert data.logo_check(b"\x89PNG\r\n\x1a\n" + b"not really")[0] is None
    assert data.logo_check(b"<svg onload=alert(1)>")[0] is None
    assert "terlalu besar" in data.logo_check(image("PNG", (2500, 10)))[1]
    assert "terlalu besar" in data.logo_check(b"\x89PNG\r\n\x1a\n" + b"0" * data.LOGO_MAX_BYTES)[1]


# -- safety -------------------------------------------------------------------------------------

HOSTILE_LINK = "<link rel=attachment href=file:///etc/passwd>"
HOSTILE_IMG = "<img src=http://127.0.0.1:9/>"
HOSTILE_STYLE = '<p style="background:url(file:///etc/passwd)">x</p>'
ALLOWED = {pdf.BASE_URL + name for name in pdf.STATIC_FILES}
PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def guarded(monkeypatch):
    """Record every URL the renderer asks for, fail on any socket connection or read of /etc/passwd."""
    fetcher = pdf.fetcher_class()
    asked = []
    original = fetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError(f"network access during rendering: {args}")

    real_open = builtins.open

    def watched_open(file, *args, **kwargs):
        assert "passwd" not in str(file), f"renderer opened {file}"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(fetcher, "fetch", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(builtins, "open", watched_open)
    return asked


def has_attachments(body):
    reader = PdfReader(io.BytesIO(body))
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        return True
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                return True
    return bool(reader.attachments)


def test_hostile_text_from_the_database_is_printed_as_text_and_fetches_nothing(city, guarded):
    city.staff.nama = HOSTILE_LINK
    city.staff.save()
    city.dinas.nama = HOSTILE_IMG
    city.dinas.save()
    Pengaturan.create(nama_pemerintah="PEMERINTAH KOTA BANDA ACEH", nama_kota="Banda Aceh", alamat=HOSTILE_STYLE)
    Aktivitas.update(uraian=HOSTILE_IMG, keterangan=HOSTILE_LINK).where(Aktivitas.tugas.is_null()).execute()
    Aktivitas.update(keterangan=HOSTILE_STYLE).where(Aktivitas.tugas.is_null(False)).execute()
    c.lock(city)
    bodies = [
        documents.pdf(documents.lkh(city.staff, c.YEAR, c.MONTH)),
        documents.pdf(documents.slip(city.staff, c.YEAR, c.MONTH, verify_url)),
        documents.pdf(documents.nominatif(city.dinas, c.YEAR, c.MONTH)),
    ]
    for body in bodies:
        assert not has_attachments(body)
        text = squeeze(" ".join(pdf_pages(body)))
        assert HOSTILE_LINK in text or HOSTILE_IMG.upper() in text
    assert HOSTILE_STYLE in squeeze(" ".join(pdf_pages(bodies[0])))
    assert guarded, "the QR code and the logo go through the restricted fetcher too"
    assert all(url in ALLOWED or url.startswith("data:") for url in guarded), guarded


def test_the_fetcher_refuses_files_network_and_unlisted_static_files_even_in_raw_html(guarded):
    raw = (
        f'<html><head>{HOSTILE_LINK}<link rel="stylesheet" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="../pdf.py"></head><body>{HOSTILE_IMG}{HOSTILE_STYLE}'
        f'<img src="{PIXEL}">'
        "</body></html>"
    )
    body = pdf.render_pdf(raw)
    assert not has_attachments(body)
    assert "file:///etc/passwd" in guarded and "http://127.0.0.1:9/" in guarded
    fetcher = pdf.fetcher_class()()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/", pdf.BASE_URL + "../pdf.py", pdf.BASE_URL + "x.css"):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)
    assert fetcher.fetch(pdf.BASE_URL + "print.css").read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
