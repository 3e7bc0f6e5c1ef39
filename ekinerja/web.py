"""What the screens, the portal and the API share: refusals on a form, the month asked for, PDF responses and
verification links."""

import datetime
import functools
import operator
import secrets

from flask import Response, flash, g, url_for
from flask_babel import Babel
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

import reports
from ekinerja import clock, i18n
from ekinerja.rules.calendar import FIRST_YEAR, LAST_YEAR, parse_day, parse_period
from reports import documents

# A code of the verification codes' alphabet (secrets.token_urlsafe), so that url_for leaves it as it is.
_SAMPLE_CODE = "kode"


def show_refusal(refused, form=None, names=None):
    """A refusal on a screen: each reason on its form field (names: the service's field -> the form's), the rest
    flashed above the page."""
    names = names or {}
    for name, message in refused.errors.items():
        field = getattr(form, names.get(name, name), None) if form is not None and name else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            flash(message, "error")


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


def init_app(app):
    """Indonesian for the screens and the portal: Babel's locale and catalogues, the template filters of i18n."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", i18n.TRANSLATIONS_DIR)
    Babel(app, locale_selector=lambda: "id")
    for name in ("rupiah", "ribuan", "persen", "tanggal", "tanggal_hari", "jam"):
        app.jinja_env.filters[name] = getattr(i18n, name)
    app.jinja_env.globals["nama_periode"] = i18n.periode
    # The documents' templates as "reports/...": the screens draw their charts with the macros the PDFs use.
    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PrefixLoader({"reports": FileSystemLoader(reports.TEMPLATES_DIR)})]
    )
