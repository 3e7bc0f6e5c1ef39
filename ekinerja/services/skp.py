"""SKP plans: who appraises whom, who may see and act on an SKP, and the plan's verbs (draft, submit, agree/return)."""

import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from peewee import fn

from ekinerja import clock
from ekinerja.db import write_transaction
from ekinerja.models import (
    AturanSkp,
    HasilKerja,
    Indikator,
    Jabatan,
    Pegawai,
    PerilakuSkp,
    Skp,
    Target,
    UraianTugas,
)
from ekinerja.rules import skp as rules
from ekinerja.rules.activity import MAX_TEXT, clean_text
from ekinerja.rules.refusal import Refused
from ekinerja.services import audit
from ekinerja.services.access import CITY_WIDE
from ekinerja.services.positions import approvers_of, position_on


class SkpRejected(Refused):
    """A refused SKP change: {field: message} in Indonesian."""


class SkpSettings(NamedTuple):
    """The SKP rule set of a year, as the rules take it."""

    metode: str
    periode_evaluasi: str
    kurva: dict
    tpp_dari_predikat: bool
    persen_tpp: dict


def settings_for(year):
    """The SKP rule set in force on 1 January of a year; the rules' defaults when none has been entered."""
    found = (
        AturanSkp.select()
        .where(AturanSkp.berlaku_mulai <= datetime.date(year, 1, 1))
        .order_by(AturanSkp.berlaku_mulai.desc())
        .first()
    ) or AturanSkp()
    percents = json.loads(found.persen_tpp) if found.persen_tpp else None
    return SkpSettings(
        metode=rules.method_for(year, found.metode),
        periode_evaluasi=found.periode_evaluasi or "triwulanan",
        kurva=rules.curve_from_data(json.loads(found.kurva)) if found.kurva else rules.DEFAULT_CURVE,
        tpp_dari_predikat=bool(found.tpp_dari_predikat),
        persen_tpp={k: Decimal(str(v)) for k, v in percents.items()} if percents else rules.DEFAULT_PAY_PERCENT,
    )


# --- who appraises whom ----------------------------------------------------------------------------------------------


def appraiser_on(pegawai_id, day):
    """The pejabat penilai on a day: the superior position's holder, else who acts for it (Plt/Plh); None at the top."""
    candidates = sorted(approvers_of(pegawai_id, day))
    if not candidates:
        return None
    superior = position_on(pegawai_id, day).jabatan.atasan_id
    holders = [c for c in candidates if (held := position_on(c, day)) is not None and held.jabatan_id == superior]
    return (holders or candidates)[0]


def is_owner(user, skp):
    return bool(user.pegawai_id) and user.pegawai_id == skp.pegawai_id


def is_appraiser(user, skp):
    """The pejabat penilai of the SKP; an admin for a position with no superior."""
    if skp.penilai_id is None:
        return user.has_role("admin") and not is_owner(user, skp)
    return bool(user.pegawai_id) and user.pegawai_id == skp.penilai_id


def is_superior_appraiser(user, skp):
    """The atasan pejabat penilai (decides objections); an admin where the appraiser has no superior."""
    if skp.atasan_penilai_id is None:
        return user.has_role("admin") and not is_owner(user, skp)
    return bool(user.pegawai_id) and user.pegawai_id == skp.atasan_penilai_id


def skpd_id_of(skp):
    return Jabatan.select(Jabatan.skpd).where(Jabatan.id == skp.jabatan_id).scalar()


def can_see(user, skp):
    """The owner, the appraiser and their superior, the SKPD's admin_skpd and the city-wide roles."""
    if is_owner(user, skp) or is_appraiser(user, skp) or is_superior_appraiser(user, skp):
        return True
    if user.has_role(*CITY_WIDE):
        return True
    return user.has_role("admin_skpd") and user.skpd_id is not None and user.skpd_id == skpd_id_of(skp)


def visible(user, skp_id):
    """The SKP of an id if this user may see it, else None (the callers answer 404 either way)."""
    found = Skp.get_or_none(Skp.id == skp_id)
    return found if found is not None and can_see(user, found) else None


def own_and_appraised(user, year=None):
    """The user's own SKPs and those they appraise (or whose objections they decide), newest first."""
    if not user.pegawai_id:
        return []
    me = user.pegawai_id
    query = (
        Skp.select(Skp, Pegawai, Jabatan)
        .join(Pegawai, on=Skp.pegawai == Pegawai.id)
        .switch(Skp)
        .join(Jabatan)
        .where((Skp.pegawai == me) | (Skp.penilai == me) | (Skp.atasan_penilai == me))
        .order_by(Skp.tahun.desc(), Pegawai.nama, Skp.mulai)
    )
    return list(query if year is None else query.where(Skp.tahun == year))


# --- the plan's verbs ------------------------------------------------------------------------------------------------


def new_skp(pegawai_id, held, day):
    """An unsaved DRAFT SKP of an employee for the position period held (a RiwayatJabatan) on a day of its year."""
    first, last = datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    settings = settings_for(day.year)
    penilai = appraiser_on(pegawai_id, day)
    return Skp(
        pegawai=pegawai_id,
        tahun=day.year,
        jabatan=held.jabatan_id,
        mulai=max(first, held.mulai),
        selesai=min(last, held.selesai or last),
        penilai=penilai,
        atasan_penilai=appraiser_on(penilai, day) if penilai else None,
        metode=settings.metode,
        periode_evaluasi=settings.periode_evaluasi,
    )


def save_new(skp):
    """Store a new SKP with the behaviour aspects its method rates."""
    skp.save()
    if skp.metode == "permenpanrb_6_2022":
        PerilakuSkp.insert_many([{"skp": skp.id, "aspek": aspek} for aspek in rules.BERAKHLAK]).execute()
    return skp


def create(actor, day=None):
    """A new DRAFT SKP of the actor for the position held on a day (default today), or SkpRejected."""
    day = day or clock.today()
    if not actor.pegawai_id:
        raise SkpRejected({"tanggal": "Akun ini bukan akun pegawai."})
    with write_transaction():
        held = position_on(actor.pegawai_id, day)
        if held is None:
            raise SkpRejected({"tanggal": "Pada tanggal itu Anda tidak memegang jabatan."})
        skp = new_skp(actor.pegawai_id, held, day)
        if Skp.select().where(Skp.pegawai == actor.pegawai_id, Skp.mulai == skp.mulai).exists():
            raise SkpRejected({"tanggal": "SKP untuk jabatan dan tahun ini sudah ada."})
        save_new(skp)
        audit.record(actor, "buat", "skp", skp.id, ke=rules.Status.DRAFT)
    return skp


def _editable_by_owner(actor, skp):
    skp = Skp.get_by_id(skp.id)
    if not is_owner(actor, skp):
        raise SkpRejected({"skp": "Hanya pegawai pemilik SKP yang dapat mengubah rencananya."})
    if skp.status not in rules.PLAN_EDITABLE:
        raise SkpRejected({"skp": f"SKP berstatus {rules.Status(skp.status).label} tidak dapat diubah."})
    return skp


def text(errors, name, value, label=None, max_len=MAX_TEXT):
    """Trimmed text into its field, or a message in errors (too long; empty where a label says it is required)."""
    try:
        cleaned = clean_text(value if value is None or isinstance(value, str) else str(value), max_len)
    except ValueError:
        errors[name] = f"Paling banyak {max_len} karakter."
        return None
    if label and cleaned is None:
        errors[name] = f"{label} wajib diisi."
    return cleaned


def is_jpt(jabatan):
    return jabatan.jenis == "jpt" or (jabatan.eselon or "").startswith("II.")


class ResultInput(NamedTuple):
    uraian: str | None
    target_skpd_id: int | None = None
    hasil_atasan_id: int | None = None


class IndicatorInput(NamedTuple):
    aspek: str | None
    uraian: str | None
    target: object
    satuan: str | None
    tugas_kode: str | None = None


def _result_values(skp, data):
    errors = {}
    uraian = text(errors, "uraian", data.uraian, "Uraian hasil kerja")
    target = hasil_atasan = None
    if data.target_skpd_id:
        target = Target.get_or_none(
            Target.id == data.target_skpd_id, Target.skpd == skpd_id_of(skp), Target.tahun == skp.tahun
        )
        if target is None:
            errors["target_skpd"] = "Target SKPD tidak ditemukan untuk SKPD dan tahun SKP ini."
    if data.hasil_atasan_id:
        hasil_atasan = (
            HasilKerja.select()
            .join(Skp)
            .where(HasilKerja.id == data.hasil_atasan_id, Skp.pegawai == skp.penilai_id, Skp.tahun == skp.tahun)
            .first()
        )
        if hasil_atasan is None:
            errors["hasil_atasan"] = "Hasil kerja atasan tidak ditemukan pada SKP pejabat penilai tahun ini."
    if not errors and target is None and hasil_atasan is None:
        if is_jpt(skp.jabatan):
            errors["target_skpd"] = "Hasil kerja JPT wajib mengacu pada target SKPD."
        else:
            errors["hasil_atasan"] = "Pilih hasil kerja atasan atau target SKPD yang diintervensi."
    if errors:
        raise SkpRejected(errors)
    return {"uraian": uraian, "target_skpd": target, "hasil_atasan": hasil_atasan}


def _indicator_values(skp, data):
    errors = {}
    if data.aspek not in rules.ASPEK:
        errors["aspek"] = "Aspek harus kuantitas, kualitas, waktu atau biaya."
    uraian = text(errors, "uraian", data.uraian, "Uraian indikator")
    satuan = text(errors, "satuan", data.satuan, "Satuan", 50)
    try:
        target = Decimal(str(data.target))
        if not target.is_finite() or target <= 0 or target >= Decimal("1e15"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["target"] = "Target harus angka lebih dari 0."
        target = None
    tugas = None
    if data.tugas_kode:
        tugas = UraianTugas.get_or_none(
            UraianTugas.jabatan == skp.jabatan_id, UraianTugas.kode == data.tugas_kode, UraianTugas.aktif
        )
        if tugas is None:
            errors["tugas"] = "Uraian tugas tidak ada pada jabatan SKP ini."
    if errors:
        raise SkpRejected(errors)
    return {"aspek": data.aspek, "uraian": uraian, "target": target, "satuan": satuan, "tugas": tugas}


def _checked_result(skp, data, indicators=()):
    """The cleaned values of a result and its indicators, or SkpRejected with every error (an indicator's as
    indikator[n].field)."""
    errors, values, indicator_values = {}, None, []
    try:
        values = _result_values(skp, data)
    except SkpRejected as rejected:
        errors.update(rejected.errors)
    for n, item in enumerate(indicators, start=1):
        try:
            indicator_values.append(_indicator_values(skp, item))
        except SkpRejected as rejected:
            errors.update({f"indikator[{n}].{name}": message for name, message in rejected.errors.items()})
    if errors:
        raise SkpRejected(errors)
    return values, indicator_values


def _append_result(skp, data, indicators=()):
    values, indicator_values = _checked_result(skp, data, indicators)
    last = HasilKerja.select(fn.MAX(HasilKerja.nomor)).where(HasilKerja.skp == skp.id).scalar() or 0
    hasil = HasilKerja.create(skp=skp, nomor=last + 1, **values)
    for item in indicator_values:
        Indikator.create(hasil=hasil, **item)
    return hasil


def add_result(actor, skp, data, indicators=()):
    """A new planned result (with its indicators) at the end of the owner's plan."""
    with write_transaction():
        skp = _editable_by_owner(actor, skp)
        hasil = _append_result(skp, data, indicators)
        audit.record(actor, "tambah_hasil", "skp", skp.id, alasan=hasil.uraian[:200])
    return hasil


def add_indicator(actor, hasil, data):
    with write_transaction():
        skp = _editable_by_owner(actor, hasil.skp)
        indikator = Indikator.create(hasil=hasil.id, **_indicator_values(skp, data))
        audit.record(actor, "tambah_indikator", "skp", skp.id, alasan=indikator.uraian[:200])
    return indikator


def remove_result(actor, hasil):
    with write_transaction():
        skp = _editable_by_owner(actor, hasil.skp)
        if HasilKerja.select().where(HasilKerja.hasil_atasan == hasil.id).exists():
            raise SkpRejected({"skp": "Hasil kerja ini diintervensi oleh SKP bawahan; tidak dapat dihapus."})
        hasil.delete_instance(recursive=True)
        audit.record(actor, "hapus_hasil", "skp", skp.id, alasan=hasil.uraian[:200])


def remove_indicator(actor, indikator):
    with write_transaction():
        skp = _editable_by_owner(actor, indikator.hasil.skp)
        indikator.delete_instance(recursive=True)
        audit.record(actor, "hapus_indikator", "skp", skp.id, alasan=indikator.uraian[:200])


def checked_plan(skp, results):
    """The cleaned values of a whole plan, [(result values, [indicator values])], without writing; or SkpRejected
    naming every problem as hasil[i].field or hasil[i].indikator[n].field."""
    errors, checked = {}, []
    for index, (result, indicators) in enumerate(results, start=1):
        try:
            checked.append(_checked_result(skp, result, indicators))
        except SkpRejected as rejected:
            errors.update({f"hasil[{index}].{k}": v for k, v in rejected.errors.items()})
    if errors:
        raise SkpRejected(errors)
    return checked


def intervened(skp):
    """Numbers of the SKP's results that a subordinate's SKP supports (so they cannot be removed)."""
    supported = HasilKerja.select(HasilKerja.hasil_atasan).where(HasilKerja.hasil_atasan.is_null(False))
    query = HasilKerja.select(HasilKerja.nomor).where(HasilKerja.skp == skp.id, HasilKerja.id.in_(supported))
    return sorted(n for (n,) in query.tuples())


def write_plan(skp, results):
    """Within a write transaction: the SKP's results replaced by these, or SkpRejected (nothing kept)."""
    taken = intervened(skp)
    if taken:
        raise SkpRejected({"hasil": f"Hasil kerja {taken[-1]} diintervensi oleh SKP bawahan."})
    for old in HasilKerja.select().where(HasilKerja.skp == skp.id):
        old.delete_instance(recursive=True)
    for index, (result, indicators) in enumerate(results, start=1):
        try:
            _append_result(skp, result, indicators)
        except SkpRejected as rejected:
            raise SkpRejected({f"hasil[{index}].{k}": v for k, v in rejected.errors.items()}) from rejected


def replace_plan(actor, skp, results):
    """The whole plan at once (the API): results as (ResultInput, [IndicatorInput]); refused as a whole."""
    with write_transaction():
        skp = _editable_by_owner(actor, skp)
        write_plan(skp, results)
        audit.record(actor, "ubah_rencana", "skp", skp.id, rincian={"hasil": len(results)})
    return skp


def set_expectations(actor, skp, expectations):
    """The appraiser's expectation for each behaviour aspect, {aspek: text}."""
    with write_transaction():
        skp = Skp.get_by_id(skp.id)
        if not is_appraiser(actor, skp):
            raise SkpRejected({"perilaku": "Hanya pejabat penilai yang dapat menetapkan ekspektasi perilaku."})
        errors = {}
        cleaned = {aspek: text(errors, aspek, value) for aspek, value in expectations.items()}
        if set(cleaned) - set(rules.BERAKHLAK):
            errors["perilaku"] = "Aspek perilaku tidak dikenal."
        if errors:
            raise SkpRejected(errors)
        for aspek, value in cleaned.items():
            PerilakuSkp.update(ekspektasi=value).where(PerilakuSkp.skp == skp.id, PerilakuSkp.aspek == aspek).execute()
        audit.record(actor, "ekspektasi_perilaku", "skp", skp.id)


def _plan_errors(skp):
    results = list(HasilKerja.select().where(HasilKerja.skp == skp.id))
    if not results:
        return {"hasil": "SKP belum memuat rencana hasil kerja."}
    empty = [str(h.nomor) for h in results if not h.indikator.exists()]
    if empty:
        return {"indikator": "Hasil kerja " + ", ".join(empty) + " belum memiliki indikator."}
    if is_jpt(skp.jabatan) and any(h.target_skpd_id is None for h in results):
        return {"target_skpd": "Setiap hasil kerja JPT wajib mengacu pada target SKPD."}
    return {}


def decide(actor, skp, action, note=None):
    """ajukan (the owner), setujui or kembalikan (the appraiser, with a note); SkpRejected says why not."""
    with write_transaction():
        skp = Skp.get_by_id(skp.id)
        try:
            target = rules.plan_transition(
                skp.status, action, is_owner=is_owner(actor, skp), is_appraiser=is_appraiser(actor, skp), note=note
            )
        except rules.PlanRefused as refused:
            raise SkpRejected({"aksi": str(refused)}) from refused
        if action == "ajukan":
            errors = _plan_errors(skp)
            if errors:
                raise SkpRejected(errors)
        errors = {}
        note = text(errors, "catatan", note)
        if errors:
            raise SkpRejected(errors)
        before = skp.status
        skp.status = target
        if action != "ajukan":
            skp.catatan = note
        skp.disetujui_pada = clock.now() if target is rules.Status.DISETUJUI else None
        skp.save()
        audit.record(actor, action, "skp", skp.id, dari=before, ke=target, alasan=skp.catatan if note else None)
    return skp
