"""Error pages in Indonesian with the app's layout and a way back; under /api/ the same errors as JSON."""

import logging

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from ekinerja.rules.numbers import file_size

log = logging.getLogger(__name__)

# (title, what the person can do about it); the JSON answer of the API carries the title.
MESSAGES = {
    400: ("Permintaan tidak dapat dibaca.", "Periksa kembali isian atau alamat yang Anda buka."),
    401: ("Perlu masuk terlebih dahulu.", "Silakan masuk dengan akun Anda."),
    403: ("Akses ditolak.", "Peran Anda tidak mengizinkan membuka halaman ini."),
    404: ("Tidak ditemukan.", "Alamat yang Anda buka tidak ada, sudah dihapus, atau bukan milik Anda."),
    405: ("Metode tidak diizinkan.", "Halaman ini tidak menerima permintaan seperti itu; buka dari menu."),
    413: ("Kiriman terlalu besar.", "Ukuran kiriman melebihi batas {limit}; perkecil berkas lalu coba lagi."),
    429: ("Terlalu banyak percobaan.", "Tunggu sebentar lalu coba lagi."),
    500: ("Terjadi kesalahan pada server.", "Kesalahan sudah dicatat. Coba lagi nanti atau hubungi admin."),
}


def message(code):
    """(title, advice) for an HTTP status, Indonesian; unknown codes read as their class (4xx or 5xx)."""
    title, advice = MESSAGES.get(code) or MESSAGES[500 if code >= 500 else 400]
    return title, advice.format(limit=file_size(current_app.config.get("MAX_CONTENT_LENGTH") or 0))


def respond(code, headers=()):
    """The error answer for this request: JSON {"error": ...} under /api/, else the error page."""
    title, advice = message(code)
    if request.path.startswith("/api/"):
        return jsonify({"error": title}), code, headers
    return render_template("errors/error.html", code=code, title=title, advice=advice), code, headers


def _http_error(exc):
    if exc.code is None or exc.code < 400:  # redirects raised by routing pass through
        return exc
    # A 405 names the methods the address takes (RFC 9110); no other header of the default page is needed.
    return respond(exc.code, [(name, value) for name, value in exc.get_headers() if name == "Allow"])


def _server_error(exc):
    log.error("kesalahan tak tertangani pada %s %s", request.method, request.path, exc_info=exc.original_exception)
    return respond(500)


def init_app(app):
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(HTTPException, _http_error)
