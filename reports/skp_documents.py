"""SKP documents: the plan (SKP), a periodic evaluation, the annual Dokumen Evaluasi Kinerja Pegawai, and for
PP 46/2011 years the Penilaian Prestasi Kerja. Callers decide who may see which SKP first."""

import re

from ekinerja import clock
from ekinerja.models import Jabatan, Keberatan, PerilakuSkp, Skpd
from ekinerja.rules import skp as rules
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.services import skp_evaluation as evals
from ekinerja.services.signatories import person
from reports import render_html
from reports.data import letterhead
from reports.documents import Document

DRAFT_PLAN = "DRAFT - belum disepakati"
DRAFT_EVALUATION = "DRAFT - belum final"


def _who(pegawai, skp):
    """Name, NIP, pangkat/golongan and position as the SKP forms print them."""
    if pegawai is None:
        return None
    data = person(pegawai)
    data["golongan"] = pegawai.golongan
    data["pangkat"] = GOLONGAN.get(pegawai.golongan, "")
    data["unit"] = Skpd.get_by_id(pegawai.skpd_id).nama
    if pegawai.id == skp.pegawai_id:
        data["jabatan"] = skp.jabatan.nama
    else:
        atasan = Jabatan.get_or_none(Jabatan.id == skp.jabatan.atasan_id) if pegawai.id == skp.penilai_id else None
        data["jabatan"] = atasan.nama if atasan else ""
    return data


def _context(skp, kind, final, draft_mark):
    head = letterhead()
    skpd = Skpd.get_by_id(skp.jabatan.skpd_id)
    realised = evals.realisation(skp)
    results = [
        {
            "hasil": h,
            "indikator": [{"i": i, "realisasi": evals.annual_realisation(i, realised.get(i.id, {}))} for i in items],
            "umpan_balik": list(h.umpan_balik),
        }
        for h, items in evals.indicators_of(skp)
    ]
    expectations = PerilakuSkp.select().where(PerilakuSkp.skp == skp.id).order_by(PerilakuSkp.id)
    return {
        "jenis": kind,
        "skp": skp,
        "draft": None if final else draft_mark,
        "kop": head,
        "instansi": skpd.nama,
        "tempat": head["nama_kota"],
        "tanggal_ttd": clock.today(),
        "pegawai": _who(skp.pegawai, skp),
        "penilai": _who(skp.penilai, skp) if skp.penilai_id else None,
        "atasan_penilai": _who(skp.atasan_penilai, skp) if skp.atasan_penilai_id else None,
        "hasil": results,
        "perilaku": [(rules.BERAKHLAK[p.aspek], p.ekspektasi) for p in expectations],
        "metode": rules.METODE[skp.metode],
        "aspek": rules.ASPEK,
        "rating": {r.value: r.label for r in rules.Rating},
    }


def _filename(kind, skp):
    return f"skp-{kind}-{skp.tahun}-{re.sub(r'[^0-9]', '', skp.pegawai.nip)}-{skp.id}.pdf"


def plan(skp):
    """The SKP as planned; DRAFT until the appraiser has agreed to it."""
    final = skp.status == rules.Status.DISETUJUI
    context = _context(skp, "rencana", final, DRAFT_PLAN)
    return Document(_filename("rencana", skp), render_html("skp.html", context), final)


def _year_final(skp):
    return evals.finalised(skp.jabatan.skpd_id, skp.tahun)


def periodic(skp, periode):
    """The evaluation of one period, or None before the appraiser has given it."""
    evaluasi = evals.evaluations(skp).get(periode)
    if evaluasi is None or periode == rules.ANNUAL:
        return None
    context = _context(skp, "evaluasi", True, DRAFT_EVALUATION)
    context.update(evaluasi=evaluasi, periode=rules.period_label(skp.periode_evaluasi, periode))
    return Document(_filename(f"evaluasi-{periode}", skp), render_html("skp.html", context), True)


def annual(skp):
    """The annual Dokumen Evaluasi Kinerja Pegawai (PP 46/2011: Penilaian Prestasi Kerja), with the periodic
    predikat and any objection; DRAFT until the SKPD's year is finalised. None before the annual predikat."""
    done = evals.evaluations(skp)
    if rules.ANNUAL not in done:
        return None
    final = _year_final(skp)
    kind = "prestasi" if skp.metode == "pp_46_2011" else "tahunan"
    context = _context(skp, kind, final, DRAFT_EVALUATION)
    context.update(
        evaluasi=done[rules.ANNUAL],
        periode="Tahunan",
        periodik=[(rules.period_label(skp.periode_evaluasi, n), e) for n, e in sorted(done.items()) if n],
        keberatan=Keberatan.get_or_none(Keberatan.skp == skp.id),
        perilaku_pp46=rules.PERILAKU_PP46,
        kreativitas=rules.KREATIVITAS_LABELS,
    )
    return Document(_filename(kind, skp), render_html("skp.html", context), final)
