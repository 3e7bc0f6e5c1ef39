"""A locked month's payment: the transfer list per SKPD with its totals, and keuangan marking an SKPD's TPP paid."""

from ekinerja.db import write_transaction
from ekinerja.models import Pegawai, PembayaranTpp, Periode, Skpd
from ekinerja.rules.refusal import Conflict, Refused
from ekinerja.services import audit
from ekinerja.services.recap import month_recap

TOTALS = ("tpp_diterima", "jumlah_potongan", "tpp_bersih", "bpjs_pemberi_kerja")


def payment_list(skpd, year, month):
    """(lines, totals) of an SKPD's locked month: each employee's stored gross, deductions and net, with the bank
    details they gave; the totals are the sums of the same rows the nominatif lists."""
    if not Periode.is_locked(year, month):
        raise Conflict("Daftar pembayaran hanya untuk bulan yang sudah dikunci.")
    rows, _ = month_recap(year, month, skpd_kode=skpd.kode)
    banks = {
        pid: (bank, account)
        for pid, bank, account in Pegawai.select(Pegawai.id, Pegawai.nama_bank, Pegawai.nomor_rekening)
        .where(Pegawai.id.in_([r["pegawai_id"] for r in rows]))
        .tuples()
    }
    lines = []
    for number, row in enumerate(rows, start=1):
        bank, account = banks.get(row["pegawai_id"], (None, None))
        lines.append({**row, "no": number, "nama_bank": bank, "nomor_rekening": account})
    totals = {name: sum(int(line[name]) for line in lines) for name in TOTALS}
    totals["pegawai"] = len(lines)
    return lines, totals


def payment_of(skpd, year, month):
    """The PembayaranTpp of an SKPD's month, or None while unpaid."""
    return PembayaranTpp.get_or_none(
        PembayaranTpp.skpd == skpd.id, PembayaranTpp.tahun == year, PembayaranTpp.bulan == month
    )


def mark_paid(skpd, year, month, tanggal_bayar, nomor_dokumen, actor):
    """Record that a locked month's TPP of an SKPD has been transferred (date and payment document)."""
    nomor_dokumen = (nomor_dokumen or "").strip()
    errors = {}
    if tanggal_bayar is None:
        errors["tanggal_bayar"] = "Isi tanggal pembayaran."
    if not nomor_dokumen or len(nomor_dokumen) > 100:
        errors["nomor_dokumen"] = "Isi nomor dokumen pembayaran (SP2D), paling banyak 100 karakter."
    if errors:
        raise Refused(errors)
    with write_transaction():
        if not Periode.is_locked(year, month):
            raise Conflict("Hanya bulan yang sudah dikunci yang dapat ditandai dibayar.")
        if payment_of(skpd, year, month) is not None:
            raise Conflict(f"TPP {skpd.kode} bulan {month:02d}-{year} sudah ditandai dibayar.")
        paid = PembayaranTpp.create(
            tahun=year,
            bulan=month,
            skpd=skpd.id,
            tanggal_bayar=tanggal_bayar,
            nomor_dokumen=nomor_dokumen,
            dicatat_oleh=audit.actor_name(actor),
        )
        audit.record(
            actor,
            "tandai_dibayar",
            "skpd",
            skpd.id,
            ke="DIBAYAR",
            rincian={"periode": f"{year}-{month:02d}", "tanggal_bayar": tanggal_bayar, "nomor_dokumen": nomor_dokumen},
        )
    return paid


def payment_by_code(skpd_kode, year, month):
    """The payment of the SKPD (by code) a locked month lists an employee under, for their slip; None while unpaid."""
    skpd = Skpd.get_or_none(Skpd.kode == skpd_kode)
    return payment_of(skpd, year, month) if skpd else None
