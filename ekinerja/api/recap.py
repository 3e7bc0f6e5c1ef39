"""API: the monthly recap, scoped by the caller's role."""

from flask import g, jsonify, request

from ekinerja.api import bp, token_required
from ekinerja.api.activity import Invalid, period_arg
from ekinerja.models import Skpd
from ekinerja.services import access, recap


@bp.route("/rekap")
@token_required()
def month_recap():
    """City-wide roles get any SKPD, an admin_skpd their own, everyone else only their own row."""
    year, month = period_arg()
    user = g.api_user
    kode = request.args.get("skpd") or None
    if kode:
        skpd = Skpd.get_or_none(Skpd.kode == kode)
        own = user.pegawai_id and skpd is not None and user.pegawai.skpd_id == skpd.id
        if skpd is None or not (own or access.can_see_skpd(user, skpd)):
            raise Invalid({"skpd": "SKPD tidak ditemukan atau di luar wewenang Anda."})
    if user.has_role(*access.CITY_WIDE):
        rows, _ = recap.month_recap(year, month, skpd_kode=kode)
    elif user.has_role("admin_skpd") and user.skpd_id:
        rows, _ = recap.month_recap(year, month, skpd_kode=kode or user.skpd.kode)
    elif user.pegawai_id:
        rows, _ = recap.month_recap(year, month, nip=user.pegawai.nip, skpd_kode=kode)
    else:
        rows = []
    return jsonify([recap.public_row(row) for row in rows])
