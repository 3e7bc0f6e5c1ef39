"""Keuangan's side of a locked month: net pay per SKPD, the treasurer's files, marking paid; bank details.

Registered on the recap blueprint (its /rekap prefix and menu), kept apart from the recap screens' module.
"""

import datetime
from io import BytesIO

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ekinerja import clock, settings, web
from ekinerja.auth import roles_required
from ekinerja.models import Pegawai, Periode
from ekinerja.rules.refusal import Refused
from ekinerja.services import imports, pay_inputs, payments, recap
from ekinerja.web import period_or_last_month
from reports import payment

TREASURY = ("admin", "keuangan")  # who sees bank details and the treasurer's files


def _period():
    return period_or_last_month(request.args.get("periode") or request.form.get("periode") or "")


def _chosen_skpd(year, month):
    """The SKPD asked for (404 outside the user's), or the first the user sees with entries, as the recap screen."""
    chosen = web.skpd_asked(current_user, request.values.get("skpd"), year, month)
    if chosen is None:
        abort(404)
    return chosen


def _file(export, mimetype):
    response = send_file(BytesIO(export.content), mimetype=mimetype, as_attachment=True, download_name=export.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _locked_or_404(year, month):
    if not Periode.is_locked(year, month):
        abort(404)


@roles_required(*TREASURY)
def payment_page():
    """An SKPD's locked month: each employee's gross, deductions, net and account; the files; paid or not."""
    year, month = _period()
    skpd = _chosen_skpd(year, month)
    final = Periode.is_locked(year, month)
    lines, totals = payments.payment_list(skpd, year, month) if final else ([], None)
    return render_template(
        "recap/payment.html",
        skpd=skpd,
        year=year,
        month=month,
        final=final,
        lines=lines,
        totals=totals,
        paid=payments.payment_of(skpd, year, month),
        layouts=payment.transfer_layouts(),
        absent=dict((s.kode, reason) for s, reason in recap.absent_skpds(year, month)).get(skpd.kode),
    )


@roles_required("keuangan")
def mark_paid():
    year, month = _period()
    skpd = _chosen_skpd(year, month)
    try:
        day = datetime.date.fromisoformat(request.form.get("tanggal_bayar", ""))
    except ValueError:
        day = None
    try:
        payments.mark_paid(skpd, year, month, day, request.form.get("nomor_dokumen"), current_user)
        flash(f"TPP {skpd.singkatan} ditandai dibayar.", "success")
    except Refused as refused:
        for message in refused.errors.values():
            flash(message, "danger")
    return redirect(url_for("recap.payment_page", skpd=skpd.kode, periode=f"{year:04d}-{month:02d}"))


@roles_required(*TREASURY)
def payment_xlsx():
    year, month = _period()
    skpd = _chosen_skpd(year, month)
    _locked_or_404(year, month)
    return _file(payment.payment_workbook(skpd, year, month), payment.MIMETYPE)


@roles_required(*TREASURY)
def transfer_csv():
    year, month = _period()
    skpd = _chosen_skpd(year, month)
    _locked_or_404(year, month)
    layout = request.args.get("format", "standar")
    if layout not in payment.transfer_layouts():
        abort(404)
    return _file(payment.transfer_file(skpd, year, month, layout), payment.CSV_MIMETYPE)


@roles_required(*TREASURY)
def summary_pdf():
    """The rekapitulasi pembayaran of one SKPD (skpd=...) or of the city (no skpd)."""
    from reports.pdf import render_pdf

    year, month = _period()
    _locked_or_404(year, month)
    skpd = _chosen_skpd(year, month) if request.args.get("skpd") else None
    filename, html = payment.summary(year, month, skpd, heading=settings.heading(current_app))
    response = send_file(BytesIO(render_pdf(html)), mimetype="application/pdf", download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@roles_required(*TREASURY)
def bank_details_export(fmt):
    """Every employee's bank details in the import's columns (kind rekening), CSV or XLSX, for keuangan and admin."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    content = imports.export_bytes("rekening", fmt)
    response = send_file(BytesIO(content), as_attachment=True, download_name=f"rekening-{clock.today():%Y%m%d}.{fmt}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@login_required
def bank_details(nip=None):
    """One's own bank details (any employee), or an employee's for keuangan and admin, who may also change them."""
    own = nip is None or (current_user.pegawai_id and current_user.pegawai.nip == nip)
    if own and not current_user.pegawai_id:
        abort(404)
    if not own and not current_user.has_role(*TREASURY):
        abort(404)  # someone else's account number: not even whether the NIP exists
    pegawai = current_user.pegawai if own else Pegawai.get_or_none(Pegawai.nip == nip)
    if pegawai is None:
        abort(404)
    editable = current_user.has_role(*TREASURY)
    if request.method == "POST":
        if not editable:
            abort(403)
        try:
            pay_inputs.set_bank_details(
                pegawai, request.form.get("nama_bank"), request.form.get("nomor_rekening"), current_user
            )
            flash("Rekening disimpan.", "success")
            return redirect(request.path)
        except Refused as refused:
            for message in refused.errors.values():
                flash(message, "danger")
    return render_template("recap/bank.html", pegawai=pegawai, editable=editable)


def register(bp):
    """The routes above on the recap blueprint."""
    bp.add_url_rule("/pembayaran", view_func=payment_page)
    bp.add_url_rule("/pembayaran/bayar", view_func=mark_paid, methods=["POST"])
    bp.add_url_rule("/pembayaran.xlsx", view_func=payment_xlsx)
    bp.add_url_rule("/transfer.csv", view_func=transfer_csv)
    bp.add_url_rule("/pembayaran.pdf", view_func=summary_pdf)
    bp.add_url_rule("/rekening.<fmt>", view_func=bank_details_export)
    bp.add_url_rule("/rekening", view_func=bank_details, methods=["GET", "POST"])
    bp.add_url_rule("/rekening/<nip>", view_func=bank_details, methods=["GET", "POST"])
