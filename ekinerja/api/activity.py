"""API: own profile, duties, own entries, decisions, periods."""

import datetime

from flask import current_app, g, jsonify, request
from peewee import JOIN

from ekinerja import clock, settings
from ekinerja.api import bp, error, json_body, token_required
from ekinerja.models import Aktivitas, UraianTugas
from ekinerja.rules.calendar import month_bounds, parse_day, parse_period
from ekinerja.rules.refusal import Refused
from ekinerja.services import activity, approvals
from ekinerja.services.positions import position_on

ENTRY_FIELDS = ("tanggal", "tugas_kode", "tambahan", "volume", "jam_mulai", "jam_selesai", "keterangan")


def entry_json(entry):
    return {
        "id": entry.id,
        "tanggal": entry.tanggal.isoformat(),
        "tugas_kode": entry.tugas.kode if entry.tugas_id else None,
        "uraian": entry.judul,
        "volume": entry.volume,
        "jam_mulai": entry.jam_mulai.strftime("%H:%M"),
        "jam_selesai": entry.jam_selesai.strftime("%H:%M"),
        "keterangan": entry.keterangan,
        "menit_diakui": entry.menit_diakui,
        "status": entry.status,
        "catatan_atasan": entry.catatan_atasan,
    }


def period_arg():
    try:
        return parse_period(request.args.get("periode", ""))
    except ValueError as exc:
        raise Refused({"periode": str(exc)}) from exc


def _clock_time(value):
    """A time of day as the screens take it: HH:MM, no seconds and no time zone."""
    return datetime.datetime.strptime(value, "%H:%M").time()


def _parse_entry(data):
    """EntryInput from JSON, or Refused naming each field that cannot be read."""
    errors = {}
    unknown = set(data) - set(ENTRY_FIELDS)
    if unknown:
        errors.update({name: "Kolom tidak dikenal." for name in sorted(unknown)})

    def parse(name, convert, message):
        value = data.get(name)
        if value is None:
            return None
        try:
            return convert(value)
        except (TypeError, ValueError):
            errors[name] = message
            return None

    tanggal = parse("tanggal", parse_day, "Tanggal harus berformat YYYY-MM-DD.")
    jam_mulai = parse("jam_mulai", _clock_time, "Jam mulai harus berformat HH:MM.")
    jam_selesai = parse("jam_selesai", _clock_time, "Jam selesai harus berformat HH:MM.")
    volume = data.get("volume")
    if volume is not None and (not isinstance(volume, int) or isinstance(volume, bool)):
        errors["volume"] = "Volume harus bilangan bulat 1 sampai 999."
        volume = None
    tugas_kode, tambahan = data.get("tugas_kode"), data.get("tambahan")
    if tugas_kode and tambahan:
        errors["tugas_kode"] = "Isi tugas_kode atau tambahan, tidak keduanya."
    elif not tugas_kode and not tambahan:
        errors["tugas_kode"] = "Isi tugas_kode (uraian tugas) atau tambahan (uraian tugas tambahan)."
    for name in ("tugas_kode", "tambahan", "keterangan"):
        if data.get(name) is not None and not isinstance(data.get(name), str):
            errors[name] = "Harus berupa teks."
    if errors:
        raise Refused(errors)
    return activity.EntryInput(
        tanggal=tanggal,
        tugas_kode=tugas_kode or None,
        tambahan=bool(tambahan),
        uraian=tambahan or None,
        volume=volume,
        jam_mulai=jam_mulai,
        jam_selesai=jam_selesai,
        keterangan=data.get("keterangan"),
    )


def _api_field_errors(errors):
    """Service field names to the API's: the duty is tugas_kode, an extra task's text is tambahan."""
    renamed = {"tugas": "tugas_kode", "uraian": "tambahan"}
    return {renamed.get(name, name): message for name, message in errors.items()}


def _own_pegawai_id():
    if not g.api_user.pegawai_id:
        raise Refused({"pegawai": "Akun ini bukan akun pegawai."})
    return g.api_user.pegawai_id


def _own_pegawai():
    _own_pegawai_id()
    return g.api_user.pegawai


@bp.route("/saya")
@token_required()
def me():
    user = g.api_user
    held = position_on(user.pegawai_id, clock.today()) if user.pegawai_id else None
    return jsonify(
        {
            "nip": user.pegawai.nip if user.pegawai_id else None,
            "nama": user.display_name,
            "jabatan": held.jabatan.nama if held else None,
            "skpd": user.pegawai.skpd.nama if user.pegawai_id else (user.skpd.nama if user.skpd_id else None),
            "peran": sorted(user.roles),
        }
    )


@bp.route("/tugas")
@token_required()
def duties():
    text = request.args.get("tanggal")
    try:
        day = clock.today() if text is None else parse_day(text)
    except ValueError as exc:
        raise Refused({"tanggal": str(exc)}) from exc
    pegawai_id = _own_pegawai_id()
    return jsonify(
        [
            {"kode": d.kode, "uraian": d.uraian, "satuan": d.satuan, "norma_waktu": d.norma_waktu}
            for d in activity.duties_on(pegawai_id, day)
        ]
    )


@bp.route("/aktivitas")
@token_required()
def entries():
    year, month = period_arg()
    query = (
        Aktivitas.select(Aktivitas, UraianTugas)
        .join(UraianTugas, JOIN.LEFT_OUTER)
        .where(Aktivitas.pegawai == _own_pegawai_id(), Aktivitas.tanggal.between(*month_bounds(year, month)))
        .order_by(Aktivitas.tanggal, Aktivitas.jam_mulai)
    )
    return jsonify([entry_json(e) for e in query])


@bp.route("/aktivitas", methods=["POST"])
@token_required()
def create_entry():
    data = json_body()
    if data is None:
        raise Refused({"body": "Kirim objek JSON."})
    pegawai = _own_pegawai()
    try:
        entry = activity.submit(g.api_user, pegawai, _parse_entry(data))
    except activity.EntryRejected as rejected:
        raise Refused(_api_field_errors(rejected.errors)) from rejected
    return jsonify(entry_json(entry)), 201


def _own_entry(entry_id):
    entry = Aktivitas.get_or_none(Aktivitas.id == entry_id)
    if entry is None or entry.pegawai_id != g.api_user.pegawai_id:
        return None
    return entry


@bp.route("/aktivitas/<int:entry_id>")
@token_required()
def entry_detail(entry_id):
    entry = _own_entry(entry_id)
    if entry is None:
        return error(404, "Tidak ditemukan.")
    return jsonify(entry_json(entry))


@bp.route("/aktivitas/<int:entry_id>", methods=["PATCH"])
@token_required()
def update_entry(entry_id):
    entry = _own_entry(entry_id)
    if entry is None:
        return error(404, "Tidak ditemukan.")
    data = json_body()
    if data is None:
        raise Refused({"body": "Kirim objek JSON."})
    current = {
        "tanggal": entry.tanggal.isoformat(),
        "tugas_kode": entry.tugas.kode if entry.tugas_id else None,
        "tambahan": entry.uraian if entry.tambahan else None,
        "volume": entry.volume,
        "jam_mulai": entry.jam_mulai.strftime("%H:%M"),
        "jam_selesai": entry.jam_selesai.strftime("%H:%M"),
        "keterangan": entry.keterangan,
    }
    if "tugas_kode" in data and data["tugas_kode"]:
        current["tambahan"] = None
    if "tambahan" in data and data["tambahan"]:
        current["tugas_kode"] = None
    current.update(data)
    try:
        entry = activity.update(g.api_user, entry, _parse_entry(current))
    except activity.EntryRejected as rejected:
        raise Refused(_api_field_errors(rejected.errors)) from rejected
    return jsonify(entry_json(entry))


@bp.route("/aktivitas/<int:entry_id>", methods=["DELETE"])
@token_required()
def delete_entry(entry_id):
    entry = _own_entry(entry_id)
    if entry is None:
        return error(404, "Tidak ditemukan.")
    try:
        activity.delete(g.api_user, entry, settings.evidence_store(current_app))
    except activity.EntryRejected as rejected:
        raise Refused(_api_field_errors(rejected.errors)) from rejected
    return "", 204


@bp.route("/persetujuan")
@token_required()
def waiting():
    year, month = period_arg()
    rows = approvals.waiting(g.api_user, *month_bounds(year, month))
    return jsonify([dict(entry_json(e), nip=e.pegawai.nip, nama=e.pegawai.nama_lengkap) for e in rows])


@bp.route("/persetujuan", methods=["POST"])
@token_required()
def decide():
    data = json_body() or {}
    ids, action = data.get("ids"), data.get("aksi")
    errors = {}
    if not isinstance(ids, list) or not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        errors["ids"] = "ids harus daftar bilangan bulat yang tidak kosong."
    if action not in ("setujui", "revisi", "tolak", "batalkan", "anulir"):
        errors["aksi"] = "aksi harus setujui, revisi, tolak, batalkan atau anulir."
    if data.get("catatan") is not None and not isinstance(data.get("catatan"), str):
        errors["catatan"] = "Catatan harus berupa teks."
    if errors:
        raise Refused(errors)
    results = approvals.decide(g.api_user, ids, action, data.get("catatan"))
    return jsonify(
        {
            "hasil": [
                {"id": entry_id, "berhasil": outcome.ok, "status": outcome.status, "pesan": outcome.pesan}
                for entry_id, outcome in results.items()
            ]
        }
    )
