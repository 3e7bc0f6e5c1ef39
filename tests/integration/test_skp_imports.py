"""SKP plans through the imports: an XLSX row per indicator, all or nothing, idempotent, own SKPD only."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from ekinerja.models import HasilKerja, Indikator, Skp
from ekinerja.services import imports
from ekinerja.services.imports import COLUMNS, ImportRejected
from tests.integration.skp_city import approved_plan, build

HEADER = COLUMNS["skp"]


@pytest.fixture
def c(app):
    return build()


def kode(person):
    return person.riwayat_jabatan[0].jabatan.kode


def xlsx(*rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def load(content, skpd_id=None, name="skp.xlsx"):
    return imports.import_file("skp", io.BytesIO(content), name, "penguji", skpd_id=skpd_id)


def refused(content, skpd_id=None):
    with pytest.raises(ImportRejected) as info:
        load(content, skpd_id)
    return [tuple(e) for e in info.value.rows]


def plan_of(skp):
    return [
        (h.nomor, h.uraian, h.target_skpd_id, h.hasil_atasan_id, [(i.aspek, i.uraian, i.target) for i in h.indikator])
        for h in skp.hasil.order_by(HasilKerja.nomor)
    ]


def kadis_rows(c):
    nip, jab = c.kadis.nip, kode(c.kadis)
    return (
        (nip, 2026, jab, 1, "Imunisasi meningkat", "Cakupan imunisasi", None, "kuantitas", "Desa", 40, "desa"),
        (nip, 2026, jab, 1, "Imunisasi meningkat", "Cakupan imunisasi", None, "waktu", "Waktu layanan", 12, "bulan"),
        (nip, 2026, jab, 2, "Laporan tersusun", "Cakupan imunisasi", None, "kuantitas", "Laporan", 4, "laporan"),
    )


def test_plans_drafted_in_excel_create_draft_skps_and_a_second_import_changes_nothing(c):
    result = load(xlsx(*kadis_rows(c)))
    assert (result.ditambah, result.diubah, result.tetap) == (1, 0, 0)
    kadis_skp = Skp.get(Skp.pegawai == c.kadis.id)
    assert (kadis_skp.status, kadis_skp.penilai_id, kadis_skp.perilaku.count()) == ("DRAFT", c.sekda.id, 7)
    assert plan_of(kadis_skp) == [
        (1, "Imunisasi meningkat", c.target.id, None, [("kuantitas", "Desa", 40), ("waktu", "Waktu layanan", 12)]),
        (2, "Laporan tersusun", c.target.id, None, [("kuantitas", "Laporan", 4)]),
    ]  # fmt: skip
    kabid = (c.kabid.nip, 2026, kode(c.kabid), 1, "Jadwal imunisasi", None, 2, "kuantitas", "Jadwal", 12, "jadwal")
    content = xlsx(*kadis_rows(c), kabid)
    result = load(content)
    assert (result.ditambah, result.diubah, result.tetap) == (1, 0, 1)
    kabid_skp = Skp.get(Skp.pegawai == c.kabid.id)
    assert kabid_skp.hasil.get().hasil_atasan_id == kadis_skp.hasil.where(HasilKerja.nomor == 2).get().id
    counts = (HasilKerja.select().count(), Indikator.select().count())
    result = load(content)
    assert (result.ditambah, result.diubah, result.tetap) == (0, 0, 2)
    assert (HasilKerja.select().count(), Indikator.select().count()) == counts


def test_the_export_imports_back_unchanged_and_a_changed_draft_is_replaced(c):
    load(xlsx(*kadis_rows(c)))
    exported = imports.export_bytes("skp", "xlsx")
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert rows[0] == HEADER and len(rows) == 4
    assert rows[1][:4] == (c.kadis.nip, 2026, kode(c.kadis), 1)
    assert (load(exported).tetap, load(imports.export_bytes("skp", "csv"), name="skp.csv").tetap) == (1, 1)
    changed = list(kadis_rows(c))
    changed[2] = changed[2][:9] + (5,) + changed[2][10:]
    assert load(xlsx(*changed)).diubah == 1
    skp = Skp.get(Skp.pegawai == c.kadis.id)
    assert plan_of(skp)[1][4] == [("kuantitas", "Laporan", Decimal(5))]


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_saved(c):
    nip, jab = c.kadis.nip, kode(c.kadis)
    errors = refused(
        xlsx(
            (nip, 2026, jab, 1, "Imunisasi", "Tidak ada", None, "kuantitas", "Desa", 40, "desa"),
            (nip, 2026, jab, 2, "Laporan", None, None, "kuantitas", "Laporan", 0, "laporan"),
            (nip, 2026, jab, 3, "Data", "Cakupan imunisasi", None, "mutu", "Data", 1, "data"),
            ("198503122010011999", 2026, jab, 1, "Lain", "Cakupan imunisasi", None, "kuantitas", "X", 1, "x"),
            (c.staf.nip, 2026, kode(c.staf), 1, "Surat", None, 9, "kuantitas", "Surat", 10, "surat", "T-XXX"),
        )
    )
    assert errors == [
        (2, "target_skpd", "Target SKPD tidak ditemukan untuk SKPD dan tahun SKP ini."),
        (3, "target_skpd", "Hasil kerja JPT wajib mengacu pada target SKPD."),
        (3, "target", "Target harus angka lebih dari 0."),
        (4, "aspek", "Aspek harus salah satu dari: kuantitas, kualitas, waktu, biaya; tertulis: mutu."),
        (5, "nip", "Pegawai dengan NIP 198503122010011999 tidak ditemukan."),
        (6, "hasil_atasan_nomor", "Hasil kerja nomor 9 tidak ada pada SKP pejabat penilai tahun ini."),
        (6, "tugas_kode", "Uraian tugas tidak ada pada jabatan SKP ini."),
    ]
    assert Skp.select().count() == 0 and HasilKerja.select().count() == 0


def test_admin_skpd_imports_only_their_skpd_and_an_agreed_plan_stays_as_agreed(c):
    row = (c.luar.nip, 2026, kode(c.luar), 1, "Laporan", None, None, "kuantitas", "Laporan", 4, "laporan")
    assert refused(xlsx(row), skpd_id=c.unit.id) == [
        (2, "jabatan_kode", "Anda hanya dapat mengimpor data SKPD Anda sendiri.")
    ]
    skp = approved_plan(c, c.staf_user, c.kabid_user)
    exported = imports.export_bytes("skp", "xlsx", skpd_id=c.unit.id)
    assert load(exported, skpd_id=c.unit.id).tetap == 1
    assert imports.export_bytes("skp", "csv", skpd_id=c.other.id).decode().strip() == ",".join(HEADER)
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    changed = rows[1][:9] + (24,) + rows[1][10:]
    assert refused(xlsx(changed), skpd_id=c.unit.id) == [
        (2, "nip", "SKP ini berstatus Disepakati; rencananya tidak dapat diubah lagi.")
    ]
    assert Skp.get_by_id(skp.id).status == "DISETUJUI"


def test_flask_import_and_export_commands_take_skp_plans(c, runner, tmp_path):
    path = tmp_path / "skp.xlsx"
    path.write_bytes(xlsx(*kadis_rows(c)))
    result = runner.invoke(args=["import", "skp", str(path)])
    assert result.exit_code == 0, result.output
    assert "Impor skp berhasil: 1 ditambah, 0 diubah, 0 tetap." in result.output
    out = tmp_path / "keluar.xlsx"
    assert runner.invoke(args=["export", "skp", "--out", str(out)]).exit_code == 0
    assert len(list(load_workbook(out).active.iter_rows(values_only=True))) == 4
