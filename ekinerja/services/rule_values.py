"""A rule set's values as the pure rules take them, and the fields of a row that come from them."""

from ekinerja.models import PotonganTpp
from ekinerja.rules.discipline import DisciplineRules
from ekinerja.rules.kinerja import KinerjaRules
from ekinerja.rules.pay import LocalDeduction, PayRules, net_pay
from ekinerja.rules.ter import DEFAULT_PTKP
from ekinerja.rules.tpp import TppRules
from ekinerja.services import masterdata

# Whether approved minutes outside the attendance window count (a snapshot without it counted them).
OUTSIDE_SETTING = "hitung_menit_luar_presensi"
# Every value of the rule set that a month's figures depend on, stored with a locked month's recap.
RULE_VALUE_FIELDS = (
    ("menit_efektif_per_hari", "batas_menit_harian", OUTSIDE_SETTING)
    + masterdata.PERCENT_FIELDS
    + masterdata.DEDUCTION_FIELDS
    + masterdata.PAY_RULE_FIELDS
)
# What a row carries of the deductions from gross TPP and the net paid (rules.pay), kept with a locked month.
PAY_FIELDS = ("potongan_tpp", "jumlah_potongan", "tpp_bersih", "bpjs_pemberi_kerja", "status_ptkp")


# Where the year's SKP rule set links pay to the periodic predikat: the percent paid and the capaian it pays for.
SKP_PAY_FIELDS = ("persen_tpp_predikat_skp", "capaian_dibayar")


def kinerja_rules(aturan):
    return KinerjaRules(aturan.menit_efektif_per_hari, aturan.batas_menit_harian, aturan.batas_tambahan_persen)


def discipline_rules(aturan):
    return DisciplineRules(
        tk=aturan.potongan_tk,
        tl=(aturan.potongan_tl1, aturan.potongan_tl2, aturan.potongan_tl3, aturan.potongan_tl4),
        psw=(aturan.potongan_psw1, aturan.potongan_psw2, aturan.potongan_psw3, aturan.potongan_psw4),
        apel_pagi=aturan.potongan_apel_pagi,
        apel_sore=aturan.potongan_apel_sore,
        batas_potongan=aturan.batas_potongan,
        tier_bounds=(aturan.batas_tingkat_1, aturan.batas_tingkat_2, aturan.batas_tingkat_3),
    )


def tpp_rules(aturan):
    return TppRules(aturan.persen_cpns, aturan.bobot_kinerja, aturan.bobot_disiplin, aturan.status_berubah)


def pay_rules(aturan):
    """The deductions of a rule set, its named items included (none for an unsaved default rule set)."""
    items = () if aturan.id is None else aturan.potongan_lain.order_by(PotonganTpp.urutan, PotonganTpp.id)
    return PayRules(
        metode_pph21=aturan.metode_pph21,
        pph21_golongan=(aturan.pph21_gol_i, aturan.pph21_gol_ii, aturan.pph21_gol_iii, aturan.pph21_gol_iv),
        pph21_tarif_tetap=aturan.pph21_tarif_tetap,
        bpjs_pegawai=aturan.bpjs_pegawai,
        bpjs_pemberi_kerja=aturan.bpjs_pemberi_kerja,
        bpjs_batas_upah=aturan.bpjs_batas_upah,
        lain=tuple(LocalDeduction(i.nama, i.persen, i.nominal) for i in items),
    )


def pay_figures(gross, golongan, rules, status_ptkp=DEFAULT_PTKP):
    """PAY_FIELDS of a row from its gross TPP, golongan and PTKP status."""
    pay = net_pay(gross, golongan, rules, status_ptkp)
    return {
        "status_ptkp": status_ptkp,
        "potongan_tpp": [item._asdict() for item in pay.potongan],
        "jumlah_potongan": pay.jumlah_potongan,
        "tpp_bersih": pay.bersih,
        "bpjs_pemberi_kerja": pay.bpjs_pemberi_kerja,
    }
