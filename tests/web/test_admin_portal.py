"""The master-data portal: access by role, admin_skpd scoping on every path, refused cascades, audit, validation."""

import datetime

import pytest

from ekinerja.admin.base import SecureModelView
from ekinerja.models import AuditLog, Jabatan, Pegawai, RiwayatJabatan, Skpd, UnitKerja, UraianTugas
from tests import factories as f
from tests.conftest import csrf_token


@pytest.fixture
def city():
    own, other = f.skpd(kode="DPKAD", singkatan="DPKAD"), f.skpd(kode="DISDUK", singkatan="DISDUKCAPIL")
    own_unit = UnitKerja.create(kode="DPKAD-U1", nama="Bidang Anggaran", skpd=own)
    other_unit = UnitKerja.create(kode="DISDUK-U1", nama="Bidang Pendaftaran", skpd=other)
    own_job = f.jabatan(own, unit=own_unit, nama="Analis Anggaran")
    other_job = f.jabatan(other, unit=other_unit, nama="Verifikator Data Kependudukan")
    return {
        "own": own,
        "other": other,
        "own_unit": own_unit,
        "other_unit": other_unit,
        "own_job": own_job,
        "other_job": other_job,
        "own_duty": f.tugas(own_job, uraian="Menyusun rencana anggaran"),
        "other_duty": f.tugas(other_job, uraian="Memverifikasi berkas KK"),
        "own_person": f.pegawai(own_job, nama="Cut Nyak Anggaran"),
        "other_person": f.pegawai(other_job, nama="Teuku Kependudukan"),
        "admin_skpd": f.user("admin.dpkad", roles=("admin_skpd",), skpd=own),
        "admin": f.user("admin", roles=("admin",)),
    }


ENDPOINT_ROWS = [
    ("pegawai", "own_person", "other_person"),
    ("jabatan", "own_job", "other_job"),
    ("unit", "own_unit", "other_unit"),
    ("tugas", "own_duty", "other_duty"),
    ("skpd", "own", "other"),
]


def test_portal_is_closed_to_anonymous_and_to_plain_employees(client, city):
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/pegawai/").status_code == 302
    f.user(pegawai=city["own_person"])
    f.login(client, city["own_person"].nip)
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/pegawai/").status_code == 403
    assert client.get(f"/admin/pegawai/edit/?id={city['own_person'].id}").status_code == 403


def _label(row):
    return getattr(row, "nama", None) or row.uraian


@pytest.mark.parametrize("endpoint, own, other", ENDPOINT_ROWS)
def test_admin_skpd_sees_only_own_skpd_on_list_details_edit_and_export(client, city, endpoint, own, other):
    f.login(client, "admin.dpkad")
    listing = client.get(f"/admin/{endpoint}/").get_data(as_text=True)
    assert _label(city[own]) in listing
    assert _label(city[other]) not in listing
    assert client.get(f"/admin/{endpoint}/details/?id={city[own].id}").status_code == 200
    assert client.get(f"/admin/{endpoint}/details/?id={city[other].id}").status_code == 302
    assert client.get(f"/admin/{endpoint}/edit/?id={city[other].id}").status_code == 302
    export = client.get(f"/admin/{endpoint}/export/csv/").get_data(as_text=True)
    assert _label(city[own]) in export
    assert _label(city[other]) not in export


def test_admin_skpd_cannot_edit_another_skpds_row_by_posting_its_id(client, city):
    f.login(client, "admin.dpkad")
    other = city["other_person"]
    token = csrf_token(client, f"/admin/pegawai/edit/?id={city['own_person'].id}")
    client.post(
        f"/admin/pegawai/edit/?id={other.id}",
        data={"csrf_token": token, "nip": other.nip, "nama": "Diambil Alih", "golongan": "III/a", "status": "PNS"},
    )
    assert Pegawai.get_by_id(other.id).nama == "Teuku Kependudukan"


def test_admin_skpd_cannot_delete_another_skpds_row_directly_or_by_action(client, city):
    f.login(client, "admin.dpkad")
    target = UraianTugas.create(
        jabatan=city["other_job"], kode="X1", uraian="Tanpa kegiatan", satuan="x", norma_waktu=5
    )
    token = csrf_token(client, "/admin/tugas/")
    client.post("/admin/tugas/delete/", data={"csrf_token": token, "id": target.id})
    client.post("/admin/tugas/action/", data={"csrf_token": token, "action": "delete", "rowid": [target.id]})
    assert UraianTugas.get_or_none(UraianTugas.id == target.id) is not None


def test_admin_skpd_cannot_create_rows_for_another_skpd(client, city):
    f.login(client, "admin.dpkad")
    token = csrf_token(client, "/admin/jabatan/new/")
    page = client.post(
        "/admin/jabatan/new/",
        data={
            "csrf_token": token,
            "kode": "DISDUK-99",
            "nama": "Jabatan Titipan",
            "skpd": city["other"].id,
            "jenis": "pelaksana",
            "kelas_jabatan": 6,
            "aktif": "y",
        },
    ).get_data(as_text=True)
    assert Jabatan.get_or_none(Jabatan.kode == "DISDUK-99") is None
    assert "Not a valid choice" in page or "SKPD Anda sendiri" in page or "Pilihan tidak valid" in page


def test_delete_of_a_row_others_depend_on_is_refused_and_nothing_cascades(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/skpd/")
    response = client.post(
        "/admin/skpd/delete/", data={"csrf_token": token, "id": city["own"].id}, follow_redirects=True
    )
    assert "tidak dapat dihapus" in response.get_data(as_text=True)
    assert Skpd.get_or_none(Skpd.id == city["own"].id) is not None
    assert Pegawai.select().where(Pegawai.skpd == city["own"]).count() == 1
    assert RiwayatJabatan.select().count() == 2


def test_bulk_delete_action_refuses_used_rows_and_deletes_unused_ones(client, city):
    f.login(client, "admin")
    unused = UnitKerja.create(kode="KOSONG", nama="Unit Kosong", skpd=city["own"])
    token = csrf_token(client, "/admin/unit/")
    client.post(
        "/admin/unit/action/",
        data={"csrf_token": token, "action": "delete", "rowid": [unused.id, city["own_unit"].id]},
    )
    assert UnitKerja.get_or_none(UnitKerja.id == unused.id) is None
    assert UnitKerja.get_or_none(UnitKerja.id == city["own_unit"].id) is not None
    entry = AuditLog.get(AuditLog.aksi == "hapus", AuditLog.objek == "unit_kerja")
    assert entry.objek_id == str(unused.id) and entry.pengguna == "admin"


def test_create_and_update_leave_audit_entries_with_changes(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/skpd/new/")
    client.post(
        "/admin/skpd/new/",
        data={"csrf_token": token, "kode": "KPPTSP", "nama": "Kantor Pelayanan Perizinan", "singkatan": "KPPTSP"},
    )
    created = Skpd.get(Skpd.kode == "KPPTSP")
    client.post(
        f"/admin/skpd/edit/?id={created.id}",
        data={
            "csrf_token": token,
            "kode": "KPPTSP",
            "nama": "Kantor Pelayanan Perizinan Terpadu",
            "singkatan": "KPPTSP",
        },
    )
    trail = list(
        AuditLog.select().where(AuditLog.objek == "skpd", AuditLog.objek_id == str(created.id)).order_by(AuditLog.id)
    )
    assert [t.aksi for t in trail] == ["tambah", "ubah"]
    assert trail[1].rincian_data["nama"] == ["Kantor Pelayanan Perizinan", "Kantor Pelayanan Perizinan Terpadu"]


def _post_pegawai(client, city, **overrides):
    token = csrf_token(client, "/admin/pegawai/new/")
    data = {
        "csrf_token": token,
        "nip": "198503122010011003",
        "nama": "Zulfikar Ahmad",
        "tanggal_lahir": "1985-03-12",
        "jenis_kelamin": "L",
        "golongan": "III/c",
        "status": "PNS",
        "status_ptkp": "TK/0",  # the select's first option, as a browser posts it
        "skpd": city["own"].id,
        "aktif": "y",
    }
    data.update(overrides)
    return client.post("/admin/pegawai/new/", data=data).get_data(as_text=True)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"nip": "19850312201001100"}, "NIP harus 18 digit angka."),
        ({"nip": "١٩٨٥٠٣١٢٢٠١٠٠١١٠٠٣"}, "NIP harus 18 digit angka."),
        ({"tanggal_lahir": "1986-03-12"}, "NIP tidak sesuai dengan tanggal lahir."),
        ({"jenis_kelamin": "P"}, "NIP tidak sesuai dengan jenis kelamin."),
        ({"nip": "198503122010011000"}, "Nomor urut pada NIP tidak boleh 000."),
    ],
)
def test_pegawai_nip_is_validated_on_the_field_and_nothing_is_saved(client, city, overrides, message):
    f.login(client, "admin")
    page = _post_pegawai(client, city, **overrides)
    assert message in page
    assert Pegawai.get_or_none(Pegawai.nama == "Zulfikar Ahmad") is None


def test_valid_pegawai_is_saved(client, city):
    f.login(client, "admin")
    _post_pegawai(client, city)
    assert Pegawai.get(Pegawai.nip == "198503122010011003").tanggal_lahir == datetime.date(1985, 3, 12)


def test_duplicate_nip_is_refused_on_the_field(client, city):
    f.login(client, "admin")
    page = _post_pegawai(client, city, nip=city["own_person"].nip, tanggal_lahir="1985-03-12")
    assert "sudah dipakai" in page


def test_superior_position_cycle_is_refused(client, city):
    top = f.jabatan(city["own"], nama="Kepala Dinas")
    middle = f.jabatan(city["own"], nama="Kabid", atasan=top)
    f.login(client, "admin")
    token = csrf_token(client, f"/admin/jabatan/edit/?id={top.id}")
    page = client.post(
        f"/admin/jabatan/edit/?id={top.id}",
        data={
            "csrf_token": token,
            "kode": top.kode,
            "nama": top.nama,
            "skpd": city["own"].id,
            "jenis": "jpt",
            "kelas_jabatan": 13,
            "atasan": middle.id,
            "aktif": "y",
        },
    ).get_data(as_text=True)
    assert "lingkaran" in page
    assert Jabatan.get_by_id(top.id).atasan_id is None


@pytest.mark.parametrize("kelas", [0, 18])
def test_kelas_jabatan_outside_1_to_17_is_refused(client, city, kelas):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/jabatan/new/")
    page = client.post(
        "/admin/jabatan/new/",
        data={
            "csrf_token": token,
            "kode": "BARU",
            "nama": "Baru",
            "skpd": city["own"].id,
            "jenis": "pelaksana",
            "kelas_jabatan": kelas,
        },
    ).get_data(as_text=True)
    assert "Kelas jabatan harus antara 1 dan 17." in page
    assert Jabatan.get_or_none(Jabatan.kode == "BARU") is None


def test_norma_waktu_must_be_positive(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/tugas/new/")
    page = client.post(
        "/admin/tugas/new/",
        data={
            "csrf_token": token,
            "jabatan": city["own_job"].id,
            "kode": "N0",
            "uraian": "x",
            "satuan": "x",
            "norma_waktu": 0,
            "volume_tahunan": 1,
        },
    ).get_data(as_text=True)
    assert "Norma waktu harus lebih dari 0 menit." in page


def test_current_position_must_belong_to_the_employees_skpd(client, city):
    f.login(client, "admin")
    person = city["own_person"]
    RiwayatJabatan.update(selesai=datetime.date(2025, 12, 31)).where(RiwayatJabatan.pegawai == person).execute()
    token = csrf_token(client, "/admin/riwayat/new/")
    page = client.post(
        "/admin/riwayat/new/",
        data={"csrf_token": token, "pegawai": person.id, "jabatan": city["other_job"].id, "mulai": "2026-01-01"},
    ).get_data(as_text=True)
    assert "Jabatan yang sedang dipegang harus berada pada SKPD pegawai." in page
    assert RiwayatJabatan.select().where(RiwayatJabatan.pegawai == person).count() == 1


def test_overlapping_position_periods_are_refused(client, city):
    f.login(client, "admin")
    token = csrf_token(client, "/admin/riwayat/new/")
    page = client.post(
        "/admin/riwayat/new/",
        data={
            "csrf_token": token,
            "pegawai": city["own_person"].id,
            "jabatan": city["own_job"].id,
            "mulai": "2025-06-01",
        },
    ).get_data(as_text=True)
    assert "bertumpang tindih" in page


def test_audit_log_is_read_only(client, city):
    f.login(client, "admin")
    assert client.get("/admin/audit/").status_code == 200
    assert client.get("/admin/audit/new/").status_code == 302
    assert client.get("/admin/audit/edit/?id=1").status_code == 302


def test_export_escapes_formula_cells(client, city):
    Pegawai.update(nama='=HYPERLINK("http://x")').where(Pegawai.id == city["own_person"].id).execute()
    f.login(client, "admin")
    export = client.get("/admin/pegawai/export/csv/").get_data(as_text=True)
    assert "'=HYPERLINK" in export
    assert "password" not in export


def test_portal_speaks_indonesian(client, city):
    f.login(client, "admin")
    page = client.get("/admin/pegawai/").get_data(as_text=True)
    assert "Tambah" in page and "Ekspor" in page
    assert 'placeholder="Cari NIP, nama"' in page
    token = csrf_token(client, "/admin/skpd/new/")
    page = client.post(
        "/admin/skpd/new/", data={"csrf_token": token, "kode": "", "nama": "", "singkatan": ""}
    ).get_data(as_text=True)
    assert "This field is required" not in page
    assert "wajib diisi" in page


PORTAL_PAGES = [
    "skpd", "unit", "jabatan", "tugas", "target", "prasyarat", "pegawai", "riwayat", "riwayat_status",
    "riwayat_golongan", "plt", "cuti", "pengguna",
    "libur", "jadwal", "jadwal_khusus", "aturan", "tarif", "audit",
]  # fmt: skip


@pytest.mark.parametrize("endpoint", PORTAL_PAGES)
def test_every_portal_list_and_form_opens_for_the_admin(client, city, endpoint):
    f.login(client, "admin")
    assert client.get(f"/admin/{endpoint}/").status_code == 200
    assert client.get(f"/admin/{endpoint}/new/").status_code == (302 if endpoint == "audit" else 200)


@pytest.mark.parametrize("page", ["kesiapan", "abk", "impor"])
def test_analysis_and_import_pages_open_scoped_for_admin_skpd(client, city, page):
    f.login(client, "admin.dpkad")
    html = client.get(f"/admin/{page}/" + (f"?skpd={city['own'].id}" if page == "abk" else "")).get_data(as_text=True)
    assert "DISDUKCAPIL" not in html and "Bidang Pendaftaran" not in html


def test_holiday_in_a_locked_month_cannot_be_added_or_deleted(client, city):
    from ekinerja.models import HariLibur, Periode

    Periode.create(tahun=2026, bulan=8, status="DIKUNCI", versi=1)
    kept = HariLibur.create(tanggal=datetime.date(2026, 8, 17), jenis="libur_nasional", keterangan="HUT RI")
    f.login(client, "admin")
    token = csrf_token(client, "/admin/libur/new/")
    page = client.post(
        "/admin/libur/new/",
        data={"csrf_token": token, "tanggal": "2026-08-18", "jenis": "cuti_bersama", "keterangan": "Cuti"},
    ).get_data(as_text=True)
    assert "sudah dikunci" in page
    client.post("/admin/libur/delete/", data={"csrf_token": token, "id": kept.id})
    assert HariLibur.select().count() == 1


def test_nothing_a_locked_month_uses_changes_through_a_dated_record_wherever_its_dates_lie(client, city):
    """October 2026 is locked: a leave inside it, and a position held since 2024, are part of its recap."""
    from ekinerja.models import Cuti, Periode

    Periode.create(tahun=2026, bulan=10, status="DIKUNCI", versi=1)
    person, colleague = f.pegawai(city["own_job"]), f.pegawai(city["own_job"])
    leave = Cuti.create(
        pegawai=person,
        jenis="cuti_tahunan",
        mulai=datetime.date(2026, 10, 9),
        selesai=datetime.date(2026, 10, 13),
        nomor_surat="800/1",
    )
    held = RiwayatJabatan.get(RiwayatJabatan.pegawai == person)
    f.login(client, "admin.dpkad")
    locked = "Data ini dipakai periode 10-2026 yang sudah dikunci"

    def edit(endpoint, row, **values):
        url = f"/admin/{endpoint}/edit/?id={row.id}"
        return client.post(url, data={"csrf_token": csrf_token(client, url), **values}).get_data(as_text=True)

    same_dates = {"mulai": "2026-10-09", "selesai": "2026-10-13", "nomor_surat": "800/1"}
    assert locked in edit("cuti", leave, pegawai=colleague.id, jenis="cuti_tahunan", **same_dates)
    assert locked in edit("cuti", leave, pegawai=person.id, jenis="dinas_luar", **same_dates)
    assert (Cuti.get_by_id(leave.id).pegawai_id, Cuti.get_by_id(leave.id).jenis) == (person.id, "cuti_tahunan")
    # Both dates of the position lie outside October, yet moving its start past October would drop it from there.
    moved = {"pegawai": person.id, "jabatan": city["own_job"].id, "mulai": "2026-11-01", "selesai": ""}
    assert locked in edit("riwayat", held, **moved)
    client.post("/admin/riwayat/delete/", data={"csrf_token": csrf_token(client, "/admin/riwayat/"), "id": held.id})
    assert RiwayatJabatan.get_by_id(held.id).mulai == datetime.date(2024, 1, 2)
    # Ending the position after October leaves October as it was.
    ended = {**moved, "mulai": "2024-01-02", "selesai": "2026-12-31", "nomor_sk": "821/9"}
    assert locked not in edit("riwayat", held, **ended)
    assert RiwayatJabatan.get_by_id(held.id).selesai == datetime.date(2026, 12, 31)


def test_overlapping_leave_is_refused_on_the_field(client, city):
    from ekinerja.models import Cuti

    person = city["own_person"]
    Cuti.create(
        pegawai=person,
        jenis="cuti_tahunan",
        mulai=datetime.date(2026, 9, 1),
        selesai=datetime.date(2026, 9, 3),
        nomor_surat="800/1",
    )
    f.login(client, "admin.dpkad")
    token = csrf_token(client, "/admin/cuti/new/")
    page = client.post(
        "/admin/cuti/new/",
        data={
            "csrf_token": token,
            "pegawai": person.id,
            "jenis": "dinas_luar",
            "mulai": "2026-09-03",
            "selesai": "2026-09-04",
            "nomor_surat": "090/2",
        },
    ).get_data(as_text=True)
    assert "Bertumpang tindih dengan cuti tahunan" in page
    assert Cuti.select().count() == 1


def test_a_new_employee_gets_a_pegawai_account_without_a_usable_password(client, city):
    from ekinerja.models import User
    from ekinerja.services import accounts

    f.login(client, "admin")
    _post_pegawai(client, city)
    account = User.get(User.username == "198503122010011003")
    assert account.roles == {"pegawai"} and account.pegawai.nama == "Zulfikar Ahmad"
    assert accounts.authenticate("198503122010011003", "!") is None


def _rule_form(token, berlaku_mulai, nama):
    from ekinerja.models import AturanTpp

    defaults = {
        f.name: f.default for f in AturanTpp._meta.sorted_fields if f.name not in ("id", "berlaku_mulai", "nama")
    }
    return {"csrf_token": token, "berlaku_mulai": berlaku_mulai, "nama": nama, **defaults}


def test_a_new_rule_set_starts_with_the_tariffs_of_the_one_before_it(client, city):
    """Without them every kelas would be paid Rp 0 from its first day."""
    from ekinerja.models import AturanTpp, TarifTpp
    from ekinerja.rules.tpp import DEMO_TARIF
    from ekinerja.services import recap

    f.rule_set(datetime.date(2026, 1, 1))
    f.login(client, "admin")
    token = csrf_token(client, "/admin/aturan/new/")
    response = client.post(
        "/admin/aturan/new/", data=_rule_form(token, "2027-01-01", "Perwal 2027"), follow_redirects=True
    )
    assert f"{len(DEMO_TARIF)} tarif kelas jabatan disalin dari aturan sebelumnya" in response.get_data(as_text=True)
    new = AturanTpp.get(AturanTpp.nama == "Perwal 2027")
    copied = dict(TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).where(TarifTpp.aturan == new).tuples())
    assert copied == DEMO_TARIF
    person = f.pegawai(f.jabatan(city["own"], kelas_jabatan=7))
    rows, _ = recap.compute_month(2027, 1, pegawai_ids=[person.id], today=datetime.date(2027, 2, 1))
    assert rows[0]["tpp_dasar"] == DEMO_TARIF[7]


def test_rule_sets_a_locked_month_uses_cannot_change_but_a_later_one_can_be_added(client, city, runner, tmp_path):
    from ekinerja.models import AturanTpp, Periode, TarifTpp

    in_force = f.rule_set(datetime.date(2026, 1, 1))
    Periode.create(tahun=2026, bulan=10, status="DIKUNCI", versi=1)
    f.login(client, "admin")
    token = csrf_token(client, "/admin/aturan/new/")
    page = client.post(
        f"/admin/aturan/edit/?id={in_force.id}", data=_rule_form(token, "2026-01-01", "Diubah")
    ).get_data(as_text=True)
    assert "sudah dikunci" in page and AturanTpp.get_by_id(in_force.id).nama != "Diubah"
    page = client.post("/admin/aturan/new/", data=_rule_form(token, "2026-10-01", "Terlambat")).get_data(as_text=True)
    assert "sudah dikunci" in page and not AturanTpp.select().where(AturanTpp.nama == "Terlambat").exists()
    client.post("/admin/aturan/new/", data=_rule_form(token, "2026-11-01", "Perwal 2026 perubahan"))
    assert AturanTpp.select().where(AturanTpp.nama == "Perwal 2026 perubahan").exists()
    tarif = TarifTpp.get(TarifTpp.aturan == in_force, TarifTpp.kelas_jabatan == 7)
    client.post(
        f"/admin/tarif/edit/?id={tarif.id}",
        data={"csrf_token": token, "aturan": in_force.id, "kelas_jabatan": 7, "tarif": 1},
    )
    assert TarifTpp.get_by_id(tarif.id).tarif == 3_000_000
    path = tmp_path / "tarif.csv"
    path.write_text("berlaku_mulai,kelas_jabatan,tarif\n2026-06-01,7,3500000\n")
    result = runner.invoke(args=["import", "tarif", str(path)])
    assert result.exit_code != 0 and "sudah dikunci" in result.output


def test_a_user_made_in_the_portal_logs_in_with_the_password_set_through_the_accounts_verb(client, city):
    from ekinerja.models import User
    from ekinerja.services import accounts

    f.login(client, "admin")
    token = csrf_token(client, "/admin/pengguna/new/")
    client.post(
        "/admin/pengguna/new/",
        data={
            "csrf_token": token,
            "username": "keuangan.kota",
            "roles": ["keuangan"],
            "aktif": "y",
            "kata_sandi_baru": "Rahasia123",
        },
    )
    user = User.get(User.username == "keuangan.kota")
    assert user.peran == "keuangan" and accounts.authenticate("keuangan.kota", "Rahasia123") == user
    trail = [
        (t.aksi, t.rincian or "")
        for t in AuditLog.select()
        .where(AuditLog.objek == "user", AuditLog.objek_id == str(user.id))
        .order_by(AuditLog.id)
    ]
    assert [aksi for aksi, _ in trail] == ["tambah", "ubah_kata_sandi"]
    assert all("password" not in rincian and "pbkdf2" not in rincian for _, rincian in trail)
    sessions = user.versi_sesi
    client.post(
        f"/admin/pengguna/edit/?id={user.id}",
        data={
            "csrf_token": token,
            "username": "keuangan.kota",
            "roles": ["keuangan"],
            "aktif": "y",
            "kata_sandi_baru": "Baru456789",
        },
    )
    assert accounts.authenticate("keuangan.kota", "Baru456789") is not None
    assert User.get_by_id(user.id).versi_sesi == sessions + 1


@pytest.mark.parametrize("login", ["admin.dpkad", "admin"])
def test_bank_details_never_show_in_the_portal(client, city, login):
    person = city["own_person"]
    Pegawai.update(nama_bank="Bank Aceh Syariah", nomor_rekening="7001234567890").where(
        Pegawai.id == person.id
    ).execute()
    f.login(client, login)
    pages = [
        f"/admin/pegawai/details/?id={person.id}",
        "/admin/pegawai/",
        "/admin/pegawai/export/csv/",
        f"/admin/pegawai/edit/?id={person.id}",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.get_data(as_text=True)
        assert "7001234567890" not in body, page
        assert "Bank Aceh Syariah" not in body, page
    details = client.get(f"/admin/pegawai/details/?id={person.id}").get_data(as_text=True)
    assert "Cut Nyak Anggaran" in details
    assert "Status PTKP" in details
    # The search box echoes its term; it finds no one by an account number.
    assert "Cut Nyak Anggaran" not in client.get("/admin/pegawai/?search=7001234567890").get_data(as_text=True)


def test_every_portal_details_page_shows_only_the_fields_its_view_names(app):
    """Flask-Admin's details page shows every field unless told: each view's shows its list unless it names its own."""
    (admin,) = app.extensions["admin"]
    views = [view for view in admin._views if isinstance(view, SecureModelView) and view.column_list]
    assert len(views) > 10
    for view in views:
        assert view.column_details_list is not None, view.endpoint
        assert "nomor_rekening" not in view.column_details_list, view.endpoint


def test_filter_options_are_each_requests_own_and_never_kept_on_the_shared_view(app, client, city):
    (admin,) = app.extensions["admin"]
    (view,) = [view for view in admin._views if view.endpoint == "pegawai"]
    city_admin, skpd_admin = client, app.test_client()
    f.login(city_admin, "admin")
    f.login(skpd_admin, "admin.dpkad")
    assert "Bidang Pendaftaran" in city_admin.get("/admin/pegawai/").get_data(as_text=True)
    listing = skpd_admin.get("/admin/pegawai/").get_data(as_text=True)
    assert "Bidang Anggaran" in listing
    assert "Bidang Pendaftaran" not in listing and "Verifikator Data Kependudukan" not in listing
    assert "Bidang Pendaftaran" in city_admin.get("/admin/pegawai/").get_data(as_text=True)
    kept = repr([group.filters for group in view._filter_groups.values()])
    assert "Bidang" not in kept and "Analis" not in kept and "Verifikator" not in kept
