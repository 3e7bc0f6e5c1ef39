"""domain.md section 7 worked example, end to end: November 2026, PNS kelas 7."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ekinerja.rules.calendar import DEFAULT_WEEK, day_set, working_days
from ekinerja.rules.discipline import DayDiscipline, DisciplineRules, MonthDiscipline, total_potongan
from ekinerja.rules.kinerja import KinerjaRules, credited_day, kinerja
from ekinerja.rules.tpp import DEMO_TARIF, TppRules, tpp

LEAVE = {date(2026, 11, 10)}  # Tuesday: one day of annual leave
TK_DAY = date(2026, 11, 20)
LATE_DAYS = {date(2026, 11, 3): time(7, 45), date(2026, 11, 17): time(8, 0)}  # 15 and 30 minutes: TL1
EARLY_DAY = (date(2026, 11, 6), time(15, 45))  # Friday ends 16:30: 45 minutes early, PSW2
APEL_PAGI_MISSED = {date(2026, 11, 12), date(2026, 11, 25)}


def schedule_for(day):
    return DEFAULT_WEEK[day.weekday()]


def check_in_out(day):
    if day == TK_DAY:
        return None, None
    check_in = datetime.combine(day, LATE_DAYS.get(day, time(7, 20)))
    if day == EARLY_DAY[0]:
        check_out = datetime.combine(day, EARLY_DAY[1])
    else:
        check_out = datetime.combine(day, schedule_for(day).pulang) + timedelta(minutes=3)
    return check_in, check_out


def test_worked_example_november_2026_kelas_7_receives_2916000():
    hari = working_days(date(2026, 11, 1), date(2026, 11, 30), schedule_for, holidays=set())
    assert len(hari) == 21
    effective = [d for d in hari if d not in LEAVE]
    assert len(effective) == 20

    # 5,200 catalogue and 1,500 tambahan minutes over the 19 days worked, never above 450 a day.
    worked = [d for d in effective if d != TK_DAY]
    daily = {d: (275, 80) for d in worked[:-1]}
    daily[worked[-1]] = (250, 60)
    assert sum(u for u, _ in daily.values()) == 5200
    assert sum(t for _, t in daily.values()) == 1500

    credited = [credited_day(utama, tambahan, KinerjaRules().batas_menit_harian) for utama, tambahan in daily.values()]
    score = kinerja(len(hari), len(LEAVE), *map(sum, zip(*credited, strict=True)), KinerjaRules())
    assert (score.hari_efektif, score.menit_standar) == (20, 6000)
    assert (score.menit_utama, score.menit_tambahan, score.menit_diakui) == (5200, 1200, 6400)
    assert score.capaian_kinerja == Decimal(100)

    # The leave day is berketerangan: not judged.
    month = MonthDiscipline({day: DayDiscipline(day, schedule_for(day), True, DisciplineRules()) for day in hari})
    judged = month.working & ~day_set(day.day for day in LEAVE)
    scanned = [day for day in effective if day != TK_DAY]
    deductions = month.deductions(
        judged,
        day_set(day.day for day in scanned),
        {day.day: check_in_out(day) for day in scanned},
        day_set(day.day for day in scanned if day not in APEL_PAGI_MISSED),
        day_set(day.day for day in scanned),
    )
    assert sorted((d.tanggal.day, d.kode, str(d.persen)) for d in deductions) == [
        (3, "TL1", "0.5"),
        (6, "PSW2", "1.0"),
        (12, "APEL_PAGI", "1.0"),
        (17, "TL1", "0.5"),
        (20, "TK", "3.0"),
        (25, "APEL_PAGI", "1.0"),
    ]
    potongan = total_potongan(deductions, DisciplineRules())
    assert potongan == Decimal("7.0")

    result = tpp(DEMO_TARIF[7], "PNS", score.capaian_kinerja, potongan, TppRules())
    assert (result.porsi_kinerja, result.porsi_disiplin) == (Decimal(1_800_000), Decimal(1_200_000))
    assert (result.tpp_kinerja, result.tpp_disiplin, result.tpp_diterima) == (1_800_000, 1_116_000, 2_916_000)
