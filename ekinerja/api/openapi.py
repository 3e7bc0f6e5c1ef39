"""GET /api/v1/openapi.json: the OpenAPI 3 description of the API."""

from flask import jsonify

from ekinerja.api import bp
from ekinerja.services import recap

# Rekap fields that are not whole numbers (days, minutes, rupiah): the text identity and the percentages.
REKAP_TYPES = {
    "nip": {"type": "string"},
    "nama": {"type": "string"},
    "skpd": {"type": "string"},
    **{name: {"type": "number", "description": "persen, dua desimal"} for name in recap.PERCENT_FIELDS},
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema):
    return {"required": True, "content": {"application/json": {"schema": schema}}}


PERIODE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])$"
PERIODE = {
    "name": "periode",
    "in": "query",
    "required": True,
    "schema": {"type": "string", "pattern": PERIODE_PATTERN},
}
ERRORS = {
    "401": _json(_ref("Error"), "Token tidak ada, tidak valid atau kedaluwarsa"),
    "422": _json(_ref("ValidationErrors"), "Isian tidak valid; errors menyebut kolomnya"),
}
ENTRY_INPUT = {
    "type": "object",
    "properties": {
        "tanggal": {"type": "string", "format": "date"},
        "tugas_kode": {"type": "string", "description": "Kode uraian tugas jabatan pada tanggal itu"},
        "tambahan": {
            "type": "string",
            "description": "Uraian tugas tambahan (di luar katalog); isi ini ATAU tugas_kode",
        },
        "volume": {"type": "integer", "minimum": 1, "maximum": 999},
        "jam_mulai": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"},
        "jam_selesai": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"},
        "keterangan": {"type": "string", "maxLength": 500},
    },
}

SPEC = {
    "openapi": "3.0.3",
    "info": {
        "title": "e-Kinerja API",
        "version": "1",
        "description": (
            "API e-Kinerja untuk aplikasi seluler dan integrasi. Minta token sekali (POST /token) dan simpan: "
            "pakai token yang sama untuk setiap permintaan sampai waktu `kedaluwarsa`-nya, lalu minta yang baru. "
            "Jangan masuk ulang untuk setiap permintaan: memeriksa kata sandi sengaja mahal, dan kegagalan "
            "berturut-turut mengunci akun sementara."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            "ValidationErrors": {
                "type": "object",
                "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
            },
            "Aktivitas": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "tanggal": {"type": "string", "format": "date"},
                    "tugas_kode": {"type": "string", "nullable": True},
                    "uraian": {"type": "string"},
                    "volume": {"type": "integer"},
                    "jam_mulai": {"type": "string"},
                    "jam_selesai": {"type": "string"},
                    "keterangan": {"type": "string", "nullable": True},
                    "menit_diakui": {"type": "integer"},
                    "status": {"type": "string", "enum": ["DIAJUKAN", "DISETUJUI", "REVISI", "DITOLAK", "DIANULIR"]},
                    "catatan_atasan": {"type": "string", "nullable": True},
                },
            },
            "AktivitasInput": ENTRY_INPUT,
            "Rekap": {
                "type": "object",
                "properties": {
                    **{name: REKAP_TYPES.get(name, {"type": "integer"}) for name in recap.PUBLIC_FIELDS},
                    "jumlah_potongan": {
                        "type": "integer",
                        "description": "rupiah: jumlah potongan_tpp dari tpp_diterima",
                    },
                    "tpp_bersih": {
                        "type": "integer",
                        "description": "rupiah ditransfer: tpp_diterima - jumlah_potongan",
                    },
                    "bpjs_pemberi_kerja": {
                        "type": "integer",
                        "description": "rupiah iuran BPJS Kesehatan bagian pemerintah daerah, tidak dipotong",
                    },
                    "potongan_tpp": {
                        "type": "array",
                        "description": "Potongan dari TPP bruto (PPh 21, BPJS Kesehatan pegawai, potongan lain kota)",
                        "items": {
                            "type": "object",
                            "properties": {
                                "kode": {"type": "string"},
                                "nama": {"type": "string"},
                                "persen": {"type": "number", "nullable": True},
                                "rupiah": {"type": "integer"},
                            },
                        },
                    },
                    "rincian_disiplin": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "tanggal": {"type": "string", "format": "date"},
                                "kode": {"type": "string"},
                                "persen": {"type": "number"},
                            },
                        },
                    },
                },
            },
            "Periode": {
                "type": "object",
                "properties": {
                    "periode": {"type": "string"},
                    "status": {"type": "string"},
                    "versi": {"type": "integer"},
                },
            },
            "Pekerjaan": {
                "type": "object",
                "description": "Pekerjaan latar (mis. penguncian periode): status ANTRI, BERJALAN, SELESAI atau GAGAL; "
                "hasil: periode yang dikunci setelah SELESAI.",
                "properties": {
                    "id": {"type": "integer"},
                    "jenis": {"type": "string"},
                    "status": {"type": "string", "enum": ["ANTRI", "BERJALAN", "SELESAI", "GAGAL"]},
                    "label": {"type": "string"},
                    "selesai": {"type": "integer"},
                    "jumlah": {"type": "integer", "nullable": True},
                    "pesan": {"type": "string", "nullable": True},
                    "hasil": {"allOf": [_ref("Periode")], "nullable": True},
                },
            },
        },
    },
    "paths": {
        "/token": {
            "post": {
                "summary": "Masuk dengan NIP/nama pengguna dan kata sandi; menghasilkan token",
                "security": [],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "token": {"type": "string"},
                                "kedaluwarsa": {"type": "string", "format": "date-time"},
                            },
                        }
                    ),
                    "401": _json(_ref("Error"), "Pengguna tidak dikenal, kata sandi salah atau akun terkunci"),
                },
            }
        },
        "/keluar": {
            "post": {"summary": "Akhiri semua sesi dan token pengguna", "responses": {"200": _json({"type": "object"})}}
        },
        "/saya": {
            "get": {
                "summary": "Data pengguna",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "nip": {"type": "string", "nullable": True},
                                "nama": {"type": "string"},
                                "jabatan": {"type": "string", "nullable": True},
                                "skpd": {"type": "string", "nullable": True},
                                "peran": {"type": "array", "items": {"type": "string"}},
                            },
                        }
                    ),
                    **ERRORS,
                },
            }
        },
        "/tugas": {
            "get": {
                "summary": "Uraian tugas jabatan pemanggil pada tanggal itu",
                "parameters": [{"name": "tanggal", "in": "query", "schema": {"type": "string", "format": "date"}}],
                "responses": {
                    "200": _json(
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "kode": {"type": "string"},
                                    "uraian": {"type": "string"},
                                    "satuan": {"type": "string"},
                                    "norma_waktu": {"type": "integer"},
                                },
                            },
                        }
                    ),
                    **ERRORS,
                },
            }
        },
        "/aktivitas": {
            "get": {
                "summary": "Kegiatan pemanggil dalam satu bulan",
                "parameters": [PERIODE],
                "responses": {"200": _json({"type": "array", "items": _ref("Aktivitas")}), **ERRORS},
            },
            "post": {
                "summary": "Ajukan kegiatan",
                "requestBody": _body(ENTRY_INPUT),
                "responses": {"201": _json(_ref("Aktivitas"), "Dibuat"), **ERRORS},
            },
        },
        "/aktivitas/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "summary": "Satu kegiatan sendiri",
                "responses": {
                    "200": _json(_ref("Aktivitas")),
                    "404": _json(_ref("Error"), "Tidak ditemukan"),
                    **ERRORS,
                },
            },
            "patch": {
                "summary": "Ubah kegiatan sendiri (berstatus DIAJUKAN atau REVISI)",
                "requestBody": _body(ENTRY_INPUT),
                "responses": {
                    "200": _json(_ref("Aktivitas")),
                    "404": _json(_ref("Error"), "Tidak ditemukan"),
                    **ERRORS,
                },
            },
            "delete": {
                "summary": "Hapus kegiatan sendiri (berstatus DIAJUKAN atau REVISI)",
                "responses": {
                    "204": {"description": "Dihapus"},
                    "404": _json(_ref("Error"), "Tidak ditemukan"),
                    **ERRORS,
                },
            },
        },
        "/persetujuan": {
            "get": {
                "summary": "Kegiatan yang menunggu keputusan pemanggil",
                "parameters": [PERIODE],
                "responses": {
                    "200": _json(
                        {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    _ref("Aktivitas"),
                                    {
                                        "type": "object",
                                        "properties": {"nip": {"type": "string"}, "nama": {"type": "string"}},
                                    },
                                ]
                            },
                        }
                    ),
                    **ERRORS,
                },
            },
            "post": {
                "summary": "Putuskan beberapa kegiatan sekaligus",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["ids", "aksi"],
                        "properties": {
                            "ids": {"type": "array", "items": {"type": "integer"}},
                            "aksi": {"type": "string", "enum": ["setujui", "revisi", "tolak", "batalkan", "anulir"]},
                            "catatan": {"type": "string"},
                        },
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "hasil": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "berhasil": {"type": "boolean"},
                                            "status": {"type": "string", "nullable": True},
                                            "pesan": {"type": "string"},
                                        },
                                    },
                                }
                            },
                        }
                    ),
                    **ERRORS,
                },
            },
        },
        "/rekap": {
            "get": {
                "summary": "Rekap bulanan per pegawai (pegawai: miliknya; admin_skpd: SKPD-nya; admin, verifikator, "
                "keuangan: seluruh kota atau satu SKPD). Bulan terkunci dibaca dari rekap tersimpan.",
                "parameters": [PERIODE, {"name": "skpd", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": _json({"type": "array", "items": _ref("Rekap")}), **ERRORS},
            }
        },
        "/periode/{periode}/kunci": {
            "parameters": [
                {
                    "name": "periode",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": PERIODE_PATTERN},
                }
            ],
            "post": {
                "summary": "Kunci periode (verifikator); sebelum batas persetujuan bulan itu, atau bila ada SKPD yang "
                "tidak ikut direkap karena data bulannya belum siap, wajib dengan alasan (422 tanpa alasan). "
                "Penguncian berjalan sebagai pekerjaan latar; jawaban menunggunya dan tetap 200 dengan periode "
                "(409 bila ditolak). Dengan header Prefer: "
                "respond-async, atau bila penguncian lebih lama dari batas tunggu, jawabannya 202 dengan "
                "pekerjaan dan alamatnya (Location, GET /pekerjaan/{job_id}).",
                "requestBody": {
                    "required": False,
                    "content": {
                        "application/json": {"schema": {"type": "object", "properties": {"alasan": {"type": "string"}}}}
                    },
                },
                "parameters": [
                    {
                        "name": "Prefer",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "example": "respond-async"},
                        "description": "respond-async: jangan menunggu, jawab 202 dengan pekerjaannya (RFC 7240)",
                    }
                ],
                "responses": {
                    "200": _json(_ref("Periode")),
                    "202": _json(_ref("Pekerjaan"), "Diterima; ikuti pekerjaan di alamat header Location"),
                    "403": _json(_ref("Error")),
                    "409": _json(_ref("Error")),
                    "500": _json(_ref("Error"), "Pekerjaan gagal karena kesalahan sistem"),
                    **ERRORS,
                },
            },
        },
        "/pekerjaan/{job_id}": {
            "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "summary": "Status, kemajuan dan hasil pekerjaan latar yang dimulai pemanggil (admin: semua)",
                "responses": {"200": _json(_ref("Pekerjaan")), **ERRORS},
            },
        },
        "/periode/{periode}/buka": {
            "parameters": [
                {
                    "name": "periode",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": PERIODE_PATTERN},
                }
            ],
            "post": {
                "summary": "Buka kembali periode (admin, dengan alasan)",
                "requestBody": _body(
                    {"type": "object", "required": ["alasan"], "properties": {"alasan": {"type": "string"}}}
                ),
                "responses": {
                    "200": _json(_ref("Periode")),
                    "403": _json(_ref("Error")),
                    "409": _json(_ref("Error")),
                    **ERRORS,
                },
            },
        },
    },
}


# What any operation may answer besides its own: the request guard (400), a body over MAX_CONTENT_LENGTH (413),
# a missing token or role (401, 403), an id that is not there or not the caller's (404), a refused input (422).
STANDARD_ANSWERS = {
    "400": _json(_ref("Error"), "Permintaan tidak dapat dibaca (bita NUL, angka terlalu besar, JSON terlalu dalam)"),
    "401": _json(_ref("Error"), "Token tidak ada, tidak valid atau kedaluwarsa"),
    "403": _json(_ref("Error"), "Peran pemanggil tidak mengizinkan tindakan ini"),
    "404": _json(_ref("Error"), "Tidak ada, atau di luar wewenang pemanggil"),
    "413": _json(_ref("Error"), "Kiriman melebihi batas ukuran"),
    "422": _json(_ref("ValidationErrors"), "Isian tidak valid; errors menyebut kolomnya"),
}
_METHODS = ("get", "post", "put", "patch", "delete")


def described():
    """SPEC with every operation's standard answers (after every API module added its paths)."""
    for path, item in SPEC["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            codes = ["400"]
            if "requestBody" in operation:
                codes.append("413")
            if operation.get("security") != []:
                codes += ["401", "403", "422"]
            if "{" in path:
                codes.append("404")
            for code in codes:
                operation["responses"].setdefault(code, STANDARD_ANSWERS[code])
    return SPEC


@bp.route("/openapi.json")
def openapi():
    return jsonify(described())
