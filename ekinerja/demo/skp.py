"""The pilot SKPD's SKPs (DPKAD) in every state: last year appraised, objected to and finalised; this year's plans
from draft to a periodic evaluation. Seeded through the SKP services, as the people themselves would."""

import datetime

from ekinerja.models import Pegawai, Target, User
from ekinerja.services import skp as plans
from ekinerja.services import skp_evaluation as evals

SKPD = "DPKAD"
HEAD, KABID, KASI, STAFF, CPNS = "Mukhlis Abdurrahman", "Jalaluddin", "Zulfikar Ahmad", "Ikhsan Maulana", "Siti Rahmah"
# Last year's annual (rating hasil kerja, rating perilaku): Sangat Baik, Baik, Baik, Sangat Baik, Butuh Perbaikan.
LAST_YEAR_RATINGS = {
    HEAD: ("atas", "atas"),
    KABID: ("sesuai", "sesuai"),
    KASI: ("sesuai", "sesuai"),
    STAFF: ("atas", "atas"),
    CPNS: ("bawah", "sesuai"),
}
ORGANISATION_PREDIKAT = "Baik"
# Objections to last year's predikat: (who, reason, decision, new predikat, decision's reason); None: not decided.
OBJECTIONS = (
    (KASI, "Target rekonsiliasi kas tercapai seluruhnya.", "diterima", "Sangat Baik", "Bukti capaian diterima."),
    (CPNS, "Masa CPNS belum setahun penuh.", "ditolak", None, "Penilaian sesuai realisasi."),
)
# Filed after the SKPD's year was closed, within its 14 days: still waiting for the Sekda's decision.
PENDING_OBJECTION = (KABID, "Realisasi belanja bidang di atas target.")
AUDIT_OPINION = "Opini BPK atas laporan keuangan pemerintah kota (WTP = 4)"
RETURN_NOTE = "Tambahkan indikator waktu penyelesaian rekonsiliasi."


def _user(person):
    return User.get(User.pegawai == person.id)


def _target(skpd, year):
    """A DPKAD target of the year for the plans to support (the head's results must); the years before the demo's
    Renstra period get last year's audit opinion target."""
    found = Target.select().where(Target.skpd == skpd.id, Target.tahun == year).order_by(Target.id).first()
    return found or Target.create(
        skpd=skpd, tahun=year, jenis="target_kinerja", indikator=AUDIT_OPINION, target=4, satuan="skor"
    )


def _plan(person, day, target):
    """An SKP of the day's year with one result supporting the target, measured by quantity and time."""
    owner = _user(person)
    skp = plans.create(owner, day)
    indicators = [
        plans.IndicatorInput("kuantitas", "Dokumen keuangan yang diselesaikan", 120, "dokumen"),
        plans.IndicatorInput("waktu", "Waktu penyelesaian", 12, "bulan"),
    ]
    plans.add_result(owner, skp, plans.ResultInput(f"Dukungan atas: {target.indikator}"[:500], target.id), indicators)
    return skp


def _agreed(person, day, target):
    skp = _plan(person, day, target)
    plans.decide(_user(person), skp, "ajukan")
    return plans.decide(_appraiser(skp), skp, "setujui")


def _appraiser(skp):
    return User.get(User.pegawai == skp.penilai_id)


def _decider(skp, admin):
    return admin if skp.atasan_penilai_id is None else User.get(User.pegawai == skp.atasan_penilai_id)


def seed_skp(admin, year):
    """Last year's SKPs of DPKAD appraised, objected to and finalised; this year's in every plan state. Counts."""
    people = {p.nama: p for p in Pegawai.select().where(Pegawai.nama.in_(list(LAST_YEAR_RATINGS)))}
    skpd = people[HEAD].skpd
    last = year - 1
    target = _target(skpd, last)
    rated_on = datetime.date(last, 12, 20)
    previous = {}
    for nama, (hasil, perilaku) in LAST_YEAR_RATINGS.items():
        skp = previous[nama] = _agreed(people[nama], datetime.date(last, 6, 1), target)
        evals.evaluate(_appraiser(skp), skp, evals.EvaluationInput(0, hasil, perilaku), today=rated_on)
    for nama, alasan, keputusan, predikat, sebab in OBJECTIONS:
        skp = previous[nama]
        keberatan = evals.file_objection(_user(people[nama]), skp, alasan, today=datetime.date(last, 12, 23))
        evals.decide_objection(_decider(skp, admin), keberatan, keputusan, sebab, predikat, datetime.date(last, 12, 28))
    evals.set_organisation_predikat(admin, skpd, last, ORGANISATION_PREDIKAT)
    evals.finalise(admin, skpd, last)
    nama, alasan = PENDING_OBJECTION
    evals.file_objection(_user(people[nama]), previous[nama], alasan, today=datetime.date(last, 12, 30))

    target = _target(skpd, year)
    day = datetime.date(year, 1, 5)
    head = _agreed(people[HEAD], day, target)
    evals.evaluate(
        _appraiser(head), head, evals.EvaluationInput(1, "sesuai", "sesuai"), today=datetime.date(year, 4, 3)
    )
    _agreed(people[KABID], day, target)
    returned = _plan(people[KASI], day, target)
    plans.decide(_user(people[KASI]), returned, "ajukan")
    plans.decide(_appraiser(returned), returned, "kembalikan", RETURN_NOTE)
    submitted = _plan(people[STAFF], day, target)
    plans.decide(_user(people[STAFF]), submitted, "ajukan")
    _plan(people[CPNS], day, target)
    return {"skp": 2 * len(LAST_YEAR_RATINGS)}
