"""What an import file holds: each kind's columns, labels and key; the import's result and refusal."""

from dataclasses import dataclass
from typing import NamedTuple

from ekinerja.rules.refusal import Refused

COLUMNS: dict[str, tuple[str, ...]] = {
    "skpd": ("kode", "nama", "singkatan"),
    "unit": ("kode", "nama", "skpd_kode", "induk_kode"),
    "jabatan": ("kode", "nama", "skpd_kode", "unit_kode", "jenis", "eselon", "kelas_jabatan", "atasan_kode"),
    "pegawai": (
        "nip",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "golongan",
        "status",
        "jabatan_kode",
        "tmt_jabatan",
        "id_mesin",
    ),
    "tugas": ("jabatan_kode", "kode", "uraian", "satuan", "norma_waktu", "volume_tahunan"),
    "libur": ("tanggal", "jenis", "keterangan"),
    "target": ("skpd_kode", "tahun", "jenis", "indikator", "target", "satuan"),
    "tarif": ("berlaku_mulai", "kelas_jabatan", "tarif"),
    # Fingerprint scans: also accepted with the header id_mesin, waktu, and as a machine's attlog.dat/.txt.
    "presensi": ("nip", "waktu"),
    "apel": ("nip", "tanggal", "sesi"),
    "cuti": ("nip", "jenis", "mulai", "selesai", "nomor_surat"),
    # SKP plans, one row per indicator; the rows of a result repeat its number, text and what it supports.
    "skp": (
        "nip",
        "tahun",
        "jabatan_kode",
        "hasil_nomor",
        "hasil_uraian",
        "target_skpd",
        "hasil_atasan_nomor",
        "aspek",
        "indikator",
        "target",
        "satuan",
        "tugas_kode",
    ),
    # Pay inputs: status and golongan from a TMT (the same TMT again changes that row), bank details, PTKP status.
    "riwayat_status": ("nip", "status", "tmt", "nomor_sk"),
    "riwayat_golongan": ("nip", "golongan", "tmt", "nomor_sk"),
    "rekening": ("nip", "nama_bank", "nomor_rekening"),
    "ptkp": ("nip", "status_ptkp"),
}


# Kinds whose file may carry another set of columns than COLUMNS; the first set is what an export writes.
HEADER_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "presensi": (("nip", "waktu"), ("id_mesin", "waktu")),
}


# Kinds that also read a fingerprint machine's plain-text log (one scan a line: ID<TAB>YYYY-MM-DD HH:MM:SS...).
MACHINE_LOG_KINDS = {"presensi"}


MACHINE_LOG_EXTENSIONS = (".dat", ".txt")


# Bank details are seen only by the employee, keuangan and admin: an admin_skpd neither imports nor exports them.
ADMIN_ONLY = {"skpd", "libur", "tarif", "rekening"}


DATE_COLUMNS = {"tmt_jabatan", "tanggal", "berlaku_mulai", "mulai", "selesai", "tmt"}


DATETIME_COLUMNS = {"waktu"}


INTEGER_COLUMNS = {
    "kelas_jabatan",
    "norma_waktu",
    "volume_tahunan",
    "tahun",
    "tarif",
    "hasil_nomor",
    "hasil_atasan_nomor",
}


DECIMAL_COLUMNS = {"target"}


OWN_SKPD_ONLY = "Anda hanya dapat mengimpor data SKPD Anda sendiri."


LABELS = {
    "kode": "Kode",
    "nama": "Nama",
    "singkatan": "Singkatan",
    "skpd_kode": "Kode SKPD",
    "induk_kode": "Kode unit induk",
    "unit_kode": "Kode unit kerja",
    "jenis": "Jenis",
    "eselon": "Eselon",
    "kelas_jabatan": "Kelas jabatan",
    "atasan_kode": "Kode jabatan atasan",
    "nip": "NIP",
    "gelar_depan": "Gelar depan",
    "gelar_belakang": "Gelar belakang",
    "golongan": "Golongan",
    "status": "Status",
    "jabatan_kode": "Kode jabatan",
    "tmt_jabatan": "TMT jabatan",
    "id_mesin": "ID mesin",
    "uraian": "Uraian",
    "satuan": "Satuan",
    "norma_waktu": "Norma waktu",
    "volume_tahunan": "Volume tahunan",
    "tanggal": "Tanggal",
    "keterangan": "Keterangan",
    "tahun": "Tahun",
    "indikator": "Indikator",
    "target": "Target",
    "berlaku_mulai": "Berlaku mulai",
    "tarif": "Tarif",
    "waktu": "Waktu",
    "sesi": "Sesi",
    "mulai": "Tanggal mulai",
    "selesai": "Tanggal selesai",
    "nomor_surat": "Nomor surat",
    "hasil_nomor": "Nomor hasil kerja",
    "hasil_uraian": "Uraian hasil kerja",
    "target_skpd": "Target SKPD",
    "hasil_atasan_nomor": "Nomor hasil kerja atasan",
    "aspek": "Aspek",
    "tugas_kode": "Kode uraian tugas",
    "tmt": "TMT",
    "nomor_sk": "Nomor SK",
    "nama_bank": "Nama bank",
    "nomor_rekening": "Nomor rekening",
    "status_ptkp": "Status PTKP",
}


# The key of each kind, and how a repeated key within the file is reported.
KEYS = {
    "skpd": (("kode",), "Kode {0} sudah ada pada baris {row}."),
    "unit": (("kode",), "Kode {0} sudah ada pada baris {row}."),
    "jabatan": (("kode",), "Kode {0} sudah ada pada baris {row}."),
    "pegawai": (("nip",), "NIP {0} sudah ada pada baris {row}."),
    "tugas": (("jabatan_kode", "kode"), "Kode tugas {1} untuk jabatan {0} sudah ada pada baris {row}."),
    "libur": (("tanggal",), "Tanggal {0} sudah ada pada baris {row}."),
    "target": (
        ("skpd_kode", "tahun", "jenis", "indikator"),
        "Indikator ini untuk SKPD {0}, tahun {1}, jenis {2} sudah ada pada baris {row}.",
    ),
    "tarif": (("berlaku_mulai", "kelas_jabatan"), "Kelas jabatan {1} berlaku mulai {0} sudah ada pada baris {row}."),
    # Scans and apel rows repeat harmlessly (overlapping exports): their planners count a repeat as unchanged.
    "presensi": (("nip", "waktu"), None),
    "apel": (("nip", "tanggal", "sesi"), None),
    "cuti": (("nip", "mulai"), "Cuti pegawai NIP {0} mulai {1} sudah ada pada baris {row}."),
    "skp": (
        ("nip", "tahun", "jabatan_kode", "hasil_nomor", "aspek", "indikator"),
        "Indikator {4} ini pada hasil kerja {3} SKP NIP {0} tahun {1} sudah ada pada baris {row}.",
    ),
    "riwayat_status": (("nip", "tmt"), "Status NIP {0} dengan TMT {1} sudah ada pada baris {row}."),
    "riwayat_golongan": (("nip", "tmt"), "Golongan NIP {0} dengan TMT {1} sudah ada pada baris {row}."),
    "rekening": (("nip",), "NIP {0} sudah ada pada baris {row}."),
    "ptkp": (("nip",), "NIP {0} sudah ada pada baris {row}."),
}


def kinds_for(admin: bool) -> list[str]:
    """The kinds a city-wide admin (all) or an admin_skpd (own-SKPD data only) may import and export."""
    return [jenis for jenis in COLUMNS if admin or jenis not in ADMIN_ONLY]


class RowError(NamedTuple):
    """One problem of an import file: row as a spreadsheet numbers it (header 1), 0 for the whole file."""

    row: int
    column: str
    message: str


class ImportRejected(Refused):
    """The file was refused and nothing was saved; rows lists every problem found (RowError)."""

    def __init__(self, rows):
        self.rows = list(rows)
        super().__init__(f"Berkas ditolak: {len(self.rows)} kesalahan.", field="berkas")


@dataclass
class ImportResult:
    ditambah: int = 0
    diubah: int = 0
    tetap: int = 0
    jenis: str = ""

    def summary(self) -> str:
        return f"{self.ditambah} ditambah, {self.diubah} diubah, {self.tetap} tetap"


def file_error(message, column="berkas"):
    return ImportRejected([RowError(0, column, message)])
