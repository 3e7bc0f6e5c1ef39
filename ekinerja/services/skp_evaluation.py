"""SKP through the year: realisation (from approved entries of linked duties, else the employee's), feedback,
periodic and annual evaluations, the SKPD's distribution against the curve, finalisation, objections, pay."""

import datetime
import json
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from peewee import fn

from ekinerja import clock, i18n
from ekinerja.db import write_transaction
from ekinerja.models import (
    Aktivitas,
    Evaluasi,
    HasilKerja,
    Indikator,
    Jabatan,
    Keberatan,
    Pegawai,
    PredikatOrganisasi,
    Realisasi,
    Skp,
    Skpd,
    UmpanBalik,
)
from ekinerja.rules import skp as rules
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.numbers import round_half_up
from ekinerja.rules.workflow import COUNTED
from ekinerja.services import audit
from ekinerja.services.skp import (
    SkpRejected,
    is_appraiser,
    is_owner,
    is_superior_appraiser,
    settings_for,
    skpd_id_of,
    text,
)


class Realised(NamedTuple):
    """An indicator's realisation in a month: the value, approved minutes (linked duties), evidence."""

    nilai: Decimal
    menit: int | None
    bukti: str | None


def indicators_of(skp):
    """The SKP's results with their indicators, in plan order: [(hasil, [indikator])]."""
    results = list(HasilKerja.select().where(HasilKerja.skp == skp.id).order_by(HasilKerja.nomor))
    by_result = defaultdict(list)
    query = Indikator.select().join(HasilKerja).where(HasilKerja.skp == skp.id).order_by(Indikator.id)
    for indikator in query:
        by_result[indikator.hasil_id].append(indikator)
    return [(h, by_result[h.id]) for h in results]


def realisation(skp):
    """{indikator id: {month: Realised}}: linked duties sum the approved entries' volume and minutes month by month
    within the SKP's dates; the other indicators have what the employee filled in."""
    indicators = [i for _, items in indicators_of(skp) for i in items]
    found = defaultdict(dict)
    manual = Realisasi.select().where(Realisasi.indikator.in_([i.id for i in indicators if i.tugas_id is None]))
    for row in manual:
        found[row.indikator_id][row.bulan] = Realised(row.nilai, None, row.bukti)
    linked = defaultdict(list)
    for indikator in indicators:
        if indikator.tugas_id:
            linked[indikator.tugas_id].append(indikator.id)
    if linked:
        query = (
            Aktivitas.select(
                Aktivitas.tugas, Aktivitas.tanggal, fn.SUM(Aktivitas.volume), fn.SUM(Aktivitas.menit_diakui)
            )
            .where(
                Aktivitas.pegawai == skp.pegawai_id,
                Aktivitas.tugas.in_(sorted(linked)),
                Aktivitas.tanggal.between(skp.mulai, skp.selesai),
                Aktivitas.status.in_(sorted(COUNTED)),
            )
            .group_by(Aktivitas.tugas, Aktivitas.tanggal)
        )
        sums = defaultdict(lambda: [0, 0])
        for tugas_id, day, volume, minutes in query.tuples():
            sums[tugas_id, day.month][0] += int(volume)
            sums[tugas_id, day.month][1] += int(minutes)
        for (tugas_id, month), (volume, minutes) in sums.items():
            for indikator_id in linked[tugas_id]:
                found[indikator_id][month] = Realised(Decimal(volume), minutes, None)
    return found


def annual_realisation(indikator, months):
    return rules.annual_realisation(indikator.aspek, [months[m].nilai for m in sorted(months)])


def progress(skp, realised=None):
    """Percent of the quantity targets realised so far (capped at 100 per indicator), or None without such."""
    realised = realisation(skp) if realised is None else realised
    shares = [
        min(Decimal(100), annual_realisation(i, realised.get(i.id, {})) / i.target * 100)
        for _, items in indicators_of(skp)
        for i in items
        if i.aspek == "kuantitas"
    ]
    return round_half_up(sum(shares, Decimal(0)) / len(shares)) if shares else None


def _approved(skp):
    skp = Skp.get_by_id(skp.id)
    if skp.status != rules.Status.DISETUJUI:
        raise SkpRejected({"skp": "SKP belum disepakati pejabat penilai."})
    return skp


def record_realisation(actor, indikator, month, value, bukti=None):
    """The employee's realisation of a non-linked indicator in a month of the SKP, with evidence."""
    with write_transaction():
        skp = _approved(indikator.hasil.skp)
        errors = {}
        if not is_owner(actor, skp):
            raise SkpRejected({"skp": "Hanya pegawai pemilik SKP yang mengisi realisasi."})
        if indikator.tugas_id:
            errors["indikator"] = "Realisasi indikator ini diisi otomatis dari kegiatan harian yang disetujui."
        if not isinstance(month, int) or not skp.mulai.month <= month <= skp.selesai.month:
            errors["bulan"] = "Bulan di luar masa SKP."
        try:
            value = Decimal(str(value))
            if not value.is_finite() or value < 0 or value >= Decimal("1e15"):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["nilai"] = "Realisasi harus angka 0 atau lebih."
        bukti = text(errors, "bukti", bukti)
        if errors:
            raise SkpRejected(errors)
        row = Realisasi.get_or_none(Realisasi.indikator == indikator.id, Realisasi.bulan == month)
        before = str(row.nilai) if row else None
        if row is None:
            row = Realisasi(indikator=indikator.id, bulan=month)
        row.nilai, row.bukti, row.diubah_pada = value, bukti, clock.now()
        row.save()
        audit.record(actor, "realisasi", "skp", skp.id, dari=before, ke=str(value), alasan=f"indikator {indikator.id}")
    return row


def _period(skp, periode):
    if not isinstance(periode, int) or not 0 <= periode <= rules.period_count(skp.periode_evaluasi):
        raise SkpRejected({"periode": "Periode evaluasi tidak dikenal."})
    return periode


def give_feedback(actor, hasil, periode, catatan):
    """The appraiser's feedback (umpan balik) on a result for a period."""
    with write_transaction():
        skp = _approved(hasil.skp)
        if not is_appraiser(actor, skp):
            raise SkpRejected({"skp": "Hanya pejabat penilai yang memberi umpan balik."})
        errors = {}
        catatan = text(errors, "catatan", catatan, "Umpan balik")
        if errors:
            raise SkpRejected(errors)
        row = UmpanBalik.get_or_none(UmpanBalik.hasil == hasil.id, UmpanBalik.periode == _period(skp, periode))
        row = row or UmpanBalik(hasil=hasil.id, periode=periode)
        row.catatan, row.oleh, row.pada = catatan, audit.actor_name(actor), clock.now()
        row.save()
        audit.record(actor, "umpan_balik", "skp", skp.id, alasan=catatan)
    return row


class EvaluationInput(NamedTuple):
    periode: int
    rating_hasil: str | None = None
    rating_perilaku: str | None = None
    catatan: str | None = None
    perilaku: dict | None = None  # PP 46/2011: {aspek: score}
    tugas_tambahan: int = 0
    kreativitas: tuple = ()


def finalised(skpd_id, year):
    return (
        PredikatOrganisasi.select()
        .where(PredikatOrganisasi.skpd == skpd_id, PredikatOrganisasi.tahun == year, PredikatOrganisasi.final)
        .exists()
    )


def _pp46_activities(skp):
    """Each result as an activity of PP 46/2011: its aspects' targets and the year's realisation."""
    realised = realisation(skp)
    activities = []
    for _, items in indicators_of(skp):
        aspects = {}
        for indikator in items:
            aspects[indikator.aspek] = rules.Aspect(
                indikator.target, annual_realisation(indikator, realised.get(indikator.id, {}))
            )
        activities.append(aspects)
    return activities


def _appraisal_input(skp, data):
    if skp.metode != "pp_46_2011":
        return rules.AppraisalInput(data.rating_hasil, data.rating_perilaku)
    try:
        perilaku = {k: Decimal(str(v)) for k, v in (data.perilaku or {}).items() if v not in (None, "")}
    except InvalidOperation as exc:
        raise SkpRejected({"perilaku": "Nilai perilaku harus angka 0 sampai 100."}) from exc
    return rules.AppraisalInput(
        kegiatan=_pp46_activities(skp),
        tugas_tambahan=int(data.tugas_tambahan or 0),
        kreativitas=tuple(data.kreativitas or ()),
        perilaku=perilaku,
        struktural=skp.jabatan.jenis in ("jpt", "administrator", "pengawas"),
    )


def evaluate(actor, skp, data, today=None):
    """The appraiser's periodic (1..n) or annual (0) evaluation; the predikat by the SKP's method."""
    today = today or clock.today()
    with write_transaction():
        skp = _approved(skp)
        if not is_appraiser(actor, skp):
            raise SkpRejected({"skp": "Hanya pejabat penilai yang dapat mengevaluasi SKP ini."})
        periode = _period(skp, data.periode)
        if periode == rules.ANNUAL and finalised(skpd_id_of(skp), skp.tahun):
            raise SkpRejected({"periode": "Evaluasi tahunan SKPD ini sudah difinalisasi."})
        if periode == rules.ANNUAL and Keberatan.select().where(Keberatan.skp == skp.id).exists():
            raise SkpRejected({"periode": "Predikat tahunan sudah diajukan keberatan."})
        errors = {}
        catatan = text(errors, "catatan", data.catatan)
        if errors:
            raise SkpRejected(errors)
        inputs = _appraisal_input(skp, data)
        try:
            result = rules.appraise(skp.metode, inputs)
        except ValueError as exc:
            raise SkpRejected({"penilaian": str(exc)}) from exc
        row = Evaluasi.get_or_none(Evaluasi.skp == skp.id, Evaluasi.periode == periode) or Evaluasi(
            skp=skp.id, periode=periode
        )
        before = row.predikat
        row.rating_hasil, row.rating_perilaku = inputs.rating_hasil, inputs.rating_perilaku
        row.predikat, row.catatan = result.predikat, catatan
        row.nilai = _pp46_record(inputs, result) if skp.metode == "pp_46_2011" else None
        row.dinilai_oleh, row.dinilai_pada = audit.actor_name(actor), today
        row.save()
        audit.record(actor, "evaluasi", "skp", skp.id, dari=before, ke=result.predikat, alasan=f"periode {periode}")
    return row


def _pp46_record(inputs, result):
    return json.dumps(
        {
            **{k: str(v) for k, v in result.nilai.items()},
            "perilaku": {k: str(v) for k, v in inputs.perilaku.items()},
            "tugas_tambahan": inputs.tugas_tambahan,
            "kreativitas": list(inputs.kreativitas),
            "kegiatan": [str(rules.activity_value(a)) for a in inputs.kegiatan],
        },
        sort_keys=True,
    )


def evaluations(skp):
    """{periode: Evaluasi} of an SKP."""
    return {e.periode: e for e in Evaluasi.select().where(Evaluasi.skp == skp.id)}


# --- the SKPD's distribution -----------------------------------------------------------------------------------------


class Distribution(NamedTuple):
    organisasi: str | None
    final: bool
    rows: list  # [(Skp, Evaluasi or None)]
    counts: Counter
    problems: list[str]


def distribution(skpd, year, extra=None):
    """The annual predikat of the SKPD's SKPs of a year against its organisation predikat's curve.

    extra: (skp id, predikat) counted in place of what is stored, to warn the appraiser before saving.
    """
    org = PredikatOrganisasi.get_or_none(PredikatOrganisasi.skpd == skpd.id, PredikatOrganisasi.tahun == year)
    skps = list(
        Skp.select(Skp, Pegawai)
        .join(Pegawai, on=Skp.pegawai == Pegawai.id)
        .switch(Skp)
        .join(Jabatan)
        .where(Jabatan.skpd == skpd.id, Skp.tahun == year)
        .order_by(Pegawai.nama, Skp.mulai)
    )
    annual = {
        e.skp_id: e
        for e in Evaluasi.select().where(Evaluasi.skp.in_([s.id for s in skps]), Evaluasi.periode == rules.ANNUAL)
    }
    counts = Counter(e.predikat for e in annual.values())
    if extra is not None:
        skp_id, predikat = extra
        if skp_id in annual:
            counts[annual[skp_id].predikat] -= 1
        counts[predikat] += 1
    settings = settings_for(year)
    # The curve bounds the predikat of PermenPANRB 6/2022; the sebutan of PP 46/2011 years had none.
    limited = org.predikat if org and settings.metode != "pp_46_2011" else None
    problems = rules.distribution_problems(limited, counts, settings.kurva)
    rows = [(s, annual.get(s.id)) for s in skps]
    return Distribution(org.predikat if org else None, bool(org and org.final), rows, counts, problems)


def can_manage_skpd(user, skpd):
    return user.has_role("admin") or (user.has_role("admin_skpd") and user.skpd_id == skpd.id)


def set_organisation_predikat(actor, skpd, year, predikat):
    """The admin sets an SKPD's organisation predikat for a year (not after its evaluations are finalised)."""
    if not actor.has_role("admin"):
        raise SkpRejected({"predikat": "Hanya admin yang menetapkan predikat kinerja organisasi."})
    if predikat not in rules.PREDIKAT_ORGANISASI:
        raise SkpRejected({"predikat": "Predikat organisasi tidak dikenal."})
    with write_transaction():
        row = PredikatOrganisasi.get_or_none(PredikatOrganisasi.skpd == skpd.id, PredikatOrganisasi.tahun == year)
        if row is not None and row.final:
            raise SkpRejected({"predikat": "Evaluasi tahunan SKPD ini sudah difinalisasi."})
        before = row.predikat if row else None
        row = row or PredikatOrganisasi(skpd=skpd.id, tahun=year)
        row.predikat = predikat
        row.save()
        audit.record(actor, "predikat_organisasi", "skpd", skpd.id, dari=before, ke=predikat, alasan=str(year))
    return row


def finalise(actor, skpd, year):
    """Close the SKPD's annual evaluations of a year: every SKP rated, and the curve of its organisation predikat."""
    if not can_manage_skpd(actor, skpd):
        raise SkpRejected({"skpd": "Di luar wewenang Anda."})
    with write_transaction():
        result = distribution(skpd, year)
        if result.organisasi is None:
            raise SkpRejected({"predikat": "Predikat kinerja organisasi tahun ini belum ditetapkan admin."})
        if result.final:
            raise SkpRejected({"predikat": "Evaluasi tahunan SKPD ini sudah difinalisasi."})
        missing = [s.pegawai.nama_lengkap for s, e in result.rows if e is None]
        if missing:
            raise SkpRejected({"evaluasi": "Belum ada predikat tahunan: " + ", ".join(missing[:10]) + "."})
        if result.problems:
            raise SkpRejected({"kurva": " ".join(result.problems)})
        PredikatOrganisasi.update(final=True).where(
            PredikatOrganisasi.skpd == skpd.id, PredikatOrganisasi.tahun == year
        ).execute()
        audit.record(actor, "finalisasi_skp", "skpd", skpd.id, ke="FINAL", alasan=str(year))
    return result


# --- objection -------------------------------------------------------------------------------------------------------


def file_objection(actor, skp, alasan, today=None):
    """The employee's objection to the annual predikat, within 14 days of it, to the appraiser's superior."""
    today = today or clock.today()
    with write_transaction():
        skp = Skp.get_by_id(skp.id)
        if not is_owner(actor, skp):
            raise SkpRejected({"alasan": "Hanya pegawai pemilik SKP yang dapat mengajukan keberatan."})
        annual = Evaluasi.get_or_none(Evaluasi.skp == skp.id, Evaluasi.periode == rules.ANNUAL)
        if annual is None:
            raise SkpRejected({"alasan": "Predikat tahunan belum ditetapkan."})
        if Keberatan.select().where(Keberatan.skp == skp.id).exists():
            raise SkpRejected({"alasan": "Keberatan atas SKP ini sudah diajukan."})
        if not rules.objection_open(annual.dinilai_pada, today):
            deadline = rules.objection_deadline(annual.dinilai_pada)
            raise SkpRejected({"alasan": f"Batas waktu keberatan ({i18n.tanggal(deadline)}) sudah lewat."})
        errors = {}
        alasan = text(errors, "alasan", alasan, "Alasan keberatan")
        if errors:
            raise SkpRejected(errors)
        row = Keberatan.create(skp=skp.id, alasan=alasan, diajukan_pada=today, predikat_semula=annual.predikat)
        audit.record(actor, "keberatan", "skp", skp.id, ke="DIAJUKAN", alasan=alasan)
    return row


def decide_objection(actor, keberatan, keputusan, alasan, predikat_baru=None, today=None):
    """The appraiser's superior accepts (with the new predikat) or rejects an objection, with a reason."""
    today = today or clock.today()
    with write_transaction():
        keberatan = Keberatan.get_by_id(keberatan.id)
        skp = keberatan.skp
        if not is_superior_appraiser(actor, skp) or is_owner(actor, skp):
            raise SkpRejected({"keputusan": "Hanya atasan pejabat penilai yang memutuskan keberatan."})
        if keberatan.keputusan:
            raise SkpRejected({"keputusan": "Keberatan ini sudah diputuskan."})
        errors = {}
        if keputusan not in ("diterima", "ditolak"):
            errors["keputusan"] = "Keputusan harus diterima atau ditolak."
        valid = rules.predikat_names(skp.metode)
        if keputusan == "diterima" and predikat_baru not in valid:
            errors["predikat_baru"] = "Pilih predikat baru: " + ", ".join(valid) + "."
        alasan = text(errors, "alasan", alasan, "Alasan keputusan")
        if errors:
            raise SkpRejected(errors)
        keberatan.keputusan, keberatan.alasan_keputusan = keputusan, alasan
        keberatan.predikat_baru = predikat_baru if keputusan == "diterima" else None
        keberatan.diputuskan_oleh, keberatan.diputuskan_pada = audit.actor_name(actor), today
        keberatan.save()
        if keputusan == "diterima":
            Evaluasi.update(predikat=predikat_baru).where(
                Evaluasi.skp == skp.id, Evaluasi.periode == rules.ANNUAL
            ).execute()
        after = keberatan.predikat_baru or keberatan.predikat_semula
        audit.record(actor, "putus_keberatan", "skp", skp.id, dari=keberatan.predikat_semula, ke=after, alasan=alasan)
    return keberatan


def pending_objections(user):
    """Objections waiting for this user's decision as the appraiser's superior."""
    if not user.pegawai_id:
        return []
    return list(
        Keberatan.select(Keberatan, Skp)
        .join(Skp)
        .where(Keberatan.keputusan.is_null(), Skp.atasan_penilai == user.pegawai_id)
    )


# --- the optional link to pay ----------------------------------------------------------------------------------------


def pay_percents(year, month):
    """{pegawai: percent of the kinerja part of TPP} from the periodic predikat covering the month, where the year's
    SKP rule set links pay to it; empty when it does not."""
    settings = settings_for(year)
    if not settings.tpp_dari_predikat:
        return {}
    first, last = month_bounds(year, month)
    query = (
        Skp.select(Skp.pegawai, Skp.periode_evaluasi, Evaluasi.periode, Evaluasi.predikat)
        .join(Evaluasi)
        .where(Skp.tahun == year, Skp.mulai <= last, Skp.selesai >= first, Evaluasi.periode > 0)
        .tuples()
    )
    percents = {}
    for pegawai_id, cadence, periode, predikat in query:
        if periode == rules.period_of_month(cadence, month):
            percents[pegawai_id] = rules.pay_percent(predikat, settings.persen_tpp)
    return percents


def skpd_choices():
    return list(Skpd.select().where(Skpd.aktif).order_by(Skpd.kode))


def month_dates(skp):
    """The months the SKP covers, as (month number, first day)."""
    return [(m, datetime.date(skp.tahun, m, 1)) for m in range(skp.mulai.month, skp.selesai.month + 1)]
