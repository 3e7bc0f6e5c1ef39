"""The demo city's earlier months, as a city that ran e-Kinerja before this system would bring them: locked, with
a stored recap per employee (figures through the rules) and no entries, so that the ranking, the public page and
the what-if have a year behind them."""

import datetime
import json
import random
import secrets

from ekinerja.db import insert_all
from ekinerja.models import Jabatan, Pegawai, Periode, Rekap, RiwayatJabatan, Skpd, TarifTpp
from ekinerja.rules.calendar import month_bounds, previous_month
from ekinerja.rules.discipline import DisciplineRules
from ekinerja.rules.kinerja import KinerjaRules, kinerja
from ekinerja.rules.simulation import deduction_codes, deduction_percent
from ekinerja.rules.tpp import tpp
from ekinerja.rules.vocabulary import DIKUNCI
from ekinerja.services import ranking
from ekinerja.services.calendar import Calendar, rule_set_on
from ekinerja.services.ranking import months_back
from ekinerja.services.rule_values import RULE_VALUE_FIELDS, tpp_rules

MONTHS = 11
CODES = ("TL1", "TL2", "PSW1", "APEL_PAGI", "APEL_SORE", "TK")


def _month_rows(rng, year, month, people, diligence):
    first, last = month_bounds(year, month)
    calendar, aturan = Calendar(first, last), rule_set_on(first)
    tarif = dict(TarifTpp.select(TarifTpp.kelas_jabatan, TarifTpp.tarif).where(TarifTpp.aturan == aturan.id).tuples())
    values = {name: getattr(aturan, name) for name in RULE_VALUE_FIELDS}
    values.update(berlaku_mulai=aturan.berlaku_mulai.isoformat(), tarif={str(k): v for k, v in sorted(tarif.items())})
    rows = []
    for person, jabatan, skpd in people:
        days = calendar.working_days(skpd.jadwal_id)
        effort = diligence[skpd.kode] + rng.uniform(-0.08, 0.05)
        utama = int(len(days) * 300 * min(1.0, max(0.5, effort)))
        result = kinerja(len(days), 0, utama, rng.randint(0, 300), KinerjaRules())
        lapses = [(rng.choice(days), rng.choice(CODES)) for _ in range(rng.randint(0, int(6 * (1.1 - effort) + 1)))]
        deductions = [
            {
                "tanggal": day.isoformat(),
                "kode": kode,
                "persen": deduction_percent(kode, DisciplineRules()),
                "menit": None,
            }
            for day, kode in sorted(set(lapses))
        ]
        potongan = sum((d["persen"] for d in deductions), 0)
        pay = tpp(
            tarif.get(jabatan.kelas_jabatan, 0), person.status, result.capaian_kinerja, potongan, tpp_rules(aturan)
        )
        rows.append(
            {
                **{name: getattr(result, name) for name in ("hari_kerja", "hari_berketerangan", "hari_efektif")},
                **{name: getattr(result, name) for name in ("menit_standar", "menit_utama", "menit_tambahan")},
                "menit_diakui": result.menit_diakui,
                "capaian_kinerja": result.capaian_kinerja,
                "potongan_disiplin": potongan,
                **{name: getattr(pay, name) for name in ("tpp_dasar", "tpp_kinerja", "tpp_disiplin", "tpp_diterima")},
                "tahun": year,
                "bulan": month,
                "versi": 1,
                "berlaku": True,
                "kode_verifikasi": secrets.token_urlsafe(12),
                "pegawai": person.id,
                "nip": person.nip,
                "nama": person.nama_lengkap,
                "golongan": person.golongan,
                "status_pegawai": person.status,
                "jabatan": jabatan.nama,
                "kelas_jabatan": jabatan.kelas_jabatan,
                "skpd_kode": skpd.kode,
                "skpd_nama": skpd.nama,
                "menit_tambahan_disetujui": result.menit_tambahan_disetujui,
                "kode_potongan": deduction_codes(deductions),
                "rincian": json.dumps(
                    {
                        "rincian_disiplin": deductions,
                        "aturan": values,
                        "menit_tambahan_disetujui": result.menit_tambahan_disetujui,
                        "batas_menit_tambahan": result.batas_menit_tambahan,
                    },
                    default=str,
                    sort_keys=True,
                ),
            }
        )
    return rows


def seed_history(today):
    """Lock the MONTHS months before the demo's past month with stored recaps and their SKPD figures."""
    rng = random.Random("ekinerja-demo-riwayat")
    held = RiwayatJabatan.select(RiwayatJabatan, Jabatan, Skpd, Pegawai).join(Jabatan).join(Skpd).switch(RiwayatJabatan)
    people = [
        (h.pegawai, h.jabatan, h.jabatan.skpd) for h in held.join(Pegawai).where(RiwayatJabatan.selesai.is_null())
    ]
    diligence = {kode: rng.uniform(0.8, 1.0) for kode in sorted({skpd.kode for _, _, skpd in people})}
    last = previous_month(previous_month(today)[0])[0]
    locked = 0
    for year, month in months_back(last.year, last.month, MONTHS):
        if Periode.select().where(Periode.tahun == year, Periode.bulan == month).exists():
            continue
        insert_all(Rekap, _month_rows(rng, year, month, people, diligence))
        period = Periode.create(
            tahun=year, bulan=month, status=DIKUNCI, versi=1, diubah_oleh="demo", diubah_pada=datetime.datetime.now()
        )
        ranking.store_month(period)
        locked += 1
    return {"periode_riwayat": locked}
