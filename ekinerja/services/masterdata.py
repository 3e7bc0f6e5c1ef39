"""Master-data rules, one home each, for the portal's forms and the imports alike.

Validators take plain values (numbers, dates, ids, codes; never a form or an import row) and return FieldErrors:
{field: message}, the field named as on the model (kelas_jabatan, unit, atasan, induk ...), the message in
Indonesian, empty when the values are valid. Value rules that need no database live in rules.masterdata; the ones
here read what they need. A caller checking many records at once (an import) passes a Tree from unit_tree() or
position_tree(), read once and updated with its own pending changes; without one, the validator reads it.
"""

from decimal import Decimal
from typing import NamedTuple

from peewee import fn

from ekinerja.models import (
    Aktivitas,
    AturanTpp,
    BendaharaSkpd,
    Cuti,
    Jabatan,
    PredikatOrganisasi,
    RiwayatJabatan,
    TarifTpp,
    UnitKerja,
)
from ekinerja.rules import masterdata as rules
from ekinerja.rules import skp as skp_rules
from ekinerja.rules.discipline import tier_bounds_error
from ekinerja.rules.hierarchy import creates_cycle
from ekinerja.rules.pay import PPH21_METHODS
from ekinerja.rules.tpp import STATUS_CHANGE
from ekinerja.rules.workflow import RELEASED

FieldErrors = dict[str, str]


def _errors(**problems) -> FieldErrors:
    return {field: message for field, message in problems.items() if message}


def scope_errors(field, skpd_id, own_skpd_id, what="data") -> FieldErrors:
    """An admin_skpd (own_skpd_id given) manages only the rows of their own SKPD."""
    if own_skpd_id is not None and skpd_id is not None and skpd_id != own_skpd_id:
        return {field: f"Anda hanya dapat mengelola {what} SKPD Anda sendiri."}
    return {}


def kelas_jabatan_errors(kelas_jabatan) -> FieldErrors:
    """A position's kelas jabatan."""
    return _errors(kelas_jabatan=rules.kelas_jabatan_problem(kelas_jabatan))


def task_errors(norma_waktu, volume_tahunan) -> FieldErrors:
    """A position's task (uraian tugas): its norma waktu and yearly volume."""
    return _errors(
        norma_waktu=rules.norma_waktu_problem(norma_waktu), volume_tahunan=rules.volume_tahunan_problem(volume_tahunan)
    )


def tariff_errors(kelas_jabatan, tarif) -> FieldErrors:
    """One kelas's TPP tariff."""
    return _errors(kelas_jabatan=rules.kelas_jabatan_problem(kelas_jabatan), tarif=rules.tarif_problem(tarif))


def target_errors(tahun) -> FieldErrors:
    """An SKPD's performance target."""
    return _errors(tahun=rules.target_year_problem(tahun))


def period_errors(mulai, selesai) -> FieldErrors:
    """Any dated record (position, leave, treasurer, acting assignment, special schedule): its end."""
    return _errors(selesai=rules.period_end_problem(mulai, selesai))


class Tree(NamedTuple):
    """Units or positions by kode: the kode of each one's parent (induk, atasan) and its SKPD id."""

    parent: dict[str, str | None]
    skpd: dict[str, int]


def _tree(model, parent_field) -> Tree:
    kode_of = dict(model.select(model.id, model.kode).tuples())
    rows = model.select(model.kode, getattr(model, parent_field), model.skpd).tuples()
    parent, skpd = {}, {}
    for kode, parent_id, skpd_id in rows:
        parent[kode] = kode_of.get(parent_id)
        skpd[kode] = skpd_id
    return Tree(parent, skpd)


def unit_tree() -> Tree:
    """The stored units under their induk."""
    return _tree(UnitKerja, "induk")


def position_tree() -> Tree:
    """The stored positions under their atasan."""
    return _tree(Jabatan, "atasan")


def unit_parent_errors(kode, skpd_id, induk_kode, units: Tree | None = None) -> FieldErrors:
    """A unit's induk is in the unit's SKPD and is neither the unit nor one of its sub-units.

    kode: the unit's code in units (None for a new unit); skpd_id: the SKPD it will belong to (None: unknown).
    """
    if not induk_kode:
        return {}
    units = unit_tree() if units is None else units
    induk_skpd = units.skpd.get(induk_kode)
    if skpd_id is not None and induk_skpd is not None and induk_skpd != skpd_id:
        return {"induk": "Unit induk harus berada pada SKPD yang sama."}
    if kode is not None and creates_cycle(units.parent, kode, induk_kode):
        return {"induk": f"Unit induk {induk_kode} membentuk lingkaran: unit akan menjadi induk dari dirinya sendiri."}
    return {}


def position_unit_errors(skpd_id, unit_kode, units: Tree | None = None) -> FieldErrors:
    """A position's unit kerja belongs to the position's SKPD."""
    if not unit_kode or skpd_id is None:
        return {}
    units = unit_tree() if units is None else units
    unit_skpd = units.skpd.get(unit_kode)
    if unit_skpd is not None and unit_skpd != skpd_id:
        return {"unit": "Unit kerja harus berada pada SKPD jabatan ini."}
    return {}


def position_superior_errors(kode, atasan_kode, positions: Tree | None = None) -> FieldErrors:
    """A position is not its own superior, directly or through the positions above it.

    kode: the position's code in positions (None for a new position, which cannot close a loop).
    """
    if kode is None or not atasan_kode:
        return {}
    positions = position_tree() if positions is None else positions
    if creates_cycle(positions.parent, kode, atasan_kode):
        return {"atasan": f"Atasan {atasan_kode} membentuk lingkaran dalam hierarki jabatan."}
    return {}


def position_errors(pegawai, jabatan, mulai, selesai, own_id=None, own_skpd_id=None):
    """Problems with holding `jabatan` from mulai to selesai: {field: message}."""
    errors = {}
    if pegawai is None or jabatan is None or mulai is None:
        return errors
    errors.update(scope_errors("pegawai", pegawai.skpd_id, own_skpd_id, "pegawai"))
    errors.update(period_errors(mulai, selesai))
    if selesai is None and jabatan.skpd_id != pegawai.skpd_id:
        errors["jabatan"] = "Jabatan yang sedang dipegang harus berada pada SKPD pegawai."
    if not jabatan.aktif:
        errors.setdefault("jabatan", "Jabatan ini tidak aktif.")
    others = RiwayatJabatan.select().where(RiwayatJabatan.pegawai == pegawai)
    if own_id is not None:
        others = others.where(RiwayatJabatan.id != own_id)
    far_future = mulai.replace(year=9999)
    for other in others:
        other_end = other.selesai or far_future
        if other.mulai <= (selesai or far_future) and mulai <= other_end:
            errors.setdefault(
                "mulai",
                f"Periode bertumpang tindih dengan jabatan {other.jabatan.nama} "
                f"({other.mulai:%d-%m-%Y} s.d. {other.selesai.strftime('%d-%m-%Y') if other.selesai else 'sekarang'}). "
                "Isi tanggal selesai jabatan lama terlebih dahulu.",
            )
            break
    return errors


PERCENT_FIELDS = (
    "batas_tambahan_persen",
    "persen_cpns",
    "bobot_kinerja",
    "bobot_disiplin",
    "batas_potongan",
)
DEDUCTION_FIELDS = (
    "potongan_tk",
    "potongan_tl1",
    "potongan_tl2",
    "potongan_tl3",
    "potongan_tl4",
    "potongan_psw1",
    "potongan_psw2",
    "potongan_psw3",
    "potongan_psw4",
    "potongan_apel_pagi",
    "potongan_apel_sore",
)


# The deduction settings from gross TPP and the other settings added with them, stored with a locked month.
PAY_RULE_FIELDS = (
    "batas_tingkat_1",
    "batas_tingkat_2",
    "batas_tingkat_3",
    "batas_siang",
    "status_berubah",
    "metode_pph21",
    "pph21_gol_i",
    "pph21_gol_ii",
    "pph21_gol_iii",
    "pph21_gol_iv",
    "pph21_tarif_tetap",
    "bpjs_pegawai",
    "bpjs_pemberi_kerja",
    "bpjs_batas_upah",
)
PAY_PERCENT_FIELDS = (
    "pph21_gol_i",
    "pph21_gol_ii",
    "pph21_gol_iii",
    "pph21_gol_iv",
    "pph21_tarif_tetap",
    "bpjs_pegawai",
    "bpjs_pemberi_kerja",
)


def carry_over_tariffs(aturan, given=()):
    """Give a new rule set the tariff of the rule set in force before it for every kelas not in given.

    A rule set starts from its predecessor's tariffs, never from an empty table: a kelas without a tariff would
    pay Rp 0. Returns how many tariffs were copied.
    """
    source = (
        AturanTpp.select()
        .where(AturanTpp.berlaku_mulai < aturan.berlaku_mulai)
        .order_by(AturanTpp.berlaku_mulai.desc())
        .first()
    )
    if source is None:
        return 0
    rows = [
        {"aturan": aturan.id, "kelas_jabatan": kelas, "tarif": tarif}
        for kelas, tarif in TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif)
        .where(TarifTpp.aturan == source)
        .order_by(TarifTpp.kelas_jabatan)
        .tuples()
        if kelas not in given
    ]
    if rows:
        TarifTpp.insert_many(rows).execute()
    return len(rows)


def rule_set_errors(values):
    """Problems with a rule set's values: {field: message}."""
    errors = {}
    for name in ("batas_input_hari_kerja", "menit_efektif_per_hari", "batas_menit_harian"):
        if values.get(name) is None or values[name] < 1:
            errors[name] = "Nilai harus bilangan bulat lebih dari 0."
    if values.get("batas_persetujuan") is None or not 1 <= values["batas_persetujuan"] <= 28:
        errors["batas_persetujuan"] = "Batas persetujuan adalah tanggal 1 sampai 28 bulan berikutnya."
    for name in PERCENT_FIELDS + DEDUCTION_FIELDS + PAY_PERCENT_FIELDS:
        value = values.get(name)
        if value is None or not Decimal(0) <= Decimal(value) <= Decimal(100):
            errors[name] = "Persentase harus antara 0 dan 100."
    weights_valid = "bobot_kinerja" not in errors and "bobot_disiplin" not in errors
    if weights_valid and Decimal(values["bobot_kinerja"]) + Decimal(values["bobot_disiplin"]) != 100:
        errors["bobot_disiplin"] = "Bobot kinerja dan bobot disiplin harus berjumlah 100%."
    if (
        not errors.get("menit_efektif_per_hari")
        and not errors.get("batas_menit_harian")
        and values["batas_menit_harian"] < values["menit_efektif_per_hari"]
    ):
        errors["batas_menit_harian"] = "Batas menit harian tidak boleh kurang dari menit efektif per hari."
    errors.update(pay_rule_errors(values))
    return errors


def skp_rule_set_errors(metode, periode_evaluasi, kurva, persen_tpp) -> FieldErrors:
    """An SKP rule set: its method (empty: by the year), evaluation cadence, curve and pay percents (JSON text)."""
    return _errors(
        metode=rules.choice_problem(metode, tuple(skp_rules.METODE), "Metode", required=False),
        periode_evaluasi=rules.choice_problem(periode_evaluasi, tuple(skp_rules.PERIODE_EVALUASI), "Periode evaluasi"),
        kurva=rules.skp_curve_problem(kurva),
        persen_tpp=rules.pay_percent_problem(persen_tpp),
    )


def skp_rule_set_change_error(berlaku_mulai) -> str | None:
    """Why an SKP rule set from this date may not be created, changed or deleted: a finalised year is judged by it."""
    if berlaku_mulai is None:
        return None
    first_year = berlaku_mulai.year + (0 if (berlaku_mulai.month, berlaku_mulai.day) == (1, 1) else 1)
    year = (
        PredikatOrganisasi.select(fn.MAX(PredikatOrganisasi.tahun))
        .where(PredikatOrganisasi.final, PredikatOrganisasi.tahun >= first_year)
        .scalar()
    )
    if year is None:
        return None
    return (
        f"Aturan SKP yang berlaku mulai {berlaku_mulai:%d-%m-%Y} dipakai evaluasi tahun {year} yang sudah "
        "difinalisasi; buat aturan baru yang berlaku setelah tahun itu."
    )


def pay_rule_errors(values):
    """Problems with the tier bounds, the noon split, the status-change rule and the deduction settings."""
    errors = {}
    problem = tier_bounds_error([values.get(f"batas_tingkat_{n}") for n in (1, 2, 3)])
    if problem:
        errors["batas_tingkat_3"] = problem
    if values.get("batas_siang") is None:
        errors["batas_siang"] = "Isi jam pemisah absen masuk dan pulang."
    if values.get("status_berubah") not in STATUS_CHANGE:
        errors["status_berubah"] = "Pilih aturan bulan dengan perubahan status CPNS/PNS."
    if values.get("metode_pph21") not in PPH21_METHODS:
        errors["metode_pph21"] = "Pilih metode PPh 21."
    if values.get("bpjs_batas_upah") is None or values["bpjs_batas_upah"] < 0:
        errors["bpjs_batas_upah"] = "Batas upah BPJS harus rupiah, 0 atau lebih."
    return errors


def local_deduction_errors(persen, nominal):
    """A named deduction is a percent of gross TPP or a fixed amount in rupiah, exactly one of them."""
    if (persen is None) == (nominal is None):
        return {"persen": "Isi persentase atau nominal (salah satu)."}
    if persen is not None and not Decimal(0) <= Decimal(persen) <= Decimal(100):
        return {"persen": "Persentase harus antara 0 dan 100."}
    if nominal is not None and nominal < 0:
        return {"nominal": "Nominal tidak boleh negatif."}
    return {}


def leave_errors(pegawai, mulai, selesai, own_id=None, own_skpd_id=None):
    """Problems with a leave or travel record: {field: message}; one person's leave never overlaps."""
    errors = {}
    if pegawai is None or mulai is None or selesai is None:
        return errors
    errors.update(scope_errors("pegawai", pegawai.skpd_id, own_skpd_id, "pegawai"))
    errors.update(period_errors(mulai, selesai))
    if "selesai" in errors:
        return errors
    overlapping = Cuti.select().where(Cuti.pegawai == pegawai, Cuti.mulai <= selesai, Cuti.selesai >= mulai)
    if own_id is not None:
        overlapping = overlapping.where(Cuti.id != own_id)
    other = overlapping.first()
    if other is not None:
        errors["mulai"] = (
            f"Bertumpang tindih dengan {other.jenis.replace('_', ' ')} {other.mulai:%d-%m-%Y} s.d. "
            f"{other.selesai:%d-%m-%Y} ({other.nomor_surat})."
        )
        return errors
    worked = _days_with_entries(pegawai, mulai, selesai, Cuti.get_or_none(Cuti.id == own_id) if own_id else None)
    if worked:
        shown = ", ".join(f"{day:%d-%m-%Y}" for day in worked[:5]) + (
            f" dan {len(worked) - 5} hari lain" if len(worked) > 5 else ""
        )
        errors["mulai"] = (
            f"Pegawai ini sudah mencatat kegiatan pada {shown}. Pada hari cuti, dinas luar atau diklat tidak boleh "
            "ada kegiatan: kegiatan itu harus dihapus, ditolak atau dianulir lebih dulu."
        )
    return errors


def _days_with_entries(pegawai, mulai, selesai, current):
    """The days from mulai to selesai on which the employee has entries that count or may still count, leaving out
    the days the record being edited (current) already covered."""
    query = (
        Aktivitas.select(Aktivitas.tanggal)
        .where(
            Aktivitas.pegawai == pegawai,
            Aktivitas.tanggal.between(mulai, selesai),
            Aktivitas.status.not_in(list(RELEASED)),
        )
        .distinct()
        .order_by(Aktivitas.tanggal)
    )
    if current is not None:
        query = query.where(~Aktivitas.tanggal.between(current.mulai, current.selesai))
    return [day for (day,) in query.tuples()]


def treasurer_errors(skpd, pegawai, mulai, selesai, current=None):
    """Problems with an SKPD treasurer's period: {field: message}; current is the stored record when editing.

    An SKPD has one treasurer at a time, named from its own employees (a treasurer who has since moved to
    another SKPD can still be given an end date). Locked months: the portal's period_date_fields rule.
    """
    errors = {}
    if skpd is None or pegawai is None:
        return errors
    renamed = current is None or (current.skpd_id, current.pegawai_id) != (skpd.id, pegawai.id)
    if renamed and pegawai.skpd_id != skpd.id:
        errors["pegawai"] = "Bendahara harus pegawai SKPD tersebut."
    if mulai is None:
        return errors
    errors.update(period_errors(mulai, selesai))
    if "selesai" in errors:
        return errors
    overlapping = BendaharaSkpd.select().where(
        BendaharaSkpd.skpd == skpd,
        BendaharaSkpd.selesai.is_null() | (BendaharaSkpd.selesai >= mulai),
    )
    if selesai is not None:
        overlapping = overlapping.where(BendaharaSkpd.mulai <= selesai)
    if current is not None:
        overlapping = overlapping.where(BendaharaSkpd.id != current.id)
    other = overlapping.first()
    if other is not None:
        until = f"{other.selesai:%d-%m-%Y}" if other.selesai else "sekarang"
        errors["mulai"] = (
            f"Bertumpang tindih dengan bendahara {other.pegawai.nama_lengkap} ({other.mulai:%d-%m-%Y} s.d. {until}). "
            "Isi tanggal selesai bendahara lama terlebih dahulu."
        )
    return errors
