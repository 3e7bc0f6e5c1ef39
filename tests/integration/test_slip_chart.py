"""The slip prints the employee's twelve months as a chart (the screens' SVG macros), and still fits one page."""

import io
import re

import pytest
from pypdf import PdfReader

from ekinerja.models import Rekap
from ekinerja.services import periods, recap
from reports import documents, environment
from tests.integration import documents_city as c


@pytest.fixture
def city(app, monkeypatch):
    return c.build(monkeypatch)


def test_slip_draws_the_locked_months_and_names_its_scale(city):
    c.lock(city)
    document = documents.slip(city.staff, c.YEAR, c.MONTH, lambda kode: f"https://ekinerja.test/verifikasi/{kode}")
    # October is open: not computed for the slip, so November's is the one bar and the one point of the line.
    assert document.html.count('<rect class="bar"') == 1 and "<title>Nov: 2.916.000</title>" in document.html
    assert document.html.count("<circle ") == 1 and '<svg class="chart"' in document.html
    reader = PdfReader(io.BytesIO(documents.pdf(document)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert (
        "Grafik 12 bulan s.d. November 2026 · garis: capaian kinerja 0–100% · batang: TPP diterima 0–Rp 2.916.000"
        in text
    )


def test_the_chart_reads_the_same_months_as_the_recap(city):
    c.lock(city)
    months = recap.history(city.staff.id, c.YEAR, c.MONTH)
    assert [(y, m) for y, m, _ in months][:2] == [(2025, 12), (2026, 1)] and len(months) == 12
    assert [row is not None for _, _, row in months] == [False] * 11 + [True]
    assert months[-1][2]["tpp_diterima"] == 2_916_000


def test_a_locked_earlier_month_is_drawn_from_its_snapshot(city):
    periods.lock(city.users.verifikator, 2026, 10, today=c.TODAY)
    c.lock(city)
    october = Rekap.get(Rekap.pegawai == city.staff, Rekap.tahun == 2026, Rekap.bulan == 10, Rekap.berlaku)
    document = documents.slip(city.staff, c.YEAR, c.MONTH, lambda kode: kode)
    assert document.html.count('<rect class="bar"') == 2
    assert f"<title>Okt: {october.tpp_diterima:,}</title>".replace(",", ".") in document.html
    assert "<title>Nov: 2.916.000</title>" in document.html


def test_a_missing_month_breaks_the_line_in_two():
    macro = "{% from '_charts.html' import line_chart %}{{ line_chart(series, labels, 't') }}"
    chart = environment().from_string(macro)
    svg = chart.render(series=[("Capaian", [10, None, 30])], labels=["Jan", "Feb", "Mar"])
    lines = re.findall(r'<polyline[^>]* points="([^"]*)"', svg)
    assert len(lines) == 2 and [len(points.split()) for points in lines] == [1, 1]
    assert svg.count("<circle ") == 2
    joined = chart.render(series=[("Capaian", [10, 20, 30])], labels=["Jan", "Feb", "Mar"])
    assert [len(p.split()) for p in re.findall(r'<polyline[^>]* points="([^"]*)"', joined)] == [3]
