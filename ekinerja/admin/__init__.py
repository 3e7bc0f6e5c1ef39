"""The master-data portal (Flask-Admin): one module per area over one secure base view."""

from flask_admin import Admin

from ekinerja import i18n, web
from ekinerja.admin import devices
from ekinerja.admin.audit_log import AuditLogView
from ekinerja.admin.base import PortalIndexView
from ekinerja.admin.documents import BendaharaSkpdView, PengaturanView
from ekinerja.admin.institutions import AturanInstitusiView
from ekinerja.admin.organisation import JabatanView, PrasyaratView, SkpdView, TargetView, UnitKerjaView, UraianTugasView
from ekinerja.admin.people import (
    CutiView,
    PegawaiView,
    PenugasanPltView,
    RiwayatGolonganView,
    RiwayatJabatanView,
    RiwayatStatusView,
    UserView,
)
from ekinerja.admin.portal import ImportView, PasswordResetView, ReadinessView, SlipZipView, StaffingView
from ekinerja.admin.rules import (
    AturanTppView,
    HariLiburView,
    JadwalKerjaView,
    JadwalKhususView,
    PotonganTppView,
    TarifTppView,
)
from ekinerja.admin.skp_rules import AturanSkpView
from ekinerja.models import (
    AturanInstitusi,
    AturanSkp,
    AturanTpp,
    AuditLog,
    BendaharaSkpd,
    Cuti,
    HariLibur,
    Jabatan,
    JadwalKerja,
    JadwalKhusus,
    Pegawai,
    Pengaturan,
    PenugasanPlt,
    PotonganTpp,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatStatus,
    Skpd,
    SkpdPrasyarat,
    Target,
    TarifTpp,
    UnitKerja,
    UraianTugas,
    User,
)


def init_app(app):
    """The portal at /admin, built for this app: Flask-Admin keeps its views per Admin, and tests build many apps."""
    admin = Admin(
        app,
        name="e-Kinerja · Portal Data Induk",
        index_view=PortalIndexView(name="Beranda", url="/admin"),
        translations_path=i18n.TRANSLATIONS_DIR,
        csp_nonce_generator=web.csp_nonce,
    )
    organisation, people, rules = "Organisasi", "Kepegawaian", "Kalender & Aturan"
    admin.add_view(SkpdView(Skpd, name="SKPD", category=organisation, endpoint="skpd"))
    admin.add_view(UnitKerjaView(UnitKerja, name="Unit Kerja", category=organisation, endpoint="unit"))
    admin.add_view(JabatanView(Jabatan, name="Jabatan", category=organisation, endpoint="jabatan"))
    admin.add_view(UraianTugasView(UraianTugas, name="Uraian Tugas (ANJAB)", category=organisation, endpoint="tugas"))
    admin.add_view(TargetView(Target, name="Renstra/Renja/Target", category=organisation, endpoint="target"))
    admin.add_view(
        PrasyaratView(SkpdPrasyarat, name="Konfirmasi Prasyarat", category=organisation, endpoint="prasyarat")
    )
    admin.add_view(PegawaiView(Pegawai, name="Pegawai", category=people, endpoint="pegawai"))
    admin.add_view(RiwayatJabatanView(RiwayatJabatan, name="Riwayat Jabatan", category=people, endpoint="riwayat"))
    admin.add_view(
        RiwayatStatusView(RiwayatStatus, name="Riwayat Status (CPNS/PNS)", category=people, endpoint="riwayat_status")
    )
    admin.add_view(
        RiwayatGolonganView(RiwayatGolongan, name="Riwayat Golongan", category=people, endpoint="riwayat_golongan")
    )
    admin.add_view(PenugasanPltView(PenugasanPlt, name="Plt / Plh", category=people, endpoint="plt"))
    admin.add_view(CutiView(Cuti, name="Cuti & Dinas Luar", category=people, endpoint="cuti"))
    admin.add_view(UserView(User, name="Pengguna", category=people, endpoint="pengguna"))
    admin.add_view(PasswordResetView(name="Atur Ulang Kata Sandi", category=people, endpoint="atur_sandi"))
    admin.add_view(HariLiburView(HariLibur, name="Hari Libur", category=rules, endpoint="libur"))
    admin.add_view(JadwalKerjaView(JadwalKerja, name="Jadwal Kerja", category=rules, endpoint="jadwal"))
    admin.add_view(JadwalKhususView(JadwalKhusus, name="Jadwal Khusus", category=rules, endpoint="jadwal_khusus"))
    admin.add_view(AturanTppView(AturanTpp, name="Aturan TPP", category=rules, endpoint="aturan"))
    admin.add_view(TarifTppView(TarifTpp, name="Tarif TPP per Kelas", category=rules, endpoint="tarif"))
    admin.add_view(AturanSkpView(AturanSkp, name="Aturan SKP", category=rules, endpoint="aturan_skp"))
    admin.add_view(PotonganTppView(PotonganTpp, name="Potongan TPP Lainnya", category=rules, endpoint="potongan"))
    admin.add_view(ReadinessView(name="Kesiapan SKPD", category="Analisis", endpoint="kesiapan"))
    admin.add_view(StaffingView(name="ABK", category="Analisis", endpoint="abk"))
    admin.add_view(
        AturanInstitusiView(AturanInstitusi, name="Peringkat & Anomali", category="Analisis", endpoint="institusi")
    )
    admin.add_view(ImportView(name="Impor / Ekspor", endpoint="impor"))
    admin.add_view(AuditLogView(AuditLog, name="Log Audit", endpoint="audit"))
    documents = "Dokumen"
    admin.add_view(PengaturanView(Pengaturan, name="Kop Surat & Logo", category=documents, endpoint="pengaturan"))
    admin.add_view(BendaharaSkpdView(BendaharaSkpd, name="Bendahara SKPD", category=documents, endpoint="bendahara"))
    admin.add_view(SlipZipView(name="Unduh Slip (ZIP)", category=documents, endpoint="slip_zip"))
    devices.register(admin)
    return admin
