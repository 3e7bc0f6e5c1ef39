"""HTML to PDF: the only module that imports WeasyPrint, and only on first use (the import costs ~0.5 s).

WeasyPrint's own URL fetcher reads local files and the network: an unescaped
`<link rel=attachment href=file:///...>` would embed the database into a PDF. Every render here uses
RestrictedFetcher, which answers data: URLs and a fixed list of our own static files, and refuses the rest.
"""

import functools
import mimetypes
import os
import threading

STATIC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
# Templates link static files relative to this base; the host is never contacted (the fetcher answers first).
BASE_URL = "https://ekinerja.invalid/static/"
# The only static files a document may load.
STATIC_FILES = ("print.css",)
STYLESHEET = "print.css"


class RefusedURL(ValueError):
    """A document asked for a URL outside the whitelist."""


@functools.cache
def _static(name):
    with open(os.path.join(STATIC_DIR, name), "rb") as fh:
        return fh.read()


@functools.cache
def _weasyprint():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RestrictedFetcher(URLFetcher):
        """data: URLs and the whitelisted static files; anything else raises (WeasyPrint then skips it)."""

        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(BASE_URL) and url[len(BASE_URL) :] in STATIC_FILES:
                name = url[len(BASE_URL) :]
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                if mime.startswith("text/"):
                    mime += "; charset=utf-8"
                return URLFetcherResponse(url, _static(name), {"Content-Type": mime})
            raise RefusedURL(f"URL ditolak: {url[:200]}")

    return weasyprint, RestrictedFetcher, FontConfiguration


def fetcher_class():
    """The fetcher every render uses (tests wrap its fetch to see what a document asked for)."""
    return _weasyprint()[1]


_local = threading.local()


def _prepared():
    """This thread's font configuration and parsed print stylesheet: built once, reused by every render.

    Pango's font map is not shared between threads, hence one of each per thread. The stylesheet is
    loaded through the restricted fetcher like any other resource.
    """
    if not hasattr(_local, "stylesheet"):
        weasyprint, fetcher, font_configuration = _weasyprint()
        _local.font_config = font_configuration()
        _local.stylesheet = weasyprint.CSS(
            url=BASE_URL + STYLESHEET, url_fetcher=fetcher(), font_config=_local.font_config
        )
    return _local.font_config, _local.stylesheet


def render_pdf(html):
    """PDF bytes of one HTML document from reports/templates (they carry no stylesheet link of their own)."""
    weasyprint, fetcher, _ = _weasyprint()
    font_config, stylesheet = _prepared()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher())
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
