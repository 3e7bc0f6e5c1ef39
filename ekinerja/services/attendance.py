"""The SKPD's morning and afternoon roll call (apel): who is on its roster on a day, and who attended."""

from ekinerja import clock
from ekinerja.db import write_transaction
from ekinerja.models import Apel, Jabatan, Pegawai, RiwayatJabatan
from ekinerja.rules.refusal import Refused
from ekinerja.services import audit, periods
from ekinerja.services.positions import covering

LOCKED = "Periode {:%m-%Y} sudah dikunci; data apel bulan itu tidak dapat diubah."
FUTURE = "Apel tanggal yang belum tiba tidak dapat dicatat."
NO_AFTERNOON = "SKPD ini tidak menyelenggarakan apel sore."
OTHER_PEOPLE = (
    "Daftar hadir memuat pegawai yang tidak bertugas di SKPD ini pada tanggal tersebut; tidak ada yang disimpan."
)


class ApelRefused(Refused):
    """The roll call cannot be saved; the message is shown to the officer."""


def roster(skpd_id, day):
    """Active employees who hold a position in the SKPD on the day, by name, with that position."""
    query = (
        RiwayatJabatan.select(RiwayatJabatan, Jabatan, Pegawai)
        .join(Jabatan)
        .switch(RiwayatJabatan)
        .join(Pegawai)
        .where(Jabatan.skpd == skpd_id, covering(RiwayatJabatan, day), Pegawai.aktif)
        .order_by(Pegawai.nama, Pegawai.nip)
    )
    people = {}
    for period in query:
        people.setdefault(period.pegawai_id, (period.pegawai, period.jabatan))
    return list(people.values())


def _roster_ids(skpd_id, day):
    """The ids of the roster, as a subquery."""
    return (
        RiwayatJabatan.select(RiwayatJabatan.pegawai)
        .join(Jabatan)
        .switch(RiwayatJabatan)
        .join(Pegawai)
        .where(Jabatan.skpd == skpd_id, covering(RiwayatJabatan, day), Pegawai.aktif)
    )


def present_ids(skpd_id, day, sesi):
    """Roster employees with a stored Apel row for the day and session."""
    query = Apel.select(Apel.pegawai).where(
        Apel.tanggal == day, Apel.sesi == sesi, Apel.pegawai.in_(_roster_ids(skpd_id, day))
    )
    return {pegawai_id for (pegawai_id,) in query.tuples()}


def refusal(skpd, day, sesi, today=None):
    """Why this roll call cannot be changed, or None."""
    today = today or clock.today()
    if day > today:
        return FUTURE
    if sesi == "sore" and not skpd.apel_sore:
        return NO_AFTERNOON
    if periods.is_locked(day):
        return LOCKED.format(day)
    return None


def _nips(pegawai_ids):
    if not pegawai_ids:
        return []
    return sorted(nip for (nip,) in Pegawai.select(Pegawai.nip).where(Pegawai.id.in_(pegawai_ids)).tuples())


def record_apel(actor, skpd, day, sesi, hadir_ids):
    """Store exactly hadir_ids as present for the SKPD's roll call; (added, removed). Raises ApelRefused."""
    hadir_ids = set(hadir_ids)
    with write_transaction():
        problem = refusal(skpd, day, sesi)
        if problem:
            raise ApelRefused(problem)
        eligible = {pegawai_id for (pegawai_id,) in _roster_ids(skpd.id, day).tuples()}
        if hadir_ids - eligible:
            raise ApelRefused(OTHER_PEOPLE)
        stored = present_ids(skpd.id, day, sesi)
        added = sorted(hadir_ids - stored)
        removed = sorted(stored - hadir_ids)
        for start in range(0, len(added), 500):
            chunk = added[start : start + 500]
            Apel.insert_many([{"pegawai": pid, "tanggal": day, "sesi": sesi} for pid in chunk]).execute()
        for start in range(0, len(removed), 500):
            chunk = removed[start : start + 500]
            Apel.delete().where(Apel.tanggal == day, Apel.sesi == sesi, Apel.pegawai.in_(chunk)).execute()
        audit.record(
            actor,
            "ubah",
            "apel",
            f"{skpd.kode}:{day.isoformat()}:{sesi}",
            rincian={
                "skpd": skpd.kode,
                "tanggal": day.isoformat(),
                "sesi": sesi,
                "ditambah": len(added),
                "dihapus": len(removed),
                # Who, so that a wrong tick can be traced to its person.
                "nip_ditambah": _nips(added),
                "nip_dihapus": _nips(removed),
                "hadir": len(hadir_ids),
                "pegawai": len(eligible),
            },
        )
    return len(added), len(removed)
