"""The monthly effective rates (tarif efektif rata-rata, TER) of PPh 21, PP 58/2023 Lampiran: categories A, B, C.

The rate is read off the category of the employee's PTKP status (marital status and dependants) at the monthly
gross income; each table lists (upper bound in rupiah, percent) lowest first, the last bound None (no upper bound).
A gross equal to a bound takes that bracket's rate: the Lampiran's brackets run "Rp x.xxx.001 s.d. Rp y.yyy.000".
"""

from decimal import Decimal

# PP 58/2023 Pasal 2 ayat (2): A for TK/0, TK/1, K/0; B for TK/2, TK/3, K/1, K/2; C for K/3.
PTKP_CATEGORY = {
    "TK/0": "A",
    "TK/1": "A",
    "K/0": "A",
    "TK/2": "B",
    "TK/3": "B",
    "K/1": "B",
    "K/2": "B",
    "K/3": "C",
}
STATUS_PTKP = tuple(PTKP_CATEGORY)
DEFAULT_PTKP = "TK/0"


def _table(*brackets):
    return tuple((bound, Decimal(percent)) for bound, percent in brackets)


# Lampiran PP 58/2023, "Tarif Efektif Bulanan Kategori A" (44 brackets).
TER_A = _table(
    (5_400_000, "0"),
    (5_650_000, "0.25"),
    (5_950_000, "0.5"),
    (6_300_000, "0.75"),
    (6_750_000, "1"),
    (7_500_000, "1.25"),
    (8_550_000, "1.5"),
    (9_650_000, "1.75"),
    (10_050_000, "2"),
    (10_350_000, "2.25"),
    (10_700_000, "2.5"),
    (11_050_000, "3"),
    (11_600_000, "3.5"),
    (12_500_000, "4"),
    (13_750_000, "5"),
    (15_100_000, "6"),
    (16_950_000, "7"),
    (19_750_000, "8"),
    (24_150_000, "9"),
    (26_450_000, "10"),
    (28_000_000, "11"),
    (30_050_000, "12"),
    (32_400_000, "13"),
    (35_400_000, "14"),
    (39_100_000, "15"),
    (43_850_000, "16"),
    (47_800_000, "17"),
    (51_400_000, "18"),
    (56_300_000, "19"),
    (62_200_000, "20"),
    (68_600_000, "21"),
    (77_500_000, "22"),
    (89_000_000, "23"),
    (103_000_000, "24"),
    (125_000_000, "25"),
    (157_000_000, "26"),
    (206_000_000, "27"),
    (337_000_000, "28"),
    (454_000_000, "29"),
    (550_000_000, "30"),
    (695_000_000, "31"),
    (910_000_000, "32"),
    (1_400_000_000, "33"),
    (None, "34"),
)

# Lampiran PP 58/2023, "Tarif Efektif Bulanan Kategori B" (40 brackets).
TER_B = _table(
    (6_200_000, "0"),
    (6_500_000, "0.25"),
    (6_850_000, "0.5"),
    (7_300_000, "0.75"),
    (9_200_000, "1"),
    (10_750_000, "1.5"),
    (11_250_000, "2"),
    (11_600_000, "2.5"),
    (12_600_000, "3"),
    (13_600_000, "4"),
    (14_950_000, "5"),
    (16_400_000, "6"),
    (18_450_000, "7"),
    (21_850_000, "8"),
    (26_000_000, "9"),
    (27_700_000, "10"),
    (29_350_000, "11"),
    (31_450_000, "12"),
    (33_950_000, "13"),
    (37_100_000, "14"),
    (41_100_000, "15"),
    (45_800_000, "16"),
    (49_500_000, "17"),
    (53_800_000, "18"),
    (58_500_000, "19"),
    (64_000_000, "20"),
    (71_000_000, "21"),
    (80_000_000, "22"),
    (93_000_000, "23"),
    (109_000_000, "24"),
    (129_000_000, "25"),
    (163_000_000, "26"),
    (211_000_000, "27"),
    (374_000_000, "28"),
    (459_000_000, "29"),
    (555_000_000, "30"),
    (704_000_000, "31"),
    (957_000_000, "32"),
    (1_405_000_000, "33"),
    (None, "34"),
)

# Lampiran PP 58/2023, "Tarif Efektif Bulanan Kategori C" (41 brackets).
TER_C = _table(
    (6_600_000, "0"),
    (6_950_000, "0.25"),
    (7_350_000, "0.5"),
    (7_800_000, "0.75"),
    (8_850_000, "1"),
    (9_800_000, "1.25"),
    (10_950_000, "1.5"),
    (11_200_000, "1.75"),
    (12_050_000, "2"),
    (12_950_000, "3"),
    (14_150_000, "4"),
    (15_550_000, "5"),
    (17_050_000, "6"),
    (19_500_000, "7"),
    (22_700_000, "8"),
    (26_600_000, "9"),
    (28_100_000, "10"),
    (30_100_000, "11"),
    (32_600_000, "12"),
    (35_400_000, "13"),
    (38_900_000, "14"),
    (43_000_000, "15"),
    (47_400_000, "16"),
    (51_200_000, "17"),
    (55_800_000, "18"),
    (60_400_000, "19"),
    (66_700_000, "20"),
    (74_500_000, "21"),
    (83_200_000, "22"),
    (95_600_000, "23"),
    (110_000_000, "24"),
    (134_000_000, "25"),
    (169_000_000, "26"),
    (221_000_000, "27"),
    (390_000_000, "28"),
    (463_000_000, "29"),
    (561_000_000, "30"),
    (709_000_000, "31"),
    (965_000_000, "32"),
    (1_419_000_000, "33"),
    (None, "34"),
)

TER_TABLES = {"A": TER_A, "B": TER_B, "C": TER_C}


def ptkp_error(status_ptkp: str | None) -> str | None:
    """Why a PTKP status cannot be recorded (the message a screen or an import shows), or None."""
    if status_ptkp in PTKP_CATEGORY:
        return None
    return f"Status PTKP harus salah satu dari: {', '.join(STATUS_PTKP)}."


def ter_category(status_ptkp: str) -> str:
    """The TER category (A, B or C) of a PTKP status such as 'K/1'."""
    try:
        return PTKP_CATEGORY[status_ptkp]
    except KeyError:
        raise ValueError(f"Status PTKP tidak dikenal: {status_ptkp!r}.") from None


def ter_rate(bruto: int, status_ptkp: str) -> Decimal:
    """The monthly TER percent for a gross income of bruto rupiah under a PTKP status."""
    for bound, percent in TER_TABLES[ter_category(status_ptkp)]:
        if bound is None or bruto <= bound:
            return percent
    raise AssertionError("every TER table ends without an upper bound")
