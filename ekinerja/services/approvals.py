"""Superiors' and verifikators' decisions on entries, and the lists of entries waiting for them."""

import datetime
import logging
from functools import reduce
from operator import or_
from typing import NamedTuple

from peewee import JOIN, SQL, DatabaseError, fn

from ekinerja import clock
from ekinerja.db import hold_rows, read_once, write_transaction
from ekinerja.models import Aktivitas, Jabatan, MenitHarian, Pegawai, PenugasanPlt, RiwayatJabatan, UraianTugas
from ekinerja.rules.activity import clean_text, first_overlap
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.refusal import Refused
from ekinerja.rules.workflow import Action, Status, TransitionError, next_status
from ekinerja.services import audit
from ekinerja.services.activity import first_skpd_with_entries, month_with_entries, on_leave, taken_hours
from ekinerja.services.calendar import approval_deadline
from ekinerja.services.periods import locked_months
from ekinerja.services.positions import approvers_of, covering, in_force_between, positions_led

NOT_FOUND = "Kegiatan tidak ditemukan."
NOT_SAVED = "Keputusan tidak tersimpan karena basis data sedang sibuk; coba lagi."
NOT_TRIED = "Belum diproses karena keputusan sebelumnya tidak tersimpan; coba lagi."
NOTE_MAX_LENGTH = 500  # a superior's or verifikator's note on a decision, as long as an entry's description
# One decision covers at most this many entries: a month's inbox of a large team, not an unbounded list.
MAX_DECISIONS = 500

log = logging.getLogger(__name__)

WAITING = (Aktivitas.status == Status.DIAJUKAN,)
# What a decision writes of an entry.
DECISION_FIELDS = (Aktivitas.status, Aktivitas.catatan_atasan, Aktivitas.diputuskan_oleh, Aktivitas.diputuskan_pada)


def _decided_by(user):
    """Conditions: entries this user approved, sent back or rejected."""
    return (
        Aktivitas.diputuskan_oleh == user.id,
        Aktivitas.status.in_([Status.DISETUJUI, Status.REVISI, Status.DITOLAK]),
    )


class Outcome(NamedTuple):
    ok: bool
    status: str | None
    pesan: str


def _listed():
    """The columns a list of entries shows of them: the entry whole, its owner's NIP and name, its duty's code, text
    and unit; not every column of the owner (bank details among them) and the duty on each of hundreds of rows."""
    return (
        Aktivitas,
        Pegawai.id,
        Pegawai.nip,
        Pegawai.gelar_depan,
        Pegawai.nama,
        Pegawai.gelar_belakang,
        UraianTugas.id,
        UraianTugas.kode,
        UraianTugas.uraian,
        UraianTugas.satuan,
        UraianTugas.norma_waktu,
    )


def _entries_with_owner_position(to_count=False):
    """Entries joined to the owner's position (RiwayatJabatan covering the entry date) and that position.

    to_count: their ids alone, without the owner and the duty, so that the database finds what it counts in the
    index of (status, pegawai, tanggal, id) without reading the table (52,717 waiting entries: 0.3 -> 0.07 s on
    PostgreSQL, on a machine under load).
    """
    if to_count:
        query = Aktivitas.select(Aktivitas.id)
    else:
        query = (
            Aktivitas.select(*_listed())
            .join(Pegawai)
            .switch(Aktivitas)
            .join(UraianTugas, JOIN.LEFT_OUTER)
            .switch(Aktivitas)
        )
    return query.join(
        RiwayatJabatan,
        on=((RiwayatJabatan.pegawai == Aktivitas.pegawai) & covering(RiwayatJabatan, Aktivitas.tanggal)),
    ).join(Jabatan, on=(RiwayatJabatan.jabatan == Jabatan.id))


def _superior_unfilled(day_field):
    """SQL condition: the owner's position has no superior, or nobody holds or acts for it that day."""
    Holder = RiwayatJabatan.alias("pemegang_atasan")
    Acting = PenugasanPlt.alias("plt_atasan")
    # The owner never decides their own entries, so their own holding of (or acting for) the post leaves it unfilled.
    held = Holder.select(Holder.id).where(
        (Holder.jabatan == Jabatan.atasan) & (Holder.pegawai != Aktivitas.pegawai) & covering(Holder, day_field)
    )
    acting = Acting.select(Acting.id).where(
        (Acting.jabatan == Jabatan.atasan) & (Acting.pegawai != Aktivitas.pegawai) & covering(Acting, day_field)
    )
    return Jabatan.atasan.is_null() | (~fn.EXISTS(held) & ~fn.EXISTS(acting))


def _months_by_deadline(start, end, today):
    """The months from start to end split into those whose approval deadline is still ahead and those past it."""
    open_, past = [], []
    day = start.replace(day=1)
    while day <= end:
        bounds = month_bounds(day.year, day.month)
        (open_ if today <= approval_deadline(day.year, day.month) else past).append(bounds)
        day = bounds[1] + datetime.timedelta(days=1)
    return open_, past


def subordinate_entries(user, start, end, today=None, only=(), to_count=False):
    """Entries this user decides as atasan (holder or Plt/Plh of the superior post), in months before the deadline,
    that meet the conditions `only` (on Aktivitas); to_count: their ids alone (_entries_with_owner_position)."""
    if not user.pegawai_id:
        return None
    led = positions_led(user.pegawai_id, start, end)
    open_months, _ = _months_by_deadline(start, end, today or clock.today())
    if not led or not open_months:
        return None
    condition = reduce(
        or_, [(Jabatan.atasan == jabatan_id) & Aktivitas.tanggal.between(a, b) for jabatan_id, a, b in led]
    )
    in_time = reduce(or_, [Aktivitas.tanggal.between(a, b) for a, b in open_months])
    return _entries_with_owner_position(to_count).where(
        condition,
        in_time,
        Aktivitas.tanggal.between(start, end),
        Aktivitas.pegawai != user.pegawai_id,
        *only,
    )


def _owners_of_posts_maybe_unfilled(start, end):
    """Subquery: the employees who held, some day from start to end, a position whose superior post may have been
    unfilled on one of those days: every position but those whose superior post one person held through the whole
    span without holding the position itself in it (Plt/Plh left aside, so that the set errs on the large side).

    A superset of the owners of the entries the verifikator decides before the deadline: _superior_unfilled still
    judges each of their entries. Found first, it keeps that judging to those owners' entries instead of every
    waiting entry of the city (52,207 before the bench city's deadline, 3 of them the verifikator's).
    """
    own = RiwayatJabatan.alias("jabatan_sendiri")
    holder = RiwayatJabatan.alias("pemegang_sepanjang")
    holds_the_position_too = own.select(own.id).where(
        (own.jabatan == Jabatan.id) & (own.pegawai == holder.pegawai) & in_force_between(own, start, end)
    )
    held_throughout = holder.select(holder.id).where(
        (holder.jabatan == Jabatan.atasan)
        & (holder.mulai <= start)
        & (holder.selesai.is_null() | (holder.selesai >= end))
        & ~fn.EXISTS(holds_the_position_too)
    )
    maybe_unfilled = Jabatan.select(Jabatan.id).where(Jabatan.atasan.is_null() | ~fn.EXISTS(held_throughout))
    return RiwayatJabatan.select(RiwayatJabatan.pegawai).where(
        RiwayatJabatan.jabatan.in_(maybe_unfilled), in_force_between(RiwayatJabatan, start, end)
    )


def verifikator_entries(user, start, end, today=None, only=(), to_count=False):
    """Entries a verifikator decides: positions without a (filled) superior, and all entries past the deadline;
    those that meet the conditions `only` (on Aktivitas); to_count: their ids alone (_entries_with_owner_position).

    The conditions (a status) are filtered in the same query as the superior's post is looked up, and the post is
    judged (two NOT EXISTS subplans per entry) only for the entries of the months before the deadline whose owners'
    posts may be unfilled (_owners_of_posts_maybe_unfilled, a list of ids the database checks first): over the three
    months of an inbox, a city has about a hundred times more entries than wait for a decision, and a handful of
    owners without a superior.
    """
    open_months, past_deadline = _months_by_deadline(start, end, today or clock.today())
    branches = []
    if past_deadline:
        # The dates first: the database stops at them for every entry past the deadline (55,572 on the bench city
        # the day after it) instead of judging each one's superior's post (4-7 s for that inbox before).
        branches.append(reduce(or_, [Aktivitas.tanggal.between(a, b) for a, b in past_deadline]))
    if open_months:
        owners = read_once(  # the inbox's list, its latest decisions and the menu's count ask alike
            ("owners_of_posts_maybe_unfilled", start, end),
            lambda: sorted({pegawai_id for (pegawai_id,) in _owners_of_posts_maybe_unfilled(start, end).tuples()}),
        )
        if owners:
            in_time = reduce(or_, [Aktivitas.tanggal.between(a, b) for a, b in open_months])
            branches.append(in_time & Aktivitas.pegawai.in_(owners) & _superior_unfilled(Aktivitas.tanggal))
    if not branches:
        return None
    query = _entries_with_owner_position(to_count).where(
        reduce(or_, branches), Aktivitas.tanggal.between(start, end), *only
    )
    if user.pegawai_id:
        query = query.where(Aktivitas.pegawai != user.pegawai_id)
    return query


def _decided_as(user, start, end, today, only, to_count=False):
    """The queries of the entries this user decides as atasan and as verifikator (none, one or both); to_count:
    of their ids alone."""
    queries = [subordinate_entries(user, start, end, today, only, to_count)]
    if user.has_role("verifikator"):
        queries.append(verifikator_entries(user, start, end, today, only, to_count))
    return [query for query in queries if query is not None]


def decidable(user, start, end, today=None, only=()):
    """Entries between start and end that this user decides and that meet the conditions `only` (on Aktivitas),
    or None if they decide nothing."""
    conditions = [Aktivitas.id.in_(ids) for ids in _decided_as(user, start, end, today, only, to_count=True)]
    if not conditions:
        return None
    # The conditions and the dates again outside: the database then reads only the entries that meet them (by the
    # status's index) to match with those the inner queries found, instead of every entry of the city.
    return (
        Aktivitas.select(*_listed())
        .join(Pegawai)
        .switch(Aktivitas)
        .join(UraianTugas, JOIN.LEFT_OUTER)
        .where(reduce(or_, conditions), Aktivitas.tanggal.between(start, end), *only)
        .order_by(Pegawai.nama, Pegawai.id, Aktivitas.tanggal, Aktivitas.jam_mulai)
    )


def waiting(user, start, end, today=None):
    """Entries DIAJUKAN that wait for this user's decision, ordered by person and day."""
    query = decidable(user, start, end, today, WAITING)
    return [] if query is None else list(query)


# Entries on one page of an inbox: past the approval deadline a verifikator's inbox holds every entry still waiting in
# the city (55,572 on the bench city), which no page can show at once.
INBOX_PAGE_SIZE = 500


class Inbox(NamedTuple):
    entries: list  # those of the page asked for, by person and day
    recent: list  # the user's latest own decisions
    waiting: int  # how many wait in all
    page: int
    pages: int


def inbox(user, today=None, recent=50, page=1, per_page=None):
    """One page of the superior's or verifikator's inbox of the inbox window, with how many wait in all."""
    today = today or clock.today()
    window = inbox_window(today)
    pending = decidable(user, *window, today, WAITING)
    if pending is None:
        return Inbox([], [], 0, 1, 1)
    page, per_page = max(1, page), per_page or INBOX_PAGE_SIZE
    entries, total = _one_page(pending, page, per_page)
    decided = (
        decidable(user, *window, today, _decided_by(user)).order_by(Aktivitas.diputuskan_pada.desc()).limit(recent)
    )
    return Inbox(entries, list(decided), total, page, _pages(total, per_page))


def _one_page(query, page, per_page):
    """(the entries of one page of an ordered query of entries, how many match in all).

    The page's ids and the total (a window count over every match) are found on the narrow rows, so the matches are
    judged and sorted once; only the page's rows are then read whole, in the same query.
    """
    found = (
        query.select(Aktivitas.id, fn.COUNT(Aktivitas.id).over().alias("jumlah"))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .alias("halaman")
    )
    entries = list(
        query.select_extend(fn.COALESCE(found.c.jumlah, 0).alias("jumlah"))
        .join(found, on=(Aktivitas.id == found.c.id))
        .switch(Aktivitas)
    )
    # A page past the last finds no row to carry the total: counted apart, only then.
    total = entries[0].jumlah if entries else (query.order_by().count() if page > 1 else 0)
    return entries, total


def _pages(total, per_page):
    return max(1, -(-total // per_page))


# Rows on one page of the verification list: an SKPD's month is tens of thousands of entries.
VERIFICATION_PAGE_SIZE = 50


class Listing(NamedTuple):
    entries: list  # those of the page asked for, by person and day
    total: int  # how many match in all
    page: int
    pages: int
    first: int  # the place of the page's first entry among all (1-based; 0 when the page is empty)
    last: int  # and of its last


def verification_list(skpd_id, first, last, only=(), page=1, per_page=None):
    """One page of the entries of an SKPD's people from first to last that meet the conditions `only` (on Aktivitas
    and Pegawai), by person, day and hour, with how many match in all.

    How many each person has is counted first (from the index, in the people's order): the page's people follow
    from it, and only their entries are read and sorted, instead of an SKPD's month (33,163 entries on the bench
    city: 38 -> 8 ms on PostgreSQL).
    """
    page, per_page = max(1, page), per_page or VERIFICATION_PAGE_SIZE
    matching = (Aktivitas.tanggal.between(first, last), Pegawai.skpd == skpd_id, *only)
    per_person = (
        Aktivitas.select(Pegawai.id, fn.COUNT(SQL("*")))  # *: from the index of (pegawai, tanggal) alone
        .join(Pegawai)
        .where(*matching)
        .group_by(Pegawai.id, Pegawai.nama)
        .order_by(Pegawai.nama, Pegawai.id)
        .tuples()
    )
    start = (page - 1) * per_page  # entries before the page
    people, before_them, total = [], 0, 0
    for pegawai_id, count in per_person:
        if total + count > start and total < start + per_page:
            before_them = before_them if people else total
            people.append(pegawai_id)
        total += count
    entries = []
    if people:
        entries = list(
            Aktivitas.select(*_listed())
            .join(Pegawai)
            .switch(Aktivitas)
            .join(UraianTugas, JOIN.LEFT_OUTER)
            .where(*matching, Pegawai.id.in_(people))
            .order_by(Pegawai.nama, Pegawai.id, Aktivitas.tanggal, Aktivitas.jam_mulai, Aktivitas.id)
            .offset(start - before_them)
            .limit(per_page)
        )
    place = start + 1 if entries else 0
    return Listing(entries, total, page, _pages(total, per_page), place, start + len(entries) if entries else 0)


def latest_month(today):
    """(year, month) of the latest entry up to today (today's when there is none): where the verification list opens."""
    return month_with_entries(today + datetime.timedelta(days=1)) or (today.year, today.month)


def first_skpd_with_work(skpds, year, month):
    """The first of skpds (in their order) whose people have entries of the month waiting, else any entry, else the
    first (None without SKPDs): the SKPD the verification list opens on."""
    return (
        first_skpd_with_entries(skpds, year, month, WAITING)
        or first_skpd_with_entries(skpds, year, month)
        or next(iter(skpds), None)
    )


def inbox_window(today):
    """The months an inbox looks at: this one and the two before."""
    first = today.replace(day=1)
    for _ in range(2):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, today


def waiting_count(user, today=None):
    """How many entries wait for this user's decision (shown on every page).

    Counted from the ids of the decider's own query (or the union of their two), not matched again by an outer
    query as the inbox lists them, and found in the index of (status, pegawai, tanggal, id): for the 52,717 entries
    waiting for the verifikator the day after the bench city's deadline, 0.18 -> 0.03-0.07 s on PostgreSQL.
    """
    today = today or clock.today()
    queries = _decided_as(user, *inbox_window(today), today, WAITING, to_count=True)
    if len(queries) == 2:
        return (queries[0] | queries[1]).count()  # a union: an entry found both ways counts once
    # DISTINCT: an owner holding two posts on a day joins an entry twice.
    return queries[0].select(fn.COUNT(Aktivitas.id.distinct())).scalar() if queries else 0


def _rejection_kept(entry):
    """Why a rejected entry cannot be undone, or None.

    Rejected, it gave up its hours and its day: back in play it would count hours logged again since, or stand on
    a day since recorded as leave, on which no entry may be.
    """
    clash = first_overlap(entry.jam_mulai, entry.jam_selesai, taken_hours(entry.pegawai_id, entry.tanggal, entry.id))
    if clash:
        return f"Jamnya sudah dipakai kegiatan lain pukul {clash}; tidak dapat dibatalkan."
    if on_leave(entry.pegawai_id, entry.tanggal):
        return "Pada hari itu pegawai tercatat cuti, dinas luar atau diklat; penolakan tidak dapat dibatalkan."
    return None


def _is_visible_to_decider(user, entry, approvers):
    if user.has_role("verifikator"):
        return True
    return user.pegawai_id in approvers or entry.diputuskan_oleh_id == user.id


def decide(user, ids, action, note=None, today=None):
    """Apply one action to several entries; each succeeds or fails on its own, with its reason.

    The entries are decided in one transaction (_decide_together). Should the database fail on it once some entry
    was judged, they are decided again one at a time: then those before the one it fails on stay decided and the rest
    are not tried, and every id's outcome says which. A failure before the first entry (the database busy, or the
    owners' rows) is no entry's: none is saved and the rest are not tried, rather than waiting as long again.

    More than MAX_DECISIONS entries at once: Refused on ids, nothing decided.
    """
    if len(ids) > MAX_DECISIONS:
        raise Refused(f"Paling banyak {MAX_DECISIONS} kegiatan dalam satu keputusan; pilih lebih sedikit.", "ids")
    today = today or clock.today()
    ids = list(ids)
    if not ids:
        return {}
    try:
        action = Action(action)
    except ValueError:
        return {entry_id: Outcome(False, None, "Tindakan tidak dikenal.") for entry_id in ids}
    try:
        note = clean_text(note, NOTE_MAX_LENGTH)
    except ValueError as exc:
        return {entry_id: Outcome(False, None, f"Catatan: {exc}") for entry_id in ids}
    deadlines = {}  # (year, month): the approval deadline, read once for the entries of a month
    judged = {}  # what the batch's transaction judged before it failed, if it did
    try:
        results = _decide_together(user, ids, action, note, today, deadlines, judged)
    except DatabaseError:
        log.exception("%s: %s kegiatan bersama tidak tersimpan", action.value, len(ids))
        results = _one_at_a_time(user, ids, action, note, today, deadlines) if judged else _not_saved_from(ids, 0, {})
    decided = [entry_id for entry_id, outcome in results.items() if outcome.ok]
    log.info(
        "%s: %s dari %s kegiatan oleh %s: %s", action.value, len(decided), len(ids), audit.actor_name(user), decided
    )
    return results


def _one_at_a_time(user, ids, action, note, today, deadlines):
    """{id: Outcome}: each id decided in a transaction of its own, until the database fails on one; those before it
    stay decided, and the answer says which."""
    results = {}
    for position, entry_id in enumerate(ids):
        try:
            results.update(_decide_together(user, [entry_id], action, note, today, deadlines, {}))
        except DatabaseError:
            log.exception("%s: kegiatan %s tidak tersimpan", action.value, entry_id)
            return _not_saved_from(ids, position, results)
    return results


def _not_saved_from(ids, position, results):
    """results, with ids[position] not saved (the database failed on it) and the ids after it not tried."""
    results[ids[position]] = Outcome(False, None, NOT_SAVED)
    results.update((rest, Outcome(False, None, NOT_TRIED)) for rest in ids[position + 1 :] if rest not in results)
    return results


def transition(user, status, action, *, approvers, owner_id, decided_last, month_locked, before_deadline, note):
    """The status an entry of owner_id goes to when user takes action on it; TransitionError when user may not.

    approvers: the owner's approvers on the entry's day (none: the verifikator decides).
    """
    is_verifikator = user.has_role("verifikator")
    return next_status(
        Status(status),
        action,
        actor_is_approver=user.pegawai_id in approvers or (is_verifikator and not approvers),
        actor_is_verifikator=is_verifikator,
        actor_is_owner=owner_id == user.pegawai_id,
        actor_decided_last=decided_last,
        month_open=not month_locked,
        month_locked=month_locked,
        before_deadline=before_deadline,
        note=note,
    )


def _entry_number(entry_id):
    try:
        return int(entry_id)
    except (TypeError, ValueError):
        return None


def _decide_together(user, ids, action, note, today, deadlines, results):
    """results ({id: Outcome}, filled as it goes), of deciding these entries in one transaction, each on its own
    merits.

    Their owners are held first (hold_rows: a decision waits for, and holds off, other writes of their entries and
    hours), then the entries read as those writes left them, and the locked months once; each entry is judged and
    written in turn (an undone rejection sees the hours the ones before it took back), and their day totals and
    audit entries are written once for the batch.
    """
    numbers = [number for number in map(_entry_number, ids) if number is not None]
    changes, days = [], []
    with write_transaction():
        hold_rows(Pegawai, Aktivitas.select(Aktivitas.pegawai).where(Aktivitas.id.in_(numbers)))
        entries = {entry.id: entry for entry in Aktivitas.select().where(Aktivitas.id.in_(numbers))}
        locked = locked_months(entry.tanggal for entry in entries.values())
        for entry_id in ids:
            entry = entries.get(_entry_number(entry_id))
            before = entry.status if entry else None
            results[entry_id] = _decide_one(user, entry_id, entries, action, note, today, deadlines, locked)
            if results[entry_id].ok:
                changes.append((entry.id, {"dari": before, "ke": entry.status, "alasan": note}))
                days.append((entry.pegawai_id, entry.tanggal))
        MenitHarian.refresh_days(days)
        audit.record_many(user, action.value, "aktivitas", changes)
    return results


def _decide_one(user, entry_id, entries, action, note, today, deadlines, locked):
    """The outcome of one entry of a batch (entries: the batch's, by id), its new status written."""
    entry = entries.get(_entry_number(entry_id))
    if entry is None:
        return Outcome(False, None, NOT_FOUND)
    approvers = approvers_of(entry.pegawai_id, entry.tanggal)
    if not _is_visible_to_decider(user, entry, approvers):
        return Outcome(False, None, NOT_FOUND)
    month = (entry.tanggal.year, entry.tanggal.month)
    if month not in deadlines:
        deadlines[month] = approval_deadline(*month)
    try:
        target = transition(
            user,
            entry.status,
            action,
            approvers=approvers,
            owner_id=entry.pegawai_id,
            decided_last=entry.diputuskan_oleh_id == user.id,
            month_locked=month in locked,
            before_deadline=today <= deadlines[month],
            note=note,
        )
    except TransitionError as exc:
        return Outcome(False, entry.status, str(exc))
    refused = _rejection_kept(entry) if entry.status == Status.DITOLAK else None
    if refused:
        return Outcome(False, entry.status, refused)
    entry.status = target
    if action == Action.BATALKAN:
        entry.catatan_atasan = entry.diputuskan_oleh = entry.diputuskan_pada = None
    else:
        entry.catatan_atasan = note
        entry.diputuskan_oleh = user
        entry.diputuskan_pada = clock.now()
    # A bulk write (no day totals refreshed here): the batch refreshes the days it decided at once.
    Aktivitas.update({field: getattr(entry, field.name) for field in DECISION_FIELDS}).where(
        Aktivitas.id == entry.id
    ).execute()
    return Outcome(True, str(target), f"Kegiatan {Status(target).label.lower()}.")


def visible_entry(user, entry_id):
    """An entry this user may see: their own, a subordinate's, or any for verifikator and admin; else None."""
    try:
        entry = Aktivitas.get_or_none(Aktivitas.id == int(entry_id))
    except (TypeError, ValueError):
        return None
    if entry is None:
        return None
    if entry.pegawai_id == user.pegawai_id or user.has_role("verifikator", "admin"):
        return entry
    if user.has_role("admin_skpd") and Pegawai.get_by_id(entry.pegawai_id).skpd_id == user.skpd_id:
        return entry
    if user.pegawai_id and user.pegawai_id in approvers_of(entry.pegawai_id, entry.tanggal):
        return entry
    return None
