"""Gross, deductions and net on the recap screens and in the API, before and after the lock.

The documents city's November (domain.md worked example): DPKAD's Teuku Umar (IV/a) gross Rp 814.000 -> PPh 21
15 % 122.100 + BPJS 1 % 8.140 = 130.240, net 683.760; Cut Meutia (III/a) 2.916.000 -> 145.800 + 29.160 = 174.960,
net 2.741.040; Nyak Dhien (III/b) 370.000 -> 18.500 + 3.700 = 22.200, net 347.800. DPKAD: deductions 327.400, net
3.772.600. DISDUK's Teuku Lain (III/a) 444.000 -> 22.200 + 4.440 = 26.640, net 417.360. City: 354.040, 4.189.960.
"""

import re

import pytest

from ekinerja.api.openapi import described
from ekinerja.services import payments
from tests import factories as f
from tests.factories import browser
from tests.integration import documents_city as c

QUERY = f"periode={c.PERIODE}"


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def shown(html, name):
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', html)
    assert match, f"no data-testid={name}"
    return match.group(1).strip()


def _row_cells(html, nip):
    row = html.split(f"/rekap/pegawai/{nip}")[1].split("</tr>")[0]
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)


@pytest.mark.parametrize("locked", [False, True])
def test_the_skpd_recap_shows_gross_deductions_and_net_per_row_and_in_total(app, city, locked):
    if locked:
        c.lock(city)
    html = browser(app, "keuangan").get(f"/rekap/skpd?skpd=DPKAD&{QUERY}").get_data(as_text=True)
    assert _row_cells(html, city.staff.nip)[-3:] == ["2.916.000", "174.960", "2.741.040"]
    assert _row_cells(html, city.boss.nip)[-3:] == ["814.000", "130.240", "683.760"]
    assert (shown(html, "total-diterima"), shown(html, "total-potongan"), shown(html, "total-bersih")) == (
        "4.100.000",
        "327.400",
        "3.772.600",
    )
    assert 'title="PPh Pasal 21 145.800; Iuran BPJS Kesehatan (pegawai) 29.160"' in html


@pytest.mark.parametrize("locked", [False, True])
def test_the_city_recap_sums_deductions_and_net_as_the_payment_lists_do(app, city, locked):
    if locked:
        c.lock(city)
    html = browser(app, "keuangan").get(f"/rekap/kota?{QUERY}").get_data(as_text=True)
    assert (shown(html, "grand-total"), shown(html, "grand-potongan"), shown(html, "grand-bersih")) == (
        "4.544.000",
        "354.040",
        "4.189.960",
    )
    if locked:  # the transfer lists of both SKPDs add up to the same rupiah
        lists = [payments.payment_list(s, c.YEAR, c.MONTH)[1] for s in (city.dinas, city.other)]
        assert sum(t["tpp_bersih"] for t in lists) == 4_189_960
        assert sum(t["jumlah_potongan"] for t in lists) == 354_040


def test_ones_own_month_page_lists_each_deduction_and_the_net(app, city):
    html = browser(app, city.staff.nip).get(f"/rekap/saya?{QUERY}").get_data(as_text=True)
    assert shown(html, "tpp-diterima") == "Rp 2.916.000" and shown(html, "tpp-bersih") == "Rp 2.741.040"
    assert "PPh Pasal 21 (5,00%)" in html and "Iuran BPJS Kesehatan (pegawai) (1,00%)" in html


def _token(client, username):
    response = client.post("/api/v1/token", json={"username": username, "password": f.PASSWORD})
    return {"Authorization": "Bearer " + response.json["token"]}


@pytest.mark.parametrize("locked", [False, True])
def test_the_api_recap_adds_the_deductions_and_net_and_keeps_every_field(app, city, locked):
    if locked:
        c.lock(city)
    client = app.test_client()
    response = client.get(f"/api/v1/rekap?{QUERY}", headers=_token(client, city.staff.nip))
    assert response.status_code == 200
    (row,) = response.json
    assert (row["tpp_kinerja"], row["tpp_disiplin"], row["tpp_diterima"]) == (1_800_000, 1_116_000, 2_916_000)
    assert (row["jumlah_potongan"], row["tpp_bersih"], row["bpjs_pemberi_kerja"]) == (174_960, 2_741_040, 116_640)
    assert row["potongan_tpp"] == [
        {"kode": "PPH21", "nama": "PPh Pasal 21", "persen": 5.0, "rupiah": 145_800},
        {"kode": "BPJS", "nama": "Iuran BPJS Kesehatan (pegawai)", "persen": 1.0, "rupiah": 29_160},
    ]
    assert "nomor_rekening" not in row and "nama_bank" not in row


def test_the_openapi_description_names_the_new_fields_beside_the_old():
    properties = described()["components"]["schemas"]["Rekap"]["properties"]
    assert {"tpp_diterima", "tpp_kinerja", "rincian_disiplin"} <= set(properties)
    assert properties["tpp_bersih"]["type"] == properties["jumlah_potongan"]["type"] == "integer"
    assert properties["potongan_tpp"]["items"]["properties"]["rupiah"] == {"type": "integer"}
