"""All models, and the order their tables are created in."""

from ekinerja.models.activity import Aktivitas, ApiToken, Cuti, MenitHarian, PenugasanPlt, Periode
from ekinerja.models.attendance import Apel, Presensi, PresensiHarian, Rekap, RekapKotaSementara
from ekinerja.models.audit import AuditLog
from ekinerja.models.calendar import AturanTpp, HariLibur, PotonganTpp, TarifTpp
from ekinerja.models.devices import Mesin, MesinTakDikenal, PerintahMesin, PresensiTertahan
from ekinerja.models.institutions import AturanInstitusi, CekAnomali, SkorSkpd
from ekinerja.models.jobs import Pekerjaan
from ekinerja.models.organisation import (
    Jabatan,
    JadwalKerja,
    JadwalKhusus,
    Skpd,
    SkpdIkutBulan,
    SkpdPrasyarat,
    Target,
    UnitKerja,
    UraianTugas,
)
from ekinerja.models.payment import PembayaranTpp
from ekinerja.models.people import GagalMasuk, Pegawai, RiwayatGolongan, RiwayatJabatan, RiwayatStatus, User
from ekinerja.models.settings import BendaharaSkpd, Pengaturan
from ekinerja.models.skp import (
    AturanSkp,
    Evaluasi,
    HasilKerja,
    Indikator,
    Keberatan,
    PerilakuSkp,
    PredikatOrganisasi,
    Realisasi,
    Skp,
    UmpanBalik,
)

FOUNDATION_MODELS = [
    JadwalKerja,
    JadwalKhusus,
    Skpd,
    SkpdPrasyarat,
    UnitKerja,
    Jabatan,
    UraianTugas,
    Target,
    Pegawai,
    RiwayatJabatan,
    User,
    HariLibur,
    AturanTpp,
    TarifTpp,
    AuditLog,
]

ACTIVITY_MODELS = [PenugasanPlt, Cuti, Aktivitas, Periode, ApiToken]
ATTENDANCE_MODELS = [Presensi, Apel, Rekap]
DOCUMENT_MODELS = [Pengaturan, BendaharaSkpd]
DAY_TOTALS_MODELS = [MenitHarian, PresensiHarian]
DEVICE_MODELS = [Mesin, PresensiTertahan, MesinTakDikenal, PerintahMesin]
PAY_MODELS = [RiwayatStatus, RiwayatGolongan, PotonganTpp, PembayaranTpp]
READINESS_MODELS = [SkpdIkutBulan]
JOB_MODELS = [Pekerjaan]
INSTITUTION_MODELS = [AturanInstitusi, SkorSkpd, CekAnomali]
SKP_MODELS = [
    AturanSkp,
    PredikatOrganisasi,
    Skp,
    HasilKerja,
    Indikator,
    Realisasi,
    PerilakuSkp,
    UmpanBalik,
    Evaluasi,
    Keberatan,
]
LOGIN_MODELS = [GagalMasuk]
CITY_OVERVIEW_MODELS = [RekapKotaSementara]

__all__ = [
    m.__name__
    for m in FOUNDATION_MODELS
    + ACTIVITY_MODELS
    + ATTENDANCE_MODELS
    + DOCUMENT_MODELS
    + DAY_TOTALS_MODELS
    + DEVICE_MODELS
    + SKP_MODELS
    + LOGIN_MODELS
    + JOB_MODELS
    + PAY_MODELS
    + INSTITUTION_MODELS
    + READINESS_MODELS
    + CITY_OVERVIEW_MODELS
] + [
    "FOUNDATION_MODELS",
    "ACTIVITY_MODELS",
    "ATTENDANCE_MODELS",
    "DOCUMENT_MODELS",
    "DAY_TOTALS_MODELS",
    "DEVICE_MODELS",
    "SKP_MODELS",
    "LOGIN_MODELS",
    "JOB_MODELS",
    "PAY_MODELS",
    "INSTITUTION_MODELS",
    "READINESS_MODELS",
    "CITY_OVERVIEW_MODELS",
]
