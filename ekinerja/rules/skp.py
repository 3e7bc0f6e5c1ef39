"""SKP: the plan's workflow, both appraisal methods (PP 46/2011, PermenPANRB 6/2022), the distribution curve."""

import datetime
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from ekinerja.rules.numbers import as_decimal, round_half_up
from ekinerja.rules.refusal import Refused

_HUNDRED = Decimal(100)


# --- the plan's workflow ---------------------------------------------------------------------------------------------


class Status(enum.StrEnum):
    DRAFT = "DRAFT"
    DIAJUKAN = "DIAJUKAN"
    DIKEMBALIKAN = "DIKEMBALIKAN"
    DISETUJUI = "DISETUJUI"

    @property
    def label(self) -> str:
        return {"DRAFT": "Draf", "DIAJUKAN": "Diajukan", "DIKEMBALIKAN": "Dikembalikan", "DISETUJUI": "Disepakati"}[
            self.value
        ]


# The employee drafts and changes the plan only in these; the appraiser has not agreed to it yet.
PLAN_EDITABLE = frozenset({Status.DRAFT, Status.DIKEMBALIKAN})


class PlanRefused(Refused):
    """A refused step of the plan's workflow; the message is shown to the user."""


def plan_transition(current: str, action: str, *, is_owner: bool, is_appraiser: bool, note: str | None) -> Status:
    """The plan's status after ajukan (the owner), setujui or kembalikan (the appraiser, with a note)."""
    status = Status(current)
    if action == "ajukan":
        if not is_owner:
            raise PlanRefused("Hanya pegawai pemilik SKP yang dapat mengajukannya.")
        if status not in PLAN_EDITABLE:
            raise PlanRefused(f"SKP berstatus {status.label} tidak dapat diajukan.")
        return Status.DIAJUKAN
    if action not in ("setujui", "kembalikan"):
        raise PlanRefused("Tindakan tidak dikenal.")
    if is_owner or not is_appraiser:
        raise PlanRefused("Hanya pejabat penilai yang dapat menyetujui atau mengembalikan SKP.")
    if status is not Status.DIAJUKAN:
        raise PlanRefused(f"SKP berstatus {status.label} tidak dapat diputuskan.")
    if action == "kembalikan":
        if not (note or "").strip():
            raise PlanRefused("Catatan wajib diisi jika SKP dikembalikan.")
        return Status.DIKEMBALIKAN
    return Status.DISETUJUI


# --- PermenPANRB 6/2022 ----------------------------------------------------------------------------------------------


class Rating(enum.StrEnum):
    ATAS = "atas"
    SESUAI = "sesuai"
    BAWAH = "bawah"

    @property
    def label(self) -> str:
        return {"atas": "Di atas ekspektasi", "sesuai": "Sesuai ekspektasi", "bawah": "Di bawah ekspektasi"}[self.value]


class Predikat(enum.StrEnum):
    SANGAT_BAIK = "Sangat Baik"
    BAIK = "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan"
    KURANG = "Kurang"
    SANGAT_KURANG = "Sangat Kurang"


# (rating hasil kerja, rating perilaku) -> predikat kinerja pegawai
MATRIX = {
    (Rating.ATAS, Rating.ATAS): Predikat.SANGAT_BAIK,
    (Rating.ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.ATAS): Predikat.BAIK,
    (Rating.BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.BAWAH, Rating.ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.ATAS, Rating.BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.BAWAH): Predikat.KURANG,
    (Rating.BAWAH, Rating.BAWAH): Predikat.SANGAT_KURANG,
}

BERAKHLAK = {
    "berorientasi_pelayanan": "Berorientasi Pelayanan",
    "akuntabel": "Akuntabel",
    "kompeten": "Kompeten",
    "harmonis": "Harmonis",
    "loyal": "Loyal",
    "adaptif": "Adaptif",
    "kolaboratif": "Kolaboratif",
}


def predikat(rating_hasil: str, rating_perilaku: str) -> Predikat:
    """The predikat of a rating of results and a rating of behaviour (each atas, sesuai or bawah)."""
    try:
        return MATRIX[Rating(rating_hasil), Rating(rating_perilaku)]
    except ValueError as exc:
        raise ValueError("Rating harus atas, sesuai atau bawah ekspektasi.") from exc


# --- PP 46/2011 (Perka BKN 1/2013) -----------------------------------------------------------------------------------

ASPEK = {"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya"}
# Efficiency (percent saved on time or cost) up to which saving more scores higher; beyond it the value falls.
EFFICIENCY_BOUNDARY = Decimal(24)
PERILAKU_PP46 = {
    "orientasi_pelayanan": "Orientasi Pelayanan",
    "integritas": "Integritas",
    "komitmen": "Komitmen",
    "disiplin": "Disiplin",
    "kerja_sama": "Kerja Sama",
    "kepemimpinan": "Kepemimpinan",
}
# Points for creativity by who acknowledged it (Perka BKN 1/2013).
KREATIVITAS = {"unit_kerja": 3, "instansi": 6, "presiden": 12}
KREATIVITAS_LABELS = {"unit_kerja": "Unit kerja", "instansi": "Instansi", "presiden": "Presiden"}
SEBUTAN = ((Decimal(91), "Sangat Baik"), (Decimal(76), "Baik"), (Decimal(61), "Cukup"), (Decimal(51), "Kurang"))


class Aspect(NamedTuple):
    """Target and realisation of one aspect of an activity."""

    target: Decimal
    realisasi: Decimal


def ratio_value(aspect: Aspect) -> Decimal:
    """Kuantitas and kualitas: R / T x 100."""
    return as_decimal(aspect.realisasi) / as_decimal(aspect.target) * _HUNDRED


def efficiency_value(aspect: Aspect) -> Decimal:
    """Waktu and biaya: (1.76 T - R) / T x 100 up to 24 % efficiency, else 76 - ((1.76 T - R) / T x 100 - 100)."""
    target, real = as_decimal(aspect.target), as_decimal(aspect.realisasi)
    efficiency = _HUNDRED - real / target * _HUNDRED
    value = (Decimal("1.76") * target - real) / target * _HUNDRED
    return value if efficiency <= EFFICIENCY_BOUNDARY else Decimal(76) - (value - _HUNDRED)


ASPECT_FORMULAS: dict[str, Callable[[Aspect], Decimal]] = {
    "kuantitas": ratio_value,
    "kualitas": ratio_value,
    "waktu": efficiency_value,
    "biaya": efficiency_value,
}


def activity_value(aspects: Mapping[str, Aspect]) -> Decimal:
    """Sum of the aspects' values over their number, two decimals; 0 when nothing was done (no realisation).

    An aspect without a target (no budget, say) is not counted.
    """
    counted = {name: a for name, a in aspects.items() if as_decimal(a.target) > 0}
    if not counted or all(as_decimal(a.realisasi) == 0 for a in counted.values()):
        return Decimal(0)
    if "kuantitas" in counted and as_decimal(counted["kuantitas"].realisasi) == 0:
        return Decimal(0)
    total = sum((ASPECT_FORMULAS[name](a) for name, a in counted.items()), Decimal(0))
    return round_half_up(total / len(counted), 2)


def tugas_tambahan_points(count: int) -> int:
    """1 point for 1-3 extra tasks, 2 for 4-6, 3 for 7 or more."""
    return 0 if count <= 0 else 1 if count <= 3 else 2 if count <= 6 else 3


def sebutan(nilai: Decimal) -> str:
    """Sangat Baik from 91, Baik from 76, Cukup from 61, Kurang from 51, else Buruk."""
    for lower, name in SEBUTAN:
        if nilai >= lower:
            return name
    return "Buruk"


# --- the methods, as a registry --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppraisalInput:
    """What an appraisal needs; each method reads its own fields."""

    rating_hasil: str | None = None
    rating_perilaku: str | None = None
    kegiatan: Sequence[Mapping[str, Aspect]] = ()
    tugas_tambahan: int = 0
    kreativitas: Sequence[str] = ()
    perilaku: Mapping[str, Decimal] = field(default_factory=dict)
    struktural: bool = False


class Appraisal(NamedTuple):
    predikat: str
    nilai: dict[str, Decimal]


def permenpanrb_2022(data: AppraisalInput) -> Appraisal:
    if data.rating_hasil is None or data.rating_perilaku is None:
        raise ValueError("Rating hasil kerja dan rating perilaku wajib diisi.")
    return Appraisal(predikat(data.rating_hasil, data.rating_perilaku).value, {})


def pp46_2011(data: AppraisalInput) -> Appraisal:
    """Nilai SKP (activities' average plus extra-task and creativity points) x 60 % + behaviour x 40 %, and sebutan."""
    if not data.kegiatan:
        raise ValueError("SKP tidak memuat kegiatan.")
    unknown = set(data.kreativitas) - set(KREATIVITAS)
    if unknown:
        raise ValueError("Tingkat kreativitas tidak dikenal.")
    aspects = [a for a in PERILAKU_PP46 if a != "kepemimpinan" or data.struktural]
    missing = [PERILAKU_PP46[a] for a in aspects if a not in data.perilaku]
    if missing:
        raise ValueError("Nilai perilaku wajib diisi: " + ", ".join(missing) + ".")
    for aspect in aspects:
        if not 0 <= as_decimal(data.perilaku[aspect]) <= _HUNDRED:
            raise ValueError("Nilai perilaku harus antara 0 dan 100.")
    average = sum((activity_value(a) for a in data.kegiatan), Decimal(0)) / len(data.kegiatan)
    points = tugas_tambahan_points(data.tugas_tambahan) + sum(KREATIVITAS[k] for k in data.kreativitas)
    nilai_skp = round_half_up(average + points, 2)
    nilai_perilaku = round_half_up(sum((as_decimal(data.perilaku[a]) for a in aspects), Decimal(0)) / len(aspects), 2)
    nilai_prestasi = round_half_up(nilai_skp * Decimal("0.6") + nilai_perilaku * Decimal("0.4"), 2)
    return Appraisal(
        sebutan(nilai_prestasi),
        {"nilai_skp": nilai_skp, "nilai_perilaku": nilai_perilaku, "nilai_prestasi_kerja": nilai_prestasi},
    )


METODE = {"permenpanrb_6_2022": "PermenPANRB 6/2022", "pp_46_2011": "PP 46/2011"}
METHODS: dict[str, Callable[[AppraisalInput], Appraisal]] = {
    "permenpanrb_6_2022": permenpanrb_2022,
    "pp_46_2011": pp46_2011,
}
NEW_METHOD_FROM = 2022


def method_for(year: int, configured: str | None = None) -> str:
    """The rule set's method, else PP 46/2011 for the years before 2022 and PermenPANRB 6/2022 from then on."""
    if configured:
        return configured
    return "pp_46_2011" if year < NEW_METHOD_FROM else "permenpanrb_6_2022"


def appraise(method: str, data: AppraisalInput) -> Appraisal:
    return METHODS[method](data)


def predikat_names(method: str) -> tuple[str, ...]:
    """The predikat (PP 46/2011: sebutan) an appraisal by this method may give."""
    if method == "pp_46_2011":
        return tuple(name for _, name in SEBUTAN) + ("Buruk",)
    return tuple(p.value for p in Predikat)


def annual_realisation(aspek: str, monthly: Iterable[Decimal]) -> Decimal:
    """A year's realisation from the months': quantity and cost add up, quality averages, time is the last given."""
    values = [as_decimal(v) for v in monthly]
    if not values:
        return Decimal(0)
    if aspek in ("kuantitas", "biaya"):
        return sum(values, Decimal(0))
    if aspek == "kualitas":
        return round_half_up(sum(values, Decimal(0)) / len(values), 2)
    return values[-1]


# --- periodic evaluations --------------------------------------------------------------------------------------------

PERIODE_EVALUASI = {"bulanan": "Bulanan", "triwulanan": "Triwulanan"}
ANNUAL = 0  # the period number of the annual evaluation


def period_count(cadence: str) -> int:
    return 12 if cadence == "bulanan" else 4


def period_of_month(cadence: str, month: int) -> int:
    return month if cadence == "bulanan" else (month - 1) // 3 + 1


def period_months(cadence: str, period: int) -> range:
    return range(period, period + 1) if cadence == "bulanan" else range(3 * period - 2, 3 * period + 1)


def period_label(cadence: str, period: int) -> str:
    if period == ANNUAL:
        return "Tahunan"
    return f"Bulan {period}" if cadence == "bulanan" else f"Triwulan {['I', 'II', 'III', 'IV'][period - 1]}"


# --- the distribution curve ------------------------------------------------------------------------------------------

PREDIKAT_ORGANISASI = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")


class Bound(NamedTuple):
    """A limit on how many of an SKPD's employees have one of these predikat: a share in percent, or a head count."""

    predikat: tuple[str, ...]
    paling_banyak: Decimal | None = None
    paling_sedikit: Decimal | None = None
    minimal_orang: int = 0


_SB, _B, _BP, _K, _SK = (p.value for p in Predikat)
# The guide to the distribution of employees' predikat by the organisation's predikat (PermenPANRB 6/2022).
DEFAULT_CURVE: dict[str, tuple[Bound, ...]] = {
    "Istimewa": (Bound((_SB,), paling_banyak=Decimal(70)),),
    "Baik": (Bound((_B,), paling_banyak=Decimal(70)), Bound((_BP, _K), minimal_orang=1)),
    "Butuh Perbaikan": (Bound((_BP,), paling_sedikit=Decimal(60)), Bound((_SB,), paling_banyak=Decimal(10))),
    "Kurang": (
        Bound((_K,), paling_sedikit=Decimal(60)),
        Bound((_BP,), paling_sedikit=Decimal(10)),
        Bound((_SB,), paling_banyak=Decimal(10)),
    ),
    "Sangat Kurang": (
        Bound((_SK,), paling_sedikit=Decimal(60)),
        Bound((_K, _BP), paling_sedikit=Decimal(10)),
        Bound((_SB,), paling_banyak=Decimal(0)),
    ),
}


def curve_from_data(data: Mapping[str, Sequence[Mapping]]) -> dict[str, tuple[Bound, ...]]:
    """A curve stored as data (lists of {predikat, paling_banyak, paling_sedikit, minimal_orang})."""
    return {
        organisasi: tuple(
            Bound(
                tuple(b["predikat"]),
                None if b.get("paling_banyak") is None else as_decimal(str(b["paling_banyak"])),
                None if b.get("paling_sedikit") is None else as_decimal(str(b["paling_sedikit"])),
                int(b.get("minimal_orang") or 0),
            )
            for b in bounds
        )
        for organisasi, bounds in data.items()
    }


def distribution_problems(
    organisasi: str | None, counts: Mapping[str, int], curve: Mapping[str, Sequence[Bound]] = DEFAULT_CURVE
) -> list[str]:
    """Where the employees' predikat counts break the curve of the organisation's predikat (none set: no limits)."""
    total = sum(counts.values())
    if not organisasi or total == 0:
        return []
    problems = []
    for bound in curve.get(organisasi, ()):
        n = sum(counts.get(p, 0) for p in bound.predikat)
        names = " atau ".join(bound.predikat)
        if bound.paling_banyak is not None and n * _HUNDRED > bound.paling_banyak * total:
            problems.append(f"Predikat {names} paling banyak {bound.paling_banyak}% ({n} dari {total} pegawai).")
        if bound.paling_sedikit is not None and n * _HUNDRED < bound.paling_sedikit * total:
            problems.append(f"Predikat {names} paling sedikit {bound.paling_sedikit}% ({n} dari {total} pegawai).")
        if n < bound.minimal_orang:
            problems.append(f"Harus ada paling sedikit {bound.minimal_orang} pegawai berpredikat {names}.")
    return problems


# --- objection and pay -----------------------------------------------------------------------------------------------

KEBERATAN_HARI = 14


def objection_deadline(predikat_set_on: datetime.date) -> datetime.date:
    """The last day an objection to an annual predikat may be filed: 14 days after it was set."""
    return predikat_set_on + datetime.timedelta(days=KEBERATAN_HARI)


def objection_open(predikat_set_on: datetime.date, today: datetime.date) -> bool:
    return today <= objection_deadline(predikat_set_on)


# The share of the kinerja part of TPP paid for each periodic predikat, where a city links pay to it.
DEFAULT_PAY_PERCENT = {_SB: Decimal(100), _B: Decimal(100), _BP: Decimal(80), _K: Decimal(60), _SK: Decimal(40)}


def pay_percent(predikat_periodik: str | None, percents: Mapping[str, Decimal] = DEFAULT_PAY_PERCENT) -> Decimal:
    """The percent of the kinerja part paid for a periodic predikat; in full while none has been given."""
    if predikat_periodik is None:
        return _HUNDRED
    return as_decimal(percents.get(predikat_periodik, _HUNDRED))
