"""The three printed documents from request to HTML: one month_recap call, one template, one render each.

Callers (views, API, batch) decide who may see what first; these functions only build. verify_url turns a
verification code into the public URL printed under the slip's QR code; heading holds the letterhead's names
printed until an admin sets the letterhead (data.Heading).
"""

import re
from typing import NamedTuple

from ekinerja.services import dashboard, recap
from reports import data, render_html
from reports.data import DEFAULT_HEADING


class Document(NamedTuple):
    filename: str
    html: str
    final: bool


def _safe(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)[:60]


def _period(year, month):
    return f"{year:04d}-{month:02d}"


def slip(pegawai, year, month, verify_url, heading=DEFAULT_HEADING):
    """The TPP slip of an employee's month, or None when the employee held no position in it."""
    rows, final = recap.month_recap(year, month, nip=pegawai.nip)
    if not rows:
        return None
    row = rows[0]
    verification = None
    if final and row.get("kode_verifikasi"):
        from reports.qr import qr_data_url

        url = verify_url(row["kode_verifikasi"])
        verification = {"kode": row["kode_verifikasi"], "url": url, "qr": qr_data_url(url)}
    atasan = data.superior(pegawai.id, year, month)
    # The earlier months as locked: an open one is not drawn (computing it would cost each slip of a batch).
    points = dashboard.twelve_months(pegawai.id, year, month, current=row)
    context = data.slip(row, final, year, month, atasan, verification, heading=heading, riwayat=points)
    filename = f"slip-tpp-{_period(year, month)}-{_safe(pegawai.nip)}.pdf"
    return Document(filename, render_html("slip.html", context), final)


def lkh(pegawai, year, month, heading=DEFAULT_HEADING):
    """The monthly activity list (LKH) of an employee."""
    rows, final = recap.month_recap(year, month, nip=pegawai.nip)
    entries = data.lkh_entries(pegawai.id, year, month)
    atasan = data.superior(pegawai.id, year, month)
    context = data.lkh(pegawai, year, month, rows[0] if rows else None, final, entries, atasan, heading=heading)
    filename = f"lkh-{_period(year, month)}-{_safe(pegawai.nip)}.pdf"
    return Document(filename, render_html("lkh.html", context), final)


def nominatif(skpd, year, month, heading=DEFAULT_HEADING):
    """The SKPD's TPP list for payment (rekap nominatif)."""
    rows, final = recap.month_recap(year, month, skpd_kode=skpd.kode)
    context = data.nominatif(skpd, rows, recap.skpd_totals(rows), final, year, month, heading=heading)
    filename = f"rekap-tpp-{_period(year, month)}-{_safe(skpd.kode)}.pdf"
    return Document(filename, render_html("rekap.html", context), final)


def pdf(document):
    """The PDF bytes of a built document."""
    from reports.pdf import render_pdf

    return render_pdf(document.html)
