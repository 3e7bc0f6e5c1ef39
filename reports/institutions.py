"""The printed Apresiasi list: the best SKPD of a locked month by the ranking's score, signed by the Sekda."""

from ekinerja.models import Periode
from ekinerja.services import ranking, signatories
from reports import data, render_html
from reports.data import DEFAULT_HEADING
from reports.documents import Document

APPRECIATED = 5  # how many SKPD the list names


def appreciation(year, month, heading=DEFAULT_HEADING):
    """The Apresiasi list of a month: a Document, final and signed by the Sekda only for a locked month with scores
    (an open month's is a draft that lists and signs nothing)."""
    rows = ranking.month_scores(year, month)
    context = data.document("apresiasi", year, month, Periode.is_locked(year, month), heading=heading)
    signed = context["final"] and bool(rows)
    sekda = signatories.city_head(context["tanggal_ttd"]) if signed else None
    context.update(baris=rows[:APPRECIATED], jumlah_skpd=len(rows), sekda=sekda, ditandatangani=signed)
    filename = f"apresiasi-skpd-{year:04d}-{month:02d}.pdf"
    return Document(filename, render_html("apresiasi.html", context), bool(rows))
