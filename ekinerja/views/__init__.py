"""The human screens (staff log, approvals, verification, recaps) and the dashboard."""

from flask import Blueprint, g, render_template, request, url_for
from flask_login import current_user, login_required

from ekinerja import clock
from ekinerja.rules.golongan import pangkat
from ekinerja.services import dashboard, notifications
from ekinerja.services.approvals import waiting_count
from ekinerja.services.positions import leads_positions

bp = Blueprint("views", __name__)


def menu_items():
    """The navigation a user sees, by role; built once per request (the layout and the dashboard both show it)."""
    if "menu_items" not in g:
        g.menu_items = _menu_items()
    return g.menu_items


def _menu_items():
    items = [{"key": "beranda", "label": "Beranda", "url": url_for("views.home")}]
    if current_user.pegawai_id:
        items.append({"key": "kegiatan", "label": "Kegiatan Harian", "url": url_for("activity.day")})
        items.append({"key": "bulan", "label": "Rekap Bulanan", "url": url_for("activity.month")})
    waiting = _waiting()
    superior = bool(current_user.pegawai_id) and leads_positions(current_user.pegawai_id, clock.today())
    if waiting or superior or current_user.has_role("verifikator"):
        items.append(
            {"key": "persetujuan", "label": "Persetujuan", "url": url_for("approvals.inbox"), "badge": waiting}
        )
    if superior:
        items.append({"key": "tim", "label": "Bawahan", "url": url_for("recap.team")})
    if current_user.pegawai_id:
        items.append({"key": "skp", "label": "SKP", "url": url_for("skp.index")})
    if current_user.has_role("admin", "admin_skpd"):
        items.append({"key": "skp_distribusi", "label": "Distribusi SKP", "url": url_for("skp.distribution")})
    if current_user.has_role("admin", "admin_skpd"):
        items.append({"key": "apel", "label": "Apel", "url": url_for("attendance.apel")})
    if current_user.has_role("admin", "admin_skpd", "verifikator", "keuangan"):
        items.append({"key": "rekap", "label": "Rekap TPP", "url": url_for("recap.skpd")})
    if current_user.has_role("admin", "verifikator", "keuangan"):
        items.append({"key": "rekap_kota", "label": "Rekap Kota", "url": url_for("recap.city")})
    if current_user.has_role("verifikator"):
        items.append({"key": "verifikasi", "label": "Verifikasi", "url": url_for("approvals.verification")})
    if current_user.has_role("verifikator", "admin"):
        items.append({"key": "periode", "label": "Periode", "url": url_for("approvals.period_list")})
    items += _institution_items()
    if current_user.has_role("admin", "admin_skpd", "verifikator"):
        items.append({"key": "portal", "label": "Portal Data Induk", "url": url_for("admin.index")})
        items.append({"key": "pekerjaan", "label": "Pekerjaan", "url": url_for("jobs.index")})
    return items


def _waiting():
    """How many entries wait for the user's decision, counted once per request (the menu, the bell and the home page
    show it); the inbox page has just counted its own list."""
    if g.get("waiting_count") is None:
        g.waiting_count = waiting_count(current_user)
    return g.waiting_count


def notices():
    """The bell's notices of the user, derived once per request."""
    if "notices" not in g:
        g.notices = notifications.notices(current_user, _waiting(), clock.today(), clock.now())
    return g.notices


def _institution_items():
    """Ranking for everyone; anomalies, calibration and the what-if for the bodies that use them."""
    items = [{"key": "peringkat", "label": "Peringkat", "url": url_for("institutions.ranking_page")}]
    if current_user.has_role("verifikator", "admin"):
        items.append({"key": "anomali", "label": "Anomali", "url": url_for("institutions.anomaly_list")})
        items.append({"key": "kalibrasi", "label": "Kalibrasi Norma", "url": url_for("institutions.calibration_page")})
    if current_user.has_role("admin", "keuangan"):
        items.append({"key": "simulasi", "label": "Simulasi TPP", "url": url_for("institutions.simulation_page")})
    return items


# The navbar folds these items into dropdowns (by menu key), shown in this order after the links of their own.
MENU_GROUPS = {
    "Rekap": ("rekap", "rekap_kota"),
    "Lembaga": ("peringkat", "anomali", "kalibrasi", "simulasi"),
    "Admin": ("skp_distribusi", "apel", "periode", "portal", "pekerjaan"),
}


def _current_menu_key(items, path):
    """The key of the item whose address is the longest one the path lies under (Beranda only on "/" itself)."""
    best, best_length = None, -1
    for item in items:
        url = item["url"].split("?")[0].rstrip("/") or "/"
        under = path == "/" if url == "/" else path.rstrip("/") == url or path.startswith(url + "/")
        if under and len(url) > best_length:
            best, best_length = item["key"], len(url)
    return best


def menu_sections():
    """The navbar: the ungrouped items, then a dropdown per group (a group of one item stays a plain link)."""
    items = menu_items()
    current = _current_menu_key(items, request.path)
    entries = {item["key"]: item | {"current": item["key"] == current} for item in items}
    grouped = {key for keys in MENU_GROUPS.values() for key in keys}
    sections = [{"label": None, "items": [entry]} for key, entry in entries.items() if key not in grouped]
    for label, keys in MENU_GROUPS.items():
        members = [entries[key] for key in keys if key in entries]
        if members:
            sections.append({"label": label if len(members) > 1 else None, "key": label.lower(), "items": members})
    for section in sections:
        section["current"] = any(entry["current"] for entry in section["items"])
    return sections


@bp.route("/")
@login_required
def home():
    """Each role's own numbers, one section per role the user holds; the menu below."""
    today, user = clock.today(), current_user
    sections = {
        "pegawai": dashboard.staff(user.pegawai, today) if user.pegawai_id else None,
        "atasan": dashboard.team(user, today),
        "verifikator": dashboard.verification(today) if user.has_role("verifikator") else None,
        "admin": dashboard.admin(user, today) if user.has_role("admin", "admin_skpd") else None,
        "keuangan": dashboard.finance(today) if user.has_role("keuangan") else None,
    }
    return render_template("home.html", today=today, menunggu=_waiting(), **sections)


@bp.route("/notifikasi")
@login_required
def notification_list():
    return render_template("notifications.html")


def init_app(app):
    from ekinerja.views import (
        activity,
        approvals,
        attendance,
        documents,
        errors,
        health,
        iclock,
        institutions,
        jobs,
        public,
        recap,
        skp,
    )

    app.register_blueprint(bp)
    app.register_blueprint(attendance.bp)
    app.register_blueprint(recap.bp)
    app.register_blueprint(activity.bp)
    app.register_blueprint(approvals.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(skp.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(institutions.bp)
    app.register_blueprint(public.bp)
    errors.init_app(app)
    iclock.init_app(app)
    app.jinja_env.globals.update(menu_items=menu_items, menu_sections=menu_sections, notices=notices, pangkat=pangkat)
