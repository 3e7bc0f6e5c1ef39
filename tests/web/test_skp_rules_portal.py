"""The SKP rule-set screen: admin only, every value checked on its field, audited, and a finalised year's set kept."""

import datetime
import json

from ekinerja.models import AturanSkp, AuditLog, PredikatOrganisasi
from ekinerja.services import masterdata
from ekinerja.services.skp import settings_for
from tests import factories as f
from tests.conftest import csrf_token

URL = "/admin/aturan_skp"


def form(token, berlaku_mulai, **values):
    data = {"csrf_token": token, "berlaku_mulai": berlaku_mulai, "metode": "", "periode_evaluasi": "triwulanan"}
    data.update({"kurva": "", "persen_tpp": "", **values})
    return {k: v for k, v in data.items() if v is not None}


def test_only_the_admin_reaches_the_screen(client):
    skpd = f.skpd()
    f.user("admin", roles=("admin",))
    f.user("admin.skpd", roles=("admin_skpd",), skpd=skpd)
    f.login(client, "admin.skpd")
    assert client.get(f"{URL}/").status_code == 403
    f.login(client, "admin")
    assert "Aturan SKP" in client.get(f"{URL}/").get_data(as_text=True)


def test_a_rule_set_is_saved_with_its_pay_link_and_audited(client):
    f.user("admin", roles=("admin",))
    f.login(client, "admin")
    token = csrf_token(client, f"{URL}/new/")
    percents = json.dumps({"Butuh Perbaikan": 75, "Kurang": 50})
    data = form(token, "2026-01-01", periode_evaluasi="bulanan", tpp_dari_predikat="y", persen_tpp=percents)
    assert client.post(f"{URL}/new/", data=data).status_code == 302
    stored = AturanSkp.get()
    assert (stored.metode, stored.kurva, stored.tpp_dari_predikat) == (None, None, True)
    settings = settings_for(2026)
    assert (settings.metode, settings.periode_evaluasi, settings.tpp_dari_predikat) == (
        "permenpanrb_6_2022",
        "bulanan",
        True,
    )
    assert settings.persen_tpp == {"Butuh Perbaikan": 75, "Kurang": 50}
    assert AuditLog.get(AuditLog.objek == "aturan_skp").aksi == "tambah"


def test_every_refused_value_is_shown_on_its_field(client):
    f.user("admin", roles=("admin",))
    f.login(client, "admin")
    token = csrf_token(client, f"{URL}/new/")
    curve = json.dumps({"Istimewa": [{"predikat": ["Hebat"], "paling_banyak": 70}]})
    page = client.post(f"{URL}/new/", data=form(token, "2026-01-01", kurva=curve, persen_tpp='{"Baik": 120}'))
    html = page.get_data(as_text=True)
    assert "Setiap batas (Istimewa) menyebut predikat pegawai" in html
    assert "Persen TPP setiap predikat harus antara 0 dan 100." in html
    assert not AturanSkp.select().exists()


def test_the_validator_takes_plain_values():
    assert masterdata.skp_rule_set_errors(None, "triwulanan", None, None) == {}
    assert masterdata.skp_rule_set_errors("pp_46_2011", "bulanan", "", '{"Kurang": 60}') == {}
    assert masterdata.skp_rule_set_errors("lain", "tahunan", "[1]", "{") == {
        "metode": "Metode harus salah satu dari: permenpanrb_6_2022, pp_46_2011.",
        "periode_evaluasi": "Periode evaluasi harus salah satu dari: bulanan, triwulanan.",
        "kurva": "Isian harus objek JSON {...}.",
        "persen_tpp": "Isian harus JSON yang sah.",
    }
    curve = {"Baik": [{"predikat": ["Baik"], "paling_sedikit": 101}]}
    assert masterdata.skp_rule_set_errors(None, "triwulanan", json.dumps(curve), None) == {
        "kurva": "paling_sedikit (Baik) harus persentase 0 sampai 100."
    }


def test_a_rule_set_a_finalised_year_used_is_neither_changed_nor_deleted(client):
    skpd = f.skpd()
    f.user("admin", roles=("admin",))
    used = AturanSkp.create(berlaku_mulai=datetime.date(2025, 1, 1), tpp_dari_predikat=False)
    PredikatOrganisasi.create(skpd=skpd, tahun=2025, predikat="Baik", final=True)
    f.login(client, "admin")
    token = csrf_token(client, f"{URL}/new/")
    page = client.post(f"{URL}/edit/?id={used.id}", data=form(token, "2025-01-01", tpp_dari_predikat="y"))
    assert "sudah difinalisasi" in page.get_data(as_text=True) and not AturanSkp.get_by_id(used.id).tpp_dari_predikat
    page = client.post(f"{URL}/new/", data=form(token, "2024-07-01"))  # would take over 2025
    assert "sudah difinalisasi" in page.get_data(as_text=True)
    client.post(f"{URL}/delete/", data={"csrf_token": token, "id": used.id})
    assert AturanSkp.get_by_id(used.id)
    assert client.post(f"{URL}/new/", data=form(token, "2025-06-01")).status_code == 302  # from 2026 on
    assert AturanSkp.select().count() == 2
