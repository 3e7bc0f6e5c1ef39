"""The demo city as a whole: its five pilot SKPD, the accounts printed for the first login, treasurers, the
prerequisites confirmed and the targets."""

import datetime

from ekinerja.demo.agencies import DISDUKCAPIL, DPKAD, KPPTSP
from ekinerja.demo.secretariats import SETDA, SETWAN
from ekinerja.rules.calendar import DaySchedule

CITY = [SETDA, SETWAN, DPKAD, DISDUKCAPIL, KPPTSP]
DEMO_SKPD_CODES = tuple(org.kode for org in CITY)

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
PILOT_CONFIRMED = datetime.datetime(2012, 2, 27, 9, 0)
# The hours worked in Ramadan (the rest of the year: the standard week of the rules).
RAMADAN_WEEK = {
    **{weekday: DaySchedule(datetime.time(8, 0), datetime.time(15, 0)) for weekday in range(4)},
    4: DaySchedule(datetime.time(8, 0), datetime.time(15, 30)),
}

# The two example people of shared/examples/pegawai.csv: she reports to him. Their days all go through the
# services, and this month's last working days give his inbox something to show.
EXAMPLE_STAFF = "Siti Rahmah"
EXAMPLE_SUPERIOR = "Zulfikar Ahmad"
# The employees' NIP logins printed after the service accounts: (name, label).
EMPLOYEE_LOGINS = (
    ("Siti Rahmah", "pegawai (staf DPKAD, CPNS)"),
    ("Zulfikar Ahmad", "pegawai, atasan (Kasi Perbendaharaan Belanja DPKAD)"),
    ("Jalaluddin", "pegawai, atasan (Kabid Perbendaharaan DPKAD)"),
    ("Mukhlis Abdurrahman", "pegawai, atasan (Kepala DPKAD)"),
    ("Amiruddin Yusuf", "pegawai, atasan (Sekretaris Daerah)"),
    ("Maulidar", "pegawai, verifikator (Penilai Kinerja PNS Setda)"),
)

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
