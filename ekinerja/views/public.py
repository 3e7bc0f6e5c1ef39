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


def _rows(figures):
    chosen = request.args.get("periode")
    months = [chosen] if chosen else sorted(figures["bulan"])
    return [row for kode in months for row in figures["bulan"].get(kode, [])]


@bp.route("/data.json")
def data_json():
    key, figures = public.figures()
    content = public.cached(
        ("json", key, request.args.get("periode")),
        lambda: json.dumps(
            {"skpd": _rows(figures), "kota": figures["kota"]}, default=str, ensure_ascii=False, indent=1
        ),
    )
    return _cacheable(Response(content, mimetype="application/json"))


@bp.route("/data.csv")
def data_csv():
    key, figures = public.figures()
    content = public.cached(
        ("csv", key, request.args.get("periode")), lambda: csv_bytes(public.COLUMNS, _rows(figures))
    )
    response = _cacheable(Response(content, mimetype="text/csv"))
    response.headers["Content-Disposition"] = 'attachment; filename="ekinerja-publik.csv"'
    return response
