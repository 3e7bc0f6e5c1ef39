"""National holidays, cuti bersama and the rule sets that turn minutes and attendance into rupiah."""

from decimal import Decimal

from peewee import BigIntegerField, CharField, DateField, DecimalField, ForeignKeyField, IntegerField

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

    def __str__(self):
        return f"{self.nama} (mulai {self.berlaku_mulai:%d-%m-%Y})"


class TarifTpp(BaseModel):
    """The TPP base amount of one kelas jabatan under a rule set, whole rupiah."""

    aturan = ForeignKeyField(AturanTpp, backref="tarif", on_delete="RESTRICT")
    kelas_jabatan = IntegerField()
    tarif = BigIntegerField()

    class Meta:
        indexes = ((("aturan", "kelas_jabatan"), True),)
