"""Which SKPDs a month's recap takes in: those taking part (ikut_mulai) whose month the data shows ready.

An SKPD that joined on a date is ready in a month that is over when its employees' fingerprint scans are present
and apel is recorded in it: a month without either would pay everyone as absent all month. An admin may include a
month that is not ready (the SKPD was on paper attendance, say), with a reason, audited. A running month is not
judged: its data still comes. An SKPD recorded without a date (PARTICIPATING_SINCE) took part before participation
was dated and is not judged either, so that no month recapped before keeps other figures.
"""

from peewee import fn

from ekinerja import clock, i18n
from ekinerja.db import write_transaction
from ekinerja.models import Apel, Pegawai, Periode, PresensiHarian, Rekap, Skpd, SkpdIkutBulan
from ekinerja.models.organisation import PARTICIPATING_SINCE
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.refusal import Conflict, Refused
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.services import audit

NO_SCANS = "tidak ada data presensi sidik jari"
NO_APEL = "tidak ada apel tercatat"


def _skpds_with(model, day_field, skpd_ids, first, last):
    """The SKPDs among skpd_ids with a row of the model (scans of a day, apel) from first to last."""
    if not skpd_ids:
        return set()
    query = (
        model.select(fn.DISTINCT(Pegawai.skpd))
        .join(Pegawai, on=(model.pegawai == Pegawai.id))
        .where(Pegawai.skpd.in_(sorted(skpd_ids)), day_field.between(first, last))
    )
    return {skpd_id for (skpd_id,) in query.tuples()}


def not_taking_part_reason(skpd):
    if skpd.ikut_mulai is None:
        return "SKPD ini belum mengikuti e-Kinerja."
    return f"SKPD ini mengikuti e-Kinerja mulai {i18n.tanggal(skpd.ikut_mulai)}: bulan sebelumnya tidak direkap."


def month_readiness(skpds, year, month, today=None):
    """[{skpd, ikut, presensi, apel, diikutkan, alasan}] for these SKPDs: alasan is None when the month's recap takes
    the SKPD in, else why not (not taking part yet, or the month over without scans or apel and not included)."""
    first, last = month_bounds(year, month)
    skpds = list(skpds)
    over = (today or clock.today()) > last
    # Only SKPDs that joined on a date are judged, and only on a month that is over.
    judged = {s.id for s in skpds if over and s.participates(first) and s.ikut_mulai != PARTICIPATING_SINCE}
    scanned = _skpds_with(PresensiHarian, PresensiHarian.tanggal, judged, first, last)
    at_apel = _skpds_with(Apel, Apel.tanggal, judged, first, last)
    included = {
        row.skpd_id: row
        for row in SkpdIkutBulan.select().where(SkpdIkutBulan.tahun == year, SkpdIkutBulan.bulan == month)
    }
    rows = []
    for skpd in skpds:
        ikut = skpd.participates(first)
        checks = ((NO_SCANS, skpd.id in scanned), (NO_APEL, skpd.id in at_apel))
        missing = [message for message, ok in checks if not ok] if skpd.id in judged else []
        alasan = None
        if not ikut:
            alasan = not_taking_part_reason(skpd)
        elif missing and skpd.id not in included:
            alasan = f"Bulan ini belum siap direkap: {' dan '.join(missing)}. Admin dapat tetap mengikutkannya."
        rows.append(
            {
                "skpd": skpd,
                "ikut": ikut,
                "dinilai": skpd.id in judged,
                "presensi": skpd.id in scanned,
                "apel": skpd.id in at_apel,
                "diikutkan": included.get(skpd.id),
                "alasan": alasan,
            }
        )
    return rows


def absent_skpds(year, month, today=None):
    """[(Skpd, reason)] of the SKPDs the month's recap leaves out, by code; a locked month, those its snapshot lacks."""
    skpds = Skpd.select().order_by(Skpd.kode)
    absent = [(row["skpd"], row["alasan"]) for row in month_readiness(skpds, year, month, today) if row["alasan"]]
    if absent and Periode.is_locked(year, month):
        stored = Rekap.select(Rekap.skpd_kode).where(Rekap.tahun == year, Rekap.bulan == month).distinct()
        kept = {kode for (kode,) in stored.tuples()}
        absent = [(skpd, reason) for skpd, reason in absent if skpd.kode not in kept]
    return absent


def not_ready_skpds(year, month, today=None):
    """[(Skpd, reason)] of the SKPDs taking part in the month that its readiness gate leaves out (no scans or no
    apel, not included by an admin): whole SKPDs a lock would leave out of the month's pay."""
    first = month_bounds(year, month)[0]
    return [(skpd, reason) for skpd, reason in absent_skpds(year, month, today) if skpd.participates(first)]


def _refuse_if_locked(year, month):
    """Within the write transaction: hold the month's period row (a lock waits for this write, or this for it)."""
    if Periode.held(year, month).status == DIKUNCI:
        raise Conflict(f"Periode {month:02d}-{year} sudah dikunci; SKPD yang direkap tidak dapat diubah.")


def include_month(skpd, year, month, alasan, actor):
    """Take an SKPD's month into the recap although its data does not show it ready; audited."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise Refused({"alasan": "Isi alasan SKPD ini tetap direkap (mis. presensi manual bulan itu)."})
    with write_transaction():
        _refuse_if_locked(year, month)
        row = SkpdIkutBulan.get_or_none(
            SkpdIkutBulan.skpd == skpd.id, SkpdIkutBulan.tahun == year, SkpdIkutBulan.bulan == month
        )
        if row is not None:
            raise Conflict(f"{skpd.singkatan} sudah diikutkan pada rekap {month:02d}-{year}.")
        row = SkpdIkutBulan.create(
            skpd=skpd.id,
            tahun=year,
            bulan=month,
            alasan=alasan,
            dicatat_oleh=audit.actor_name(actor),
            dicatat_pada=clock.now(),
        )
        audit.record(
            actor,
            "ikutkan_rekap",
            "skpd",
            skpd.id,
            ke="DIIKUTKAN",
            rincian={"periode": f"{year}-{month:02d}", "alasan": alasan},
        )
    return row


def withdraw_inclusion(skpd, year, month, actor):
    """Undo include_month for an open month: the data decides again; audited."""
    with write_transaction():
        _refuse_if_locked(year, month)
        deleted = (
            SkpdIkutBulan.delete()
            .where(SkpdIkutBulan.skpd == skpd.id, SkpdIkutBulan.tahun == year, SkpdIkutBulan.bulan == month)
            .execute()
        )
        if not deleted:
            raise Conflict(f"{skpd.singkatan} tidak sedang diikutkan pada rekap {month:02d}-{year}.")
        audit.record(
            actor, "batal_ikutkan_rekap", "skpd", skpd.id, dari="DIIKUTKAN", rincian={"periode": f"{year}-{month:02d}"}
        )
