"""A small SKPD for the SKP tests: a Kepala Dinas (JPT) under the Sekda, a Kabid, two staff; a second SKPD."""

import datetime
from types import SimpleNamespace

from ekinerja.models import Target
from ekinerja.services import skp as plans
from tests import factories as f

D = datetime.date
PLAN_DAY = D(2026, 1, 5)


def build():
    setda = f.skpd(kode="SETDA")
    sekda_j = f.jabatan(setda, jenis="jpt", eselon="II.a", kelas_jabatan=16)
    unit = f.skpd(kode="DINKES")
    kadis_j = f.jabatan(unit, atasan=sekda_j, jenis="jpt", eselon="II.b", kelas_jabatan=14)
    kabid_j = f.jabatan(unit, atasan=kadis_j, jenis="administrator", eselon="III.b", kelas_jabatan=11)
    staf_j = f.jabatan(unit, atasan=kabid_j)
    other = f.skpd(kode="DISDIK")
    other_j = f.jabatan(other)
    start = D(2025, 1, 2)
    c = SimpleNamespace(unit=unit, other=other, staf_j=staf_j)
    for name, jabatan in (("sekda", sekda_j), ("kadis", kadis_j), ("kabid", kabid_j), ("staf", staf_j),
                          ("staf2", staf_j), ("luar", other_j)):  # fmt: skip
        person = f.pegawai(jabatan, mulai=start, nama=name.title())
        setattr(c, name, person)
        setattr(c, f"{name}_user", f.user(pegawai=person))
    c.admin = f.user("admin", roles=("admin",))
    c.admin_skpd = f.user("admin_dinkes", roles=("admin_skpd",), skpd=unit)
    c.admin_lain = f.user("admin_disdik", roles=("admin_skpd",), skpd=other)
    c.tugas = f.tugas(staf_j, kode="T-LAP", uraian="Menyusun laporan", satuan="laporan")
    c.target = Target.create(skpd=unit, tahun=2026, jenis="target_kinerja", indikator="Cakupan imunisasi",
                             target=95, satuan="persen")  # fmt: skip
    return c


def approved_plan(c, person_user, appraiser_user, hasil_atasan=None, indicators=None):
    """An agreed SKP of 2026 with one result (supporting the SKPD target unless a superior's result is given)."""
    skp = plans.create(person_user, PLAN_DAY)
    plans.add_result(
        person_user,
        skp,
        plans.ResultInput("Laporan kegiatan tersusun", None if hasil_atasan else c.target.id, hasil_atasan),
        indicators or [plans.IndicatorInput("kuantitas", "Jumlah laporan", 12, "laporan")],
    )
    plans.decide(person_user, skp, "ajukan")
    return plans.decide(appraiser_user, skp, "setujui")
