"""What the screens and the API share to answer with a document: the PDF response and the slip's verification link."""

import functools
import operator

from flask import Response, url_for

from reports import documents

# A code of the verification codes' alphabet (secrets.token_urlsafe), so that url_for leaves it as it is.
_SAMPLE_CODE = "kode"


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
