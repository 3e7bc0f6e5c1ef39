"""A past month of daily entries (LKH) in every status, written through the services' rules, for the demo people."""

import datetime
import itertools
import math
import random

from peewee import fn

from ekinerja import clock
from ekinerja.db import insert_all
from ekinerja.demo.city import DEMO_SKPD_CODES, EXAMPLE_STAFF, EXAMPLE_SUPERIOR
from ekinerja.models import Aktivitas, AuditLog, Cuti, MenitHarian, Pegawai, PenugasanPlt, RiwayatJabatan, Skpd, User
from ekinerja.rules.activity import MAX_VOLUME, EntryContext, entry_errors
from ekinerja.rules.calendar import previous_month
from ekinerja.rules.workflow import Action, Status
from ekinerja.services import activity, approvals, audit
from ekinerja.services.calendar import Calendar, approval_deadline, rule_set_on
from ekinerja.services.periods import is_locked
from ekinerja.services.positions import approvers_of

# Leave in the past month, recorded before the entries: (name, jenis, first working day index, working days,
# letter number).
PAST_LEAVE = (
    ("Muhammad Rizal", "cuti_tahunan", 6, 3, "851/412/DPKAD/{year}"),
    ("Irwansyah", "dinas_luar", 12, 2, "094/215/SETDA/{year}"),
)
TAMBAHAN = (
    "Rapat koordinasi persiapan pembahasan APBK Perubahan di Bappeda",
    "Rapat koordinasi evaluasi penerapan e-Kinerja PNS di lingkungan {org}",
    "Mendampingi kunjungan tim Inspektorat Kota ke {org}",
    "Mendampingi kunjungan tim BPK RI Perwakilan Aceh",
    "Mengikuti sosialisasi aplikasi SIPD dari Kementerian Dalam Negeri",
    "Mengikuti bimbingan teknis penyusunan laporan kinerja instansi pemerintah",
    "Menjadi panitia peringatan hari besar Islam di lingkungan {org}",
    "Rapat koordinasi lintas SKPD tentang peningkatan pelayanan publik",
)
KETERANGAN = (
    "Sesuai disposisi atasan.",
    "Hasil kerja diarsipkan pada unit kerja.",
    "Dikerjakan bersama tim kerja.",
    "Lanjutan pekerjaan hari sebelumnya.",
)
REVISI_NOTES = (
    "Lengkapi bukti hasil kerja.",
    "Volume belum sesuai dengan waktu yang dilaporkan; mohon diperbaiki.",
    "Uraikan hasil kerja pada kolom keterangan.",
)
TOLAK_NOTES = ("Kegiatan yang sama sudah dilaporkan pada hari lain.",)
TOLAK_TAMBAHAN_NOTES = (
    "Tugas tambahan tidak disertai surat tugas atau undangan.",
    "Kegiatan ini bukan penugasan dari atasan.",
)
ANULIR_NOTES = (
    "Hasil kerja tidak dapat dibuktikan saat verifikasi dokumen.",
    "Pegawai tercatat tidak berada di kantor pada jam kegiatan menurut data presensi.",
)
REVISED_KETERANGAN = "Bukti hasil kerja dilampirkan (rekap dokumen yang diperiksa)."


def _minutes(t):
    return t.hour * 60 + t.minute


def _clock(minutes):
    return datetime.time(minutes // 60, minutes % 60)


def _split(rng, start, end, pieces):
    """[start, end) in minutes cut into `pieces` intervals on the half hour, each at least an hour long."""
    for _ in range(10):
        cuts = sorted(rng.sample(range(start + 60, end - 59, 30), pieces - 1)) if pieces > 1 else []
        bounds = [start, *cuts, end]
        if all(b - a >= 60 for a, b in itertools.pairwise(bounds)):
            return list(itertools.pairwise(bounds))
    return [(start, end)]


def day_blocks(rng, day, hours):
    """Intervals (minutes) worked on a day: from 08:00 to 12:00, and after the break (14:00 on Friday) until
    around closing time. 300-420 minutes on the standard and the Ramadan schedule, never overlapping.
    """
    morning = (max(480, _minutes(hours.masuk)), 720)
    friday = day.weekday() == 4
    after = 840 if friday else 780
    latest = min(_minutes(hours.pulang), 990 if friday else 960)
    ends = [end for end in (latest - 60, latest - 30, latest) if end - after >= 60] or [latest]
    afternoon = (after, rng.choice(ends))
    blocks = _split(rng, *morning, rng.choices((1, 2, 3), (1, 3, 2))[0])
    if afternoon[1] > afternoon[0]:
        pieces = rng.choices((1, 2), (2, 1))[0] if afternoon[1] - afternoon[0] >= 120 else 1
        blocks += _split(rng, *afternoon, pieces)
    return blocks


def entries_of_day(rng, person, day, hours, duties):
    """The EntryInputs of one working day: catalogue duties weighted by workload, now and then a tugas tambahan."""
    blocks = day_blocks(rng, day, hours)
    extra = rng.randrange(len(blocks)) if rng.random() < 0.15 else None
    weights = [d.volume_tahunan * d.norma_waktu for d in duties]
    inputs, previous = [], None
    for index, (start, end) in enumerate(blocks):
        keterangan = rng.choice(KETERANGAN) if rng.random() < 0.15 else None
        if index == extra or not duties:
            uraian = rng.choice(TAMBAHAN).format(org=person.skpd.singkatan)
            inputs.append(activity.EntryInput(day, None, True, uraian, 1, _clock(start), _clock(end), keterangan))
            continue
        duty = rng.choices(duties, weights)[0]
        if duty == previous and len(duties) > 1:
            duty = rng.choices(duties, weights)[0]
        previous = duty
        # Enough output to earn the whole interval (credit is the lesser of volume x norma and the duration).
        volume = max(1, min(MAX_VOLUME, math.ceil((end - start) / duty.norma_waktu * rng.uniform(1.0, 1.15))))
        inputs.append(activity.EntryInput(day, duty.kode, False, None, volume, _clock(start), _clock(end), keterangan))
    return inputs


def _status_of(rng, tambahan):
    """The decision on one entry: nearly always approved; extra tasks are questioned more often."""
    roll = rng.random()
    if roll < 0.002:
        return Status.DIAJUKAN
    if roll < (0.04 if tambahan else 0.004):
        return Status.DITOLAK
    if roll < (0.08 if tambahan else 0.01):
        return Status.REVISI
    return Status.DISETUJUI


def _evidence_pdf(text):
    """A one-page PDF with a line of text: the evidence the owner attaches on revision."""
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def verifikator_account():
    """The verifikator service account, else another account with the role that is nobody's NIP."""
    account = User.get_or_none(User.username == "verifikator")
    if account is not None and account.has_role("verifikator"):
        return account
    return next(u for u in User.select().order_by(User.id) if u.has_role("verifikator") and u.pegawai_id is None)


class PastMonth:
    """What the services would look up per entry, loaded once for the month: positions, duties, approvers."""

    def __init__(self, people, users, first, last, today):
        self.users, self.first, self.last = users, first, last
        self.verifikator = verifikator_account()
        self.calendar = Calendar(first, max(today, last + datetime.timedelta(days=14)))
        self.working = {jid: self.calendar.working_days(jid) for jid in {p.skpd.jadwal_id for p in people}}
        self.locked = is_locked(first)
        self.held = {}
        for riwayat in RiwayatJabatan.select().where(RiwayatJabatan.pegawai.in_([p.id for p in people])):
            self.held.setdefault(riwayat.pegawai_id, []).append(riwayat)
        # Without a position change or acting assignment starting or ending inside the month, a person's
        # approvers are the same on every day of it.
        inside = [
            model.select().where(model.mulai.between(first, last) | model.selesai.between(first, last)).exists()
            for model in (RiwayatJabatan, PenugasanPlt)
        ]
        self.stable = not any(inside)
        self._duties, self._approvers, self._rules, self._deadlines = {}, {}, {}, {}
        self.days_off = {}  # {pegawai id: days of leave}, filled by _record_leave

    def days_of(self, person):
        return [d for d in self.working[person.skpd.jadwal_id] if self.first <= d <= self.last]

    def next_working_day(self, person, day):
        return next(d for d in self.working[person.skpd.jadwal_id] if d > day)

    def position(self, person, day):
        return next((r for r in self.held.get(person.id, ()) if r.covers(day)), None)

    def duties(self, person, day, held):
        if held.id not in self._duties:
            self._duties[held.id] = list(activity.duties_on(person.id, day))
        return self._duties[held.id]

    def approver_ids(self, person, day, held):
        key = (held.id, None if self.stable else day)
        if key not in self._approvers:
            self._approvers[key] = approvers_of(person.id, day)
        return self._approvers[key]

    def before_deadline(self, day, decision_day):
        month = (day.year, day.month)
        if month not in self._deadlines:
            self._deadlines[month] = approval_deadline(*month)
        return decision_day <= self._deadlines[month]

    def approver(self, person, day, held, decision_day):
        """Who decides on decision_day: the (lowest-id) holder of the superior position, or the verifikator for a
        position without superior and once the approval deadline has passed (a long holiday at the month's end).
        """
        ids = self.approver_ids(person, day, held)
        if ids and self.before_deadline(day, decision_day):
            return self.users[min(ids)]
        return self.verifikator

    def rules(self, day):
        if day not in self._rules:
            self._rules[day] = rule_set_on(day)
        return self._rules[day]


class ApprovedDays:
    """Routine days whose every entry is approved, too many to write one service call at a time (the seed would
    take minutes): checked with the entry and status rules the services apply, then written at once with the
    audit trail the services write (ajukan by the owner, setujui by the approver).
    """

    def __init__(self, month):
        self.month, self.rows, self.decisions = month, [], []
        self.decided = {}  # {(approver id, day): decisions so far}: one every half minute from 08:00

    def _decided_at(self, approver, decision_day):
        count = self.decided.get((approver.id, decision_day), 0)
        self.decided[(approver.id, decision_day)] = count + 1
        return datetime.datetime.combine(decision_day, datetime.time(8)) + datetime.timedelta(seconds=30 * count)

    def add(self, person, day, held, inputs, decision_day):
        month = self.month
        approver = month.approver(person, day, held, decision_day)
        ids = month.approver_ids(person, day, held)
        rules = month.rules(day)
        # Raises TransitionError if this approver could not approve these entries on decision_day.
        approvals.transition(
            approver,
            Status.DIAJUKAN,
            Action.SETUJUI,
            approvers=ids,
            owner_id=person.id,
            decided_last=False,
            month_locked=month.locked,
            before_deadline=month.before_deadline(day, decision_day),
            note=None,
        )
        duties = {d.kode: d for d in month.duties(person, day, held)}
        intervals = []
        for data in inputs:
            duty = None if data.tambahan else duties.get(data.tugas_kode)
            ctx = EntryContext(
                today=day,
                position_start=held.mulai,
                month_locked=month.locked,
                on_leave=day in month.days_off.get(person.id, ()),
                working_days_after=0,
                batas_input_hari_kerja=rules.batas_input_hari_kerja,
                other_intervals=list(intervals),
                duty_known=duty is not None,
            )
            errors = entry_errors(activity.draft_of(data), ctx)
            if errors:
                raise activity.EntryRejected(errors)
            intervals.append((data.jam_mulai, data.jam_selesai))
            self.rows.append(
                {
                    "pegawai": person.id,
                    **activity.entry_values(data, duty),
                    "status": Status.DISETUJUI.value,
                    "diputuskan_oleh": approver.id,
                    # Submitted as the work ends, decided on the next working day.
                    "diputuskan_pada": self._decided_at(approver, decision_day),
                    "dibuat_pada": datetime.datetime.combine(day, data.jam_selesai),
                }
            )
            self.decisions.append((month.users[person.id], approver))

    def write(self):
        """Insert the entries and their audit trail; returns [(pegawai id, entry id)]."""
        if not self.rows:
            return []
        insert_all(Aktivitas, self.rows)
        MenitHarian.refresh_days([(row["pegawai"], row["tanggal"]) for row in self.rows])
        keys = {(r["pegawai"], r["tanggal"], r["jam_mulai"]) for r in self.rows}
        query = Aktivitas.select(Aktivitas.id, Aktivitas.pegawai, Aktivitas.tanggal, Aktivitas.jam_mulai).where(
            Aktivitas.tanggal.between(self.month.first, self.month.last),
            Aktivitas.pegawai.in_(list({r["pegawai"] for r in self.rows})),
        )
        id_of = {(p, t, m): i for i, p, t, m in query.tuples() if (p, t, m) in keys}
        trail, written = [], []
        for row, (owner, approver) in zip(self.rows, self.decisions, strict=True):
            entry_id = id_of[(row["pegawai"], row["tanggal"], row["jam_mulai"])]
            written.append((row["pegawai"], entry_id))
            for user, aksi, dari, ke in (
                (owner, "ajukan", None, Status.DIAJUKAN),
                (approver, Action.SETUJUI.value, Status.DIAJUKAN, Status.DISETUJUI),
            ):
                trail.append(
                    {
                        "pengguna": audit.actor_name(user),
                        "aksi": aksi,
                        "objek": "aktivitas",
                        "objek_id": str(entry_id),
                        "dari": dari and dari.value,
                        "ke": ke.value,
                    }
                )
        insert_all(AuditLog, trail)
        return written


def _decide(user, entry_ids, action, note, today):
    for entry_id, outcome in approvals.decide(user, entry_ids, action, note, today=today).items():
        if not outcome.ok:
            raise AssertionError(f"demo: {action} atas kegiatan {entry_id}: {outcome.pesan}")


def _record_leave(actor, month, by_name):
    """The past month's leave (before the entries): {pegawai id: days off}. None in a locked month."""
    days_off = {}
    for nama, jenis, start_index, length, nomor in PAST_LEAVE:
        person = by_name.get(nama)
        days = month.days_of(person) if person and not month.locked else []
        taken = days[max(0, min(start_index, len(days) - length)) :][:length]
        if not taken:
            continue
        cuti = Cuti.create(
            pegawai=person, jenis=jenis, mulai=taken[0], selesai=taken[-1], nomor_surat=nomor.format(year=taken[0].year)
        )
        audit.record(
            actor,
            "tambah",
            "cuti",
            cuti.id,
            rincian={"pegawai": person.nip, "jenis": jenis, "mulai": cuti.mulai, "selesai": cuti.selesai},
        )
        days_off[person.id] = set(taken)
    return days_off


def seed_activity(actor, store, today=None):
    """A realistic past month of LKH entries in every status, and this month's last days for the example pair.

    Entries are submitted on their own day and decided on the next working day by the owner's actual approver
    (the verifikator where the position has no superior). Days with anything but approvals, and every day of
    the example pair, go through the services; routine approved days are checked with the same rules and
    written in bulk with their audit trail. The past month stays open. Returns counts for the seed's audit row.
    """
    today = today or clock.today()
    rng = random.Random("ekinerja-demo-lkh")
    first, last = previous_month(today)
    people = list(Pegawai.select(Pegawai, Skpd).join(Skpd).where(Skpd.kode.in_(DEMO_SKPD_CODES)).order_by(Pegawai.id))
    by_name = {p.nama: p for p in people}
    users = {u.pegawai_id: u for u in User.select().where(User.pegawai.in_([p.id for p in people]))}
    month = PastMonth(people, users, first, last, today)
    days_off = month.days_off = _record_leave(actor, month, by_name)
    staff, superior = by_name[EXAMPLE_STAFF], by_name[EXAMPLE_SUPERIOR]
    routine = ApprovedDays(month)
    approved, revised = [], None

    # A month an operator has already locked takes no entries.
    for person in [] if month.locked else people:
        days = month.days_of(person)
        owner = users[person.id]
        # Some approvers had not come round to the last days of the month yet.
        waiting_days = {d for d in days[-3:] if rng.random() < 0.08}
        for day_index, day in enumerate(days):
            held = month.position(person, day)
            if held is None or day in days_off.get(person.id, ()):
                continue
            inputs = entries_of_day(
                rng, person, day, month.calendar.schedule(person.skpd.jadwal_id, day), month.duties(person, day, held)
            )
            statuses = [_status_of(rng, data.tambahan) for data in inputs]
            decision_day = month.next_working_day(person, day)
            if person is staff and day_index == 2:
                statuses[0] = Status.REVISI  # she edits it back to DIAJUKAN below
            # Not decided yet: the approver has not come round to it, or that day is still to come.
            if day in waiting_days or decision_day > today or (person is staff and day == days[-1]):
                statuses = [Status.DIAJUKAN] * len(inputs)
            if person not in (staff, superior) and set(statuses) == {Status.DISETUJUI}:
                routine.add(person, day, held, inputs, decision_day)
                continue
            entries = [activity.submit(owner, person, data, today=day) for data in inputs]
            approver = month.approver(person, day, held, decision_day)
            ids = [e.id for e, s in zip(entries, statuses, strict=True) if s == Status.DISETUJUI]
            if ids:
                _decide(approver, ids, Action.SETUJUI, None, decision_day)
                approved += [(person.id, entry_id) for entry_id in ids]
            for entry, data, status in zip(entries, inputs, statuses, strict=True):
                if status == Status.REVISI:
                    _decide(approver, [entry.id], Action.REVISI, rng.choice(REVISI_NOTES), decision_day)
                    if person is staff and revised is None:
                        revised = (entry, data, decision_day)
                elif status == Status.DITOLAK:
                    notes = TOLAK_TAMBAHAN_NOTES if data.tambahan else TOLAK_NOTES
                    _decide(approver, [entry.id], Action.TOLAK, rng.choice(notes), decision_day)

    approved += routine.write()
    if revised is not None:
        entry, data, day = revised
        evidence = activity.Evidence("bukti-hasil-kerja.pdf", _evidence_pdf("Bukti hasil kerja (data demo)"))
        activity.update(
            users[staff.id],
            entry,
            data._replace(keterangan=REVISED_KETERANGAN),
            evidence=evidence,
            today=day,
            store=store,
        )

    # Verifying the month, the verifikator annuls an approved entry each of a couple of people.
    by_person = {}
    for pegawai_id, entry_id in sorted(approved):
        by_person.setdefault(pegawai_id, []).append(entry_id)
    annulled = rng.sample(sorted(by_person), min(len(by_person), len(ANULIR_NOTES)))
    for pegawai_id, note in zip(annulled, ANULIR_NOTES, strict=False):
        _decide(month.verifikator, [rng.choice(by_person[pegawai_id])], Action.ANULIR, note, today)

    # This month: the example pair's last working days before today, waiting for their superiors.
    this_month = [d for d in month.working[staff.skpd.jadwal_id] if today.replace(day=1) <= d < today]
    for person in (staff, superior):
        for day in this_month[-2:]:
            held = month.position(person, day)
            if held is None:
                continue
            duties = list(activity.duties_on(person.id, day))
            hours = month.calendar.schedule(person.skpd.jadwal_id, day)
            for data in entries_of_day(rng, person, day, hours, duties):
                activity.submit(users[person.id], person, data, today=day)

    query = (
        Aktivitas.select(Aktivitas.status, fn.COUNT(Aktivitas.id))
        .where(Aktivitas.pegawai.in_([p.id for p in people]))
        .group_by(Aktivitas.status)
    )
    counts = {f"aktivitas_{status.lower()}": n for status, n in query.tuples()}
    counts["cuti"] = len(days_off)
    return counts
