"""Who signs a month's documents, read from the dated rows on the day they sign for.

An employee's atasan langsung is whoever holds (or acts for) the superior position on the last day the employee
held the month's last position; an SKPD's Kepala holds its top position, its Bendahara serves, on the signing day.
A locked month keeps them in its snapshot (services.recap.snapshot): the positions' superiors, kelas and active
flags are not dated, so they are read here only while the month is open and once when it is locked.
"""

from collections import defaultdict

from peewee import JOIN, Value

from ekinerja.models import BendaharaSkpd, Jabatan, Pegawai, PenugasanPlt, RiwayatJabatan
from ekinerja.models.people import full_name
from ekinerja.rules.calendar import month_bounds
from ekinerja.services.positions import covering, in_force_between

# Above this many positions the holders of every position are read, rather than a list of ids in the query.
_MAX_LISTED_IDS = 900


def person(pegawai, jabatan=None, sebutan=None):
    """A signatory as the documents print it."""
    return {"nama": pegawai.nama_lengkap, "nip": pegawai.nip, "jabatan": jabatan, "sebutan": sebutan}


def _dated_people(model, ids, first, last):
    """{jabatan id: [(mulai, selesai, row id, pegawai id, nip, full name, jenis)]} of a dated model in force from
    first to last, latest start first."""
    jenis = model.jenis if model is PenugasanPlt else Value("")
    query = (
        model.select(
            model.jabatan,
            model.mulai,
            model.selesai,
            model.id,
            Pegawai.id,
            Pegawai.nip,
            Pegawai.gelar_depan,
            Pegawai.nama,
            Pegawai.gelar_belakang,
            jenis,
        )
        .join(Pegawai)
        .where(in_force_between(model, first, last))
    )
    if len(ids) <= _MAX_LISTED_IDS:
        query = query.where(model.jabatan.in_(ids))
    found = defaultdict(list)
    for jabatan_id, mulai, selesai, row_id, pegawai_id, nip, depan, nama, belakang, kind in query.tuples():
        found[jabatan_id].append((mulai, selesai, row_id, pegawai_id, nip, full_name(depan, nama, belakang), kind))
    for rows in found.values():
        rows.sort(key=lambda row: (row[0], row[2]), reverse=True)
    return found


def holders(wanted):
    """{(jabatan id, day, excluded pegawai id or None): the person holding the position that day, else the one
    acting for it (sebutan 'Plt.'/'Plh.'), else None} for every triple wanted, in a few queries."""
    wanted = set(wanted)
    if not wanted:
        return {}
    ids = sorted({jabatan_id for jabatan_id, _, _ in wanted})
    first, last = min(day for _, day, _ in wanted), max(day for _, day, _ in wanted)
    names = dict(Jabatan.select(Jabatan.id, Jabatan.nama).where(Jabatan.id.in_(ids)).tuples())
    held = _dated_people(RiwayatJabatan, ids, first, last)
    acting = _dated_people(PenugasanPlt, ids, first, last)
    result = {}
    for key in wanted:
        jabatan_id, day, exclude = key
        result[key] = None
        for rows, is_acting in ((held[jabatan_id], False), (acting[jabatan_id], True)):
            row = next(
                (r for r in rows if r[0] <= day and (r[1] is None or r[1] >= day) and r[3] != exclude),
                None,
            )
            if row is not None:
                sebutan = ("Plh." if row[6] == "plh" else "Plt.") if is_acting else None
                result[key] = {"nama": row[5], "nip": row[4], "jabatan": names[jabatan_id], "sebutan": sebutan}
                break
    return result


def superiors(year, month, pegawai_ids=None):
    """{pegawai id: the atasan langsung who signs their month, or None} of everyone (or these people) holding a
    position in the month."""
    first, last = month_bounds(year, month)
    query = (
        RiwayatJabatan.select(RiwayatJabatan.pegawai, RiwayatJabatan.mulai, RiwayatJabatan.selesai, Jabatan.atasan)
        .join(Jabatan)
        .where(in_force_between(RiwayatJabatan, first, last))
    )
    if pegawai_ids is not None:
        query = query.where(RiwayatJabatan.pegawai.in_(list(pegawai_ids)))
    latest = {}
    for pegawai_id, mulai, selesai, atasan_id in query.tuples():
        if pegawai_id not in latest or mulai > latest[pegawai_id][0]:
            latest[pegawai_id] = (mulai, min(last, selesai or last), atasan_id)
    wanted = {pid: (atasan_id, day, pid) for pid, (_, day, atasan_id) in latest.items() if atasan_id is not None}
    found = holders(wanted.values())
    return {pid: found[wanted[pid]] if pid in wanted else None for pid in latest}


def _tops(*columns):
    """Query: the active positions reporting to nobody or to a position of another SKPD, the highest of each SKPD
    first (by kelas, then id): an SKPD's top position is the first of its own."""
    above = Jabatan.alias()
    return (
        Jabatan.select(*columns)
        .join(above, JOIN.LEFT_OUTER, on=(Jabatan.atasan == above.id))
        .where(Jabatan.aktif, Jabatan.atasan.is_null() | (above.skpd != Jabatan.skpd))
        .order_by(Jabatan.skpd, Jabatan.kelas_jabatan.desc(), Jabatan.id)
    )


def head_position(skpd):
    """The SKPD's top position: active, and reporting to nobody or to a position of another SKPD."""
    return _tops(Jabatan).where(Jabatan.skpd == skpd.id).first()


def head_positions(skpd_ids):
    """{skpd id: the id of its top position} of these SKPDs (head_position of each, in one query)."""
    heads = {}
    for skpd_id, jabatan_id in _tops(Jabatan.skpd, Jabatan.id).where(Jabatan.skpd.in_(skpd_ids)).tuples():
        heads.setdefault(skpd_id, jabatan_id)
    return heads


def _holder_or_vacant(position, day):
    """Who signs for a position on the day (its holder, else who acts for it), else the vacant position's name."""
    if position is None:
        return None
    found = holders([(position.id, day, None)])[(position.id, day, None)]
    return found or {"nama": None, "nip": None, "jabatan": position.nama, "sebutan": None}


def city_head(day):
    """The Sekretaris Daerah, who signs the city's documents: the holder on the day of the city's top position
    (active, reporting to nobody, the highest kelas), or None without positions."""
    top = (
        Jabatan.select()
        .where(Jabatan.aktif, Jabatan.atasan.is_null())
        .order_by(Jabatan.kelas_jabatan.desc(), Jabatan.id)
        .first()
    )
    return _holder_or_vacant(top, day)


def skpd_signatories(skpd, day):
    """Kepala SKPD (holder of the top position on the day) and Bendahara (the treasurer serving that day), or None."""
    kepala = _holder_or_vacant(head_position(skpd), day)
    treasurer = (
        BendaharaSkpd.select(BendaharaSkpd, Pegawai)
        .join(Pegawai)
        .where(BendaharaSkpd.skpd == skpd.id, covering(BendaharaSkpd, day))
        .order_by(BendaharaSkpd.mulai.desc())
        .first()
    )
    bendahara = person(treasurer.pegawai, "Bendahara Pengeluaran") if treasurer else None
    return kepala, bendahara
