"""The navbar: every menu item kept, folded into dropdowns by group, the current page marked."""

import re

from tests import factories as f


def _current(html):
    return re.findall(r'href="([^"]+)" aria-current="page">([^<]+)<', html)


def test_admin_menu_folds_into_groups_and_marks_the_page_it_is_on(app):
    f.user("admin", roles=("admin",))
    html = f.browser(app, "admin").get("/rekap/kota").get_data(as_text=True)
    groups = re.findall(r'data-menu-dropdown aria-controls="menu-(\w+)"', html)
    assert groups == ["rekap", "lembaga", "admin"]
    dropdown = html.split('id="menu-rekap"')[1].split("</div>")[0]
    assert ">Rekap TPP<" in dropdown and ">Rekap Kota<" in dropdown
    assert 'class="nav-link dropdown-toggle active" data-menu-dropdown aria-controls="menu-rekap"' in html
    assert _current(html) == [("/rekap/kota", "Rekap Kota")]
    for label in ("Peringkat", "Anomali", "Kalibrasi Norma", "Simulasi TPP", "Distribusi SKP", "Apel", "Periode"):
        assert f">{label}<" in html, label
    assert ">Portal Data Induk<" in html and ">Pekerjaan<" in html


def test_a_group_of_one_stays_a_plain_link_and_a_sub_page_marks_its_item(app):
    staff = f.user(pegawai=f.pegawai(f.jabatan(f.skpd())))
    client = f.browser(app, staff.username)
    html = client.get("/").get_data(as_text=True)
    assert "data-menu-dropdown" not in html  # Peringkat alone in its group
    assert '<li class="nav-item"><a class="nav-link" href="/peringkat">Peringkat</a></li>' in html
    assert _current(html) == [("/", "Beranda")]
    assert _current(client.get("/kegiatan/bulan").get_data(as_text=True)) == [("/kegiatan/bulan", "Rekap Bulanan")]
    assert _current(client.get("/kegiatan/?tanggal=2026-11-02").get_data(as_text=True)) == [
        ("/kegiatan/", "Kegiatan Harian")
    ]
    assert _current(client.get("/profil").get_data(as_text=True)) == [("/profil", "Profil")]
