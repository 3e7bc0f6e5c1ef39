"""API: the printed documents as PDF (slip, LKH, SKPD list), 404 outside the caller's scope."""

from flask import current_app, g, request

from ekinerja import settings
from ekinerja.api import bp, error, openapi, token_required
from ekinerja.api.activity import period_arg
from ekinerja.services import access
from ekinerja.web import pdf_response, verify_url
from reports import documents

NOT_FOUND = "Tidak ditemukan atau di luar wewenang Anda."


@bp.route("/laporan/slip")
@token_required()
def report_slip():
    year, month = period_arg()
    pegawai = access.employee_for(g.api_user, request.args.get("nip"), year, month)
    heading = settings.heading(current_app)
    document = documents.slip(pegawai, year, month, verify_url, heading=heading) if pegawai else None
    if document is None:
        return error(404, NOT_FOUND)
    return pdf_response(document)


@bp.route("/laporan/lkh")
@token_required()
def report_lkh():
    year, month = period_arg()
    pegawai = access.employee_for(g.api_user, request.args.get("nip"), year, month)
    if pegawai is None:
        return error(404, NOT_FOUND)
    return pdf_response(documents.lkh(pegawai, year, month, heading=settings.heading(current_app)))


@bp.route("/laporan/rekap")
@token_required()
def report_nominatif():
    year, month = period_arg()
    skpd = access.skpd_for(g.api_user, request.args.get("skpd"))
    if skpd is None:
        return error(404, NOT_FOUND)
    return pdf_response(documents.nominatif(skpd, year, month, heading=settings.heading(current_app)))


_PDF = {
    "description": "Dokumen PDF (A4)",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}
_NIP = {
    "name": "nip",
    "in": "query",
    "schema": {"type": "string", "pattern": "^[0-9]{18}$"},
    "description": "NIP pegawai; tanpa ini milik pemanggil sendiri",
}
_RESPONSES = {
    "200": _PDF,
    "404": openapi._json(openapi._ref("Error"), "Tidak ada, atau di luar wewenang pemanggil"),
    **openapi.ERRORS,
}
openapi.SPEC["paths"].update(
    {
        "/laporan/slip": {
            "get": {
                "summary": "Slip TPP bulanan (PDF). Pegawai: miliknya; atasan: bawahannya; admin_skpd: SKPD-nya; "
                "admin, verifikator, keuangan: semua. Bulan terkunci memuat kode QR verifikasi; bulan terbuka "
                "bertanda DRAFT.",
                "parameters": [openapi.PERIODE, _NIP],
                "responses": _RESPONSES,
            }
        },
        "/laporan/lkh": {
            "get": {
                "summary": "Laporan kegiatan harian (LKH) sebulan (PDF), dengan wewenang yang sama seperti slip.",
                "parameters": [openapi.PERIODE, _NIP],
                "responses": _RESPONSES,
            }
        },
        "/laporan/rekap": {
            "get": {
                "summary": "Daftar nominatif TPP satu SKPD (PDF): admin_skpd SKPD-nya; admin, verifikator, keuangan "
                "semua SKPD.",
                "parameters": [
                    openapi.PERIODE,
                    {"name": "skpd", "in": "query", "required": True, "schema": {"type": "string"}},
                ],
                "responses": _RESPONSES,
            }
        },
    }
)
