"""Portal screens beyond plain CRUD: import/export, SKPD readiness, ABK staffing analysis."""

from io import BytesIO

from flask import flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from ekinerja import clock
from ekinerja.admin import SecureMixin
from ekinerja.models import Skpd
from ekinerja.services import analysis, imports


class ScopedPortalView(SecureMixin, BaseView):
    allowed_roles = ("admin", "admin_skpd")

    def skpd_scope(self):
        """None for a city-wide admin, else the admin_skpd's own SKPD id."""
        return None if current_user.has_role("admin") else (current_user.skpd_id or -1)

    def visible_skpd(self):
        scope = self.skpd_scope()
        query = Skpd.select().where(Skpd.aktif).order_by(Skpd.kode)
        return query if scope is None else query.where(Skpd.id == scope)


class ImportView(ScopedPortalView):
    @expose("/", methods=["GET", "POST"])
    def index(self):
        errors, result = [], None
        allowed = imports.kinds_for(admin=self.skpd_scope() is None)
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
                        jenis, upload.stream, upload.filename, current_user, skpd_id=self.skpd_scope()
                    )
                except imports.ImportRejected as rejected:
                    errors = rejected.errors
                else:
                    flash(f"Impor {jenis} berhasil: {result.summary()}.", "success")
                    return redirect(url_for(".index"))
        return self.render("portal/import.html", kinds=allowed, columns=imports.COLUMNS, errors=errors)

    @expose("/ekspor/<jenis>.<fmt>")
    def export(self, jenis, fmt):
        if jenis not in imports.kinds_for(admin=self.skpd_scope() is None) or fmt not in ("csv", "xlsx"):
            return self.render("portal/import.html", kinds=[], columns={}, errors=[]), 404
        content = imports.export_bytes(jenis, fmt, skpd_id=self.skpd_scope())
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
        return self.render("portal/abk.html", per_skpd=per_skpd, skpd=skpd, positions=positions)
