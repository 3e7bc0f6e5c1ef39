"""The SKP pay percent on the slip and the SKPD list, where the SKP rule set links pay to the periodic predikat."""

import datetime

import pytest

from ekinerja.models import AturanSkp
from ekinerja.services import periods
from ekinerja.services import skp_evaluation as evals
from reports import documents
from tests import factories as f
from tests.integration.skp_city import approved_plan, build

D = datetime.date


@pytest.fixture
def c(app):
    c = build()
    f.rule_set(berlaku_mulai=D(2026, 1, 1))
    skp = approved_plan(c, c.staf_user, c.kabid_user)
    f.entry(c.staf, D(2026, 2, 3), minutes=300, status="DISETUJUI")
    evals.evaluate(c.kabid_user, skp, evals.EvaluationInput(1, "bawah", "sesuai"), today=D(2026, 4, 2))
    return c


def verify_url(code):
    return f"https://contoh.test/verifikasi/{code}"


def test_without_the_pay_link_neither_document_shows_the_skp_percent(c):
    assert "predikat SKP" not in documents.slip(c.staf, 2026, 2, verify_url).html
    assert "predikat SKP" not in documents.nominatif(c.unit, 2026, 2).html


def test_with_the_pay_link_the_slip_and_the_list_show_it_also_once_the_month_is_locked(c):
    AturanSkp.create(berlaku_mulai=D(2026, 1, 1), tpp_dari_predikat=True)
    for locked in (False, True):
        if locked:
            periods.lock(c.admin, 2026, 2, today=D(2026, 3, 5), reason="Verifikasi selesai")  # on the deadline day
        slip = documents.slip(c.staf, 2026, 2, verify_url)
        assert slip.final is locked
        assert (
            'data-baris="persen-skp"' in slip.html and "Persen TPP kinerja menurut predikat SKP periodik" in slip.html
        )
        assert "capaian dibayar = 5,00% × 80% = 4,00%" in slip.html and "× 4,00%</span>" in slip.html
        html = documents.nominatif(c.unit, 2026, 2).html
        assert "<th>Persen predikat SKP</th>" in html
        assert html.count('<td class="num">80%</td>') == 1 and html.count('<td class="num">-</td>') >= 1
