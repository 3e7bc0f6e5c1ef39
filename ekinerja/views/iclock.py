"""The endpoints fingerprint machines call (ZKTeco ADMS / iClock push): plain text, as the firmware expects.

A machine's optional secret comes in the URL, as ?key=... or as a path prefix /adms/<secret>/iclock/... (for
firmware that takes a server path but no query).
"""

import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, request

from ekinerja.services import devices

bp = Blueprint("iclock", __name__)

BODY_TOO_LARGE = "Isi permintaan melebihi {} byte; kirim dalam beberapa bagian."


def _text(body, status=200):
    return Response(body, status=status, mimetype="text/plain")


def _route(rule, **options):
    """A view under /iclock/<rule> and under /adms/<secret>/iclock/<rule>."""

    def register(view):
        bp.add_url_rule(f"/iclock/{rule}", view_func=view, **options)
        bp.add_url_rule(f"/adms/<kunci>/iclock/{rule}", view_func=view, **options)
        return view

    return register


def _admitted(kunci):
    """(machine, None) or (None, the refusal's response)."""
    machine, refusal = devices.admit(
        request.args.get("SN"),
        kunci or request.args.get("key"),
        request.remote_addr,
        current_app.config["ICLOCK_RATE_PER_MINUTE"],
    )
    return (None, _text(refusal.message, refusal.status)) if refusal else (machine, None)


def _body():
    """The request's body, or None when it is over ICLOCK_MAX_BYTES (read no further than that)."""
    bound = current_app.config["ICLOCK_MAX_BYTES"]
    if request.content_length is not None and request.content_length > bound:
        return None
    data = request.stream.read(bound + 1)
    return None if len(data) > bound else data


def _timezone_hours():
    offset = datetime.datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).utcoffset()
    return offset.total_seconds() / 3600


@_route("cdata", methods=["GET", "POST"])
def cdata(kunci=None):
    machine, refused = _admitted(kunci)
    if refused:
        return refused
    if request.method == "GET":
        delay = current_app.config["ICLOCK_DELAY_SECONDS"]
        return _text(devices.options(machine, delay, _timezone_hours()))
    body = _body()
    if body is None:
        return _text(BODY_TOO_LARGE.format(current_app.config["ICLOCK_MAX_BYTES"]), 413)
    taken = devices.receive(machine, request.args.get("table"), request.args.get("Stamp"), body)
    return _text(f"OK: {taken}")


@_route("getrequest", methods=["GET"])
def getrequest(kunci=None):
    machine, refused = _admitted(kunci)
    if refused:
        return refused
    return _text("\n".join(devices.next_commands(machine)) or "OK")


@_route("devicecmd", methods=["POST"])
def devicecmd(kunci=None):
    machine, refused = _admitted(kunci)
    if refused:
        return refused
    body = _body()
    if body is None:
        return _text(BODY_TOO_LARGE.format(current_app.config["ICLOCK_MAX_BYTES"]), 413)
    devices.command_results(machine, body)
    return _text("OK")


def init_app(app):
    from ekinerja.auth import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
