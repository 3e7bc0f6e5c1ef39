"""Report data builders: plain dicts from the recap rows and the master data, testable without a PDF.

The figures come from services.recap.month_recap (the stored snapshot of a locked month); nothing here
recomputes them. What the recap does not hold (the LKH entries, who signs) is read here.
"""

import base64
import datetime
import io
from decimal import Decimal
from typing import NamedTuple

from peewee import JOIN

from ekinerja import config
from ekinerja.i18n import KODE_DISIPLIN
from ekinerja.models import Aktivitas, Pengaturan, UraianTugas
from ekinerja.rules.calendar import month_bounds
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.workflow import COUNTED, Status
from ekinerja.services import payments, recap, signatories
from ekinerja.services.calendar import signing_day
from ekinerja.services.signatories import skpd_signatories

DRAFT_MARK = "DRAFT - belum dikunci"
HUNDRED = Decimal(100)

LOGO_MAX_BYTES = 256 * 1024
LOGO_MAX_PIXELS = 2000
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def _dec(value):
    """Decimal from a recap value: Decimal, int, or the str a stored snapshot keeps in JSON."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _optional_dec(value):
    return None if value is None else _dec(value)


# -- letterhead ---------------------------------------------------------------------------------


class Heading(NamedTuple):
    """The names printed until an admin sets the letterhead in the portal (config NAMA_PEMERINTAH, NAMA_KOTA)."""

    nama_pemerintah: str = config.NAMA_PEMERINTAH
    nama_kota: str = config.NAMA_KOTA


DEFAULT_HEADING = Heading()


def logo_check(data):
    """(mime type, None) for a small real PNG or JPEG, else (None, the reason in Indonesian)."""
    if not data:
        return None, "Berkas logo kosong."
    if len(data) > LOGO_MAX_BYTES:
        return None, f"Logo terlalu besar: maksimal {LOGO_MAX_BYTES // 1024} KB."
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        return None, "Logo harus berkas PNG atau JPEG."
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt, size = image.format, image.size
            if fmt not in LOGO_FORMATS:
                return None, "Logo harus berkas PNG atau JPEG."
            if max(size) > LOGO_MAX_PIXELS:
                return None, f"Logo terlalu besar: maksimal {LOGO_MAX_PIXELS} piksel per sisi."
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, "Berkas logo rusak atau bukan gambar PNG/JPEG."
    return LOGO_FORMATS[fmt], None


def letterhead(heading=DEFAULT_HEADING):
    """City name, address and logo (as a data: URL) for the document heading; heading's names until one is set."""
    settings = Pengaturan.select().order_by(Pengaturan.id).first()
    if settings is None:
        return {
            "nama_pemerintah": heading.nama_pemerintah,
            "nama_kota": heading.nama_kota,
            "alamat": None,
            "logo": None,
        }
    logo = None
    if settings.logo and settings.logo_mime in LOGO_FORMATS.values():
        logo = f"data:{settings.logo_mime};base64," + base64.b64encode(bytes(settings.logo)).decode("ascii")
    return {
        "nama_pemerintah": settings.nama_pemerintah,
        "nama_kota": settings.nama_kota,
        "alamat": settings.alamat,
        "logo": logo,
    }


def document(kind, year, month, final, today=None, heading=DEFAULT_HEADING):
    """What every document carries: its kind, period, draft state, heading and signing place and date."""
    head = letterhead(heading)
    day = signing_day(year, month, today)
    return {
        "jenis": kind,
        "tahun": year,
        "bulan": month,
        "final": final,
        "draft": None if final else DRAFT_MARK,
        "kop": head,
        "tempat": head["nama_kota"],
        "tanggal_ttd": day,
    }


# -- who signs ----------------------------------------------------------------------------------


def superior(pegawai_id, year, month):
    """The atasan langsung who signs an employee's slip and LKH: the one stored when the month was locked, else
    whoever holds (or acts for) the superior position at the end of the employee's month (services.signatories)."""
    stored = recap.stored_row(year, month, pegawai_id)
    if stored is not None and "atasan" in stored:
        return stored["atasan"]
    return signatories.superiors(year, month, [pegawai_id]).get(pegawai_id)


# -- the slip -----------------------------------------------------------------------------------


def pangkat_of(golongan):
    return GOLONGAN.get(golongan, "")


def discipline_groups(rincian):
    """The month's deductions grouped by code: the dates, the percent per case and the sum."""
    groups = {}
    for item in rincian:
        group = groups.setdefault(
            item["kode"],
            {
                "kode": item["kode"],
                "uraian": KODE_DISIPLIN.get(item["kode"], item["kode"]),
                "tanggal": [],
                "persen_satuan": set(),
                "persen": Decimal(0),
            },
        )
        group["tanggal"].append(datetime.date.fromisoformat(str(item["tanggal"])))
        group["persen_satuan"].add(_dec(item["persen"]))
        group["persen"] += _dec(item["persen"])
    order = list(KODE_DISIPLIN)
    result = []
    for kode in sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k)):
        group = groups[kode]
        group["tanggal"].sort()
        group["hari"] = len(group["tanggal"])
        rates = group.pop("persen_satuan")
        group["persen_satuan"] = rates.pop() if len(rates) == 1 else None
        result.append(group)
    return result


def slip(row, final, year, month, atasan=None, verifikasi=None, today=None, heading=DEFAULT_HEADING, riwayat=()):
    """Everything a TPP slip prints, from one recap row (month_recap) and its signatories; riwayat: the points of the
    employee's twelve months up to this one for its chart (dashboard.twelve_months), none to print no chart."""
    aturan = row["aturan"]
    tpp_dasar = _dec(row["tpp_dasar"])
    bobot_kinerja, bobot_disiplin = _dec(aturan["bobot_kinerja"]), _dec(aturan["bobot_disiplin"])
    groups = discipline_groups(row["rincian_disiplin"])
    jumlah = sum((g["persen"] for g in groups), Decimal(0))
    tarif = (aturan.get("tarif") or {}).get(str(row["kelas_jabatan"]))
    return {
        **document("slip", year, month, final, today, heading),
        "pegawai": {
            "nama": row["nama"],
            "nip": row["nip"],
            "golongan": row["golongan"],
            "pangkat": pangkat_of(row["golongan"]),
            "status": row["status_pegawai"],
            "jabatan": row["jabatan"],
            "kelas_jabatan": row["kelas_jabatan"],
            "skpd_nama": row["skpd_nama"],
        },
        "atasan": atasan,
        "aturan": {
            "menit_efektif_per_hari": aturan["menit_efektif_per_hari"],
            "bobot_kinerja": bobot_kinerja,
            "bobot_disiplin": bobot_disiplin,
            "persen_cpns": _dec(aturan["persen_cpns"]),
            "batas_potongan": _dec(aturan.get("batas_potongan", 100)),
        },
        "tarif": _dec(tarif) if tarif is not None else None,
        "kinerja": {
            "hari_kerja": row["hari_kerja"],
            "hari_berketerangan": row["hari_berketerangan"],
            "hari_efektif": row["hari_efektif"],
            "menit_standar": row["menit_standar"],
            "menit_utama": row["menit_utama"],
            "menit_tambahan": row["menit_tambahan"],
            # How the tambahan minutes came about; a month locked before they were kept shows the result only.
            "tambahan_disetujui": row.get("menit_tambahan_disetujui"),
            "batas_tambahan": row.get("batas_menit_tambahan"),
            "batas_tambahan_persen": _dec(aturan["batas_tambahan_persen"]),
            "menit_diakui": row["menit_diakui"],
            "capaian": _dec(row["capaian_kinerja"]),
            # Where the SKP rule set links pay to the periodic predikat: the percent paid and what it leaves.
            "persen_skp": _optional_dec(row.get("persen_tpp_predikat_skp")),
            "capaian_dibayar": _dec(row.get("capaian_dibayar", row["capaian_kinerja"])),
            "porsi": tpp_dasar * bobot_kinerja / HUNDRED,
            "rupiah": row["tpp_kinerja"],
        },
        "disiplin": {
            "rincian": groups,
            "jumlah": jumlah,
            "potongan": _dec(row["potongan_disiplin"]),
            "dibatasi": jumlah > _dec(row["potongan_disiplin"]),
            "porsi": tpp_dasar * bobot_disiplin / HUNDRED,
            "rupiah": row["tpp_disiplin"],
        },
        "tpp_dasar": tpp_dasar,
        "tpp_diterima": row["tpp_diterima"],
        "verifikasi": verifikasi,
        **net_pay_part(row),
        "dibayar": payments.payment_by_code(row["skpd"], year, month) if final else None,
        "riwayat": list(riwayat),
    }


# -- deductions and net pay (rules.pay), on the slip and the nominatif ----------------------------


def net_pay_part(row):
    """Each deduction from gross TPP, their sum and the net, and the percent of the tariff paid as base in a month
    whose status changed (None otherwise)."""
    return {
        "potongan_tpp": [
            {**item, "persen": _dec(item["persen"]) if item["persen"] is not None else None}
            for item in row["potongan_tpp"]
        ],
        "jumlah_potongan": int(row["jumlah_potongan"]),
        "tpp_bersih": int(row["tpp_bersih"]),
        "bpjs_pemberi_kerja": int(row["bpjs_pemberi_kerja"]),
        "persen_dasar": _dec(row["persen_dasar"]) if row.get("persen_dasar") is not None else None,
    }


def deduction_totals(lines):
    """[{kode, nama, rupiah}] of each kind of deduction summed over the lines, in the order they first appear."""
    totals = {}
    for line in lines:
        for item in line["potongan_tpp"]:
            entry = totals.setdefault(item["kode"], {"kode": item["kode"], "nama": item["nama"], "rupiah": 0})
            entry["rupiah"] += int(item["rupiah"])
    return list(totals.values())


# -- the LKH ------------------------------------------------------------------------------------


def lkh_entries(pegawai_id, year, month):
    """The month's entries in date and time order, with the duty's text and unit (as they were when the month was
    locked, for a locked month)."""
    first, last = month_bounds(year, month)
    stored = (recap.stored_row(year, month, pegawai_id) or {}).get("tugas", {})
    query = (
        Aktivitas.select(Aktivitas, UraianTugas)
        .join(UraianTugas, JOIN.LEFT_OUTER)
        .where(Aktivitas.pegawai == pegawai_id, Aktivitas.tanggal.between(first, last))
        .order_by(Aktivitas.tanggal, Aktivitas.jam_mulai, Aktivitas.id)
    )
    entries = []
    for number, entry in enumerate(query, start=1):
        tambahan = entry.tugas_id is None
        uraian, satuan = (
            ("", "") if tambahan else stored.get(str(entry.tugas_id), (entry.tugas.uraian, entry.tugas.satuan))
        )
        try:
            status = Status(entry.status).label
        except ValueError:
            status = entry.status
        entries.append(
            {
                "no": number,
                "tanggal": entry.tanggal,
                "uraian": (entry.uraian if tambahan else uraian) or "",
                "tambahan": tambahan,
                "keterangan": entry.keterangan,
                "jam_mulai": entry.jam_mulai,
                "jam_selesai": entry.jam_selesai,
                "volume": entry.volume,
                "satuan": satuan,
                "menit": entry.menit_diakui,
                "status": status,
                "dihitung": entry.status in COUNTED,
            }
        )
    return entries


def lkh(pegawai, year, month, row, final, entries, atasan=None, today=None, heading=DEFAULT_HEADING):
    """The monthly activity list: entries, their totals and the month's figures from the recap row."""
    counted = [e for e in entries if e["dihitung"]]
    return {
        **document("lkh", year, month, final, today, heading),
        "pegawai": {
            # A locked month's name and golongan are the stored ones, as on its slip and list.
            "nama": row["nama"] if row else pegawai.nama_lengkap,
            "nip": row["nip"] if row else pegawai.nip,
            "golongan": row["golongan"] if row else pegawai.golongan,
            "pangkat": pangkat_of(row["golongan"] if row else pegawai.golongan),
            "jabatan": row["jabatan"] if row else "",
            "kelas_jabatan": row["kelas_jabatan"] if row else None,
            "skpd_nama": row["skpd_nama"] if row else pegawai.skpd.nama,
        },
        "atasan": atasan,
        "entri": entries,
        "jumlah": {
            "entri": len(entries),
            "disetujui": len(counted),
            "menit_diajukan": sum(e["menit"] for e in entries),
            "menit_disetujui": sum(e["menit"] for e in counted),
        },
        "rekap": None
        if row is None
        else {
            "hari_efektif": row["hari_efektif"],
            "menit_standar": row["menit_standar"],
            "menit_utama": row["menit_utama"],
            "menit_tambahan": row["menit_tambahan"],
            "menit_diakui": row["menit_diakui"],
            "capaian": _dec(row["capaian_kinerja"]),
        },
    }


# -- the SKPD list ------------------------------------------------------------------------------


def nominatif(skpd, rows, totals, final, year, month, today=None, heading=DEFAULT_HEADING):
    """The SKPD's TPP list: one line per recap row, the service's totals, and who signs (as stored when the month
    was locked, for a locked month)."""
    context = document("rekap", year, month, final, today, heading)
    stored = rows[0] if final and rows and "kepala" in rows[0] else None
    if stored is not None:
        kepala, bendahara = stored["kepala"], stored["bendahara"]
    else:
        kepala, bendahara = skpd_signatories(skpd, context["tanggal_ttd"])
    lines = [
        {
            "no": number,
            "nama": row["nama"],
            "nip": row["nip"],
            "golongan": row["golongan"],
            "jabatan": row["jabatan"],
            "kelas_jabatan": row["kelas_jabatan"],
            "capaian": _dec(row["capaian_kinerja"]),
            "potongan": _dec(row["potongan_disiplin"]),
            "persen_skp": _optional_dec(row.get("persen_tpp_predikat_skp")),
            "tpp_kinerja": row["tpp_kinerja"],
            "tpp_disiplin": row["tpp_disiplin"],
            "tpp_diterima": row["tpp_diterima"],
            **net_pay_part(row),
        }
        for number, row in enumerate(rows, start=1)
    ]
    total = totals[0] if totals else {"pegawai": 0, "tpp_kinerja": 0, "tpp_disiplin": 0, "tpp_diterima": 0}
    return {
        **context,
        "skpd": {"kode": skpd.kode, "nama": rows[0]["skpd_nama"] if final and rows else skpd.nama},
        "baris": lines,
        # A column of the SKP pay percent where the SKP rule set links pay to the periodic predikat.
        "kolom_skp": any(line["persen_skp"] is not None for line in lines),
        "jumlah": {
            **{name: total[name] for name in ("pegawai", "tpp_kinerja", "tpp_disiplin", "tpp_diterima")},
            # net pay: summed from the same lines as the transfer file, to the rupiah
            "potongan_tpp": deduction_totals(lines),
            "jumlah_potongan": sum(line["jumlah_potongan"] for line in lines),
            "tpp_bersih": sum(line["tpp_bersih"] for line in lines),
        },
        "kepala": kepala,
        "bendahara": bendahara,
    }
