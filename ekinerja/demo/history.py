"""The demo city's earlier months, run as the city would have run them: a month of LKH entries approved by each
owner's approver (checked with the services' rules and written as the past month's routine days are), fingerprint
scans and apel, then locked by the verifikator through the lock verb, which stores the recap and the SKPD figures.
Every figure of the ranking, the public page, the anomaly flags and the what-if is then explained by entries and
scans."""

import datetime
import random

from ekinerja.demo.attendance import seed_attendance
from ekinerja.demo.city import DEMO_SKPD_CODES
from ekinerja.demo.entries import ApprovedDays, PastMonth, entries_of_day, verifikator_account
from ekinerja.models import AturanTpp, AuditLog, Pegawai, Periode, Skpd, TarifTpp, User
from ekinerja.rules.calendar import month_bounds, previous_month
from ekinerja.services import periods
from ekinerja.services.calendar import approval_deadline, rule_set_on
from ekinerja.services.ranking import months_back

MONTHS = 11


def _month_of_entries(rng, people, users, first, last, today):
    """Every working day of every demo employee holding a position: a day of entries, approved. Returns how many."""
    month = PastMonth(people, users, first, last, today)
    routine = ApprovedDays(month)
    for person in people:
        for day in month.days_of(person):
            held = month.position(person, day)
            if held is None:
                continue
            hours = month.calendar.schedule(person.skpd.jadwal_id, day)
            inputs = entries_of_day(rng, person, day, hours, month.duties(person, day, held))
            routine.add(person, day, held, inputs, month.next_working_day(person, day))
    return len(routine.write())


def _earlier_rule_set(first):
    """When the months reach into a year without a rule set: that year's, as the demo's (same values and tariffs)."""
    current = AturanTpp.select().order_by(AturanTpp.berlaku_mulai).first()
    if current is None or rule_set_on(first).id is not None:
        return
    values = {field.name: getattr(current, field.name) for field in AturanTpp._meta.sorted_fields if field.name != "id"}
    values.update(berlaku_mulai=datetime.date(first.year, 1, 1), nama=f"Aturan TPP {first.year} (Perwal)")
    earlier = AturanTpp.create(**values)
    tariffs = TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).where(TarifTpp.aturan == current)
    rows = [{"aturan": earlier.id, "kelas_jabatan": kelas, "tarif": tarif} for kelas, tarif in tariffs.tuples()]
    TarifTpp.insert_many(rows).execute()


def seed_history(today):
    """Run and lock the MONTHS months before the demo's past month, oldest first; a month already there is left."""
    rng = random.Random("ekinerja-demo-riwayat")
    people = list(Pegawai.select(Pegawai, Skpd).join(Skpd).where(Skpd.kode.in_(DEMO_SKPD_CODES)).order_by(Pegawai.id))
    users = {u.pegawai_id: u for u in User.select().where(User.pegawai.in_([p.id for p in people]))}
    verifikator = verifikator_account()
    last_month = previous_month(previous_month(today)[0])[0]
    counts = {"periode_riwayat": 0, "kegiatan_riwayat": 0}
    months = months_back(last_month.year, last_month.month, MONTHS)
    _earlier_rule_set(month_bounds(*months[0])[0])
    for year, month in months:
        if Periode.select().where(Periode.tahun == year, Periode.bulan == month).exists():
            continue
        first, last = month_bounds(year, month)
        counts["kegiatan_riwayat"] += _month_of_entries(rng, people, users, first, last, today)
        seed_attendance(today, first, last)
        _dated_as_locked_on_time(periods.lock(verifikator, year, month, today=today))
        counts["periode_riwayat"] += 1
    return counts


def _dated_as_locked_on_time(period):
    """The history's lock as the verifikator made it, the working morning after the approval deadline, not at
    seeding time: otherwise every earlier month would read as locked this week (the bell, the lock's date)."""
    locked_at = datetime.datetime.combine(
        approval_deadline(period.tahun, period.bulan) + datetime.timedelta(days=1), datetime.time(9, 30)
    )
    Periode.update(diubah_pada=locked_at).where(Periode.id == period.id).execute()
    lock_entry = (AuditLog.aksi == "kunci") & (AuditLog.objek == "periode") & (AuditLog.objek_id == period.kode)
    AuditLog.update(waktu=locked_at).where(lock_entry).execute()
