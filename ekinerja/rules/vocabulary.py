"""The product's code lists and their labels, as stored in the database and shown on screens and documents."""

TERBUKA, DIKUNCI = "TERBUKA", "DIKUNCI"  # the states of a month of the whole city (Periode)

ROLES = {
    "admin": "Administrator",
    "admin_skpd": "Admin SKPD",
    "verifikator": "Verifikator",
    "keuangan": "Keuangan",
    "pegawai": "Pegawai",
}

STATUS_PEGAWAI = ("PNS", "CPNS")

JENIS_KELAMIN = {"L": "Laki-laki", "P": "Perempuan"}

HARI = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")

JENIS_JABATAN = {
    "jpt": "Jabatan Pimpinan Tinggi",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "pelaksana": "Pelaksana",
    "fungsional": "Fungsional",
}

ESELON = ("II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b")

PRASYARAT = {
    "anjab": "Analisis Jabatan (ANJAB)",
    "abk": "Analisis Beban Kerja (ABK)",
    "renstra_renja": "Renstra dan Renja",
    "target_kinerja": "Target Kinerja SKPD",
    "presensi_elektronik": "Absensi elektronik",
    "apel": "Apel pagi dan sore setiap hari",
}

JENIS_TARGET = {"renstra": "Renstra (5 tahun)", "renja": "Renja (tahunan)", "target_kinerja": "Target Kinerja SKPD"}

JENIS_LIBUR = {"libur_nasional": "Libur nasional", "cuti_bersama": "Cuti bersama"}

JENIS_PLT = {"plt": "Pelaksana Tugas (Plt)", "plh": "Pelaksana Harian (Plh)"}

JENIS_CUTI = {
    "cuti_tahunan": "Cuti tahunan",
    "cuti_besar": "Cuti besar",
    "cuti_sakit": "Cuti sakit",
    "cuti_melahirkan": "Cuti melahirkan",
    "cuti_alasan_penting": "Cuti karena alasan penting",
    "dinas_luar": "Dinas luar",
    "diklat": "Diklat",
}

SESI_APEL = ("pagi", "sore")
