"""Login, logout, own profile, and the role checks every view uses."""

import functools
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_url, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from ekinerja import settings
from ekinerja.models import RiwayatJabatan, User
from ekinerja.services import accounts
from forms.auth import ChangePasswordForm, LoginForm

login_manager = LoginManager()
login_manager.login_view = "auth.login"
csrf = CSRFProtect()

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id):
    """The user of a session cookie, unless the cookie predates a logout or password change."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = User.get_or_none(User.id == int(user_id))
    if user is None or not user.aktif or user.versi_sesi != int(version):
        return None
    return user


@login_manager.unauthorized_handler
def ask_to_log_in():
    """To the login form, back to the page asked for afterwards; a note only when that is not the start page (the
    first visit opens on the form without a warning)."""
    if request.path != url_for("views.home"):
        flash("Silakan masuk untuk membuka halaman tersebut.", "info")
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def safe_next(target):
    """A redirect target only if it is a path on this site ('/x', never '//host' or 'http://')."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def roles_required(*roles):
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# What a user with a temporary password may still open: the password change itself, logging out, the assets.
OPEN_BEFORE_CHANGE = {"auth.profile", "auth.logout", "static"}


@bp.before_app_request
def change_temporary_password_first():
    """A temporary password set by an admin_skpd leads every page to the password change until it is changed."""
    if current_user.is_authenticated and current_user.wajib_ganti_sandi and request.endpoint not in OPEN_BEFORE_CHANGE:
        return redirect(url_for("auth.profile"))
    return None


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(
            form.username.data, form.password.data, settings.login_policy(current_app), address=request.remote_addr
        )
        if user is None:
            form.password.errors.append(accounts.LOGIN_FAILED)
        else:
            login_user(user, remember=False)
            accounts.record_login(user)
            if user.wajib_ganti_sandi:
                return redirect(url_for("auth.profile"))
            return redirect(safe_next(request.args.get("next")) or url_for("views.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/keluar", methods=["POST"])
@login_required
def logout():
    """Logout ends every session of this user, on every device."""
    accounts.log_out(current_user)
    logout_user()
    flash("Anda telah keluar dari semua sesi.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        policy = settings.login_policy(current_app)
        if accounts.authenticate(current_user.username, form.current.data, policy, address=request.remote_addr) is None:
            form.current.errors.append("Kata sandi sekarang salah.")
        else:
            try:
                accounts.set_password(current_user, form.new.data, current_user)
            except accounts.AccountError as exc:
                form.new.errors.append(str(exc))
            else:
                # The new session version ended every session; this one continues under it.
                login_user(User.get_by_id(current_user.id), remember=False)
                flash("Kata sandi diganti. Sesi di perangkat lain telah diakhiri.", "success")
                return redirect(url_for("auth.profile"))
    history = []
    if current_user.pegawai_id:
        history = (
            RiwayatJabatan.select()
            .where(RiwayatJabatan.pegawai == current_user.pegawai_id)
            .order_by(RiwayatJabatan.mulai.desc())
        )
    return render_template("auth/profile.html", form=form, history=history, must_change=accounts.MUST_CHANGE)


def init_app(app):
    login_manager.init_app(app)
    csrf.init_app(app)
    app.register_blueprint(bp)
