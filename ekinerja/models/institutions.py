"""The institutions' tools: their settings, each locked month's SKPD scores, and anomaly flags marked as checked."""

from decimal import Decimal

from peewee import BigIntegerField, BooleanField, CharField, DateTimeField, DecimalField, IntegerField, TextField

from ekinerja import clock
from ekinerja.db import BaseModel
from ekinerja.rules.anomalies import Thresholds
from ekinerja.rules.ranking import Weights

_WEIGHTS, _LIMITS = Weights(), Thresholds()


def _percent(default):
    return DecimalField(max_digits=6, decimal_places=2, default=default)


class AturanInstitusi(BaseModel):
    """The settings of ranking, anomaly flags, reconciliation and calibration, set by an admin; one row (the
    defaults of the rules until then)."""

    bobot_capaian = _percent(_WEIGHTS.rata_capaian)
    bobot_disiplin = _percent(_WEIGHTS.persen_disiplin)
    bobot_lkh = _percent(_WEIGHTS.persen_lkh)
    bobot_ketepatan = _percent(_WEIGHTS.persen_tepat)
    tampilkan_nama = BooleanField(default=False)  # staff see colleagues' names in their SKPD's ranking
    salinan_hari = IntegerField(default=_LIMITS.salinan_hari)
    salinan_pegawai = IntegerField(default=_LIMITS.salinan_pegawai)
    batas_harian_hari = IntegerField(default=_LIMITS.batas_harian_hari)
    luar_presensi_menit = IntegerField(default=_LIMITS.luar_presensi_menit)
    volume_kali = _percent(_LIMITS.volume_kali)
    volume_sampel = IntegerField(default=_LIMITS.volume_sampel)
    akhir_bulan_hari = IntegerField(default=_LIMITS.akhir_bulan_hari)
    akhir_bulan_jumlah = IntegerField(default=_LIMITS.akhir_bulan_jumlah)
    persetujuan_detik = IntegerField(default=_LIMITS.persetujuan_detik)
    persetujuan_jumlah = IntegerField(default=_LIMITS.persetujuan_jumlah)
    kalibrasi_toleransi = _percent(Decimal(25))
    kalibrasi_sampel = IntegerField(default=10)
    diubah_pada = DateTimeField(default=clock.now)

    def weights(self):
        return Weights(self.bobot_capaian, self.bobot_disiplin, self.bobot_lkh, self.bobot_ketepatan)

    def thresholds(self):
        return Thresholds(**{name: getattr(self, name) for name in Thresholds.__dataclass_fields__})

    @classmethod
    def current(cls):
        """The stored settings, or an unsaved row of the defaults."""
        return cls.select().order_by(cls.id).first() or cls()


class SkorSkpd(BaseModel):
    """An SKPD's figures of a locked month (version versi), stored when the month is locked: the ranking's and the
    public page's source, so that neither groups a city's recap again."""

    tahun = IntegerField()
    bulan = IntegerField()
    versi = IntegerField()
    skpd_kode = CharField(max_length=20)
    skpd_nama = CharField(max_length=200)
    pegawai = IntegerField()
    rata_capaian = DecimalField(max_digits=6, decimal_places=2)
    persen_disiplin = DecimalField(max_digits=6, decimal_places=2, null=True)
    persen_lkh = DecimalField(max_digits=6, decimal_places=2, null=True)
    persen_tepat = DecimalField(max_digits=6, decimal_places=2, null=True)
    tpp_diterima = BigIntegerField()
    skor = DecimalField(max_digits=6, decimal_places=2)
    peringkat = IntegerField()

    class Meta:
        indexes = ((("tahun", "bulan", "versi", "skpd_kode"), True),)


class CekAnomali(BaseModel):
    """A flag of a month that a verifikator has looked into, with their note."""

    tahun = IntegerField()
    bulan = IntegerField()
    jenis = CharField(max_length=30)
    kunci = CharField(max_length=200)
    catatan = TextField()
    diperiksa_oleh = CharField(max_length=100)
    diperiksa_pada = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("tahun", "bulan", "kunci"), True),)
