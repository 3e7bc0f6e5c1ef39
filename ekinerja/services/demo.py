"""The demo city: Banda Aceh's five pilot SKPD of e-Kinerja PNS (1 March 2012), ready to click through.

Everything here is deterministic: the same rows on every run, except that holidays, the Ramadan schedule,
targets and the rule set belong to the current year, and the month of daily entries (LKH) in every status is
the one before today. People and their NIPs are fictional.
"""

import datetime
import itertools
import math
import random
from decimal import Decimal
from typing import NamedTuple

from peewee import chunked, fn
from werkzeug.security import generate_password_hash

from ekinerja import clock
from ekinerja.db import write_transaction
from ekinerja.models import (
    Aktivitas,
    Apel,
    AturanTpp,
    AuditLog,
    BendaharaSkpd,
    Cuti,
    HariLibur,
    Jabatan,
    JadwalKerja,
    JadwalKhusus,
    MenitHarian,
    Pegawai,
    PenugasanPlt,
    Presensi,
    PresensiHarian,
    RiwayatJabatan,
    Skpd,
    SkpdPrasyarat,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
    User,
)
from ekinerja.rules.abk import JAM_KERJA_EFEKTIF_TAHUNAN
from ekinerja.rules.activity import (
    MAX_TEXT,
    MAX_VOLUME,
    EntryContext,
    EntryDraft,
    clean_text,
    credited_minutes,
    entry_errors,
)
from ekinerja.rules.calendar import clipped, days_between
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.nip import nip_errors
from ekinerja.rules.tpp import DEMO_TARIF
from ekinerja.rules.workflow import Action, Status, next_status
from ekinerja.services import activity, approvals, audit
from ekinerja.services.calendar import Calendar, approval_deadline, rule_set_on
from ekinerja.services.periods import is_locked, locked_months
from ekinerja.services.positions import approvers_of, in_force_between

# Demo passwords are public on purpose: `flask seed-demo` prints them for the first login.
PASSWORD_PEGAWAI = "pegawai123"  # noqa: S105
SERVICE_ACCOUNTS = (
    # username, password, roles, skpd code, label printed with the login
    ("admin", "admin123", "admin", None, "admin (Bagian Organisasi, semua SKPD)"),
    ("admin.dpkad", "adminskpd123", "admin_skpd", "DPKAD", "admin_skpd (hanya DPKAD)"),
    ("verifikator", "verifikator123", "verifikator", None, "verifikator (UPTB Penilaian Kinerja PNS)"),
    ("keuangan", "keuangan123", "keuangan", None, "keuangan (BUD/bendahara)"),
)
# The Penilai Kinerja of Setda who also verifies on her own NIP account (every verifikator is a pegawai).
NIP_ROLE_EXTRA = {"Maulidar": "verifikator"}
# Who signs each SKPD's TPP lists as bendahara pengeluaran from 1 January of the demo year (the other SKPD
# have none yet: their lists show an empty signature block to fill in).
TREASURERS = {"SETWAN": "Junaidi", "DPKAD": "Muhammad Rizal"}

POSITION_START = datetime.date(2024, 1, 2)
CPNS_TMT = (2024, 3)
CPNS_START = datetime.date(2024, 3, 1)
PILOT_CONFIRMED = datetime.datetime(2012, 2, 27, 9, 0)
MINUTES_PER_PERSON = JAM_KERJA_EFEKTIF_TAHUNAN * 60


class DemoConflict(ValueError):
    """The database holds rows (NIPs, codes, machine IDs) that the demo city would duplicate."""


# --- Catalogue of duties ---------------------------------------------------------------------------------


class Duty(NamedTuple):
    uraian: str
    satuan: str
    norma: int
    volume: int
    # Periodic outputs (yearly, monthly, daily reports) keep their volume; case-driven ones scale with the load.
    tetap: bool = False


def D(uraian, satuan, norma, volume):
    return Duty(uraian, satuan, norma, volume)


def P(uraian, satuan, norma, volume):
    return Duty(uraian, satuan, norma, volume, True)


LEADER_DUTIES = [
    P("Menetapkan rencana kerja dan target kinerja tahunan {org}", "dokumen", 240, 2),
    D("Memimpin rapat koordinasi pimpinan dan pejabat {org}", "kegiatan", 120, 48),
    D("Memeriksa dan menandatangani naskah dinas {org}", "surat", 15, 1500),
    D("Melakukan pembinaan dan evaluasi kinerja pejabat di lingkungan {org}", "kegiatan", 90, 60),
    P("Menyampaikan laporan pelaksanaan tugas {org} kepada Wali Kota", "laporan", 180, 12),
    D("Menghadiri rapat dan undangan kedinasan mewakili {org}", "kegiatan", 120, 80),
    D("Menilai dan menyetujui laporan kinerja harian bawahan langsung", "berkas", 15, 600),
]
ADMINISTRATOR_DUTIES = [
    P("Menyusun rencana kerja dan anggaran {unit}", "dokumen", 240, 4),
    D("Mengoordinasikan dan membagi tugas kepada pejabat pengawas di lingkungan {unit}", "kegiatan", 60, 100),
    D("Memeriksa dan memaraf konsep naskah dinas {unit}", "surat", 15, 900),
    D("Memimpin rapat teknis {unit}", "kegiatan", 90, 48),
    P("Menyusun laporan kinerja dan capaian program {unit}", "laporan", 180, 12),
    D("Menilai dan menyetujui laporan kinerja harian bawahan", "berkas", 15, 700),
    D("Melakukan monitoring dan evaluasi pelaksanaan kegiatan {unit}", "kegiatan", 120, 24),
]
PENGAWAS_DUTIES = [
    P("Menyusun rencana kegiatan {unit}", "dokumen", 120, 12),
    D("Membagi tugas dan memberi petunjuk kerja kepada staf {unit}", "kegiatan", 30, 240),
    D("Memeriksa hasil kerja staf {unit}", "berkas", 20, 900),
    D("Menyusun konsep naskah dinas {unit}", "surat", 30, 300),
    P("Menyusun laporan bulanan kegiatan {unit}", "laporan", 120, 12),
    D("Memeriksa dan menyetujui laporan kinerja harian staf", "berkas", 15, 900),
]

STAFF_DUTIES = {
    "kelembagaan": [
        D("Menghimpun dan mengolah data kelembagaan perangkat daerah", "dokumen", 60, 120),
        D(
            "Menyusun konsep rancangan peraturan wali kota tentang susunan organisasi, tugas dan fungsi"
            " perangkat daerah",
            "dokumen",
            240,
            12,
        ),
        D("Menyusun konsep standar operasional prosedur (SOP) perangkat daerah", "dokumen", 180, 40),
        D("Melakukan evaluasi kelembagaan perangkat daerah", "laporan", 240, 10),
        D("Menyiapkan bahan rapat pembahasan tata laksana", "berkas", 45, 96),
        P("Menyusun laporan inventarisasi SOP perangkat daerah", "laporan", 90, 12),
    ],
    "anjab": [
        D("Mengumpulkan data informasi jabatan melalui wawancara dan kuesioner", "berkas", 60, 300),
        D("Menyusun dokumen analisis jabatan (ANJAB) perangkat daerah", "dokumen", 240, 60),
        D("Menghitung analisis beban kerja (ABK) jabatan", "dokumen", 180, 120),
        D("Memverifikasi usulan uraian tugas dan norma waktu dari SKPD", "berkas", 30, 600),
        D("Memutakhirkan data uraian tugas pada aplikasi e-Kinerja", "dokumen", 45, 240),
        P("Menyusun peta jabatan perangkat daerah", "dokumen", 120, 20),
    ],
    "penilai": [
        D("Memverifikasi laporan kinerja harian PNS pada aplikasi e-Kinerja", "berkas", 15, 9000),
        D("Memeriksa persetujuan atasan atas laporan kinerja harian", "berkas", 15, 3000),
        D("Merekapitulasi capaian kinerja dan disiplin pegawai per SKPD", "laporan", 120, 60),
        D("Menindaklanjuti pengaduan dan keberatan atas hasil penilaian kinerja", "berkas", 60, 60),
        P("Menyusun laporan bulanan hasil penilaian kinerja PNS", "laporan", 180, 12),
        D("Melakukan sosialisasi dan pendampingan penggunaan e-Kinerja di SKPD", "kegiatan", 180, 24),
    ],
    "pranata_komputer": [
        D("Memelihara server dan jaringan aplikasi Pemerintah Kota", "kegiatan", 60, 240),
        P("Melakukan pencadangan (backup) basis data aplikasi", "kegiatan", 30, 245),
        D("Menangani laporan gangguan aplikasi dari pengguna", "berkas", 45, 400),
        D("Mengembangkan modul aplikasi e-Kinerja sesuai kebutuhan Bagian Organisasi", "dokumen", 240, 30),
        D("Membuat dan mengelola akun pengguna aplikasi", "berkas", 15, 300),
        D("Menyusun dokumentasi teknis dan panduan penggunaan aplikasi", "dokumen", 180, 12),
    ],
    "humas": [
        D("Meliput kegiatan Wali Kota dan pimpinan daerah", "kegiatan", 120, 200),
        D("Menyusun naskah siaran pers", "dokumen", 60, 250),
        D("Mengunggah berita dan informasi ke situs web dan media sosial resmi", "berkas", 20, 600),
        P("Menyiapkan bahan penerbitan Warta Kota", "dokumen", 180, 12),
        D("Mendokumentasikan kegiatan dalam bentuk foto dan video", "kegiatan", 60, 200),
        P("Menghimpun kliping berita media massa", "laporan", 30, 245),
    ],
    "umum": [
        D("Mengagendakan surat masuk dan surat keluar", "surat", 15, 2000),
        D("Mendistribusikan surat dan naskah dinas kepada unit pengolah", "surat", 15, 1500),
        D("Mengetik konsep naskah dinas", "surat", 30, 400),
        D("Mengarsipkan naskah dinas", "berkas", 15, 1000),
        D("Menyiapkan keperluan rapat dan tamu kantor", "kegiatan", 45, 150),
        P("Menginventarisasi kebutuhan alat tulis kantor", "laporan", 60, 12),
    ],
    "kepegawaian": [
        D("Memutakhirkan data kepegawaian pada sistem informasi kepegawaian", "berkas", 20, 600),
        D("Menyiapkan usulan kenaikan pangkat dan kenaikan gaji berkala", "berkas", 45, 120),
        P("Merekapitulasi daftar hadir dan apel pegawai", "laporan", 60, 245),
        D("Menyiapkan usulan cuti pegawai", "berkas", 20, 200),
        P("Menyusun daftar urut kepangkatan (DUK)", "dokumen", 180, 2),
        D("Mengarsipkan berkas kepegawaian", "berkas", 15, 600),
    ],
    "risalah": [
        D("Mencatat jalannya rapat paripurna dan rapat alat kelengkapan DPRK", "kegiatan", 180, 120),
        D("Menyusun risalah dan notulen rapat DPRK", "dokumen", 120, 150),
        D("Menyiapkan bahan rapat dan undangan anggota DPRK", "berkas", 45, 300),
        P("Menyusun jadwal kegiatan DPRK", "dokumen", 60, 52),
        D("Mengarsipkan dokumen hasil rapat dan keputusan DPRK", "berkas", 15, 600),
        D("Mentranskripsi rekaman rapat", "dokumen", 90, 150),
    ],
    "bendahara": [
        D("Menerima dan meneliti kelengkapan surat permintaan pembayaran (SPP)", "berkas", 30, 600),
        D("Melakukan pembayaran belanja dan mencatatnya dalam buku kas umum", "berkas", 20, 900),
        D("Memungut dan menyetorkan pajak atas belanja", "berkas", 20, 500),
        P("Menyusun laporan pertanggungjawaban (SPJ) bendahara pengeluaran", "laporan", 240, 12),
        P("Melakukan rekonsiliasi kas dengan DPKAD", "kegiatan", 120, 12),
    ],
    "keuangan": [
        D("Menerima dan mencatat dokumen pertanggungjawaban keuangan", "berkas", 15, 1500),
        D("Memeriksa kelengkapan bukti pengeluaran", "berkas", 20, 1200),
        D("Menginput data transaksi ke aplikasi keuangan daerah", "berkas", 15, 1600),
        P("Menyusun rekapitulasi realisasi anggaran bulanan", "laporan", 120, 12),
        D("Mengarsipkan dokumen keuangan", "berkas", 15, 1000),
        D("Menyiapkan konsep surat penyediaan dana", "surat", 30, 200),
    ],
    "anggaran": [
        D("Meneliti rencana kerja dan anggaran (RKA) SKPD", "dokumen", 240, 60),
        D("Menyusun rancangan dokumen pelaksanaan anggaran (DPA) SKPD", "dokumen", 180, 80),
        D("Menyiapkan bahan rapat Tim Anggaran Pemerintah Kota (TAPK)", "berkas", 60, 100),
        D("Menginput pagu anggaran pada aplikasi keuangan daerah", "dokumen", 45, 300),
        P("Menyusun konsep rancangan qanun APBK dan perubahan APBK", "dokumen", 240, 2),
        P("Menyusun laporan analisis realisasi anggaran", "laporan", 120, 12),
    ],
    "sp2d": [
        D("Meneliti kelengkapan surat perintah membayar (SPM) dari SKPD", "berkas", 20, 3000),
        D("Menerbitkan surat perintah pencairan dana (SP2D)", "dokumen", 15, 3000),
        D("Mencatat SP2D yang diterbitkan dalam register", "berkas", 15, 3000),
        D("Mengembalikan SPM yang tidak lengkap disertai catatan", "surat", 15, 400),
        P("Menyusun laporan harian penerbitan SP2D", "laporan", 30, 245),
    ],
    "kas": [
        D("Mencatat penerimaan kas daerah", "berkas", 15, 2000),
        P("Melakukan rekonsiliasi rekening kas umum daerah dengan bank", "kegiatan", 120, 12),
        P("Menyusun laporan posisi kas harian", "laporan", 30, 245),
        P("Menyusun proyeksi arus kas bulanan", "dokumen", 180, 12),
        D("Memverifikasi setoran penerimaan dari bendahara penerimaan", "berkas", 15, 1200),
    ],
    "aset": [
        D("Mencatat barang milik daerah dalam kartu inventaris barang", "berkas", 15, 2000),
        D("Melakukan sensus dan pemeriksaan fisik barang milik daerah", "kegiatan", 240, 40),
        P("Menyusun laporan barang milik daerah semesteran", "laporan", 240, 2),
        D("Memproses usulan penghapusan barang milik daerah", "berkas", 60, 60),
        D("Memutakhirkan data aset pada aplikasi SIMDA Barang Milik Daerah", "berkas", 15, 2000),
        D("Menyiapkan berita acara serah terima barang", "dokumen", 30, 150),
    ],
    "ktp": [
        D("Melakukan perekaman data biometrik KTP elektronik", "berkas", 15, 6000),
        D("Mencetak KTP elektronik", "berkas", 15, 4000),
        D("Memverifikasi berkas permohonan kartu keluarga", "berkas", 15, 4000),
        D("Melayani perekaman KTP elektronik keliling (jemput bola)", "kegiatan", 240, 40),
        P("Menyusun laporan harian perekaman dan pencetakan", "laporan", 30, 245),
    ],
    "berkas_kependudukan": [
        D("Meneliti kelengkapan berkas permohonan dokumen kependudukan", "berkas", 15, 3000),
        D("Memverifikasi data permohonan pindah datang penduduk", "berkas", 15, 1500),
        D("Menerbitkan surat keterangan pindah", "surat", 15, 1200),
        D("Menangani pengaduan layanan administrasi kependudukan", "berkas", 30, 300),
        P("Menyusun laporan bulanan mutasi penduduk", "laporan", 120, 12),
    ],
    "database_kependudukan": [
        P("Memelihara basis data Sistem Informasi Administrasi Kependudukan (SIAK)", "kegiatan", 60, 245),
        D("Melakukan konsolidasi dan pembersihan data penduduk ganda", "berkas", 30, 1200),
        D("Melayani permintaan pemanfaatan data kependudukan oleh instansi", "surat", 60, 120),
        P("Menyusun data agregat kependudukan semesteran", "laporan", 240, 2),
        P("Melakukan pencadangan basis data kependudukan", "kegiatan", 30, 245),
    ],
    "akta": [
        D("Memproses permohonan akta kelahiran", "berkas", 20, 3000),
        D("Memproses permohonan akta kematian", "berkas", 20, 1000),
        D("Mencatat perkawinan dan menerbitkan kutipan akta perkawinan", "berkas", 45, 150),
        D("Memproses permohonan akta perceraian", "berkas", 45, 60),
        D("Menerbitkan salinan akta catatan sipil", "berkas", 15, 800),
        P("Menyusun register akta catatan sipil", "laporan", 60, 12),
    ],
    "pelayanan_izin": [
        D("Menerima dan memeriksa kelengkapan berkas permohonan izin", "berkas", 15, 3000),
        D("Memberikan informasi persyaratan perizinan kepada pemohon", "kegiatan", 15, 2000),
        D("Menyerahkan dokumen izin yang telah terbit kepada pemohon", "berkas", 15, 2000),
        D("Mencatat permohonan izin pada aplikasi perizinan", "berkas", 15, 3000),
        P("Menyusun laporan harian pelayanan perizinan", "laporan", 30, 245),
    ],
    "proses_izin": [
        D("Memproses permohonan izin mendirikan bangunan (IMB)", "berkas", 60, 800),
        D("Memproses permohonan surat izin usaha perdagangan (SIUP)", "berkas", 30, 1500),
        D("Memproses permohonan tanda daftar perusahaan (TDP)", "berkas", 30, 1200),
        D("Menyusun konsep surat keputusan izin", "dokumen", 30, 2000),
        D("Memproses permohonan izin gangguan (HO)", "berkas", 45, 600),
        P("Menyusun laporan bulanan penerbitan izin", "laporan", 120, 12),
    ],
    "survei_izin": [
        D("Melakukan peninjauan lapangan lokasi permohonan izin", "kegiatan", 180, 400),
        D("Menyusun berita acara hasil peninjauan lapangan", "dokumen", 45, 400),
        D("Mengukur dan memetakan lokasi bangunan", "kegiatan", 120, 200),
        D("Mengoordinasikan jadwal peninjauan dengan tim teknis SKPD", "kegiatan", 30, 300),
        P("Menyusun laporan bulanan hasil peninjauan lapangan", "laporan", 120, 12),
    ],
}


# --- Organisations, positions and the people holding them ------------------------------------------------


class Person(NamedTuple):
    nama: str
    jk: str
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    cpns: bool = False
    # Earlier, closed positions: (jabatan kode, mulai, selesai).
    riwayat: tuple = ()
    # Fixed identity (the people of shared/examples/pegawai.csv): nip, golongan, id_mesin, mulai.
    tetap: tuple | None = None


class Pos(NamedTuple):
    kode: str
    nama: str
    unit: str | None
    jenis: str
    eselon: str | None
    kelas: int
    atasan: str | None
    people: list
    tugas: str | None = None  # key of STAFF_DUTIES; structural positions use their level's catalogue
    extra: tuple = ()
    # People the workload needs (ABK); default: about the number of holders.
    kebutuhan: float | None = None


class Org(NamedTuple):
    kode: str
    nama: str
    singkatan: str
    units: list  # (kode, nama, induk kode or None)
    positions: list


def _d(year, month, day):
    return datetime.date(year, month, day)


EARLIER_END = datetime.date(2024, 1, 1)

CITY = [
    Org(
        "SETDA",
        "Sekretariat Daerah Kota Banda Aceh",
        "Setda",
        [
            ("SETDA-ORG", "Bagian Organisasi", None),
            ("SETDA-ORG-KTL", "Subbagian Kelembagaan dan Tata Laksana", "SETDA-ORG"),
            ("SETDA-ORG-AJ", "Subbagian Analisis Jabatan", "SETDA-ORG"),
            ("SETDA-UPTB-PK", "UPTB Penilaian Kinerja PNS", "SETDA-ORG"),
            ("SETDA-ADPEM", "Bagian Administrasi Pembangunan", None),
            ("SETDA-ADPEM-PDE", "Subbagian Pengelolaan Data Elektronik (MIMS)", "SETDA-ADPEM"),
            ("SETDA-HUMAS", "Bagian Hubungan Masyarakat", None),
            ("SETDA-HUMAS-PD", "Subbagian Publikasi dan Dokumentasi", "SETDA-HUMAS"),
        ],
        [
            Pos(
                "SETDA-0001",
                "Sekretaris Daerah",
                None,
                "jpt",
                "II.a",
                15,
                None,
                [Person("Amiruddin Yusuf", "L", "Drs.", "M.Si.")],
                extra=(
                    D("Memimpin Tim Anggaran Pemerintah Kota (TAPK)", "kegiatan", 180, 24),
                    P("Memimpin evaluasi penerapan e-Kinerja PNS pada SKPD", "kegiatan", 180, 12),
                ),
            ),
            Pos(
                "SETDA-0100",
                "Kepala Bagian Organisasi",
                "SETDA-ORG",
                "administrator",
                "III.a",
                11,
                "SETDA-0001",
                [Person("Cut Rahmawati", "P", None, "S.Sos., M.Si.")],
                extra=(D("Memfasilitasi penyusunan dokumen ANJAB dan ABK seluruh SKPD", "dokumen", 240, 20),),
            ),
            Pos(
                "SETDA-0101",
                "Kepala Subbagian Kelembagaan dan Tata Laksana",
                "SETDA-ORG-KTL",
                "pengawas",
                "IV.a",
                9,
                "SETDA-0100",
                [Person("Fadhil Ramadhan", "L", None, "S.STP.")],
                extra=(D("Memfasilitasi penyusunan regulasi penerapan e-Kinerja PNS", "dokumen", 240, 6),),
            ),
            Pos(
                "SETDA-0102",
                "Kepala Subbagian Analisis Jabatan",
                "SETDA-ORG-AJ",
                "pengawas",
                "IV.a",
                9,
                "SETDA-0100",
                [Person("Nurul Hidayati", "P", None, "S.Psi.")],
                extra=(D("Memvalidasi uraian tugas dan norma waktu jabatan hasil ABK", "berkas", 30, 400),),
            ),
            Pos(
                "SETDA-0103",
                "Analis Kelembagaan",
                "SETDA-ORG-KTL",
                "pelaksana",
                None,
                7,
                "SETDA-0101",
                [Person("Rizki Maulana", "L", None, "S.AP."), Person("Yusra Hanum", "P", None, "S.Sos.")],
                tugas="kelembagaan",
            ),
            Pos(
                "SETDA-0104",
                "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
                "SETDA-ORG-AJ",
                "fungsional",
                None,
                8,
                "SETDA-0102",
                [Person("Mutia Rahmi", "P", None, "S.Psi."), Person("Teuku Aulia Rahman", "L", None, "S.H.")],
                tugas="anjab",
                kebutuhan=2.74,
            ),
            Pos(
                "SETDA-0110",
                "Kepala UPTB Penilaian Kinerja PNS",
                "SETDA-UPTB-PK",
                "pengawas",
                "IV.a",
                9,
                "SETDA-0100",
                [
                    Person(
                        "Khairul Anwar",
                        "L",
                        None,
                        "S.H., M.H.",
                        riwayat=(("SETDA-0101", _d(2018, 1, 2), EARLIER_END),),
                    )
                ],
                extra=(
                    P("Menetapkan hasil verifikasi bulanan e-Kinerja PNS", "dokumen", 120, 12),
                    P("Mengoordinasikan penutupan periode penilaian kinerja bulanan", "kegiatan", 60, 12),
                ),
            ),
            Pos(
                "SETDA-0111",
                "Penilai Kinerja PNS",
                "SETDA-UPTB-PK",
                "pelaksana",
                None,
                7,
                "SETDA-0110",
                [
                    Person("Maulidar", "P", None, "S.E."),
                    Person("Irwansyah", "L", None, "S.Kom."),
                    Person("Hayatun Nufus", "P", None, "A.Md."),
                ],
                tugas="penilai",
            ),
            Pos(
                "SETDA-0200",
                "Kepala Bagian Administrasi Pembangunan",
                "SETDA-ADPEM",
                "administrator",
                "III.a",
                11,
                "SETDA-0001",
                [Person("Safrizal Yunus", "L", "Ir.", "M.T.")],
            ),
            Pos(
                "SETDA-0201",
                "Kepala Subbagian Pengelolaan Data Elektronik",
                "SETDA-ADPEM-PDE",
                "pengawas",
                "IV.a",
                9,
                "SETDA-0200",
                [Person("Munawar Khalil", "L", None, "S.Kom., M.Kom.")],
                extra=(D("Mengoordinasikan pengembangan aplikasi e-Kinerja PNS", "kegiatan", 120, 24),),
            ),
            Pos(
                "SETDA-0202",
                "Pranata Komputer Ahli Pertama",
                "SETDA-ADPEM-PDE",
                "fungsional",
                None,
                8,
                "SETDA-0201",
                [Person("Reza Fahlevi", "L", None, "S.Kom."), Person("Dara Fitria", "P", None, "S.T.")],
                tugas="pranata_komputer",
            ),
            Pos(
                "SETDA-0300",
                "Kepala Bagian Hubungan Masyarakat",
                "SETDA-HUMAS",
                "administrator",
                "III.a",
                11,
                "SETDA-0001",
                [Person("Nasrullah Ibrahim", "L", None, "S.Sos., M.Si.")],
            ),
            Pos(
                "SETDA-0301",
                "Kepala Subbagian Publikasi dan Dokumentasi",
                "SETDA-HUMAS-PD",
                "pengawas",
                "IV.a",
                9,
                "SETDA-0300",
                [Person("Intan Safitri", "P", None, "S.I.Kom.")],
                extra=(D("Menyunting naskah Warta Kota dan buletin", "dokumen", 120, 24),),
            ),
            Pos(
                "SETDA-0302",
                "Pengelola Publikasi",
                "SETDA-HUMAS-PD",
                "pelaksana",
                None,
                6,
                "SETDA-0301",
                [Person("Furqan Hidayat", "L", None, "A.Md."), Person("Nova Zahara", "P")],
                tugas="humas",
            ),
        ],
    ),
    Org(
        "SETWAN",
        "Sekretariat Dewan Perwakilan Rakyat Kota Banda Aceh",
        "Sekretariat DPRK",
        [
            ("SETWAN-UMUM", "Bagian Umum", None),
            ("SETWAN-UMUM-TU", "Subbagian Tata Usaha dan Kepegawaian", "SETWAN-UMUM"),
            ("SETWAN-SIDANG", "Bagian Persidangan dan Perundang-undangan", None),
            ("SETWAN-SIDANG-RR", "Subbagian Rapat dan Risalah", "SETWAN-SIDANG"),
            ("SETWAN-KEU", "Bagian Keuangan", None),
            ("SETWAN-KEU-AP", "Subbagian Anggaran dan Perbendaharaan", "SETWAN-KEU"),
        ],
        [
            Pos(
                "SETWAN-0001",
                "Sekretaris DPRK",
                None,
                "jpt",
                "II.b",
                14,
                "SETDA-0001",
                [Person("Teuku Samsul Bahri", "L", "Drs.", "M.M.")],
                extra=(D("Memfasilitasi penyelenggaraan rapat paripurna DPRK", "kegiatan", 180, 30),),
            ),
            Pos(
                "SETWAN-0100",
                "Kepala Bagian Umum",
                "SETWAN-UMUM",
                "administrator",
                "III.b",
                10,
                "SETWAN-0001",
                [Person("Ramli Usman", "L", None, "S.E.")],
            ),
            Pos(
                "SETWAN-0101",
                "Kepala Subbagian Tata Usaha dan Kepegawaian",
                "SETWAN-UMUM-TU",
                "pengawas",
                "IV.a",
                8,
                "SETWAN-0100",
                [Person("Salmiah", "P", None, "S.Sos.")],
            ),
            Pos(
                "SETWAN-0102",
                "Pengadministrasi Umum",
                "SETWAN-UMUM-TU",
                "pelaksana",
                None,
                5,
                "SETWAN-0101",
                [Person("Zulkifli", "L"), Person("Rosmawati", "P")],
                tugas="umum",
                kebutuhan=0.92,
            ),
            Pos(
                "SETWAN-0200",
                "Kepala Bagian Persidangan dan Perundang-undangan",
                "SETWAN-SIDANG",
                "administrator",
                "III.b",
                10,
                "SETWAN-0001",
                [Person("Hasanuddin Ali", "L", None, "S.H., M.H.")],
                extra=(D("Mengoordinasikan penyusunan rancangan qanun inisiatif DPRK", "dokumen", 240, 6),),
            ),
            Pos(
                "SETWAN-0201",
                "Kepala Subbagian Rapat dan Risalah",
                "SETWAN-SIDANG-RR",
                "pengawas",
                "IV.a",
                8,
                "SETWAN-0200",
                [Person("Cut Fitriani", "P", None, "S.H.")],
            ),
            Pos(
                "SETWAN-0202",
                "Penyusun Risalah Rapat",
                "SETWAN-SIDANG-RR",
                "pelaksana",
                None,
                7,
                "SETWAN-0201",
                [Person("Wahyudi Saputra", "L", None, "S.H."), Person("Lailatul Qadri", "P", None, "A.Md.")],
                tugas="risalah",
            ),
            Pos(
                "SETWAN-0300",
                "Kepala Bagian Keuangan",
                "SETWAN-KEU",
                "administrator",
                "III.b",
                10,
                "SETWAN-0001",
                [Person("Yusri Abdullah", "L", None, "S.E., M.Si.")],
            ),
            Pos(
                "SETWAN-0301",
                "Kepala Subbagian Anggaran dan Perbendaharaan",
                "SETWAN-KEU-AP",
                "pengawas",
                "IV.a",
                8,
                "SETWAN-0300",
                [Person("Marlina", "P", None, "S.E.")],
            ),
            Pos(
                "SETWAN-0302",
                "Bendahara Pengeluaran",
                "SETWAN-KEU-AP",
                "pelaksana",
                None,
                7,
                "SETWAN-0301",
                [Person("Junaidi", "L", None, "A.Md.")],
                tugas="bendahara",
            ),
            Pos(
                "SETWAN-0303",
                "Pengelola Keuangan",
                "SETWAN-KEU-AP",
                "pelaksana",
                None,
                6,
                "SETWAN-0301",
                [Person("Sri Wahyuni", "P", None, "S.E.")],
                tugas="keuangan",
                kebutuhan=1.86,
            ),
        ],
    ),
    Org(
        "DPKAD",
        "Dinas Pengelolaan Keuangan dan Aset Daerah Kota Banda Aceh",
        "DPKAD",
        [
            ("DPKAD-SEK", "Sekretariat", None),
            ("DPKAD-SEK-UK", "Subbagian Umum dan Kepegawaian", "DPKAD-SEK"),
            ("DPKAD-ANG", "Bidang Anggaran", None),
            ("DPKAD-ANG-PA", "Seksi Penyusunan Anggaran", "DPKAD-ANG"),
            ("DPKAD-PBN", "Bidang Perbendaharaan", None),
            ("DPKAD-PBN-BL", "Seksi Perbendaharaan Belanja", "DPKAD-PBN"),
            ("DPKAD-PBN-KAS", "Seksi Kas Daerah", "DPKAD-PBN"),
            ("DPKAD-ASET", "Bidang Aset", None),
            ("DPKAD-ASET-PU", "Seksi Penatausahaan Aset", "DPKAD-ASET"),
        ],
        [
            Pos(
                "DPKAD-0001",
                "Kepala Dinas Pengelolaan Keuangan dan Aset Daerah",
                None,
                "jpt",
                "II.b",
                14,
                "SETDA-0001",
                [Person("Mukhlis Abdurrahman", "L", None, "S.E., M.Si.")],
                extra=(D("Menandatangani surat perintah pencairan dana (SP2D) selaku Kuasa BUD", "dokumen", 15, 1200),),
            ),
            Pos(
                "DPKAD-0100",
                "Sekretaris Dinas",
                "DPKAD-SEK",
                "administrator",
                "III.a",
                11,
                "DPKAD-0001",
                [Person("Nurhayati", "P", None, "S.E., M.M.")],
            ),
            Pos(
                "DPKAD-0101",
                "Kepala Subbagian Umum dan Kepegawaian",
                "DPKAD-SEK-UK",
                "pengawas",
                "IV.a",
                8,
                "DPKAD-0100",
                [Person("Azhari", "L", None, "S.Sos.")],
            ),
            Pos(
                "DPKAD-0102",
                "Pengadministrasi Kepegawaian",
                "DPKAD-SEK-UK",
                "pelaksana",
                None,
                6,
                "DPKAD-0101",
                [Person("Ulfa Mawaddah", "P", None, "A.Md.")],
                tugas="kepegawaian",
            ),
            Pos(
                "DPKAD-0103",
                "Pengadministrasi Persuratan",
                "DPKAD-SEK-UK",
                "pelaksana",
                None,
                5,
                "DPKAD-0101",
                [Person("Bukhari", "L")],
                tugas="umum",
            ),
            Pos(
                "DPKAD-0200",
                "Kepala Bidang Anggaran",
                "DPKAD-ANG",
                "administrator",
                "III.b",
                11,
                "DPKAD-0001",
                [Person("Darmawan Ishak", "L", None, "S.E., M.Ak.")],
            ),
            Pos(
                "DPKAD-0201",
                "Kepala Seksi Penyusunan Anggaran",
                "DPKAD-ANG-PA",
                "pengawas",
                "IV.a",
                9,
                "DPKAD-0200",
                [Person("Rahmi Fajriani", "P", None, "S.E.")],
                extra=(D("Memeriksa rancangan DPA SKPD sebelum disahkan", "dokumen", 60, 120),),
            ),
            Pos(
                "DPKAD-0202",
                "Analis Anggaran",
                "DPKAD-ANG-PA",
                "pelaksana",
                None,
                7,
                "DPKAD-0201",
                [
                    Person("Fauzan Azima", "L", None, "S.E."),
                    Person("Riska Amalia", "P", None, "S.Ak.", cpns=True),
                    Person("Mirza Fahmi", "L", None, "S.E."),
                ],
                tugas="anggaran",
            ),
            Pos(
                "DPKAD-0300",
                "Kepala Bidang Perbendaharaan",
                "DPKAD-PBN",
                "administrator",
                "III.b",
                11,
                "DPKAD-0001",
                [
                    Person(
                        "Jalaluddin",
                        "L",
                        None,
                        "S.E., M.M.",
                        riwayat=(("DPKAD-0201", _d(2017, 1, 2), EARLIER_END),),
                    )
                ],
            ),
            Pos(
                "DPKAD-0301",
                "Kepala Seksi Perbendaharaan Belanja",
                "DPKAD-PBN-BL",
                "pengawas",
                "IV.a",
                9,
                "DPKAD-0300",
                [
                    Person(
                        "Zulfikar Ahmad",
                        "L",
                        None,
                        "S.E.",
                        riwayat=(("DPKAD-0303", _d(2019, 1, 2), EARLIER_END),),
                        tetap=("198503122010011003", "III/c", "7", POSITION_START),
                    )
                ],
                extra=(D("Memeriksa konsep SP2D sebelum ditandatangani Kuasa BUD", "berkas", 15, 1500),),
                kebutuhan=1.58,
            ),
            Pos(
                "DPKAD-0302",
                "Kepala Seksi Kas Daerah",
                "DPKAD-PBN-KAS",
                "pengawas",
                "IV.a",
                9,
                "DPKAD-0300",
                [Person("Desi Ratnasari", "P", None, "S.E.")],
            ),
            Pos(
                "DPKAD-0303",
                "Pengelola Surat Perintah Pencairan Dana",
                "DPKAD-PBN-BL",
                "pelaksana",
                None,
                7,
                "DPKAD-0301",
                [Person("Ikhsan Maulana", "L", None, "S.E."), Person("Putri Handayani", "P", None, "A.Md.")],
                tugas="sp2d",
                kebutuhan=3.62,
            ),
            Pos(
                "DPKAD-0304",
                "Pengelola Kas Daerah",
                "DPKAD-PBN-KAS",
                "pelaksana",
                None,
                7,
                "DPKAD-0302",
                [Person("Ridwan Hakim", "L", None, "S.E."), Person("Zahratul Aini", "P", None, "A.Md.")],
                tugas="kas",
            ),
            Pos(
                "DPKAD-0305",
                "Pengadministrasi Keuangan",
                "DPKAD-PBN-BL",
                "pelaksana",
                None,
                6,
                "DPKAD-0301",
                [
                    Person(
                        "Siti Rahmah",
                        "P",
                        None,
                        "A.Md.",
                        cpns=True,
                        tetap=("199702142024032001", "II/c", "12", CPNS_START),
                    ),
                    Person("Muhammad Rizal", "L"),
                ],
                tugas="keuangan",
            ),
            Pos(
                "DPKAD-0400",
                "Kepala Bidang Aset",
                "DPKAD-ASET",
                "administrator",
                "III.b",
                11,
                "DPKAD-0001",
                [Person("Sulaiman Daud", "L", "Ir.")],
            ),
            Pos(
                "DPKAD-0401",
                "Kepala Seksi Penatausahaan Aset",
                "DPKAD-ASET-PU",
                "pengawas",
                "IV.a",
                9,
                "DPKAD-0400",
                [Person("Kamaruzzaman", "L", None, "S.T.")],
            ),
            Pos(
                "DPKAD-0402",
                "Pengelola Barang Milik Daerah",
                "DPKAD-ASET-PU",
                "pelaksana",
                None,
                6,
                "DPKAD-0401",
                [Person("Yuliana", "P", None, "A.Md."), Person("Nazaruddin", "L")],
                tugas="aset",
            ),
        ],
    ),
    Org(
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Banda Aceh",
        "Disdukcapil",
        [
            ("DISDUKCAPIL-SEK", "Sekretariat", None),
            ("DISDUKCAPIL-SEK-UK", "Subbagian Umum dan Kepegawaian", "DISDUKCAPIL-SEK"),
            ("DISDUKCAPIL-DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", None),
            ("DISDUKCAPIL-DAFDUK-IP", "Seksi Identitas Penduduk", "DISDUKCAPIL-DAFDUK"),
            ("DISDUKCAPIL-CAPIL", "Bidang Pelayanan Pencatatan Sipil", None),
            ("DISDUKCAPIL-CAPIL-KK", "Seksi Kelahiran dan Kematian", "DISDUKCAPIL-CAPIL"),
        ],
        [
            Pos(
                "DISDUKCAPIL-0001",
                "Kepala Dinas Kependudukan dan Pencatatan Sipil",
                None,
                "jpt",
                "II.b",
                14,
                "SETDA-0001",
                [Person("Hafsah Ibrahim", "P", "Dra.", "M.Si.")],
            ),
            Pos(
                "DISDUKCAPIL-0100",
                "Sekretaris Dinas",
                "DISDUKCAPIL-SEK",
                "administrator",
                "III.a",
                11,
                "DISDUKCAPIL-0001",
                [Person("Ismail Harun", "L", None, "S.Sos., M.AP.")],
            ),
            Pos(
                "DISDUKCAPIL-0101",
                "Kepala Subbagian Umum dan Kepegawaian",
                "DISDUKCAPIL-SEK-UK",
                "pengawas",
                "IV.a",
                8,
                "DISDUKCAPIL-0100",
                [Person("Wardah", "P", None, "S.E.")],
            ),
            Pos(
                "DISDUKCAPIL-0102",
                "Pengadministrasi Umum",
                "DISDUKCAPIL-SEK-UK",
                "pelaksana",
                None,
                5,
                "DISDUKCAPIL-0101",
                [Person("Usman Ali", "L")],
                tugas="umum",
            ),
            Pos(
                "DISDUKCAPIL-0200",
                "Kepala Bidang Pelayanan Pendaftaran Penduduk",
                "DISDUKCAPIL-DAFDUK",
                "administrator",
                "III.b",
                11,
                "DISDUKCAPIL-0001",
                [Person("Teuku Mahdi", "L", None, "S.H.")],
            ),
            Pos(
                "DISDUKCAPIL-0201",
                "Kepala Seksi Identitas Penduduk",
                "DISDUKCAPIL-DAFDUK-IP",
                "pengawas",
                "IV.a",
                9,
                "DISDUKCAPIL-0200",
                [Person("Asmaul Husna", "P", None, "S.Kom.")],
                extra=(D("Menandatangani kartu keluarga dan dokumen identitas penduduk", "berkas", 15, 2000),),
            ),
            Pos(
                "DISDUKCAPIL-0202",
                "Operator Perekaman KTP Elektronik",
                "DISDUKCAPIL-DAFDUK-IP",
                "pelaksana",
                None,
                6,
                "DISDUKCAPIL-0201",
                [
                    Person("Qadri Ramadhan", "L"),
                    Person("Eka Putri Sari", "P", None, "A.Md.", cpns=True),
                    Person("Ferdiansyah", "L"),
                ],
                tugas="ktp",
                kebutuhan=4.41,
            ),
            Pos(
                "DISDUKCAPIL-0203",
                "Pemeriksa Berkas Kependudukan",
                "DISDUKCAPIL-DAFDUK-IP",
                "pelaksana",
                None,
                7,
                "DISDUKCAPIL-0201",
                [
                    Person(
                        "Raihan Akbar",
                        "L",
                        None,
                        "S.H.",
                        riwayat=(("KPPTSP-0202", _d(2020, 3, 2), EARLIER_END),),
                    )
                ],
                tugas="berkas_kependudukan",
            ),
            Pos(
                "DISDUKCAPIL-0204",
                "Administrator Database Kependudukan",
                "DISDUKCAPIL-DAFDUK-IP",
                "pelaksana",
                None,
                7,
                "DISDUKCAPIL-0201",
                [Person("Syahrul Ramadhan", "L", None, "S.Kom.")],
                tugas="database_kependudukan",
            ),
            Pos(
                "DISDUKCAPIL-0300",
                "Kepala Bidang Pelayanan Pencatatan Sipil",
                "DISDUKCAPIL-CAPIL",
                "administrator",
                "III.b",
                11,
                "DISDUKCAPIL-0001",
                [Person("Rosnani", "P", None, "S.H., M.H.")],
            ),
            Pos(
                "DISDUKCAPIL-0301",
                "Kepala Seksi Kelahiran dan Kematian",
                "DISDUKCAPIL-CAPIL-KK",
                "pengawas",
                "IV.a",
                9,
                "DISDUKCAPIL-0300",
                [Person("Lukman Hakim", "L", None, "S.Sos.")],
            ),
            Pos(
                "DISDUKCAPIL-0302",
                "Pengelola Akta Catatan Sipil",
                "DISDUKCAPIL-CAPIL-KK",
                "pelaksana",
                None,
                7,
                "DISDUKCAPIL-0301",
                [Person("Dewi Kartika", "P", None, "S.H."), Person("Yusuf Hamdani", "L", None, "A.Md.")],
                tugas="akta",
            ),
        ],
    ),
    Org(
        "KPPTSP",
        "Kantor Pelayanan Perizinan Terpadu Satu Pintu Kota Banda Aceh",
        "KPPTSP",
        [
            ("KPPTSP-TU", "Subbagian Tata Usaha", None),
            ("KPPTSP-PEL", "Seksi Pelayanan", None),
            ("KPPTSP-PIZ", "Seksi Pengolahan dan Penerbitan Izin", None),
        ],
        [
            Pos(
                "KPPTSP-0001",
                "Kepala Kantor Pelayanan Perizinan Terpadu Satu Pintu",
                None,
                "administrator",
                "III.a",
                12,
                "SETDA-0001",
                [Person("Said Azhar", "L", None, "S.T., M.T.")],
                extra=(D("Menandatangani surat keputusan izin", "dokumen", 15, 2500),),
            ),
            Pos(
                "KPPTSP-0101",
                "Kepala Subbagian Tata Usaha",
                "KPPTSP-TU",
                "pengawas",
                "IV.a",
                8,
                "KPPTSP-0001",
                [Person("Nurul Fajri", "P", None, "S.E.")],
            ),
            Pos(
                "KPPTSP-0102",
                "Pengadministrasi Umum",
                "KPPTSP-TU",
                "pelaksana",
                None,
                5,
                "KPPTSP-0101",
                [Person("Mahdi Ismail", "L")],
                tugas="umum",
            ),
            Pos(
                "KPPTSP-0201",
                "Kepala Seksi Pelayanan",
                "KPPTSP-PEL",
                "pengawas",
                "IV.a",
                9,
                "KPPTSP-0001",
                [Person("Zainal Abidin", "L", None, "S.AP.")],
            ),
            Pos(
                "KPPTSP-0202",
                "Petugas Pelayanan Perizinan",
                "KPPTSP-PEL",
                "pelaksana",
                None,
                6,
                "KPPTSP-0201",
                [Person("Fitriani", "P", None, "A.Md."), Person("Rahmat Hidayat", "L")],
                tugas="pelayanan_izin",
                kebutuhan=1.12,
            ),
            Pos(
                "KPPTSP-0301",
                "Kepala Seksi Pengolahan dan Penerbitan Izin",
                "KPPTSP-PIZ",
                "pengawas",
                "IV.a",
                9,
                "KPPTSP-0001",
                [Person("Cut Rina Marliana", "P", None, "S.T.")],
            ),
            Pos(
                "KPPTSP-0302",
                "Pemroses Perizinan",
                "KPPTSP-PIZ",
                "pelaksana",
                None,
                7,
                "KPPTSP-0301",
                [Person("Husaini", "L", None, "S.H."), Person("Intan Permata", "P", None, "S.H.", cpns=True)],
                tugas="proses_izin",
            ),
            Pos(
                "KPPTSP-0303",
                "Petugas Survei Lapangan Perizinan",
                "KPPTSP-PIZ",
                "pelaksana",
                None,
                6,
                "KPPTSP-0301",
                [Person("Bahtiar Effendi", "L", None, "S.T.")],
                tugas="survei_izin",
            ),
        ],
    ),
]
DEMO_SKPD_CODES = tuple(org.kode for org in CITY)

# Prerequisites an admin confirms with a document (the rest is derived from data). KPPTSP has not yet
# shown that it holds apel pagi and sore, so the readiness screen has a gap to show.
PRASYARAT_DOKUMEN = {
    "SETDA": {"presensi_elektronik": "800/0211/2012", "apel": "800/0212/2012"},
    "SETWAN": {"presensi_elektronik": "800/0213/2012", "apel": "800/0214/2012"},
    "DPKAD": {"presensi_elektronik": "800/0215/2012", "apel": "800/0216/2012"},
    "DISDUKCAPIL": {"presensi_elektronik": "800/0217/2012", "apel": "800/0218/2012"},
    "KPPTSP": {"presensi_elektronik": "800/0219/2012"},
}

# Per SKPD: (jenis, indikator, satuan, value in the Renstra's first year, yearly step).
TARGETS = {
    "SETDA": [
        ("renstra", "Nilai SAKIP Pemerintah Kota Banda Aceh", "nilai", "72", "1.5"),
        ("renstra", "Persentase SKPD yang menerapkan e-Kinerja PNS", "%", "80", "5"),
        ("renstra", "Indeks Reformasi Birokrasi Pemerintah Kota", "nilai", "68", "2"),
        ("renja", "Jumlah dokumen ANJAB dan ABK SKPD yang difasilitasi", "dokumen", "30", "2"),
        ("renja", "Jumlah laporan bulanan penilaian kinerja PNS", "laporan", "12", "0"),
        ("renja", "Jumlah rilis berita kebijakan Pemerintah Kota", "rilis", "480", "20"),
        ("target_kinerja", "Persentase PNS yang dinilai melalui e-Kinerja", "%", "85", "3"),
        ("target_kinerja", "Persentase SKPD dengan ANJAB dan ABK mutakhir", "%", "80", "4"),
        ("target_kinerja", "Indeks kepuasan layanan administrasi Sekretariat Daerah", "indeks", "78", "1"),
    ],
    "SETWAN": [
        ("renstra", "Persentase rancangan qanun yang dibahas tepat waktu", "%", "75", "5"),
        ("renstra", "Persentase risalah rapat DPRK yang selesai paling lama 7 hari", "%", "80", "4"),
        ("renja", "Jumlah rapat paripurna yang difasilitasi", "kegiatan", "24", "0"),
        ("renja", "Jumlah risalah rapat yang disusun", "dokumen", "150", "10"),
        ("target_kinerja", "Persentase rapat DPRK yang terfasilitasi dengan baik", "%", "90", "2"),
        ("target_kinerja", "Persentase laporan pertanggungjawaban keuangan tepat waktu", "%", "85", "3"),
    ],
    "DPKAD": [
        ("renstra", "Opini BPK atas laporan keuangan pemerintah kota (WTP = 4)", "skor", "4", "0"),
        ("renstra", "Persentase realisasi belanja terhadap APBK", "%", "85", "2"),
        ("renstra", "Persentase barang milik daerah yang bersertifikat", "%", "55", "8"),
        ("renja", "Jumlah SP2D yang diterbitkan", "dokumen", "6000", "250"),
        ("renja", "Jumlah DPA SKPD yang disahkan", "dokumen", "40", "0"),
        ("renja", "Jumlah laporan barang milik daerah", "laporan", "2", "0"),
        ("target_kinerja", "Rata-rata waktu penerbitan SP2D", "hari", "3", "-0.5"),
        ("target_kinerja", "Persentase SKPD yang menyampaikan laporan keuangan tepat waktu", "%", "80", "5"),
        ("target_kinerja", "Persentase aset yang tercatat dalam kartu inventaris barang", "%", "85", "3"),
    ],
    "DISDUKCAPIL": [
        ("renstra", "Persentase penduduk wajib KTP yang memiliki KTP elektronik", "%", "92", "2"),
        ("renstra", "Persentase anak 0-18 tahun yang memiliki akta kelahiran", "%", "88", "2.5"),
        ("renja", "Jumlah KTP elektronik yang dicetak", "keping", "18000", "500"),
        ("renja", "Jumlah akta kelahiran yang diterbitkan", "dokumen", "6000", "200"),
        ("renja", "Jumlah kegiatan perekaman KTP elektronik keliling", "kegiatan", "40", "4"),
        ("target_kinerja", "Persentase dokumen kependudukan selesai paling lama 3 hari kerja", "%", "85", "3"),
        ("target_kinerja", "Indeks kepuasan masyarakat layanan administrasi kependudukan", "indeks", "80", "1"),
    ],
    "KPPTSP": [
        ("renstra", "Persentase izin yang terbit sesuai standar waktu pelayanan", "%", "80", "4"),
        ("renstra", "Indeks kepuasan masyarakat layanan perizinan", "indeks", "78", "1.5"),
        ("renja", "Jumlah izin yang diterbitkan", "dokumen", "5000", "300"),
        ("renja", "Jumlah peninjauan lapangan lokasi izin", "kegiatan", "400", "20"),
        ("target_kinerja", "Rata-rata waktu penyelesaian izin usaha", "hari", "5", "-0.5"),
        ("target_kinerja", "Persentase pengaduan perizinan yang ditindaklanjuti", "%", "90", "2"),
    ],
}

# --- Calendar ----------------------------------------------------------------------------------------------

# National holidays and cuti bersama per the yearly SKB of three ministers. 2027 is an estimate from the
# Hijri, Chinese and Saka calendars until its decree is out: correct it in the portal then.
_LN, _CB = "libur_nasional", "cuti_bersama"
HOLIDAYS = {
    2025: [
        ("01-01", _LN, "Tahun Baru 2025 Masehi"),
        ("01-27", _LN, "Isra Mikraj Nabi Muhammad SAW"),
        ("01-28", _CB, "Cuti bersama Tahun Baru Imlek"),
        ("01-29", _LN, "Tahun Baru Imlek 2576 Kongzili"),
        ("03-28", _CB, "Cuti bersama Hari Suci Nyepi"),
        ("03-29", _LN, "Hari Suci Nyepi Tahun Baru Saka 1947"),
        ("03-31", _LN, "Idul Fitri 1446 Hijriah"),
        ("04-01", _LN, "Idul Fitri 1446 Hijriah"),
        ("04-02", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-03", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-04", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-07", _CB, "Cuti bersama Idul Fitri 1446 Hijriah"),
        ("04-18", _LN, "Wafat Yesus Kristus"),
        ("04-20", _LN, "Kebangkitan Yesus Kristus (Paskah)"),
        ("05-01", _LN, "Hari Buruh Internasional"),
        ("05-12", _LN, "Hari Raya Waisak 2569 BE"),
        ("05-13", _CB, "Cuti bersama Hari Raya Waisak"),
        ("05-29", _LN, "Kenaikan Yesus Kristus"),
        ("05-30", _CB, "Cuti bersama Kenaikan Yesus Kristus"),
        ("06-01", _LN, "Hari Lahir Pancasila"),
        ("06-06", _LN, "Idul Adha 1446 Hijriah"),
        ("06-09", _CB, "Cuti bersama Idul Adha 1446 Hijriah"),
        ("06-27", _LN, "Tahun Baru Islam 1447 Hijriah"),
        ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
        ("08-18", _CB, "Cuti bersama Hari Kemerdekaan Republik Indonesia"),
        ("09-05", _LN, "Maulid Nabi Muhammad SAW"),
        ("12-25", _LN, "Hari Raya Natal"),
        ("12-26", _CB, "Cuti bersama Hari Raya Natal"),
    ],
    2026: [
        ("01-01", _LN, "Tahun Baru 2026 Masehi"),
        ("01-16", _LN, "Isra Mikraj Nabi Muhammad SAW"),
        ("02-16", _CB, "Cuti bersama Tahun Baru Imlek"),
        ("02-17", _LN, "Tahun Baru Imlek 2577 Kongzili"),
        ("03-18", _CB, "Cuti bersama Hari Suci Nyepi"),
        ("03-19", _LN, "Hari Suci Nyepi Tahun Baru Saka 1948"),
        ("03-20", _LN, "Idul Fitri 1447 Hijriah"),
        ("03-21", _LN, "Idul Fitri 1447 Hijriah"),
        ("03-23", _CB, "Cuti bersama Idul Fitri 1447 Hijriah"),
        ("03-24", _CB, "Cuti bersama Idul Fitri 1447 Hijriah"),
        ("04-03", _LN, "Wafat Yesus Kristus"),
        ("04-05", _LN, "Kebangkitan Yesus Kristus (Paskah)"),
        ("05-01", _LN, "Hari Buruh Internasional"),
        ("05-14", _LN, "Kenaikan Yesus Kristus"),
        ("05-15", _CB, "Cuti bersama Kenaikan Yesus Kristus"),
        ("05-27", _LN, "Idul Adha 1447 Hijriah"),
        ("05-28", _CB, "Cuti bersama Idul Adha 1447 Hijriah"),
        ("05-31", _LN, "Hari Raya Waisak 2570 BE"),
        ("06-01", _LN, "Hari Lahir Pancasila"),
        ("06-16", _LN, "Tahun Baru Islam 1448 Hijriah"),
        ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
        ("08-25", _LN, "Maulid Nabi Muhammad SAW"),
        ("12-24", _CB, "Cuti bersama Hari Raya Natal"),
        ("12-25", _LN, "Hari Raya Natal"),
    ],
    2027: [
        ("01-01", _LN, "Tahun Baru 2027 Masehi"),
        ("01-05", _LN, "Isra Mikraj Nabi Muhammad SAW"),
        ("02-05", _CB, "Cuti bersama Tahun Baru Imlek"),
        ("02-06", _LN, "Tahun Baru Imlek 2578 Kongzili"),
        ("03-08", _CB, "Cuti bersama Idul Fitri 1448 Hijriah"),
        ("03-09", _LN, "Hari Suci Nyepi Tahun Baru Saka 1949"),
        ("03-10", _LN, "Idul Fitri 1448 Hijriah"),
        ("03-11", _LN, "Idul Fitri 1448 Hijriah"),
        ("03-12", _CB, "Cuti bersama Idul Fitri 1448 Hijriah"),
        ("03-26", _LN, "Wafat Yesus Kristus"),
        ("03-28", _LN, "Kebangkitan Yesus Kristus (Paskah)"),
        ("05-01", _LN, "Hari Buruh Internasional"),
        ("05-06", _LN, "Kenaikan Yesus Kristus"),
        ("05-07", _CB, "Cuti bersama Kenaikan Yesus Kristus"),
        ("05-17", _LN, "Idul Adha 1448 Hijriah"),
        ("05-20", _LN, "Hari Raya Waisak 2571 BE"),
        ("05-21", _CB, "Cuti bersama Hari Raya Waisak"),
        ("06-01", _LN, "Hari Lahir Pancasila"),
        ("06-06", _LN, "Tahun Baru Islam 1449 Hijriah"),
        ("08-15", _LN, "Maulid Nabi Muhammad SAW"),
        ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
        ("12-24", _CB, "Cuti bersama Hari Raya Natal"),
        ("12-25", _LN, "Hari Raya Natal"),
    ],
}
# Years without a table get only the holidays on fixed dates; the rest is for an admin to add.
FIXED_HOLIDAYS = [
    ("01-01", _LN, "Tahun Baru {year} Masehi"),
    ("05-01", _LN, "Hari Buruh Internasional"),
    ("06-01", _LN, "Hari Lahir Pancasila"),
    ("08-17", _LN, "Hari Kemerdekaan Republik Indonesia"),
    ("12-25", _LN, "Hari Raya Natal"),
]
RAMADAN = {
    2025: (_d(2025, 3, 1), _d(2025, 3, 30)),
    2026: (_d(2026, 2, 18), _d(2026, 3, 19)),
    2027: (_d(2027, 2, 8), _d(2027, 3, 9)),
    2028: (_d(2028, 1, 28), _d(2028, 2, 25)),
}
_HIJRI_YEAR_DAYS = 354.367


def holidays(year):
    """(date, jenis, keterangan) of the national holidays and cuti bersama of a year."""
    rows = HOLIDAYS.get(year) or FIXED_HOLIDAYS
    result = []
    for month_day, jenis, keterangan in rows:
        month, day = map(int, month_day.split("-"))
        result.append((_d(year, month, day), jenis, keterangan.format(year=year)))
    return result


def ramadan(year):
    """First and last day of (the first) Ramadan in a year: the table, else by mean lunar years from 2026."""
    if year in RAMADAN:
        return RAMADAN[year]
    start_2026 = RAMADAN[2026][0]
    n = round((year - 2026) * 365.2425 / _HIJRI_YEAR_DAYS)
    start = start_2026 + datetime.timedelta(days=round(n * _HIJRI_YEAR_DAYS))
    while start.year > year:
        n -= 1
        start = start_2026 + datetime.timedelta(days=round(n * _HIJRI_YEAR_DAYS))
    while start.year < year:
        n += 1
        start = start_2026 + datetime.timedelta(days=round(n * _HIJRI_YEAR_DAYS))
    return start, start + datetime.timedelta(days=29)


def renstra_period(year):
    """The 5-year Renstra period containing the year (2025-2029, 2030-2034, ...)."""
    start = 2025 + 5 * ((year - 2025) // 5)
    return start, start + 4


# --- Derived personal data -------------------------------------------------------------------------------

_GOLONGAN = list(GOLONGAN)

# Per eselon (None: staff): golongan range and birth years.
_RANK_RULES = {
    "II.a": ("IV/c", "IV/d", 1967, 1971),
    "II.b": ("IV/b", "IV/c", 1968, 1973),
    "III.a": ("IV/a", "IV/b", 1970, 1978),
    "III.b": ("III/d", "IV/a", 1973, 1980),
    "IV.a": ("III/b", "III/d", 1977, 1987),
}
# Per education: golongan at appointment, highest golongan as staff, age at appointment.
_EDUCATION = {
    "S2": ("III/b", "III/d", 27, 31),
    "S1": ("III/a", "III/c", 24, 29),
    "D3": ("II/c", "III/b", 22, 26),
    "SMA": ("II/a", "II/d", 19, 23),
}


def education(person):
    """Highest education shown by the titles: S2, S1, D3 or SMA."""
    tokens = [t.strip() for t in (person.gelar_belakang or "").split(",") if t.strip()]
    if any(t.startswith("M.") for t in tokens):
        return "S2"
    if person.gelar_depan in ("Drs.", "Dra.", "Ir.") or any(t.startswith("S.") for t in tokens):
        return "S1"
    if any(t.startswith("A.Md") for t in tokens):
        return "D3"
    return "SMA"


def _clamp_golongan(index, low, high):
    return _GOLONGAN[max(_GOLONGAN.index(low), min(_GOLONGAN.index(high), index))]


class Identity(NamedTuple):
    nip: str
    tanggal_lahir: datetime.date
    golongan: str
    status: str
    tmt: datetime.date


def identity(pos, person, taken_nips):
    """NIP, birth date, golongan and status of a person, derived deterministically from name and position."""
    if person.tetap:
        nip, golongan, _, _ = person.tetap
        lahir = _d(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        tmt = _d(int(nip[8:12]), int(nip[12:14]), 1)
        return Identity(nip, lahir, golongan, "CPNS" if person.cpns else "PNS", tmt)
    rng = random.Random(f"{pos.kode}:{person.nama}")
    edu = education(person)
    start_gol, staff_max, age_min, age_max = _EDUCATION[edu]
    if person.cpns:
        year = rng.randint(1996, 2000)
        tmt_year, tmt_month = CPNS_TMT
    else:
        _, _, born_min, born_max = _RANK_RULES.get(pos.eselon, (None, None, 1984, 1994))
        year = rng.randint(born_min, born_max)
        # Appointed before the first position on record (2019 at the latest).
        earliest = min([POSITION_START] + [start for _, start, _ in person.riwayat])
        tmt_year = min(year + rng.randint(age_min, age_max), 2019, earliest.year - 1)
        tmt_month = rng.choice((1, 3, 4, 12))
    lahir = _d(year, rng.randint(1, 12), rng.randint(1, 28))
    if person.cpns:
        golongan = start_gol
    else:
        steps = (POSITION_START.year - tmt_year) // 4
        low, high = _RANK_RULES[pos.eselon][:2] if pos.eselon else (start_gol, staff_max)
        golongan = _clamp_golongan(_GOLONGAN.index(start_gol) + steps, low, high)
    sex = "1" if person.jk == "L" else "2"
    seq = rng.randint(1, 999)
    while True:
        nip = f"{lahir:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{seq:03d}"
        if nip not in taken_nips:
            break
        seq = seq % 999 + 1
    return Identity(nip, lahir, golongan, "CPNS" if person.cpns else "PNS", _d(tmt_year, tmt_month, 1))


def duties_of(pos, org, units, rng):
    """The position's duty catalogue with volumes scaled to its workload: [(kode, uraian, satuan, norma, volume)]."""
    if pos.tugas:
        template = STAFF_DUTIES[pos.tugas]
    elif pos.kode.endswith("-0001"):
        template = LEADER_DUTIES
    elif pos.jenis == "administrator":
        template = ADMINISTRATOR_DUTIES
    else:
        template = PENGAWAS_DUTIES
    template = list(template) + list(pos.extra)
    place = units[pos.unit] if pos.unit else org.nama.removesuffix(" Kota Banda Aceh")
    needed = pos.kebutuhan if pos.kebutuhan is not None else len(pos.people) + rng.uniform(-0.3, 0.3)
    target = needed * MINUTES_PER_PERSON
    fixed = sum(d.volume * d.norma for d in template if d.tetap)
    variable = sum(d.volume * d.norma for d in template if not d.tetap)
    scale = max(target - fixed, variable * 0.05) / variable if variable else 1
    rows = []
    for i, duty in enumerate(template, start=1):
        volume = duty.volume if duty.tetap else max(1, round(duty.volume * scale))
        uraian = duty.uraian.format(org=place, unit=place)
        rows.append((f"T{i:02d}", uraian, duty.satuan, duty.norma, volume))
    return rows


# --- Seeding ---------------------------------------------------------------------------------------------


def _password_hash(password):
    return generate_password_hash(password)


def _time(hhmm):
    hour, minute = map(int, hhmm.split(":"))
    return datetime.time(hour, minute)


def _jadwal(kode, nama, masuk, pulang, masuk_jumat, pulang_jumat):
    existing = JadwalKerja.get_or_none(JadwalKerja.kode == kode)
    if existing is not None:
        return existing, False
    values = {"kode": kode, "nama": nama}
    for day in ("senin", "selasa", "rabu", "kamis"):
        values[f"{day}_masuk"], values[f"{day}_pulang"] = _time(masuk), _time(pulang)
    values["jumat_masuk"], values["jumat_pulang"] = _time(masuk_jumat), _time(pulang_jumat)
    return JadwalKerja.create(**values), True


def demo_exists():
    return Skpd.select().where(Skpd.kode.in_(DEMO_SKPD_CODES)).exists()


def _plan():
    """Every person with identity and machine ID, checked: [(org, pos, person, Identity, id_mesin)]."""
    reserved = {p.tetap[2] for org in CITY for pos in org.positions for p in pos.people if p.tetap}
    machine_ids = (str(n) for n in range(1, 10_000) if str(n) not in reserved)
    taken, plan = set(), []
    for org in CITY:
        for pos in org.positions:
            for person in pos.people:
                ident = identity(pos, person, taken)
                errors = nip_errors(ident.nip, ident.tanggal_lahir, person.jk)
                if errors:
                    raise AssertionError(f"demo NIP {ident.nip} of {person.nama}: {errors}")
                taken.add(ident.nip)
                id_mesin = person.tetap[2] if person.tetap else next(machine_ids)
                plan.append((org, pos, person, ident, id_mesin))
    return plan


def _check_conflicts(plan):
    """Refuse to seed over rows the demo would duplicate (an import of other data with the same keys)."""
    problems = []
    unit_codes = [kode for org in CITY for kode, _, _ in org.units]
    position_codes = [pos.kode for org in CITY for pos in org.positions]
    for label, model, field, values in (
        ("unit kerja", UnitKerja, UnitKerja.kode, unit_codes),
        ("jabatan", Jabatan, Jabatan.kode, position_codes),
        ("NIP", Pegawai, Pegawai.nip, [p[3].nip for p in plan]),
        ("ID mesin", Pegawai, Pegawai.id_mesin, [p[4] for p in plan]),
        ("nama pengguna", User, User.username, [p[3].nip for p in plan]),
    ):
        found = sorted(model.select(field).where(field.in_(values)).tuples())
        if found:
            problems.append(f"{label} sudah ada: {', '.join(str(f[0]) for f in found[:5])}")
    if problems:
        raise DemoConflict("Data demo tidak dapat dibuat: " + "; ".join(problems) + ".")


# --- A past month of daily entries (LKH) -----------------------------------------------------------------

# The two example people of shared/examples/pegawai.csv: she reports to him. Their days all go through the
# services, and this month's last working days give his inbox something to show.
EXAMPLE_STAFF = "Siti Rahmah"
EXAMPLE_SUPERIOR = "Zulfikar Ahmad"
# Leave in the past month, recorded before the entries: (name, jenis, first working day index, working days,
# letter number).
PAST_LEAVE = (
    ("Muhammad Rizal", "cuti_tahunan", 6, 3, "851/412/DPKAD/{year}"),
    ("Irwansyah", "dinas_luar", 12, 2, "094/215/SETDA/{year}"),
)
TAMBAHAN = (
    "Rapat koordinasi persiapan pembahasan APBK Perubahan di Bappeda",
    "Rapat koordinasi evaluasi penerapan e-Kinerja PNS di lingkungan {org}",
    "Mendampingi kunjungan tim Inspektorat Kota ke {org}",
    "Mendampingi kunjungan tim BPK RI Perwakilan Aceh",
    "Mengikuti sosialisasi aplikasi SIPD dari Kementerian Dalam Negeri",
    "Mengikuti bimbingan teknis penyusunan laporan kinerja instansi pemerintah",
    "Menjadi panitia peringatan hari besar Islam di lingkungan {org}",
    "Rapat koordinasi lintas SKPD tentang peningkatan pelayanan publik",
)
KETERANGAN = (
    "Sesuai disposisi atasan.",
    "Hasil kerja diarsipkan pada unit kerja.",
    "Dikerjakan bersama tim kerja.",
    "Lanjutan pekerjaan hari sebelumnya.",
)
REVISI_NOTES = (
    "Lengkapi bukti hasil kerja.",
    "Volume belum sesuai dengan waktu yang dilaporkan; mohon diperbaiki.",
    "Uraikan hasil kerja pada kolom keterangan.",
)
TOLAK_NOTES = ("Kegiatan yang sama sudah dilaporkan pada hari lain.",)
TOLAK_TAMBAHAN_NOTES = (
    "Tugas tambahan tidak disertai surat tugas atau undangan.",
    "Kegiatan ini bukan penugasan dari atasan.",
)
ANULIR_NOTES = (
    "Hasil kerja tidak dapat dibuktikan saat verifikasi dokumen.",
    "Pegawai tercatat tidak berada di kantor pada jam kegiatan menurut data presensi.",
)
REVISED_KETERANGAN = "Bukti hasil kerja dilampirkan (rekap dokumen yang diperiksa)."


def previous_month(today):
    """First and last day of the calendar month before today's."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


def _minutes(t):
    return t.hour * 60 + t.minute


def _clock(minutes):
    return datetime.time(minutes // 60, minutes % 60)


def _split(rng, start, end, pieces):
    """[start, end) in minutes cut into `pieces` intervals on the half hour, each at least an hour long."""
    for _ in range(10):
        cuts = sorted(rng.sample(range(start + 60, end - 59, 30), pieces - 1)) if pieces > 1 else []
        bounds = [start, *cuts, end]
        if all(b - a >= 60 for a, b in itertools.pairwise(bounds)):
            return list(itertools.pairwise(bounds))
    return [(start, end)]


def day_blocks(rng, day, hours):
    """Intervals (minutes) worked on a day: from 08:00 to 12:00, and after the break (14:00 on Friday) until
    around closing time. 300-420 minutes on the standard and the Ramadan schedule, never overlapping.
    """
    morning = (max(480, _minutes(hours.masuk)), 720)
    friday = day.weekday() == 4
    after = 840 if friday else 780
    latest = min(_minutes(hours.pulang), 990 if friday else 960)
    ends = [end for end in (latest - 60, latest - 30, latest) if end - after >= 60] or [latest]
    afternoon = (after, rng.choice(ends))
    blocks = _split(rng, *morning, rng.choices((1, 2, 3), (1, 3, 2))[0])
    if afternoon[1] > afternoon[0]:
        pieces = rng.choices((1, 2), (2, 1))[0] if afternoon[1] - afternoon[0] >= 120 else 1
        blocks += _split(rng, *afternoon, pieces)
    return blocks


def entries_of_day(rng, person, day, hours, duties):
    """The EntryInputs of one working day: catalogue duties weighted by workload, now and then a tugas tambahan."""
    blocks = day_blocks(rng, day, hours)
    extra = rng.randrange(len(blocks)) if rng.random() < 0.15 else None
    weights = [d.volume_tahunan * d.norma_waktu for d in duties]
    inputs, previous = [], None
    for index, (start, end) in enumerate(blocks):
        keterangan = rng.choice(KETERANGAN) if rng.random() < 0.15 else None
        if index == extra or not duties:
            uraian = rng.choice(TAMBAHAN).format(org=person.skpd.singkatan)
            inputs.append(activity.EntryInput(day, None, True, uraian, 1, _clock(start), _clock(end), keterangan))
            continue
        duty = rng.choices(duties, weights)[0]
        if duty == previous and len(duties) > 1:
            duty = rng.choices(duties, weights)[0]
        previous = duty
        # Enough output to earn the whole interval (credit is the lesser of volume x norma and the duration).
        volume = max(1, min(MAX_VOLUME, math.ceil((end - start) / duty.norma_waktu * rng.uniform(1.0, 1.15))))
        inputs.append(activity.EntryInput(day, duty.kode, False, None, volume, _clock(start), _clock(end), keterangan))
    return inputs


def _status_of(rng, tambahan):
    """The decision on one entry: nearly always approved; extra tasks are questioned more often."""
    roll = rng.random()
    if roll < 0.002:
        return Status.DIAJUKAN
    if roll < (0.04 if tambahan else 0.004):
        return Status.DITOLAK
    if roll < (0.08 if tambahan else 0.01):
        return Status.REVISI
    return Status.DISETUJUI


def _evidence_pdf(text):
    """A one-page PDF with a line of text: the evidence the owner attaches on revision."""
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _verifikator_account():
    """The verifikator service account, else another account with the role that is nobody's NIP."""
    account = User.get_or_none(User.username == "verifikator")
    if account is not None and account.has_role("verifikator"):
        return account
    return next(u for u in User.select().order_by(User.id) if u.has_role("verifikator") and u.pegawai_id is None)


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


class _PastMonth:
    """What the services would look up per entry, loaded once for the month: positions, duties, approvers."""

    def __init__(self, people, users, first, last, today):
        self.users, self.first, self.last = users, first, last
        self.verifikator = _verifikator_account()
        self.calendar = Calendar(first, max(today, last + datetime.timedelta(days=14)))
        self.working = {jid: self.calendar.working_days(jid) for jid in {p.skpd.jadwal_id for p in people}}
        self.locked = is_locked(first)
        self.held = {}
        for riwayat in RiwayatJabatan.select().where(RiwayatJabatan.pegawai.in_([p.id for p in people])):
            self.held.setdefault(riwayat.pegawai_id, []).append(riwayat)
        # Without a position change or acting assignment starting or ending inside the month, a person's
        # approvers are the same on every day of it.
        inside = [
            model.select().where(model.mulai.between(first, last) | model.selesai.between(first, last)).exists()
            for model in (RiwayatJabatan, PenugasanPlt)
        ]
        self.stable = not any(inside)
        self._duties, self._approvers, self._rules, self._deadlines = {}, {}, {}, {}
        self.days_off = {}  # {pegawai id: days of leave}, filled by _record_leave

    def days_of(self, person):
        return [d for d in self.working[person.skpd.jadwal_id] if self.first <= d <= self.last]

    def next_working_day(self, person, day):
        return next(d for d in self.working[person.skpd.jadwal_id] if d > day)

    def position(self, person, day):
        return next((r for r in self.held.get(person.id, ()) if r.covers(day)), None)

    def duties(self, person, day, held):
        if held.id not in self._duties:
            self._duties[held.id] = list(activity.duties_on(person.id, day))
        return self._duties[held.id]

    def approver_ids(self, person, day, held):
        key = (held.id, None if self.stable else day)
        if key not in self._approvers:
            self._approvers[key] = approvers_of(person.id, day)
        return self._approvers[key]

    def before_deadline(self, day, decision_day):
        month = (day.year, day.month)
        if month not in self._deadlines:
            self._deadlines[month] = approval_deadline(*month)
        return decision_day <= self._deadlines[month]

    def approver(self, person, day, held, decision_day):
        """Who decides on decision_day: the (lowest-id) holder of the superior position, or the verifikator for a
        position without superior and once the approval deadline has passed (a long holiday at the month's end).
        """
        ids = self.approver_ids(person, day, held)
        if ids and self.before_deadline(day, decision_day):
            return self.users[min(ids)]
        return self.verifikator

    def rules(self, day):
        if day not in self._rules:
            self._rules[day] = rule_set_on(day)
        return self._rules[day]


class _ApprovedDays:
    """Routine days whose every entry is approved, too many to write one service call at a time (the seed would
    take minutes): checked with the entry and status rules the services apply, then written at once with the
    audit trail the services write (ajukan by the owner, setujui by the approver).
    """

    def __init__(self, month):
        self.month, self.rows, self.decisions = month, [], []

    def add(self, person, day, held, inputs, decision_day):
        month = self.month
        approver = month.approver(person, day, held, decision_day)
        ids = month.approver_ids(person, day, held)
        rules = month.rules(day)
        # Raises TransitionError if this approver could not approve these entries on decision_day.
        next_status(
            Status.DIAJUKAN,
            Action.SETUJUI,
            actor_is_approver=approver.pegawai_id in ids or (approver.has_role("verifikator") and not ids),
            actor_is_verifikator=approver.has_role("verifikator"),
            actor_is_owner=approver.pegawai_id == person.id,
            actor_decided_last=False,
            month_open=not month.locked,
            month_locked=month.locked,
            before_deadline=month.before_deadline(day, decision_day),
            note=None,
        )
        duties = {d.kode: d for d in month.duties(person, day, held)}
        intervals = []
        for data in inputs:
            duty = None if data.tambahan else duties.get(data.tugas_kode)
            ctx = EntryContext(
                today=day,
                position_start=held.mulai,
                month_locked=month.locked,
                on_leave=day in month.days_off.get(person.id, ()),
                working_days_after=0,
                batas_input_hari_kerja=rules.batas_input_hari_kerja,
                other_intervals=list(intervals),
                duty_known=duty is not None,
            )
            draft = EntryDraft(
                day, data.tambahan, data.volume, data.jam_mulai, data.jam_selesai, data.uraian, data.keterangan
            )
            errors = entry_errors(draft, ctx)
            if errors:
                raise activity.EntryRejected(errors)
            intervals.append((data.jam_mulai, data.jam_selesai))
            self.rows.append(
                {
                    "pegawai": person.id,
                    "tanggal": day,
                    "tugas": duty.id if duty else None,
                    "uraian": clean_text(data.uraian, MAX_TEXT),
                    "volume": data.volume,
                    "jam_mulai": data.jam_mulai,
                    "jam_selesai": data.jam_selesai,
                    "keterangan": clean_text(data.keterangan, MAX_TEXT),
                    "menit_diakui": credited_minutes(
                        data.volume, duty.norma_waktu if duty else None, data.jam_mulai, data.jam_selesai
                    ),
                    "status": Status.DISETUJUI.value,
                    "diputuskan_oleh": approver.id,
                    "diputuskan_pada": clock.now(),
                    "dibuat_pada": clock.now(),
                }
            )
            self.decisions.append((month.users[person.id], approver))

    def write(self):
        """Insert the entries and their audit trail; returns [(pegawai id, entry id)]."""
        if not self.rows:
            return []
        for batch in chunked(self.rows, 100):
            Aktivitas.insert_many(batch).execute()
        MenitHarian.refresh_days([(row["pegawai"], row["tanggal"]) for row in self.rows])
        keys = {(r["pegawai"], r["tanggal"], r["jam_mulai"]) for r in self.rows}
        query = Aktivitas.select(Aktivitas.id, Aktivitas.pegawai, Aktivitas.tanggal, Aktivitas.jam_mulai).where(
            Aktivitas.tanggal.between(self.month.first, self.month.last),
            Aktivitas.pegawai.in_(list({r["pegawai"] for r in self.rows})),
        )
        id_of = {(p, t, m): i for i, p, t, m in query.tuples() if (p, t, m) in keys}
        trail, written = [], []
        for row, (owner, approver) in zip(self.rows, self.decisions, strict=True):
            entry_id = id_of[(row["pegawai"], row["tanggal"], row["jam_mulai"])]
            written.append((row["pegawai"], entry_id))
            for user, aksi, dari, ke in (
                (owner, "ajukan", None, Status.DIAJUKAN),
                (approver, Action.SETUJUI.value, Status.DIAJUKAN, Status.DISETUJUI),
            ):
                trail.append(
                    {
                        "pengguna": audit.actor_name(user),
                        "aksi": aksi,
                        "objek": "aktivitas",
                        "objek_id": str(entry_id),
                        "dari": dari and dari.value,
                        "ke": ke.value,
                    }
                )
        for batch in chunked(trail, 100):
            AuditLog.insert_many(batch).execute()
        return written


def _decide(user, entry_ids, action, note, today):
    for entry_id, outcome in approvals.decide(user, entry_ids, action, note, today=today).items():
        if not outcome.ok:
            raise AssertionError(f"demo: {action} atas kegiatan {entry_id}: {outcome.pesan}")


def _record_leave(actor, month, by_name):
    """The past month's leave (before the entries): {pegawai id: days off}. None in a locked month."""
    days_off = {}
    for nama, jenis, start_index, length, nomor in PAST_LEAVE:
        person = by_name.get(nama)
        days = month.days_of(person) if person and not month.locked else []
        taken = days[max(0, min(start_index, len(days) - length)) :][:length]
        if not taken:
            continue
        cuti = Cuti.create(
            pegawai=person, jenis=jenis, mulai=taken[0], selesai=taken[-1], nomor_surat=nomor.format(year=taken[0].year)
        )
        audit.record(
            actor,
            "tambah",
            "cuti",
            cuti.id,
            rincian={"pegawai": person.nip, "jenis": jenis, "mulai": cuti.mulai, "selesai": cuti.selesai},
        )
        days_off[person.id] = set(taken)
    return days_off


def seed_activity(actor, today=None):
    """A realistic past month of LKH entries in every status, and this month's last days for the example pair.

    Entries are submitted on their own day and decided on the next working day by the owner's actual approver
    (the verifikator where the position has no superior). Days with anything but approvals, and every day of
    the example pair, go through the services; routine approved days are checked with the same rules and
    written in bulk with their audit trail. The past month stays open. Returns counts for the seed's audit row.
    """
    today = today or clock.today()
    rng = random.Random("ekinerja-demo-lkh")
    first, last = previous_month(today)
    people = list(Pegawai.select(Pegawai, Skpd).join(Skpd).where(Skpd.kode.in_(DEMO_SKPD_CODES)).order_by(Pegawai.id))
    by_name = {p.nama: p for p in people}
    users = {u.pegawai_id: u for u in User.select().where(User.pegawai.in_([p.id for p in people]))}
    month = _PastMonth(people, users, first, last, today)
    days_off = month.days_off = _record_leave(actor, month, by_name)
    staff, superior = by_name[EXAMPLE_STAFF], by_name[EXAMPLE_SUPERIOR]
    routine = _ApprovedDays(month)
    approved, revised = [], None

    # A month an operator has already locked takes no entries.
    for person in [] if month.locked else people:
        days = month.days_of(person)
        owner = users[person.id]
        # Some approvers had not come round to the last days of the month yet.
        waiting_days = {d for d in days[-3:] if rng.random() < 0.08}
        for day_index, day in enumerate(days):
            held = month.position(person, day)
            if held is None or day in days_off.get(person.id, ()):
                continue
            inputs = entries_of_day(
                rng, person, day, month.calendar.schedule(person.skpd.jadwal_id, day), month.duties(person, day, held)
            )
            statuses = [_status_of(rng, data.tambahan) for data in inputs]
            decision_day = month.next_working_day(person, day)
            if person is staff and day_index == 2:
                statuses[0] = Status.REVISI  # she edits it back to DIAJUKAN below
            # Not decided yet: the approver has not come round to it, or that day is still to come.
            if day in waiting_days or decision_day > today or (person is staff and day == days[-1]):
                statuses = [Status.DIAJUKAN] * len(inputs)
            if person not in (staff, superior) and set(statuses) == {Status.DISETUJUI}:
                routine.add(person, day, held, inputs, decision_day)
                continue
            entries = [activity.submit(owner, person, data, today=day) for data in inputs]
            approver = month.approver(person, day, held, decision_day)
            ids = [e.id for e, s in zip(entries, statuses, strict=True) if s == Status.DISETUJUI]
            if ids:
                _decide(approver, ids, Action.SETUJUI, None, decision_day)
                approved += [(person.id, entry_id) for entry_id in ids]
            for entry, data, status in zip(entries, inputs, statuses, strict=True):
                if status == Status.REVISI:
                    _decide(approver, [entry.id], Action.REVISI, rng.choice(REVISI_NOTES), decision_day)
                    if person is staff and revised is None:
                        revised = (entry, data, decision_day)
                elif status == Status.DITOLAK:
                    notes = TOLAK_TAMBAHAN_NOTES if data.tambahan else TOLAK_NOTES
                    _decide(approver, [entry.id], Action.TOLAK, rng.choice(notes), decision_day)

    approved += routine.write()
    if revised is not None:
        entry, data, day = revised
        evidence = activity.Evidence("bukti-hasil-kerja.pdf", _evidence_pdf("Bukti hasil kerja (data demo)"))
        activity.update(
            users[staff.id], entry, data._replace(keterangan=REVISED_KETERANGAN), evidence=evidence, today=day
        )

    # Verifying the month, the verifikator annuls an approved entry each of a couple of people.
    by_person = {}
    for pegawai_id, entry_id in sorted(approved):
        by_person.setdefault(pegawai_id, []).append(entry_id)
    annulled = rng.sample(sorted(by_person), min(len(by_person), len(ANULIR_NOTES)))
    for pegawai_id, note in zip(annulled, ANULIR_NOTES, strict=False):
        _decide(month.verifikator, [rng.choice(by_person[pegawai_id])], Action.ANULIR, note, today)

    # This month: the example pair's last working days before today, waiting for their superiors.
    this_month = [d for d in month.working[staff.skpd.jadwal_id] if today.replace(day=1) <= d < today]
    for person in (staff, superior):
        for day in this_month[-2:]:
            held = month.position(person, day)
            if held is None:
                continue
            duties = list(activity.duties_on(person.id, day))
            hours = month.calendar.schedule(person.skpd.jadwal_id, day)
            for data in entries_of_day(rng, person, day, hours, duties):
                activity.submit(users[person.id], person, data, today=day)

    query = (
        Aktivitas.select(Aktivitas.status, fn.COUNT(Aktivitas.id))
        .where(Aktivitas.pegawai.in_([p.id for p in people]))
        .group_by(Aktivitas.status)
    )
    counts = {f"aktivitas_{status.lower()}": n for status, n in query.tuples()}
    counts["cuti"] = len(days_off)
    return counts


def seed_attendance(today=None):
    """Fingerprint scans and apel of the past month and of this month up to yesterday, for every demo employee.

    Mostly on time, with the usual lapses: a late arrival, an early departure, a missed apel, now and then a day
    without any scan. Nothing on leave days, days off, days without a position or days of a locked month.
    """
    today = today or clock.today()
    rng = random.Random("ekinerja-demo-presensi")
    first, last = previous_month(today)[0], today - datetime.timedelta(days=1)
    calendar = Calendar(first, last)
    held = (
        RiwayatJabatan.select(RiwayatJabatan, Jabatan, Skpd)
        .join(Jabatan)
        .join(Skpd)
        .where(
            Skpd.kode.in_(DEMO_SKPD_CODES),
            in_force_between(RiwayatJabatan, first, last),
        )
        .order_by(RiwayatJabatan.pegawai, RiwayatJabatan.mulai)
    )
    away = {
        (cuti.pegawai_id, day)
        for cuti in Cuti.select().where(Cuti.mulai <= last, Cuti.selesai >= first)
        for day in days_between(cuti.mulai, cuti.selesai)
    }
    locked = locked_months([first, last])
    scans, apel = [], []
    for position in held:
        skpd = position.jabatan.skpd
        start, end = clipped(position.mulai, position.selesai, first, last)
        for day in calendar.working_days(skpd.jadwal_id, start, end):
            if (position.pegawai_id, day) in away or (day.year, day.month) in locked or rng.random() < 0.01:
                continue
            hours = calendar.schedule(skpd.jadwal_id, day)
            late, early = rng.random() < 0.06, rng.random() < 0.03
            masuk = datetime.datetime.combine(day, hours.masuk)
            masuk += datetime.timedelta(minutes=rng.randint(1, 50) if late else -rng.randint(3, 25))
            pulang = datetime.datetime.combine(day, hours.pulang)
            pulang += datetime.timedelta(minutes=-rng.randint(5, 45) if early else rng.randint(1, 30))
            pulang += datetime.timedelta(seconds=rng.randint(0, 59))
            scans += [(position.pegawai_id, masuk, "demo"), (position.pegawai_id, pulang, "demo")]
            if rng.random() > 0.04:
                apel.append((position.pegawai_id, day, "pagi"))
            if skpd.apel_sore and rng.random() > 0.03:
                apel.append((position.pegawai_id, day, "sore"))
    for rows in chunked(scans, 500):
        Presensi.insert_many(rows, fields=[Presensi.pegawai, Presensi.waktu, Presensi.sumber]).execute()
    PresensiHarian.refresh_days([(pegawai_id, waktu.date()) for pegawai_id, waktu, _ in scans])
    for rows in chunked(apel, 500):
        Apel.insert_many(rows, fields=[Apel.pegawai, Apel.tanggal, Apel.sesi]).execute()
    return {"presensi": len(scans), "apel": len(apel)}


def seed(actor, year=None):
    """Create the demo city; None (and nothing changed) when the database already holds it.

    Returns the demo logins as (username, password, role label).
    """
    today = clock.today()
    year = year or today.year
    with write_transaction():
        if demo_exists():
            return None
        plan = _plan()
        _check_conflicts(plan)
        counts = {}

        std, _ = _jadwal("STD", "Jam kerja standar (5 hari)", "07:30", "16:00", "07:30", "16:30")
        ramadan_profile, _ = _jadwal("RAMADAN", "Jam kerja bulan Ramadan", "08:00", "15:00", "08:00", "15:30")
        mulai, selesai = ramadan(year)
        nama_khusus = f"Ramadan {year}"
        if not JadwalKhusus.select().where(JadwalKhusus.nama == nama_khusus, JadwalKhusus.jadwal == std).exists():
            JadwalKhusus.create(nama=nama_khusus, jadwal=std, pengganti=ramadan_profile, mulai=mulai, selesai=selesai)

        skpd_by_code, unit_by_code, unit_names, jabatan_by_code = {}, {}, {}, {}
        for org in CITY:
            skpd = Skpd.create(kode=org.kode, nama=org.nama, singkatan=org.singkatan, apel_sore=True, jadwal=std)
            skpd_by_code[org.kode] = skpd
            for kode, nama, induk in org.units:
                unit_by_code[kode] = UnitKerja.create(kode=kode, nama=nama, skpd=skpd, induk=unit_by_code.get(induk))
                unit_names[kode] = nama
        counts["skpd"] = len(skpd_by_code)
        counts["unit_kerja"] = len(unit_by_code)

        duty_rows = []
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
        for batch in chunked(duty_rows, 100):
            UraianTugas.insert_many(batch).execute()
        counts["jabatan"] = len(jabatan_by_code)
        counts["uraian_tugas"] = len(duty_rows)

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
            for org, _, person, ident, id_mesin in plan
        ]
        for batch in chunked(pegawai_rows, 100):
            Pegawai.insert_many(batch).execute()
        nips = [ident.nip for _, _, _, ident, _ in plan]
        pegawai_id = dict(Pegawai.select(Pegawai.nip, Pegawai.id).where(Pegawai.nip.in_(nips)).tuples())

        pegawai_hash = _password_hash(PASSWORD_PEGAWAI)
        nip_by_name, riwayat_rows, user_rows = {}, [], []
        for _, pos, person, ident, _ in plan:
            nip_by_name[person.nama] = ident.nip
            start = person.tetap[3] if person.tetap else (CPNS_START if person.cpns else POSITION_START)
            periods = [*person.riwayat, (pos.kode, start, None)]
            for kode, mulai, selesai in periods:
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
        for batch in chunked(riwayat_rows, 100):
            RiwayatJabatan.insert_many(batch).execute()
        for batch in chunked(user_rows, 100):
            User.insert_many(batch).execute()
        riwayat_count = len(riwayat_rows)
        counts["pegawai"] = len(plan)
        counts["riwayat_jabatan"] = riwayat_count
        for skpd_code, nama in TREASURERS.items():
            BendaharaSkpd.create(
                skpd=skpd_by_code[skpd_code], pegawai=pegawai_id[nip_by_name[nama]], mulai=datetime.date(year, 1, 1)
            )
        counts["bendahara_skpd"] = len(TREASURERS)

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
        counts["pengguna"] = len(plan) + len(logins)
        for nama, label in (
            ("Siti Rahmah", "pegawai (staf DPKAD, CPNS)"),
            ("Zulfikar Ahmad", "pegawai, atasan (Kasi Perbendaharaan Belanja DPKAD)"),
            ("Jalaluddin", "pegawai, atasan (Kabid Perbendaharaan DPKAD)"),
            ("Mukhlis Abdurrahman", "pegawai, atasan (Kepala DPKAD)"),
            ("Amiruddin Yusuf", "pegawai, atasan (Sekretaris Daerah)"),
            ("Maulidar", "pegawai, verifikator (Penilai Kinerja PNS Setda)"),
        ):
            logins.append((nip_by_name[nama], PASSWORD_PEGAWAI, label))

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
        for batch in chunked(target_rows, 100):
            Target.insert_many(batch).execute()
        counts["target"] = len(target_rows)

        confirmer = audit.actor_name(actor)
        prasyarat_count = 0
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
                prasyarat_count += 1
        counts["prasyarat"] = prasyarat_count

        existing_days = {
            d
            for (d,) in HariLibur.select(HariLibur.tanggal)
            .where(HariLibur.tanggal.between(_d(year, 1, 1), _d(year, 12, 31)))
            .tuples()
        }
        holiday_rows = [
            {"tanggal": day, "jenis": jenis, "keterangan": keterangan}
            for day, jenis, keterangan in holidays(year)
            if day not in existing_days
        ]
        # The past month's entries need its holidays also when it lies in another year (January's December).
        since = previous_month(today)[0]
        holiday_rows += [r for r in _missing_holidays(since, today) if r["tanggal"].year != year]
        if holiday_rows:
            HariLibur.insert_many(holiday_rows).execute()
        counts["hari_libur"] = len(holiday_rows)

        berlaku = _d(year, 1, 1)
        if not AturanTpp.select().where(AturanTpp.berlaku_mulai == berlaku).exists():
            aturan = AturanTpp.create(berlaku_mulai=berlaku, nama=f"Aturan TPP {year} (Perwal)")
            TarifTpp.insert_many(
                [{"aturan": aturan.id, "kelas_jabatan": k, "tarif": v} for k, v in sorted(DEMO_TARIF.items())]
            ).execute()
            counts["aturan_tpp"] = 1

        counts.update(seed_activity(actor, today))
        counts.update(seed_attendance(today))
        audit.record(actor, "seed_demo", "sistem", "-", rincian=counts)
        return logins
