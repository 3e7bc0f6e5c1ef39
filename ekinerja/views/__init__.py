"""The human screens (staff log, approvals, verification, recaps) and the dashboard."""

from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from ekinerja.rules.golongan import pangkat

bp = Blueprint("views", __name__)


def menu_items():
    """The navigation a user sees, by role."""
    items = [{"key": "beranda", "label": "Beranda", "url": url_for("views.home")}]
    if current_user.has_role("admin", "admin_skpd", "verifikator"):
        items.append({"key": "portal", "label": "Portal Data Induk", "url": url_for("admin.index")})
    return items


@bp.route("/")
@login_required
def home():
    return render_template("home.html")


def init_app(app):
    app.register_blueprint(bp)
    app.jinja_env.globals.update(menu_items=menu_items, pangkat=pangkat)
