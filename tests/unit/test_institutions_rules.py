"""Ranking, anomaly, calibration and what-if rules, on figures worked by hand."""

import datetime
from decimal import Decimal as D

import pytest

from ekinerja.rules import anomalies, calibration, ranking
from ekinerja.rules.discipline import DisciplineRules
from ekinerja.rules.kinerja import KinerjaRules
from ekinerja.rules.simulation import deduction_percent, recompute
from ekinerja.rules.tpp import TppRules


def test_score_is_the_weighted_mean_of_the_measured_measures():
    # (90 x 40 + 80 x 30 + 100 x 15 + 60 x 15) / 100 = (3600 + 2400 + 1500 + 900) / 100 = 84
    measures = {"rata_capaian": D(90), "persen_disiplin": D(80), "persen_lkh": D(100), "persen_tepat": D(60)}
    assert ranking.score(measures) == D("84.00")


def test_a_measure_not_measured_leaves_the_score_to_the_others():
    # (90 x 40 + 80 x 30) / 70 = 6000 / 70 = 85.714... -> 85.71
    measures = {"rata_capaian": D(90), "persen_disiplin": D(80), "persen_lkh": None, "persen_tepat": None}
    assert ranking.score(measures) == D("85.71")


def test_person_score_weighs_capaian_and_the_discipline_kept():
    # (100 x 40 + (100 - 7) x 30) / 70 = (4000 + 2790) / 70 = 97.0
    assert ranking.person_score(D(100), D(7)) == D("97.00")


def test_equal_scores_share_a_rank_and_the_next_skips():
    assert ranking.ranks({"A": D(90), "B": D(95), "C": D(90), "D": D(80)}) == {"B": 1, "A": 2, "C": 2, "D": 4}


@pytest.mark.parametrize(
    "rank, count, label",
    [
        (1, 10, "10 % teratas"),
        (2, 10, "25 % teratas"),
        (3, 10, "50 % teratas"),
        (5, 10, "50 % teratas"),
        (6, 10, "50 % terbawah"),
        (1, 1, "10 % teratas"),
        (1, 4, "10 % teratas"),
        (2, 4, "50 % teratas"),
    ],
)
def test_band_of_a_rank(rank, count, label):
    assert ranking.band(rank, count) == label


def test_percent_of_nothing_is_not_measured():
    assert ranking.percent(0, 0) is None and ranking.percent(1, 3) == D("33.33")


def _entry(i, pegawai, day, teks="", tugas=None, volume=1, created=None):
    day = datetime.date(2026, 11, day)
    return anomalies.Entry(
        i, pegawai, day, tugas, teks, volume, 60, created or datetime.datetime.combine(day, datetime.time(9))
    )


def test_the_same_text_on_five_days_of_one_person_is_flagged_and_four_are_not():
    limits = anomalies.Thresholds()
    texts = [_entry(i, 1, i + 1, "Menyusun laporan harian") for i in range(5)]
    flags = anomalies.copied_texts(texts, limits)
    assert [(f.jenis, f.pegawai_ids, len(f.aktivitas_ids)) for f in flags] == [("salinan", (1,), 5)]
    assert "5 hari" in flags[0].alasan
    assert anomalies.copied_texts(texts[:4], limits) == []


def test_the_same_text_by_three_people_is_one_flag_naming_them():
    texts = [_entry(i, p, 2, "  menyusun LAPORAN harian ") for i, p in enumerate((1, 2, 3))]
    (flag,) = anomalies.copied_texts(texts, anomalies.Thresholds())
    assert flag.pegawai_ids == (1, 2, 3) and "3 pegawai" in flag.alasan


def test_days_at_exactly_the_cap():
    days = {(1, datetime.date(2026, 11, d)): 450 for d in range(2, 7)} | {(2, datetime.date(2026, 11, 2)): 449}
    (flag,) = anomalies.at_daily_cap(days, 450, anomalies.Thresholds())
    assert flag.pegawai_ids == (1,) and flag.alasan.startswith("5 hari")


@pytest.mark.parametrize(
    "start, end, credited, masuk, pulang, leave, expected",
    [
        ((8, 0), (10, 0), 120, (7, 30), (16, 0), False, (120, 0)),  # inside the window
        ((7, 0), (8, 0), 60, (7, 30, 40), (16, 0), False, (30, 30)),  # 07:00-07:30:40 outside: 30 whole minutes
        ((15, 0), (17, 0), 90, (7, 30), (16, 0), False, (30, 60)),  # 60 after check-out, of 90 credited
        ((8, 0), (9, 0), 60, None, None, False, (0, 60)),  # no scan that day
        ((8, 0), (9, 0), 60, (7, 30), (16, 0), True, (0, 60)),  # on leave
        ((6, 0), (8, 0), 60, None, (16, 0), False, (60, 0)),  # no check-in: that side open
    ],
)
def test_split_by_presence(start, end, credited, masuk, pulang, leave, expected):
    day = datetime.date(2026, 11, 2)
    at = lambda t: datetime.datetime.combine(day, datetime.time(*t)) if t else None  # noqa: E731
    result = anomalies.split_by_presence(
        datetime.time(*start), datetime.time(*end), credited, at(masuk), at(pulang), leave
    )
    assert result == expected


def test_volume_far_above_the_person_and_the_duty():
    # Duty 9: volumes 2,2,2,2,2 of person 1 and 2,2,10 of person 2: duty median 2, person 2's median 2 -> 10 > 6.
    items = [_entry(i, 1, i + 1, tugas=9, volume=2) for i in range(5)]
    items += [
        _entry(10, 2, 2, tugas=9, volume=2),
        _entry(11, 2, 3, tugas=9, volume=2),
        _entry(12, 2, 4, tugas=9, volume=10),
    ]
    (flag,) = anomalies.unusual_volumes(items, anomalies.Thresholds())
    assert flag.pegawai_ids == (2,) and flag.aktivitas_ids == (12,)


def test_entries_submitted_in_bulk_at_the_month_end():
    created = datetime.datetime(2026, 11, 29, 20, 0)
    items = [_entry(i, 1, 1 + i % 20, created=created) for i in range(20)]
    (flag,) = anomalies.month_end_bulk(items, datetime.date(2026, 11, 30), anomalies.Thresholds())
    assert "20 kegiatan" in flag.alasan and "29-11-2026" in flag.alasan
    assert anomalies.month_end_bulk(items[:19], datetime.date(2026, 11, 30), anomalies.Thresholds()) == []


def test_hundreds_of_decisions_in_seconds():
    start = datetime.datetime(2026, 12, 1, 9, 0, 0)
    decisions = [(7, start + datetime.timedelta(milliseconds=100 * i), i) for i in range(150)]
    decisions += [(8, start + datetime.timedelta(minutes=i), 1000 + i) for i in range(150)]  # one a minute
    ((user_id, flag),) = anomalies.fast_approvals(decisions, anomalies.Thresholds())
    assert user_id == 7 and flag.alasan.startswith("150 kegiatan diputuskan dalam 14 detik")


def test_weighted_quantiles_by_nearest_rank():
    counted = [(D(10), 3), (D(20), 1), (D(40), 1)]  # 10 10 10 20 40
    assert calibration.weighted_quantile(counted, D("0.5")) == D(10)
    assert calibration.weighted_quantile(counted, D("0.75")) == D(20)
    assert calibration.weighted_quantile(counted, D("0.25")) == D(10)
    assert calibration.weighted_quantile([], D("0.5")) is None
    assert calibration.median([1, 2, 3, 10]) == D("2.5")


@pytest.mark.parametrize(
    "median, count, expected",
    [
        (D(30), 10, "terlalu tinggi"),
        (D(45), 10, "sesuai"),
        (D("37.5"), 10, "sesuai"),
        (D(63), 10, "terlalu rendah"),
        (D(30), 9, "data kurang"),
        (None, 0, "data kurang"),
    ],
)
def test_norm_verdict_with_25_percent_tolerance(median, count, expected):
    # norm 50, tolerance 25 %: right from 37.5 to 62.5
    assert calibration.verdict(50, median, count, D(25), 10) == expected


def test_deduction_codes_map_to_the_rule_set_percentages():
    rules = DisciplineRules(tk=D(4), tl=(D(1), D(2), D(3), D(4)), psw=(D(5), D(6), D(7), D(8)))
    assert [deduction_percent(k, rules) for k in ("TK", "TL2", "PSW4", "APEL_PAGI")] == [D(4), D(2), D(8), D(1)]


def test_the_worked_example_recomputed_under_a_draft():
    """Domain section 7's employee (kelas 7, Rp 2,916,000 paid) under a draft: tariff 3,300,000, bobot 50/50, TK 5 %."""
    row = {
        "hari_kerja": 21,
        "hari_berketerangan": 1,
        "menit_utama": 5200,
        "menit_tambahan_disetujui": 1500,
        "kelas_jabatan": 7,
        "status_pegawai": "PNS",
    }
    codes = ["TL1", "TL1", "PSW2", "TK", "APEL_PAGI", "APEL_PAGI"]
    same = recompute(row, codes, {7: 3_000_000}, (KinerjaRules(), DisciplineRules(), TppRules()))
    assert same["tpp_diterima"] == 2_916_000 and same["potongan_disiplin"] == D(7)
    draft = recompute(
        row,
        codes,
        {7: 3_300_000},
        (KinerjaRules(), DisciplineRules(tk=D(5)), TppRules(bobot_kinerja=D(50), bobot_disiplin=D(50))),
    )
    # potongan 9 %; kinerja 1,650,000 x 100 % = 1,650,000; disiplin 1,650,000 x 91 % = 1,501,500
    assert (draft["potongan_disiplin"], draft["tpp_kinerja"], draft["tpp_disiplin"]) == (D(9), 1_650_000, 1_501_500)
    assert draft["tpp_diterima"] == 3_151_500
