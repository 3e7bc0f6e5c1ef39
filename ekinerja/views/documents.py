"""Printed documents as PDF (LKH, TPP slip, SKPD list) and the public verification page of a slip's code."""

import re

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from ekinerja import settings
from ekinerja.models import Periode, Rekap
from ekinerja.services import access
from ekinerja.web import pdf_response, period_or_last_month, verify_url
from reports import documents

bp = Blueprint("documents", __name__)

# secrets.token_urlsafe(12) gives 16 characters; anything unlike a code is answered without a query.
CODE_RE = re.compile(r"[A-Za-z0-9_-]{8,32}")


def _employee_or_404():
    year, month = period_or_last_month(request.args.get("periode"))
    pegawai = access.employee_for(current_user, request.args.get("nip"), year, month)
    if pegawai is None:
        abort(404)
    return pegawai, year, month


@bp.route("/dokumen/lkh")
@login_required
def lkh():
    pegawai, year, month = _employee_or_404()
    return pdf_response(documents.lkh(pegawai, year, month, heading=settings.heading(current_app)))


@bp.route("/dokumen/slip")
@login_required
def slip():
    pegawai, year, month = _employee_or_404()
    document = documents.slip(pegawai, year, month, verify_url, heading=settings.heading(current_app))
    if document is None:
        abort(404)
    return pdf_response(document)


@bp.route("/dokumen/rekap")
@login_required
def nominatif():
    year, month = period_or_last_month(request.args.get("periode"))
    skpd = access.skpd_for(current_user, request.args.get("skpd"))
    if skpd is None:
        abort(404)
    return pdf_response(documents.nominatif(skpd, year, month, heading=settings.heading(current_app)))


def verification_status(rekap):
    """'berlaku' while this is the stored recap of a locked month; otherwise why it no longer is."""
    if not rekap.berlaku:
        return "diganti"
    return "berlaku" if Periode.is_locked(rekap.tahun, rekap.bulan) else "dibuka"


@bp.route("/verifikasi/<path:kode>")
def verify(kode):
    """Public: name, period, total and validity of a stored recap; nothing else about the person."""
    rekap = Rekap.get_or_none(Rekap.kode_verifikasi == kode) if CODE_RE.fullmatch(kode) else None
    if rekap is None:
        response = Response(render_template("documents/verify.html", rekap=None, kode=kode[:40]), status=404)
    else:
        response = Response(
            render_template("documents/verify.html", rekap=rekap, kode=kode, status=verification_status(rekap))
        )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
