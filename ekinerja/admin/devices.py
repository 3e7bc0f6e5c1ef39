"""Portal screens of the fingerprint machines: machines, held lines, unknown serial numbers, commands, dashboard."""

import datetime
import re

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.peewee.filters import BooleanEqualFilter, FilterEqual
from flask_login import current_user
from markupsafe import Markup

from ekinerja import clock
from ekinerja.admin.base import SecureModelView, portal_skpd_id
from ekinerja.models import Mesin, MesinTakDikenal, Pegawai, PerintahMesin, PresensiTertahan, Skpd
from ekinerja.models.devices import ALASAN_TERTAHAN
from ekinerja.services import devices
from ekinerja.web import show_refusal

CATEGORY = "Mesin Sidik Jari"
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,100}")


def _link(url, label):
    return Markup('<a href="{}">{}</a>').format(url, label)


def _time(value):
    return f"{value:%d-%m-%Y %H:%M}" if value else "-"


def _of_scoped_machines(model, query, skpd_id):
    return query.where(model.mesin.in_(Mesin.select(Mesin.id).where(Mesin.skpd == skpd_id)))


class MesinView(SecureModelView):
    """Registered machines with what they did lately; admin_skpd sees and registers their SKPD's only."""

    column_list = (
        "nomor_seri",
        "skpd",
        "lokasi",
        "aktif",
        "terakhir_terlihat",
        "scan_hari_ini",
        "pin_tak_dikenal",
        "galat",
        "perintah",
    )
    column_labels = {
        "nomor_seri": "Nomor seri",
        "skpd": "SKPD",
        "terakhir_terlihat": "Terakhir terlihat",
        "scan_hari_ini": "Scan diterima hari ini",
        "pin_tak_dikenal": "PIN tak dikenal",
        "galat": "Galat",
        "perintah": "Perintah",
        "kunci": "Kunci (opsional)",
    }
    column_sortable_list = ("nomor_seri", "lokasi", "terakhir_terlihat")
    column_default_sort = ("nomor_seri", False)
    column_searchable_list = ("nomor_seri", "lokasi")
    column_filters = (BooleanEqualFilter(Mesin.aktif, "Aktif"),)
    column_export_list = ("nomor_seri", "skpd", "lokasi", "aktif", "terakhir_terlihat", "stamp_attlog")
    column_details_list = (
        "nomor_seri",
        "skpd",
        "lokasi",
        "aktif",
        "terakhir_terlihat",
        "stamp_attlog",
        "galat_terakhir",
        "galat_pada",
    )
    form_columns = ("nomor_seri", "skpd", "lokasi", "aktif", "kunci")
    form_args = {
        "kunci": {
            "description": "Bila diisi, mesin wajib menyebutkannya di alamat server: ?key=KUNCI atau "
            "/adms/KUNCI/iclock/... (8-100 huruf, angka, - atau _)."
        }
    }
    unique_fields = ("nomor_seri",)
    audit_name = "mesin"

    def get_query(self):
        query = Mesin.select(
            Mesin,
            Skpd,
            devices.open_held_count("pin").alias("pin_tak_dikenal"),
            devices.open_held_count("rusak").alias("baris_rusak"),
        ).join(Skpd)
        return self.scoped(query)

    column_formatters = {
        "terakhir_terlihat": lambda v, c, m, n: _time(m.terakhir_terlihat),
        "scan_hari_ini": lambda v, c, m, n: m.scan_hari_ini if m.scan_tanggal == clock.today() else 0,
        "pin_tak_dikenal": lambda v, c, m, n: _link(
            url_for("tertahan.index_view", flt0_0="pin", flt1_1="terbuka", flt2_2=m.id),
            getattr(m, "pin_tak_dikenal", 0),
        ),
        "galat": lambda v, c, m, n: (
            f"{m.galat_terakhir} ({_time(m.galat_pada)}); baris rusak terbuka: {getattr(m, 'baris_rusak', 0)}"
            if m.galat_terakhir
            else "-"
        ),
        "perintah": lambda v, c, m, n: _link(url_for("mesin.command", id=m.id), "Kirim perintah…"),
    }

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET" and request.args.get("nomor_seri"):
            form.nomor_seri.data = request.args["nomor_seri"][:50]
        return form

    def check(self, form, obj):
        errors = {}
        form.nomor_seri.data = (form.nomor_seri.data or "").strip()
        if not form.nomor_seri.data:
            errors["nomor_seri"] = "Nomor seri wajib diisi."
        if not (form.lokasi.data or "").strip():
            errors["lokasi"] = "Lokasi wajib diisi."
        secret = (form.kunci.data or "").strip()
        form.kunci.data = secret or None
        if secret and not SECRET_PATTERN.fullmatch(secret):
            errors["kunci"] = "Kunci harus 8-100 huruf, angka, tanda - atau _."
        return errors

    def saved(self, form, model, is_created):
        MesinTakDikenal.delete().where(MesinTakDikenal.nomor_seri == model.nomor_seri).execute()

    @expose("/perintah/", methods=["GET", "POST"])
    def command(self):
        machine = self.get_one(request.args.get("id"))
        if machine is None:
            abort(404)
        if request.method == "POST":
            try:
                if request.form.get("jenis") == "reboot":
                    devices.queue_reboot(current_user, machine)
                else:
                    since = datetime.date.fromisoformat(request.form.get("mulai", ""))
                    devices.queue_reupload(current_user, machine, since)
            except devices.DeviceError as refused:
                show_refusal(refused)
            except ValueError:
                flash("Isi tanggal mulai.", "error")
            else:
                flash("Perintah diantrekan; mesin mengambilnya pada denyut berikutnya.", "success")
                return redirect(url_for("perintah.index_view"))
        return self.render("devices/command.html", machine=machine, today=clock.today())


class OpenFilter(FilterEqual):
    """Held lines still open (terbuka) or resolved (selesai)."""

    def __init__(self):
        super().__init__(
            PresensiTertahan.selesai_pada, "Status", options=[("terbuka", "Terbuka"), ("selesai", "Selesai")]
        )

    def apply(self, query, value):
        field = PresensiTertahan.selesai_pada
        return query.where(field.is_null() if value == "terbuka" else field.is_null(False))

    def operation(self):
        return "adalah"


class PresensiTertahanView(SecureModelView):
    """Pushed lines kept aside: map an unknown PIN, or take them again once their month is open."""

    can_create = can_edit = can_delete = False
    column_list = ("mesin", "pin", "waktu", "alasan", "keterangan", "baris", "diterima_pada", "selesai_pada", "pegawai")
    column_labels = {
        "pin": "PIN",
        "diterima_pada": "Diterima",
        "selesai_pada": "Selesai",
        "pegawai": "Masuk sebagai",
    }
    column_sortable_list = ("pin", "waktu", "diterima_pada")
    column_default_sort = ("diterima_pada", True)
    column_searchable_list = ("pin", "baris")
    column_filters = (
        FilterEqual(PresensiTertahan.alasan, "Alasan", options=list(ALASAN_TERTAHAN.items())),
        OpenFilter(),
        FilterEqual(PresensiTertahan.mesin, "Mesin (id)"),
    )
    column_export_list = ("mesin", "pin", "waktu", "alasan", "keterangan", "baris", "diterima_pada", "selesai_pada")
    column_formatters = {
        "alasan": lambda v, c, m, n: ALASAN_TERTAHAN.get(m.alasan, m.alasan),
        "pin": lambda v, c, m, n: (
            Markup("{} ({})").format(m.pin, _link(url_for("tertahan.map_view", id=m.id), "petakan"))
            if m.alasan == "pin" and m.selesai_pada is None
            else m.pin
        ),
    }
    audit_name = "presensi_tertahan"

    def scope(self, query, skpd_id):
        return _of_scoped_machines(PresensiTertahan, query, skpd_id)

    def get_query(self):
        return self.scoped(PresensiTertahan.select(PresensiTertahan, Mesin).join(Mesin))

    def is_action_allowed(self, name):
        return name == "proses"

    @action("proses", "Proses ulang", "Proses ulang baris terpilih (setelah PIN dipetakan atau periode dibuka)?")
    def action_process(self, ids):
        chosen = self.get_query().where(PresensiTertahan.id.in_([int(i) for i in ids if str(i).isdigit()]))
        entered = devices.enter_held(current_user, [row.id for row in chosen])
        flash(f"{entered} scan masuk ke presensi.", "success" if entered else "warning")

    @expose("/petakan/", methods=["GET", "POST"])
    def map_view(self):
        held = self.get_one(request.args.get("id"))
        if held is None or held.alasan != "pin" or held.selesai_pada is not None:
            abort(404)
        people = Pegawai.select().where(Pegawai.skpd == held.mesin.skpd_id, Pegawai.aktif).order_by(Pegawai.nama)
        if request.method == "POST":
            person = people.where(Pegawai.id == request.form.get("pegawai", type=int)).first()
            try:
                entered = devices.map_pin(current_user, held.mesin, held.pin, person)
            except devices.DeviceError as refused:
                show_refusal(refused)
            else:
                flash(f"PIN {held.pin} dipetakan ke {person.nama_lengkap}; {entered} scan masuk.", "success")
                return redirect(url_for(".index_view"))
        return self.render("devices/map.html", held=held, people=people)


class MesinTakDikenalView(SecureModelView):
    """Serial numbers that called without being registered: the admin registers or dismisses them."""

    allowed_roles = ("admin",)
    can_create = can_edit = False
    column_list = ("nomor_seri", "alamat_ip", "pertama_terlihat", "terakhir_terlihat", "jumlah_permintaan", "daftar")
    column_labels = {
        "nomor_seri": "Nomor seri",
        "alamat_ip": "Alamat IP",
        "pertama_terlihat": "Pertama terlihat",
        "terakhir_terlihat": "Terakhir terlihat",
        "jumlah_permintaan": "Permintaan",
        "daftar": "",
    }
    column_sortable_list = ("nomor_seri", "terakhir_terlihat")
    column_default_sort = ("terakhir_terlihat", True)
    column_export_list = ("nomor_seri", "alamat_ip", "pertama_terlihat", "terakhir_terlihat", "jumlah_permintaan")
    column_formatters = {
        "daftar": lambda v, c, m, n: _link(url_for("mesin.create_view", nomor_seri=m.nomor_seri), "Daftarkan"),
    }
    audit_name = "mesin_tak_dikenal"

    def scoped(self, query):
        return query


class PerintahMesinView(SecureModelView):
    """Commands queued for machines and their answers."""

    can_create = can_edit = can_delete = False
    column_list = ("mesin", "perintah", "dibuat_oleh", "dibuat_pada", "dikirim_pada", "selesai_pada", "hasil")
    column_labels = {
        "dibuat_oleh": "Oleh",
        "dibuat_pada": "Dibuat",
        "dikirim_pada": "Dikirim",
        "selesai_pada": "Selesai",
    }
    column_sortable_list = ("dibuat_pada",)
    column_default_sort = ("dibuat_pada", True)
    column_export_list = column_list

    def scope(self, query, skpd_id):
        return _of_scoped_machines(PerintahMesin, query, skpd_id)

    def get_query(self):
        return self.scoped(PerintahMesin.select(PerintahMesin, Mesin).join(Mesin))

    def is_action_allowed(self, name):
        return False


def silent_machines():
    """The dashboard's warning for an admin or admin_skpd: {jam, mesin} of machines silent too long, else None."""
    if not current_user.is_authenticated or not current_user.has_role("admin", "admin_skpd"):
        return None
    hours = current_app.config["ICLOCK_SILENT_HOURS"]
    return {"jam": hours, "mesin": devices.silent_machines(portal_skpd_id(), hours)}


def register(admin):
    """Add the machines' screens to the portal, and the silent machines to its dashboard."""
    admin.add_view(MesinView(Mesin, name="Mesin", category=CATEGORY, endpoint="mesin"))
    admin.add_view(PresensiTertahanView(PresensiTertahan, name="Scan Tertahan", category=CATEGORY, endpoint="tertahan"))
    admin.add_view(
        MesinTakDikenalView(MesinTakDikenal, name="Mesin Tak Dikenal", category=CATEGORY, endpoint="mesin_asing")
    )
    admin.add_view(PerintahMesinView(PerintahMesin, name="Perintah Mesin", category=CATEGORY, endpoint="perintah"))
    admin.app.jinja_env.globals["mesin_senyap"] = silent_machines
