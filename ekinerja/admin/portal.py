"""Portal screens beyond plain CRUD: import/export, SKPD readiness, ABK staffing, the ZIP of an SKPD's slips.

Imports and the ZIP run as background jobs (ekinerja.background); a short one answers here as if done in the request.
"""

import os
import secrets
from io import BytesIO

from flask import abort, current_app, flash, make_response, redirect, request, send_file, session, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from ekinerja import background, clock
from ekinerja.admin.base import SecureMixin, portal_skpd_id
from ekinerja.models import Pegawai, Skpd, User
from ekinerja.models.jobs import SELESAI
from ekinerja.rules.calendar import parse_period
from ekinerja.rules.refusal import Refused
from ekinerja.services import access, accounts, analysis, calibration, imports, jobs, participation
from ekinerja.web import period_or_last_month, show_refusal, year_or


class ScopedPortalView(SecureMixin, BaseView):
    allowed_roles = ("admin", "admin_skpd")

    def visible_skpd(self):
        scope = portal_skpd_id()
        query = Skpd.select().where(Skpd.aktif).order_by(Skpd.kode)
        return query if scope is None else query.where(Skpd.id == scope)


# A refused file's problems shown on the page; the whole list is a download (100,000 rows would not render).
ERRORS_SHOWN = 200


def is_city_admin():
    return portal_skpd_id() is None


def _errors_folder():
    return os.path.join(current_app.instance_path, "impor-kesalahan")


def _keep_errors(errors):
    """Write the whole list for this session's download, replacing the session's previous one."""
    folder = _errors_folder()
    os.makedirs(folder, exist_ok=True)
    previous = session.get("impor_kesalahan")
    if previous and os.path.exists(os.path.join(folder, previous)):
        os.remove(os.path.join(folder, previous))
    name = secrets.token_hex(16) + ".csv"
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(imports.errors_csv(errors))
    session["impor_kesalahan"] = name


class ImportView(ScopedPortalView):
    @expose("/kesalahan.csv")
    def errors_download(self):
        name = session.get("impor_kesalahan")
        path = os.path.join(_errors_folder(), os.path.basename(name or ""))
        if not name or not os.path.exists(path):
            abort(404)
        return send_file(path, mimetype="text/csv", as_attachment=True, download_name="kesalahan-impor.csv")

    @expose("/", methods=["GET", "POST"])
    def index(self):
        errors = []
        allowed = imports.kinds_for(admin=portal_skpd_id() is None)
        if request.method == "POST":
            jenis = request.form.get("jenis", "")
            upload = request.files.get("berkas")
            if jenis not in allowed:
                errors = [imports.RowError(0, "jenis", "Pilih jenis data yang boleh Anda impor.")]
            elif upload is None or not upload.filename:
                errors = [imports.RowError(0, "berkas", "Pilih berkas CSV atau XLSX.")]
            else:
                params = {
                    "jenis": jenis,
                    "berkas": background.save_upload(current_app, upload),
                    "nama": upload.filename,
                    "skpd_id": portal_skpd_id(),
                }
                job = background.submit_and_wait(current_user, "impor", f"Impor {jenis}: {upload.filename}", params)
                if not job.finished:  # a big file: its page shows the progress, then the outcome
                    return redirect(url_for("jobs.show", job_id=job.id))
                if job.status == SELESAI:
                    flash(job.pesan, "success")
                    return redirect(url_for(".index"))
                reported = jobs.errors(job)
                errors = [imports.RowError(e["baris"], e["kolom"], e["pesan"]) for e in reported]
                errors = errors or [imports.RowError(0, "berkas", job.pesan)]
                if len(errors) > ERRORS_SHOWN:
                    _keep_errors(errors)
        return self.render(
            "portal/import.html",
            kinds=allowed,
            columns=imports.COLUMNS,
            errors=errors[:ERRORS_SHOWN],
            total=len(errors),
            limits=imports.LIMITS,
        )

    @expose("/ekspor/<jenis>.<fmt>")
    def export(self, jenis, fmt):
        if jenis not in imports.kinds_for(admin=portal_skpd_id() is None) or fmt not in ("csv", "xlsx"):
            return self.render(
                "portal/import.html", kinds=[], columns={}, errors=[], total=0, limits=imports.LIMITS
            ), 404
        content = imports.export_bytes(jenis, fmt, skpd_id=portal_skpd_id())
        name = f"{jenis}-{clock.today():%Y%m%d}.{fmt}"
        return send_file(BytesIO(content), as_attachment=True, download_name=name)


class ReadinessView(ScopedPortalView):
    @expose("/")
    def index(self):
        year = year_or(request.args.get("tahun", type=int), clock.today().year)
        rows = analysis.readiness(self.visible_skpd(), year)
        return self.render("portal/readiness.html", rows=rows, year=year, syarat=analysis.PRASYARAT)

    @expose("/bulan")
    def month(self):
        """Each SKPD's month: taking part, scans and apel present, whether the recap takes it in and why not."""
        year, month = period_or_last_month(request.args.get("periode"))
        rows = participation.month_readiness(self.visible_skpd(), year, month)
        return self.render(
            "portal/readiness_month.html", rows=rows, periode=f"{year:04d}-{month:02d}", can_include=is_city_admin()
        )

    @expose("/bulan", methods=["POST"])
    def include(self):
        """The admin takes a month that is not ready into the recap (ikutkan) or lets the data decide again (batal)."""
        if not is_city_admin():
            abort(403)
        skpd = Skpd.get_or_none(Skpd.kode == request.form.get("skpd", ""))
        if skpd is None:
            abort(404)
        try:
            year, month = parse_period(request.form.get("periode", ""))
        except ValueError:
            abort(404)
        try:
            if request.form.get("aksi") == "batal":
                participation.withdraw_inclusion(skpd, year, month, current_user)
                flash(f"{skpd.singkatan} kembali mengikuti kesiapan datanya.", "success")
            else:
                participation.include_month(skpd, year, month, request.form.get("alasan"), current_user)
                flash(f"{skpd.singkatan} tetap direkap bulan {month:02d}-{year}.", "success")
        except Refused as refused:
            show_refusal(refused)
        return redirect(url_for(".month", periode=f"{year:04d}-{month:02d}"))


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


# Accounts listed at once on the reset page; a search by NIP or name narrows a large SKPD.
ACCOUNTS_SHOWN = 50


class PasswordResetView(ScopedPortalView):
    """An admin_skpd gives an employee of their own SKPD a temporary password, shown once, changed at next login."""

    allowed_roles = ("admin_skpd",)

    @expose("/")
    def index(self):
        query = accounts.resettable_accounts(current_user)
        search = (request.args.get("q") or "").strip()
        if search:
            query = query.where(User.username.contains(search) | Pegawai.nama.contains(search))
        found = list(query.order_by(Pegawai.nama).limit(ACCOUNTS_SHOWN))
        return self.render("portal/reset_password.html", found=found, search=search, shown=ACCOUNTS_SHOWN)

    @expose("/<int:user_id>", methods=["POST"])
    def reset(self, user_id):
        user = User.get_or_none(User.id == user_id)
        if user is None:
            abort(404)
        try:
            password = accounts.reset_password(user, current_user)
        except accounts.AccountError:
            abort(404)  # another SKPD's or a privileged account: as if it did not exist
        response = make_response(self.render("portal/reset_password_done.html", user=user, password=password))
        response.headers["Cache-Control"] = "private, no-store"
        return response


class SlipZipView(ScopedPortalView):
    """Every TPP slip of one SKPD's month in a ZIP: admin and keuangan for any SKPD, admin_skpd for their own."""

    allowed_roles = access.SLIP_ZIP_ROLES

    def visible_skpd(self):
        return access.visible_skpds(current_user)

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
        params = {"tahun": year, "bulan": month, "skpd": skpd.kode, "singkatan": skpd.singkatan}
        params["base_url"] = request.url_root  # the slips' verification links, as the portal is reached
        job = background.submit_and_wait(current_user, "slip_zip", f"ZIP slip {skpd.singkatan} {periode}", params)
        if job.status == SELESAI and job.berkas:
            return background.send_result(job)
        if job.status == SELESAI:
            flash(job.pesan, "warning")
            return redirect(url_for(".index", periode=periode))
        return redirect(url_for("jobs.show", job_id=job.id))  # still running, or failed: its page says how far
