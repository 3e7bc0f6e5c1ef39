"""What every request must be before a view reads it: no NUL bytes, no control characters in the address, numbers
a database column can hold, JSON of a sane depth; anything else is a 400 before it reaches a form, a login or the
database (PostgreSQL refuses NUL in text and integers beyond 64 bits with a server error)."""

import re

from flask import abort, request

# The largest number the address or a form may carry: a 64-bit integer (an 18-digit NIP is one). A JSON body
# carries only IDs, years and counts: PostgreSQL's integer, the type of every ID.
MAX_NUMBER = 2**63 - 1
MAX_JSON_NUMBER = 2**31 - 1
# JSON fields of free text: the services clean them (control characters, NUL included, are dropped).
FREE_TEXT = {"catatan", "keterangan", "tambahan", "uraian"}
# Deeper JSON than this is no request of this app; Python's parser would hit its recursion limit further on.
MAX_JSON_DEPTH = 32
# The longest single value the address may carry (a search box, a period, a return address).
MAX_QUERY_VALUE = 2000

_CONTROL = re.compile("[\x00-\x1f\x7f]")
_INTEGER = re.compile(r"\s*[-+]?[0-9]+\s*")


def _too_big(text, limit):
    return len(text) < 100 and bool(_INTEGER.fullmatch(text)) and abs(int(text)) > limit


def _bad_text(text, address=False):
    if "\x00" in text or _too_big(text, MAX_NUMBER):
        return True
    return address and (len(text) > MAX_QUERY_VALUE or bool(_CONTROL.search(text)))


def _bad_json(value, depth=0, free_text=False):
    if depth > MAX_JSON_DEPTH:
        return True
    if isinstance(value, str):
        return "\x00" in value and not free_text
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_JSON_NUMBER
    if isinstance(value, dict):
        return any("\x00" in k or _bad_json(v, depth + 1, k in FREE_TEXT) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_json(v, depth + 1) for v in value)
    return False


def _json_depth_exceeded(data):
    """Whether brackets nest deeper than allowed, counted without parsing (the parser itself would recurse)."""
    depth, in_string, escaped = 0, False, False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def check_request():
    """400 for a request no view should read (see the module's docstring)."""
    if _bad_text(request.path, address=True):
        abort(400)
    if any(_too_big(part, MAX_NUMBER) for part in request.path.split("/")):
        abort(404)  # an ID no row can have
    for key, value in request.args.items(multi=True):
        if _bad_text(key, address=True) or _bad_text(value, address=True):
            abort(400)
    if request.is_json:
        data = request.get_data(cache=True)
        if _json_depth_exceeded(data) or _bad_json(request.get_json(silent=True)):
            abort(400)
    elif request.method in ("POST", "PUT", "PATCH", "DELETE"):
        for key, value in request.form.items(multi=True):
            if _bad_text(key) or _bad_text(value):
                abort(400)
        if any("\x00" in (upload.filename or "") for upload in request.files.values()):
            abort(400)


def init_app(app):
    app.before_request(check_request)
