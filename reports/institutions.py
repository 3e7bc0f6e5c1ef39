"""The printed Apresiasi list: the best SKPD of a locked month by the ranking's score, signed by the Sekda."""

from ekinerja.services import ranking, signatories
from reports import data, render_html
from reports.data import DEFAULT_HEADING
from reports.documents import Document

APPRECIATED = 5  # how many SKPD the list names


def appreciation(year, month, heading=DEFAULT_HEADING):
    """The Apresiasi list of a month (empty while it is open): a Document."""
    rows = ranking.month_scores(year, month)
    context = data.document("apresiasi", year, month, True, heading=heading)
    context.update(baris=rows[:APPRECIATED], jumlah_skpd=len(rows), sekda=signatories.city_head(context["tanggal_ttd"]))
    filename = f"apresiasi-skpd-{year:04d}-{month:02d}.pdf"
    return Document(filename, render_html("apresiasi.html", context), bool(rows))
