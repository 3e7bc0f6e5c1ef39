"""What the screens, the portal and the API share: the month asked for, PDF responses and verification links."""

import datetime
import functools
import operator
import secrets

from flask import Response, g, url_for

from ekinerja import clock
from ekinerja.rules.calendar import FIRST_YEAR, LAST_YEAR, parse_day, parse_period
from reports import documents

# A code of the verification codes' alphabet (secrets.token_urlsafe), so that url_for leaves it as it is.
_SAMPLE_CODE = "kode"


def period_or_last_month(text):
    """(year, month) of a YYYY-MM query value; last month where it is missing or unreadable."""
    try:
        return parse_period(text or "")
    except ValueError:
        last_month = clock.today().replace(day=1) - datetime.timedelta(days=1)
        return last_month.year, last_month.month


def day_or(text, default):
    """The date of a YYYY-MM-DD query value; default where it is missing, unreadable or beyond the calendar's years."""
    try:
        return parse_day(text or "")
    except ValueError:
        return default


def year_or(value, default):
    """A year from the request (an int or None) within the calendar's years, else default."""
    return value if value is not None and FIRST_YEAR <= value <= LAST_YEAR else default


def csp_nonce():
    """This request's script nonce (Content-Security-Policy), made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def verify_url(kode):
    """The public address of a slip's verification page, on the address of the current request."""
    return url_for("documents.verify", kode=kode, _external=True)


def verify_links(app, base_url):
    """verify_url on base_url, for use outside a request: picklable, as the batch's worker processes get it."""
    with app.test_request_context("/", base_url=base_url):
        prefix = verify_url(_SAMPLE_CODE).removesuffix(_SAMPLE_CODE)
    return functools.partial(operator.add, prefix)


def pdf_response(document):
    response = Response(documents.pdf(document), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
