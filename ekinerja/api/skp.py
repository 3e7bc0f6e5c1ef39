"""API: SKP plans, their realisation and evaluations, with the same rules of who may see and act as the screens."""

from flask import g, jsonify, request

from ekinerja import web
from ekinerja.api import bp, error, json_body, openapi, token_required
from ekinerja.rules import skp as rules
from ekinerja.rules.calendar import FIRST_YEAR, LAST_YEAR, parse_day
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.refusal import Refused
from ekinerja.services import skp as plans
from ekinerja.services import skp_evaluation as evals

NOT_FOUND = "Tidak ditemukan atau di luar wewenang Anda."


def _number(value):
    """A decimal as text with two places, the same on SQLite and PostgreSQL."""
    return str(round_half_up(value, 2))


def skp_json(skp, full=False):
    data = {
        "id": skp.id,
        "nip": skp.pegawai.nip,
        "nama": skp.pegawai.nama_lengkap,
        "tahun": skp.tahun,
        "jabatan": skp.jabatan.nama,
        "mulai": skp.mulai.isoformat(),
        "selesai": skp.selesai.isoformat(),
        "penilai_nip": skp.penilai.nip if skp.penilai_id else None,
        "atasan_penilai_nip": skp.atasan_penilai.nip if skp.atasan_penilai_id else None,
        "metode": skp.metode,
        "periode_evaluasi": skp.periode_evaluasi,
        "status": skp.status,
        "catatan": skp.catatan,
    }
    if full:
        realised = evals.realisation(skp)
        data["hasil"] = [
            {
                "id": h.id,
                "nomor": h.nomor,
                "uraian": h.uraian,
                "target_skpd_id": h.target_skpd_id,
                "hasil_atasan_id": h.hasil_atasan_id,
                "indikator": [
                    {
                        "id": i.id,
                        "aspek": i.aspek,
                        "uraian": i.uraian,
                        "target": _number(i.target),
                        "satuan": i.satuan,
                        "tugas_kode": i.tugas.kode if i.tugas_id else None,
                        "realisasi": {str(m): _number(r.nilai) for m, r in sorted(realised.get(i.id, {}).items())},
                    }
                    for i in items
                ],
            }
            for h, items in evals.indicators_of(skp)
        ]
        data["evaluasi"] = [_evaluation_json(e) for _, e in sorted(evals.evaluations(skp).items())]
    return data


def _evaluation_json(row):
    return {
        "periode": row.periode,
        "rating_hasil": row.rating_hasil,
        "rating_perilaku": row.rating_perilaku,
        "predikat": row.predikat,
        "nilai": row.nilai_data or None,
        "catatan": row.catatan,
        "dinilai_pada": row.dinilai_pada.isoformat(),
    }


def _body():
    data = json_body()
    if data is None:
        raise Refused({"body": "Kirim objek JSON."})
    return data


def _skp(skp_id):
    return plans.visible(g.api_user, skp_id)


@bp.route("/skp")
@token_required()
def skp_list():
    text = request.args.get("tahun")
    year = None if text is None else web.year_or(int(text) if text.isdigit() else None, None)
    if text is not None and year is None:
        raise Refused({"tahun": f"Tahun harus bilangan bulat {FIRST_YEAR} sampai {LAST_YEAR}."})
    return jsonify([skp_json(s) for s in plans.own_and_appraised(g.api_user, year)])


@bp.route("/skp", methods=["POST"])
@token_required()
def skp_create():
    data = _body()
    try:
        day = parse_day(data["tanggal"]) if "tanggal" in data else None
    except ValueError as exc:
        raise Refused({"tanggal": "Tanggal harus berformat YYYY-MM-DD."}) from exc
    skp = plans.create(g.api_user, day)
    return jsonify(skp_json(skp, full=True)), 201


@bp.route("/skp/<int:skp_id>")
@token_required()
def skp_detail(skp_id):
    skp = _skp(skp_id)
    if skp is None:
        return error(404, NOT_FOUND)
    return jsonify(skp_json(skp, full=True))


def _int_or_none(value, name, errors):
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    errors[name] = "Harus bilangan bulat."
    return None


def _plan_input(data):
    results = data.get("hasil")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise Refused({"hasil": "hasil harus daftar objek."})
    plan, errors = [], {}
    for n, item in enumerate(results, start=1):
        indicators = item.get("indikator") or []
        if not isinstance(indicators, list) or not all(isinstance(i, dict) for i in indicators):
            errors[f"hasil[{n}].indikator"] = "indikator harus daftar objek."
            continue
        result = plans.ResultInput(
            item.get("uraian"),
            _int_or_none(item.get("target_skpd_id"), f"hasil[{n}].target_skpd_id", errors),
            _int_or_none(item.get("hasil_atasan_id"), f"hasil[{n}].hasil_atasan_id", errors),
        )
        plan.append(
            (
                result,
                [
                    plans.IndicatorInput(
                        i.get("aspek"), i.get("uraian"), i.get("target"), i.get("satuan"), i.get("tugas_kode")
                    )
                    for i in indicators
                ],
            )
        )
    if errors:
        raise Refused(errors)
    return plan


@bp.route("/skp/<int:skp_id>/rencana", methods=["PUT"])
@token_required()
def skp_update_plan(skp_id):
    skp = _skp(skp_id)
    if skp is None:
        return error(404, NOT_FOUND)
    skp = plans.replace_plan(g.api_user, skp, _plan_input(_body()))
    return jsonify(skp_json(skp, full=True))


def _decide(skp_id, action, note=None):
    skp = _skp(skp_id)
    if skp is None:
        return error(404, NOT_FOUND)
    if note is not None and not isinstance(note, str):
        raise Refused({"catatan": "Catatan harus berupa teks."})
    skp = plans.decide(g.api_user, skp, action, note)
    return jsonify(skp_json(skp))


@bp.route("/skp/<int:skp_id>/ajukan", methods=["POST"])
@token_required()
def skp_submit(skp_id):
    return _decide(skp_id, "ajukan")


@bp.route("/skp/<int:skp_id>/keputusan", methods=["POST"])
@token_required()
def skp_decide(skp_id):
    data = json_body() or {}
    if data.get("aksi") not in ("setujui", "kembalikan"):
        raise Refused({"aksi": "aksi harus setujui atau kembalikan."})
    return _decide(skp_id, data["aksi"], data.get("catatan"))


@bp.route("/skp/<int:skp_id>/realisasi", methods=["POST"])
@token_required()
def skp_realisation(skp_id):
    skp = _skp(skp_id)
    if skp is None:
        return error(404, NOT_FOUND)
    data = _body()
    errors = {}
    indikator_id = _int_or_none(data.get("indikator_id"), "indikator_id", errors)
    month = _int_or_none(data.get("bulan"), "bulan", errors)
    found = {i.id: i for _, items in evals.indicators_of(skp) for i in items}
    if not errors and indikator_id not in found:
        errors["indikator_id"] = "Indikator tidak ada pada SKP ini."
    if not isinstance(data.get("nilai"), (int, str)) or isinstance(data.get("nilai"), bool):
        errors["nilai"] = "Realisasi harus angka (bilangan bulat atau teks desimal)."
    if errors:
        raise Refused(errors)
    evals.record_realisation(g.api_user, found[indikator_id], month, data["nilai"], data.get("bukti"))
    return jsonify(skp_json(skp, full=True))


@bp.route("/skp/<int:skp_id>/evaluasi", methods=["POST"])
@token_required()
def skp_evaluate(skp_id):
    skp = _skp(skp_id)
    if skp is None:
        return error(404, NOT_FOUND)
    data = _body()
    errors = {}
    periode = _int_or_none(data.get("periode"), "periode", errors)
    perilaku = data.get("perilaku") or {}
    if not isinstance(perilaku, dict) or not all(isinstance(v, (int, str)) for v in perilaku.values()):
        errors["perilaku"] = "perilaku harus objek {aspek: nilai}."
    kreativitas = data.get("kreativitas") or []
    if not isinstance(kreativitas, list):
        errors["kreativitas"] = "kreativitas harus daftar."
    tambahan = _int_or_none(data.get("tugas_tambahan"), "tugas_tambahan", errors)
    if errors or periode is None:
        raise Refused(errors or {"periode": "Periode wajib diisi (0 = tahunan)."})
    values = evals.EvaluationInput(
        periode, data.get("rating_hasil"), data.get("rating_perilaku"), data.get("catatan"), perilaku,
        tambahan or 0, tuple(kreativitas),
    )  # fmt: skip
    row = evals.evaluate(g.api_user, skp, values)
    return jsonify(_evaluation_json(row))


# --- the OpenAPI description -----------------------------------------------------------------------------------------

_ID = {"name": "skp_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_NOT_FOUND = {"404": openapi._json(openapi._ref("Error"), "Tidak ada, atau di luar wewenang pemanggil")}
_INDIKATOR = {
    "type": "object",
    "properties": {
        "aspek": {"type": "string", "enum": list(rules.ASPEK)},
        "uraian": {"type": "string"},
        "target": {"type": "string", "description": "angka desimal"},
        "satuan": {"type": "string"},
        "tugas_kode": {"type": "string", "nullable": True, "description": "Realisasi dari LKH yang disetujui"},
    },
}
_EVALUASI = {
    "type": "object",
    "properties": {
        "periode": {"type": "integer", "description": "0 = tahunan; 1..12 (bulanan) atau 1..4 (triwulanan)"},
        "rating_hasil": {"type": "string", "enum": [r.value for r in rules.Rating], "nullable": True},
        "rating_perilaku": {"type": "string", "enum": [r.value for r in rules.Rating], "nullable": True},
        "predikat": {"type": "string"},
        "nilai": {"type": "object", "nullable": True, "description": "PP 46/2011: nilai SKP, perilaku, prestasi"},
        "catatan": {"type": "string", "nullable": True},
        "dinilai_pada": {"type": "string", "format": "date"},
    },
}
openapi.SPEC["components"]["schemas"].update(
    {
        "Skp": {
            "type": "object",
            "properties": {
                **{name: {"type": "string"} for name in ("nip", "nama", "jabatan", "metode", "periode_evaluasi")},
                "id": {"type": "integer"},
                "tahun": {"type": "integer"},
                "mulai": {"type": "string", "format": "date"},
                "selesai": {"type": "string", "format": "date"},
                "penilai_nip": {"type": "string", "nullable": True},
                "atasan_penilai_nip": {"type": "string", "nullable": True},
                "status": {"type": "string", "enum": [s.value for s in rules.Status]},
                "catatan": {"type": "string", "nullable": True},
                "hasil": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "nomor": {"type": "integer"},
                            "uraian": {"type": "string"},
                            "target_skpd_id": {"type": "integer", "nullable": True},
                            "hasil_atasan_id": {"type": "integer", "nullable": True},
                            "indikator": {"type": "array", "items": _INDIKATOR},
                        },
                    },
                },
                "evaluasi": {"type": "array", "items": openapi._ref("SkpEvaluasi")},
            },
        },
        "SkpEvaluasi": _EVALUASI,
    }
)
_SKP = openapi._json(openapi._ref("Skp"))
openapi.SPEC["paths"].update(
    {
        "/skp": {
            "get": {
                "summary": "SKP milik pemanggil dan SKP pegawai yang ia nilai (atau putuskan keberatannya)",
                "parameters": [{"name": "tahun", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": openapi._json({"type": "array", "items": openapi._ref("Skp")}), **openapi.ERRORS},
            },
            "post": {
                "summary": "Buat SKP sendiri untuk jabatan yang dipegang pada tanggal itu (bawaan: hari ini)",
                "requestBody": openapi._body({"type": "object", "properties": {"tanggal": {"type": "string"}}}),
                "responses": {"201": openapi._json(openapi._ref("Skp"), "Dibuat"), **openapi.ERRORS},
            },
        },
        "/skp/{skp_id}": {
            "parameters": [_ID],
            "get": {
                "summary": "Satu SKP dengan hasil kerja, indikator, realisasi dan evaluasi (pemilik, pejabat "
                "penilai, atasannya, admin_skpd SKPD-nya, peran seluruh kota)",
                "responses": {"200": _SKP, **_NOT_FOUND, **openapi.ERRORS},
            },
        },
        "/skp/{skp_id}/rencana": {
            "parameters": [_ID],
            "put": {
                "summary": "Ganti seluruh rencana hasil kerja (pemilik; status DRAFT atau DIKEMBALIKAN)",
                "requestBody": openapi._body(
                    {
                        "type": "object",
                        "required": ["hasil"],
                        "properties": {
                            "hasil": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "uraian": {"type": "string"},
                                        "target_skpd_id": {"type": "integer"},
                                        "hasil_atasan_id": {"type": "integer"},
                                        "indikator": {"type": "array", "items": _INDIKATOR},
                                    },
                                },
                            }
                        },
                    }
                ),
                "responses": {"200": _SKP, **_NOT_FOUND, **openapi.ERRORS},
            },
        },
        "/skp/{skp_id}/ajukan": {
            "parameters": [_ID],
            "post": {
                "summary": "Ajukan SKP kepada pejabat penilai (pemilik)",
                "responses": {"200": _SKP, **_NOT_FOUND, **openapi.ERRORS},
            },
        },
        "/skp/{skp_id}/keputusan": {
            "parameters": [_ID],
            "post": {
                "summary": "Setujui atau kembalikan SKP yang diajukan (pejabat penilai; kembalikan dengan catatan)",
                "requestBody": openapi._body(
                    {
                        "type": "object",
                        "required": ["aksi"],
                        "properties": {
                            "aksi": {"type": "string", "enum": ["setujui", "kembalikan"]},
                            "catatan": {"type": "string"},
                        },
                    }
                ),
                "responses": {"200": _SKP, **_NOT_FOUND, **openapi.ERRORS},
            },
        },
        "/skp/{skp_id}/realisasi": {
            "parameters": [_ID],
            "post": {
                "summary": "Isi realisasi bulanan indikator yang tidak terkait uraian tugas (pemilik, SKP disepakati)",
                "requestBody": openapi._body(
                    {
                        "type": "object",
                        "required": ["indikator_id", "bulan", "nilai"],
                        "properties": {
                            "indikator_id": {"type": "integer"},
                            "bulan": {"type": "integer", "minimum": 1, "maximum": 12},
                            "nilai": {"type": "string", "description": "angka desimal"},
                            "bukti": {"type": "string"},
                        },
                    }
                ),
                "responses": {"200": _SKP, **_NOT_FOUND, **openapi.ERRORS},
            },
        },
        "/skp/{skp_id}/evaluasi": {
            "parameters": [_ID],
            "post": {
                "summary": "Evaluasi periodik atau tahunan (pejabat penilai). PermenPANRB 6/2022: rating_hasil dan "
                "rating_perilaku; PP 46/2011: perilaku {aspek: nilai}, tugas_tambahan, kreativitas",
                "requestBody": openapi._body(
                    {
                        "type": "object",
                        "required": ["periode"],
                        "properties": {
                            "periode": {"type": "integer"},
                            "rating_hasil": {"type": "string", "enum": [r.value for r in rules.Rating]},
                            "rating_perilaku": {"type": "string", "enum": [r.value for r in rules.Rating]},
                            "catatan": {"type": "string"},
                            "perilaku": {"type": "object", "additionalProperties": {"type": "number"}},
                            "tugas_tambahan": {"type": "integer"},
                            "kreativitas": {
                                "type": "array",
                                "items": {"type": "string", "enum": list(rules.KREATIVITAS)},
                            },
                        },
                    }
                ),
                "responses": {"200": openapi._json(openapi._ref("SkpEvaluasi")), **_NOT_FOUND, **openapi.ERRORS},
            },
        },
    }
)
