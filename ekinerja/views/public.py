"""The public transparency page (Humas): no login, locked months only, per SKPD, never a person; from a cache."""

import json

from flask import Blueprint, Response, render_template, request

from ekinerja.services import public
from reports.tables import csv_bytes

bp = Blueprint("public", __name__, url_prefix="/publik")


def _chosen(figures):
    months = sorted(figures["bulan"])
    wanted = request.args.get("periode")
    return wanted if wanted in figures["bulan"] else (months[-1] if months else None)


def _cacheable(response):
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("")
def page():
    key, figures = public.figures()
    chosen = _chosen(figures)
    body = public.cached(
        ("halaman", key, chosen),
        lambda: render_template("public/index.html", figures=figures, chosen=chosen, months=sorted(figures["bulan"])),
    )
    return _cacheable(Response(body, mimetype="text/html"))


def _months(figures):
    """The locked months asked for (every one without ?periode=), or None for a periode that is not a locked month:
    only a locked month names a cached value, so that no query value of anyone's fills the cache."""
    wanted = request.args.get("periode")
    if wanted is None:
        return tuple(sorted(figures["bulan"]))
    return (wanted,) if wanted in figures["bulan"] else None


def _unknown_month(mimetype):
    message = "Periode tidak dikenal: pilih bulan yang sudah dikunci, ditulis TTTT-BB (misalnya 2026-10)."
    body = json.dumps({"galat": message}, ensure_ascii=False) if mimetype == "application/json" else message
    return Response(body, status=404, mimetype=mimetype)


def _rows(figures, months):
    return [row for kode in months for row in figures["bulan"][kode]]


@bp.route("/data.json")
def data_json():
    key, figures = public.figures()
    months = _months(figures)
    if months is None:
        return _unknown_month("application/json")
    content = public.cached(
        ("json", key, months),
        lambda: json.dumps(
            {"skpd": _rows(figures, months), "kota": figures["kota"]}, default=str, ensure_ascii=False, indent=1
        ),
    )
    return _cacheable(Response(content, mimetype="application/json"))


@bp.route("/data.csv")
def data_csv():
    key, figures = public.figures()
    months = _months(figures)
    if months is None:
        return _unknown_month("text/plain")
    content = public.cached(("csv", key, months), lambda: csv_bytes(public.COLUMNS, _rows(figures, months)))
    response = _cacheable(Response(content, mimetype="text/csv"))
    response.headers["Content-Disposition"] = 'attachment; filename="ekinerja-publik.csv"'
    return response
