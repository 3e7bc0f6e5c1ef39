"""A superior's list of subordinates leads to each one's month; others never see it."""

import datetime

from tests import factories as f


def test_superior_sees_direct_subordinates_and_their_month(client):
    unit = f.skpd()
    head = f.jabatan(unit, nama="Kepala Seksi", kelas_jabatan=9)
    staff_job = f.jabatan(unit, nama="Pengadministrasi", atasan=head)
    boss = f.pegawai(head, nama="Teuku Atasan")
    staff = f.pegawai(staff_job, nama="Cut Bawahan")
    outsider = f.pegawai(f.jabatan(f.skpd()), nama="Orang Lain")
    f.user(pegawai=boss)
    f.rule_set(datetime.date(2020, 1, 1))
    f.login(client, boss.nip)
    assert 'href="/rekap/tim"' in client.get("/").get_data(as_text=True)
    page = client.get("/rekap/tim").get_data(as_text=True)
    assert "Cut Bawahan" in page and "Orang Lain" not in page
    assert client.get(f"/rekap/pegawai/{staff.nip}").status_code == 200
    assert client.get(f"/rekap/pegawai/{outsider.nip}").status_code == 404


def test_staff_without_subordinates_sees_an_empty_team(client):
    staff = f.pegawai(f.jabatan(f.skpd()))
    f.user(pegawai=staff)
    f.login(client, staff.nip)
    assert 'href="/rekap/tim"' not in client.get("/").get_data(as_text=True)
    assert "Tidak ada bawahan." in client.get("/rekap/tim").get_data(as_text=True)
