"""Each master-data rule has one home (services.masterdata): the import and the portal refuse a bad value with its
message."""

import datetime
import html

import pytest

from ekinerja.models import AturanTpp, AuditLog, Jabatan, Skpd, UnitKerja
from ekinerja.services import masterdata
from tests import factories as f
from tests.conftest import csrf_token
from tests.integration.test_imports import import_city, rejected

JABATAN = "kode,nama,skpd_kode,unit_kode,jenis,eselon,kelas_jabatan,atasan_kode\n"
UNIT = "kode,nama,skpd_kode,induk_kode\n"
TUGAS = "jabatan_kode,kode,uraian,satuan,norma_waktu,volume_tahunan\n"
TARIF = "berlaku_mulai,kelas_jabatan,tarif\n"
TARGET = "skpd_kode,tahun,jenis,indikator,target,satuan\n"
CUTI = "nip,jenis,mulai,selesai,nomor_surat\n"


def dpkad():
    return Skpd.get(Skpd.kode == "DPKAD").id


# (kind, the file's one data row, the column reported, the validator on the same values, the field it names).
# The validators run after the city is imported, so the ones that read the database see the same data.
CASES = [
    pytest.param(
        "jabatan",
        "J1,Staf,DPKAD,,pelaksana,,0,",
        "kelas_jabatan",
        lambda: masterdata.kelas_jabatan_errors(0),
        "kelas_jabatan",
        id="kelas-0",
    ),
    pytest.param(
        "jabatan",
        "J1,Staf,DPKAD,,pelaksana,,18,",
        "kelas_jabatan",
        lambda: masterdata.kelas_jabatan_errors(18),
        "kelas_jabatan",
        id="kelas-18",
    ),
    pytest.param(
        "jabatan",
        "J1,Staf,DPKAD,SETDA-01,pelaksana,,7,",
        "unit_kode",
        lambda: masterdata.position_unit_errors(dpkad(), "SETDA-01"),
        "unit",
        id="unit-of-another-skpd",
    ),
    pytest.param(
        "jabatan",
        "DPKAD-03,Kepala Bidang Akuntansi,DPKAD,DPKAD-03,administrator,III.b,11,DPKAD-0301",
        "atasan_kode",
        lambda: masterdata.position_superior_errors("DPKAD-03", "DPKAD-0301"),
        "atasan",
        id="superior-below-the-position",
    ),
    pytest.param(
        "jabatan",
        "DPKAD-01,Kepala Dinas,DPKAD,,jpt,II.b,14,DPKAD-01",
        "atasan_kode",
        lambda: masterdata.position_superior_errors("DPKAD-01", "DPKAD-01"),
        "atasan",
        id="own-superior",
    ),
    pytest.param(
        "unit",
        "U9,Bidang Baru,DPKAD,SETDA-01",
        "induk_kode",
        lambda: masterdata.unit_parent_errors("U9", dpkad(), "SETDA-01"),
        "induk",
        id="induk-of-another-skpd",
    ),
    pytest.param(
        "unit",
        "DPKAD-03,Bidang Akuntansi,DPKAD,DPKAD-0301",
        "induk_kode",
        lambda: masterdata.unit_parent_errors("DPKAD-03", dpkad(), "DPKAD-0301"),
        "induk",
        id="induk-below-the-unit",
    ),
    pytest.param(
        "tugas",
        "DPKAD-0301,T09,Tugas tanpa waktu,laporan,0,12",
        "norma_waktu",
        lambda: masterdata.task_errors(0, 12),
        "norma_waktu",
        id="norma-waktu-0",
    ),
    pytest.param(
        "tugas",
        "DPKAD-0301,T10,Volume negatif,laporan,10,-1",
        "volume_tahunan",
        lambda: masterdata.task_errors(10, -1),
        "volume_tahunan",
        id="volume-negative",
    ),
    pytest.param(
        "tarif",
        "2026-01-01,18,3000000",
        "kelas_jabatan",
        lambda: masterdata.tariff_errors(18, 3000000),
        "kelas_jabatan",
        id="tariff-kelas-18",
    ),
    pytest.param(
        "tarif",
        "2026-01-01,7,0",
        "tarif",
        lambda: masterdata.tariff_errors(7, 0),
        "tarif",
        id="tariff-0",
    ),
    pytest.param(
        "target",
        "DPKAD,1999,renja,Serapan anggaran,90,persen",
        "tahun",
        lambda: masterdata.target_errors(1999),
        "tahun",
        id="target-year-1999",
    ),
    pytest.param(
        "cuti",
        "198503122010011003,cuti_tahunan,2026-11-10,2026-11-09,A/1",
        "selesai",
        lambda: masterdata.period_errors(datetime.date(2026, 11, 10), datetime.date(2026, 11, 9)),
        "selesai",
        id="leave-ending-before-it-starts",
    ),
]
HEADERS = {"jabatan": JABATAN, "unit": UNIT, "tugas": TUGAS, "tarif": TARIF, "target": TARGET, "cuti": CUTI}


@pytest.mark.parametrize(("jenis", "row", "column", "validator", "field"), CASES)
def test_the_import_refuses_a_bad_value_with_the_masterdata_message(app, jenis, row, column, validator, field):
    import_city()
    expected = validator()
    assert field in expected, "the validator must refuse the value the import refuses"
    assert rejected(jenis, HEADERS[jenis] + row + "\n") == [(2, column, expected[field])]


def test_valid_values_pass_every_validator(app):
    import_city()
    assert masterdata.kelas_jabatan_errors(17) == {}
    assert masterdata.task_errors(1, None) == {}
    assert masterdata.tariff_errors(1, 1) == {}
    assert masterdata.target_errors(2100) == {}
    assert masterdata.period_errors(datetime.date(2026, 1, 1), None) == {}
    assert masterdata.position_unit_errors(dpkad(), "DPKAD-03") == {}
    assert masterdata.position_superior_errors("DPKAD-0301", "DPKAD-01") == {}
    assert masterdata.position_superior_errors(None, "DPKAD-0301") == {}
    assert masterdata.unit_parent_errors("DPKAD-0301", dpkad(), "DPKAD-03") == {}


def _jabatan_form(kode, skpd, unit=None, kelas=7, atasan=None):
    return {
        "kode": kode,
        "nama": "Jabatan Uji",
        "skpd": skpd.id,
        "unit": unit.id if unit else "__None",
        "jenis": "pelaksana",
        "kelas_jabatan": kelas,
        "atasan": atasan.id if atasan else "__None",
        "aktif": "y",
    }


def _by_kode(model, kode):
    return model.get(model.kode == kode)


# (the portal's form address, its values, the validator on the same values, the field it names)
PORTAL_CASES = [
    pytest.param(
        lambda: "/admin/jabatan/new/",
        lambda: _jabatan_form("J1", Skpd.get(Skpd.kode == "DPKAD"), kelas=18),
        lambda: masterdata.kelas_jabatan_errors(18),
        "kelas_jabatan",
        id="kelas-18",
    ),
    pytest.param(
        lambda: "/admin/jabatan/new/",
        lambda: _jabatan_form("J1", Skpd.get(Skpd.kode == "DPKAD"), unit=_by_kode(UnitKerja, "SETDA-01")),
        lambda: masterdata.position_unit_errors(dpkad(), "SETDA-01"),
        "unit",
        id="unit-of-another-skpd",
    ),
    pytest.param(
        lambda: f"/admin/jabatan/edit/?id={_by_kode(Jabatan, 'DPKAD-03').id}",
        lambda: _jabatan_form(
            "DPKAD-03", Skpd.get(Skpd.kode == "DPKAD"), kelas=11, atasan=_by_kode(Jabatan, "DPKAD-0301")
        ),
        lambda: masterdata.position_superior_errors("DPKAD-03", "DPKAD-0301"),
        "atasan",
        id="superior-below-the-position",
    ),
    pytest.param(
        lambda: f"/admin/unit/edit/?id={_by_kode(UnitKerja, 'DPKAD-03').id}",
        lambda: {
            "kode": "DPKAD-03",
            "nama": "Bidang Akuntansi",
            "skpd": dpkad(),
            "induk": _by_kode(UnitKerja, "DPKAD-0301").id,
            "aktif": "y",
        },
        lambda: masterdata.unit_parent_errors("DPKAD-03", dpkad(), "DPKAD-0301"),
        "induk",
        id="induk-below-the-unit",
    ),
    pytest.param(
        lambda: "/admin/tugas/new/",
        lambda: {
            "jabatan": _by_kode(Jabatan, "DPKAD-0301").id,
            "kode": "T09",
            "uraian": "Tugas tanpa waktu",
            "satuan": "laporan",
            "norma_waktu": 0,
            "volume_tahunan": 12,
        },
        lambda: masterdata.task_errors(0, 12),
        "norma_waktu",
        id="norma-waktu-0",
    ),
    pytest.param(
        lambda: "/admin/tarif/new/",
        lambda: {"aturan": AturanTpp.select().get().id, "kelas_jabatan": 7, "tarif": 0},
        lambda: masterdata.tariff_errors(7, 0),
        "tarif",
        id="tariff-0",
    ),
    pytest.param(
        lambda: "/admin/target/new/",
        lambda: {
            "skpd": dpkad(),
            "tahun": 1999,
            "jenis": "renja",
            "indikator": "Serapan",
            "target": "90",
            "satuan": "%",
        },
        lambda: masterdata.target_errors(1999),
        "tahun",
        id="target-year-1999",
    ),
]


@pytest.mark.parametrize(("url", "values", "validator", "field"), PORTAL_CASES)
def test_the_portal_refuses_the_same_bad_value_with_the_same_message(app, url, values, validator, field):
    import_city()
    f.user("admin", roles=("admin",))
    client = f.browser(app, "admin")
    address, expected = url(), validator()
    assert field in expected
    before = AuditLog.select().count()
    page = client.post(address, data={"csrf_token": csrf_token(client, address), **values()})
    assert page.status_code == 200
    assert html.escape(expected[field], quote=False) in page.get_data(as_text=True)
    assert AuditLog.select().count() == before  # nothing saved
