"""What the screens, the portal and the API share: refusals on a form, the month asked for, PDF responses and
verification links."""

import datetime
import functools
import operator
import secrets
from typing import NamedTuple

from flask import Response, flash, g, request, url_for
from flask_babel import Babel
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from markupsafe import Markup

import reports
from ekinerja import clock, i18n
from ekinerja.rules.calendar import FIRST_YEAR, LAST_YEAR, parse_day, parse_period
from ekinerja.services import access
from ekinerja.services.activity import first_skpd_with_entries, month_with_entries
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
    """(year, month) of a YYYY-MM query value; where it is missing or unreadable, the latest month up to last month
    that holds entries (last month when none does), so that a screen opens on work rather than on an empty month."""
    try:
        return parse_period(text or "")
    except ValueError:
        this_month = clock.today().replace(day=1)
        found = month_with_entries(this_month)
        if found:
            return found
        last_month = this_month - datetime.timedelta(days=1)
        return last_month.year, last_month.month


def skpd_or_first_with_work(choices, year, month, kode=None, skpd_id=None):
    """The SKPD chosen among choices by its code or by its id, as the caller's screen sends it (a code is never
    read as an id, nor an id as a code); without a choice the first holding entries in the month, else the first."""
    picked = next(
        (s for s in choices if (kode and s.kode == kode) or (skpd_id and str(s.id) == str(skpd_id))),
        None,
    )
    return picked or first_skpd_with_entries(choices, year, month) or next(iter(choices), None)


def skpd_asked(user, kode, year, month):
    """The SKPD of a code if the user may see its recap (None otherwise); without a code the first they see that
    holds entries in the month, as the recap screen opens."""
    if kode:
        return access.skpd_for(user, kode)
    return skpd_or_first_with_work(access.visible_skpds(user), year, month)


# Rows on one page of a list.
PAGE_SIZE = 50


class Page(NamedTuple):
    """One page of a list: its rows, how many there are in all, and the links to the other pages."""

    items: list
    total: int
    number: int
    pages: int
    per_page: int
    arg: str = "halaman"  # the query value that names the page

    @property
    def first(self):
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self):
        return min(self.total, self.number * self.per_page)

    def url(self, number):
        """This page's address with another page number, every other query value kept."""
        args = {**(request.view_args or {}), **request.args.to_dict(), self.arg: number}
        return url_for(request.endpoint, **args)


def page_of(rows, per_page=PAGE_SIZE, arg="halaman"):
    """The page ?halaman= (or arg) asks for (1 by default, the last one beyond it) of a list or a Peewee query."""
    total = len(rows) if isinstance(rows, list) else rows.count()
    pages = max(1, -(-total // per_page))
    number = min(max(1, request.args.get(arg, 1, type=int)), pages)
    start = (number - 1) * per_page
    items = rows[start : start + per_page] if isinstance(rows, list) else list(rows.paginate(number, per_page))
    return Page(items, total, number, pages, per_page, arg)


# Badge colours of the statuses (entries, periods, jobs): each one its own.
STATUS_BADGES = {
    "DIAJUKAN": "info",
    "REVISI": "warning",
    "DISETUJUI": "success",
    "DITOLAK": "danger",
    "DIANULIR": "dark",
    "TERBUKA": "light",
    "DIKUNCI": "dark",
}


def status_badge(value, testid="", count=None):
    """A status as a coloured badge with its word, and how many have it when count is given (testid: a
    data-testid for the tests and the browser tests)."""
    text = i18n.status(value) if count is None else f"{i18n.status(value)}: {count}"
    return Markup('<span class="badge badge-{} status-badge" data-status="{}" data-testid="{}">{}</span>').format(
        STATUS_BADGES.get(value, "secondary"), value, testid, text
    )


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


# The words of i18n that templates apply as filters: amounts, dates, times, deductions, statuses, excuses.
FILTERS = ("rupiah", "ribuan", "persen", "tanggal", "tanggal_hari", "jam", "waktu", "potongan", "status", "keterangan")


def init_app(app):
    """Indonesian for the screens and the portal: Babel's locale and catalogues, the template filters of i18n."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", i18n.TRANSLATIONS_DIR)
    Babel(app, locale_selector=lambda: "id")
    for name in FILTERS:
        app.jinja_env.filters[name] = getattr(i18n, name)
    app.jinja_env.globals.update(nama_periode=i18n.periode, status_badge=status_badge)
    # The documents' templates as "reports/...": the screens draw their charts with the macros the PDFs use.
    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PrefixLoader({"reports": FileSystemLoader(reports.TEMPLATES_DIR)})]
    )
