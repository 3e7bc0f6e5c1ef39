"""Portal screens beyond plain CRUD: import/export, SKPD readiness, ABK staffing, the ZIP of an SKPD's slips."""

from io import BytesIO

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from ekinerja import clock, settings
from ekinerja.admin.base import SecureMixin, portal_skpd_id
from ekinerja.models import Skpd
from ekinerja.rules.calendar import parse_period
from ekinerja.services import analysis, calibration, imports
from ekinerja.web import period_or_last_month
from reports import batch


class ScopedPortalView(SecureMixin, BaseView):
    allowed_roles = ("admin", "admin_skpd")

    def visible_skpd(self):
        scope = portal_skpd_id()
        query = Skpd.select().where(Skpd.aktif).order_by(Skpd.kode)
        return query if scope is None else query.where(Skpd.id == scope)


class ImportView(ScopedPortalView):
    @expose("/", methods=["GET", "POST"])
    def index(self):
        errors, result = [], None
        allowed = imports.kinds_for(admin=portal_skpd_id() is None)
        if request.method == "POST":
            jenis = request.form.get("jenis", "")
            upload = request.files.get("berkas")
            if jenis not in allowed:
                errors = [imports.RowError(0, "jenis", "Pilih jenis data yang boleh Anda impor.")]
            elif upload is None or not upload.filename:
                errors = [imports.RowError(0, "berkas", "Pilih berkas CSV atau XLSX.")]
            else:
                try:
                    result = imports.import_file(
                        jenis, upload.stream, upload.filename, current_user, skpd_id=portal_skpd_id()
                    )
                except imports.ImportRejected as rejected:
                    errors = rejected.rows
                else:
                    flash(f"Impor {jenis} berhasil: {result.summary()}.", "success")
                    return redirect(url_for(".index"))
        return self.render("portal/import.html", kinds=allowed, columns=imports.COLUMNS, errors=errors)

    @expose("/ekspor/<jenis>.<fmt>")
    def export(self, jenis, fmt):
        if jenis not in imports.kinds_for(admin=portal_skpd_id() is None) or fmt not in ("csv", "xlsx"):
            return self.render("portal/import.html", kinds=[], columns={}, errors=[]), 404
        content = imports.export_bytes(jenis, fmt, skpd_id=portal_skpd_id())
        name = f"{jenis}-{clock.today():%Y%m%d}.{fmt}"
        return send_file(BytesIO(content), as_attachment=True, download_name=name)


class ReadinessView(ScopedPortalView):
    @expose("/")
    def index(self):
        year = request.args.get("tahun", type=int) or clock.today().year
        rows = analysis.readiness(self.visible_skpd(), year)
        return self.render("portal/readiness.html", rows=rows, year=year, syarat=analysis.PRASYARAT)


class StaffingView(ScopedPortalView):
    @expose("/")
    def index(self):
        skpd_list = list(self.visible_skpd())
        chosen = request.args.get("skpd", type=int)
        skpd = next((s for s in skpd_list if s.id == chosen), None)
        per_skpd = analysis.staffing_by_skpd(skpd_list)
        positions = analysis.staffing_by_position(skpd) if skpd else []
        year = request.args.get("tahun", type=int) or clock.today().year
        actual = calibration.actual_staffing(skpd, year) if skpd else []
        return self.render(
            "portal/abk.html", per_skpd=per_skpd, skpd=skpd, positions=positions, actual=actual, year=year
        )


class SlipZipView(ScopedPortalView):
    """Every TPP slip of one SKPD's month in a ZIP: admin for any SKPD, admin_skpd for their own."""

    @expose("/")
    def index(self):
        year, month = period_or_last_month(request.args.get("periode"))
        return self.render(
            "portal/slip_zip.html", skpd_list=list(self.visible_skpd()), periode=f"{year:04d}-{month:02d}"
        )

    @expose("/slip.zip", methods=["POST"])
    def download(self):
        kode = request.form.get("skpd", "")
        skpd = next((s for s in self.visible_skpd() if s.kode == kode), None)
        if skpd is None:
            abort(404)
        try:
            year, month = parse_period(request.form.get("periode", ""))
        except ValueError:
            flash("Periode harus berformat YYYY-MM.", "error")
            return redirect(url_for(".index"))
        periode = f"{year:04d}-{month:02d}"
        # Rendered inside the web request, one after the other (config SLIP_ZIP_WORKERS > 1: a process pool).
        app = current_app._get_current_object()
        workers = app.config.get("SLIP_ZIP_WORKERS", 1)
        content, result = batch.skpd_slips_zip(settings.batch(app), year, month, skpd.kode, workers=workers)
        if not result.written:
            flash(f"Tidak ada slip {skpd.singkatan} untuk periode {periode}.", "warning")
            return redirect(url_for(".index", periode=periode))
        response = send_file(
            BytesIO(content),
            mimetype="application/zip",
            as_attachment=True,
            download_name=f"slip-{periode}-{batch.filename_part(skpd.kode)}.zip",
        )
        response.headers["Cache-Control"] = "private, no-store"
        return response
