"""Who holds which position on a day, and so who approves whose entries."""

from ekinerja.models import Jabatan, Pegawai, PenugasanPlt, RiwayatJabatan
from ekinerja.rules.calendar import clipped


def _held_on(pegawai_id, day, *columns):
    """Query: columns of the positions (RiwayatJabatan joined to Jabatan) an employee holds on a day, the latest
    taken first (of two held at once, the one position_on and approvers_of go by)."""
    return (
        RiwayatJabatan.select(*columns)
        .join(Jabatan)
        .where(RiwayatJabatan.pegawai == pegawai_id, covering(RiwayatJabatan, day))
        .order_by(RiwayatJabatan.mulai.desc(), RiwayatJabatan.id.desc())
    )


def position_on(pegawai_id, day):
    """The RiwayatJabatan of the position an employee holds on a day, or None."""
    return _held_on(pegawai_id, day, RiwayatJabatan, Jabatan).first()


def in_force_between(model, start, end):
    """SQL condition: rows of a dated model (mulai, selesai or open) in force on some day from start to end; the
    bounds may be dates or date columns."""
    return (model.mulai <= end) & (model.selesai.is_null() | (model.selesai >= start))


def covering(model, day):
    """SQL condition: rows of a dated model (mulai/selesai) in force on a day (a date or a date column)."""
    return in_force_between(model, day, day)


def holders_of(jabatan_id, day):
    """Employees who hold, or act for (Plt/Plh), a position on a day (jabatan_id: an id, or a query of one)."""
    held = RiwayatJabatan.select(RiwayatJabatan.pegawai).where(
        RiwayatJabatan.jabatan == jabatan_id, covering(RiwayatJabatan, day)
    )
    acting = PenugasanPlt.select(PenugasanPlt.pegawai).where(
        PenugasanPlt.jabatan == jabatan_id, covering(PenugasanPlt, day)
    )
    return {pid for (pid,) in (held | acting).tuples()}  # one query: every decision asks it


def approvers_of(pegawai_id, day):
    """Employee ids who decide this person's entries of that day; empty means the verifikator decides.

    The approver holds or acts for the superior position on the entry's date. A position with no
    superior, or whose superior position is vacant with nobody acting, goes to the verifikator.
    """
    # The superior post of the position position_on finds, in the same query as its holders: NULL without a
    # position or a superior, and then nobody.
    superior_post = _held_on(pegawai_id, day, Jabatan.atasan).limit(1)
    return holders_of(superior_post, day) - {pegawai_id}


def positions_led(pegawai_id, start, end):
    """(jabatan id, from, to) of every position this person holds or acts for within [start, end]."""
    rows = []
    for model in (RiwayatJabatan, PenugasanPlt):
        query = model.select(model.jabatan, model.mulai, model.selesai).where(
            model.pegawai == pegawai_id, in_force_between(model, start, end)
        )
        for jabatan_id, mulai, selesai in query.tuples():
            rows.append((jabatan_id, *clipped(mulai, selesai, start, end)))
    return rows


def subordinate_positions(jabatan_ids):
    return Jabatan.select(Jabatan.id).where(Jabatan.atasan.in_(jabatan_ids))


def leads_positions(pegawai_id, day):
    """Whether this person holds or acts for, on a day, a position that other positions report to."""
    led = [jabatan_id for jabatan_id, _, _ in positions_led(pegawai_id, day, day)]
    return bool(led) and subordinate_positions(led).exists()


def subordinates(pegawai_id, day):
    """Employees whose positions report to a position this person holds or acts for on a day."""
    led = [jabatan_id for jabatan_id, _, _ in positions_led(pegawai_id, day, day)]
    if not led:
        return []
    held = RiwayatJabatan.select(RiwayatJabatan.pegawai).where(
        RiwayatJabatan.jabatan.in_(subordinate_positions(led)), covering(RiwayatJabatan, day)
    )
    return list(Pegawai.select().where(Pegawai.id.in_(held), Pegawai.id != pegawai_id).order_by(Pegawai.nama))
