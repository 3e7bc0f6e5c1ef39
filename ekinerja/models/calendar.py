"""National holidays, cuti bersama and the rule sets that turn minutes and attendance into rupiah."""

import datetime
from decimal import Decimal

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TimeField,
)

from ekinerja.db import BaseModel


class HariLibur(BaseModel):
    tanggal = DateField(unique=True)
    jenis = CharField(max_length=20)
    keterangan = CharField(max_length=200)


class AturanTpp(BaseModel):
    """Every number of the kinerja, discipline and TPP rules, in force from berlaku_mulai.

    The defaults are those of the rules (ekinerja/rules: kinerja, discipline, tpp); they are Decimals, never floats,
    because an unsaved rule set carries them straight into the rules when no rule set has been entered yet.
    """

    berlaku_mulai = DateField(unique=True)
    nama = CharField(max_length=150)
    batas_input_hari_kerja = IntegerField(default=3)
    batas_persetujuan = IntegerField(default=5)
    menit_efektif_per_hari = IntegerField(default=300)
    batas_menit_harian = IntegerField(default=450)
    batas_tambahan_persen = DecimalField(max_digits=5, decimal_places=2, default=Decimal("20"))
    persen_cpns = DecimalField(max_digits=5, decimal_places=2, default=Decimal("80"))
    bobot_kinerja = DecimalField(max_digits=5, decimal_places=2, default=Decimal("60"))
    bobot_disiplin = DecimalField(max_digits=5, decimal_places=2, default=Decimal("40"))
    potongan_tk = DecimalField(max_digits=5, decimal_places=2, default=Decimal("3"))
    potongan_tl1 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.5"))
    potongan_tl2 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"))
    potongan_tl3 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.25"))
    potongan_tl4 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.5"))
    potongan_psw1 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.5"))
    potongan_psw2 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"))
    potongan_psw3 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.25"))
    potongan_psw4 = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.5"))
    potongan_apel_pagi = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"))
    potongan_apel_sore = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"))
    batas_potongan = DecimalField(max_digits=5, decimal_places=2, default=Decimal("100"))
    # The TL/PSW tiers' upper minutes and the time of day splitting check-in from check-out scans.
    batas_tingkat_1 = IntegerField(default=30)
    batas_tingkat_2 = IntegerField(default=60)
    batas_tingkat_3 = IntegerField(default=90)
    batas_siang = TimeField(default=datetime.time(12, 0))
    # A month with a CPNS -> PNS change (rules.tpp.STATUS_CHANGE).
    status_berubah = CharField(max_length=20, default="harian")
    # Deductions from the gross TPP (rules.pay): PPh 21 and the BPJS Kesehatan shares.
    metode_pph21 = CharField(max_length=20, default="golongan")
    pph21_gol_i = DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    pph21_gol_ii = DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    pph21_gol_iii = DecimalField(max_digits=5, decimal_places=2, default=Decimal("5"))
    pph21_gol_iv = DecimalField(max_digits=5, decimal_places=2, default=Decimal("15"))
    pph21_tarif_tetap = DecimalField(max_digits=5, decimal_places=2, default=Decimal("5"))
    bpjs_pegawai = DecimalField(max_digits=5, decimal_places=2, default=Decimal("1"))
    bpjs_pemberi_kerja = DecimalField(max_digits=5, decimal_places=2, default=Decimal("4"))
    bpjs_batas_upah = BigIntegerField(default=12_000_000)
    # Whether approved minutes outside the attendance window (before check-in, after check-out, a day without a
    # scan or on leave) count towards kinerja; they count by default, and the anomaly flag is what shows them.
    hitung_menit_luar_presensi = BooleanField(default=True)

    def __str__(self):
        return f"{self.nama} (mulai {self.berlaku_mulai:%d-%m-%Y})"


class TarifTpp(BaseModel):
    """The TPP base amount of one kelas jabatan under a rule set, whole rupiah."""

    aturan = ForeignKeyField(AturanTpp, backref="tarif", on_delete="RESTRICT")
    kelas_jabatan = IntegerField()
    tarif = BigIntegerField()

    class Meta:
        indexes = ((("aturan", "kelas_jabatan"), True),)


class PotonganTpp(BaseModel):
    """A deduction the city names under a rule set (zakat, koperasi ...): a percent of gross TPP or a fixed amount."""

    aturan = ForeignKeyField(AturanTpp, backref="potongan_lain", on_delete="RESTRICT")
    urutan = IntegerField(default=1)
    nama = CharField(max_length=100)
    persen = DecimalField(max_digits=5, decimal_places=2, null=True)
    nominal = BigIntegerField(null=True)

    class Meta:
        indexes = ((("aturan", "nama"), True),)

    def __str__(self):
        return self.nama
