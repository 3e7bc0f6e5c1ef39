"""API: the monthly recap, scoped by the caller's role."""

from flask import g, jsonify, request

from ekinerja.api import bp, token_required
from ekinerja.api.activity import period_arg
from ekinerja.models import Skpd
from ekinerja.rules.refusal import Refused
from ekinerja.services import access, recap


@bp.route("/rekap")
@token_required()
def month_recap():
    """City-wide roles get any SKPD, an admin_skpd their own, everyone else only their own row."""
    year, month = period_arg()
    user = g.api_user
    kode = request.args.get("skpd") or None
    skpd = Skpd.get_or_none(Skpd.kode == kode) if kode else None
    named = skpd.id if skpd else None  # None also for an unknown code
    if user.has_role(*access.CITY_WIDE) and (kode is None or named):
        rows, _ = recap.month_recap(year, month, skpd_kode=kode)
    elif user.has_role("admin_skpd") and user.skpd_id and (kode is None or named == user.skpd_id):
        rows, _ = recap.month_recap(year, month, skpd_kode=user.skpd.kode)
    elif user.pegawai_id and (kode is None or named == user.pegawai.skpd_id):
        # Only their own row, also when they name the SKPD they work in.
        rows, _ = recap.month_recap(year, month, nip=user.pegawai.nip, skpd_kode=kode)
    elif kode:
        raise Refused({"skpd": "SKPD tidak ditemukan atau di luar wewenang Anda."})
    else:
        rows = []
    return jsonify([recap.public_row(row) for row in rows])
