"""JSON API v1 for mobile clients and integrations: bearer tokens, Indonesian field names."""

import functools

from flask import Blueprint, current_app, g, jsonify, request

from ekinerja import clock, settings
from ekinerja.models import ApiToken, User
from ekinerja.rules.refusal import Conflict, Refused
from ekinerja.services import accounts

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status, message):
    return jsonify({"error": message}), status


@bp.errorhandler(Refused)
def refused(exc):
    """A refusal: 422 with its reasons by field; a Conflict (the state does not allow it): 409 with its message."""
    if isinstance(exc, Conflict):
        return error(exc.status, str(exc))
    return jsonify({"errors": exc.errors}), exc.status


def token_user(header):
    """The user of a valid bearer token: unexpired and issued in the user's current session version."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    # The token and its user in one query: every API request asks this first.
    row = (
        ApiToken.select(ApiToken, User)
        .join(User)
        .where(ApiToken.token_hash == accounts.token_hash(token.strip()))
        .first()
    )
    if row is None or row.kedaluwarsa <= clock.now():
        return None
    user = row.user
    if not user.aktif or user.versi_sesi != row.versi_sesi:
        return None
    return user


def token_required(*roles):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = token_user(request.headers.get("Authorization"))
            if user is None:
                return error(401, "Token tidak valid atau kedaluwarsa.")
            if roles and not user.has_role(*roles):
                return error(403, "Peran Anda tidak mengizinkan tindakan ini.")
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator


def json_body():
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


@bp.route("/token", methods=["POST"])
def token():
    data = json_body() or {}
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return error(401, accounts.LOGIN_FAILED)
    user = accounts.authenticate(username, password, settings.login_policy(current_app), address=request.remote_addr)
    if user is None:
        return error(401, accounts.LOGIN_FAILED)
    if user.wajib_ganti_sandi:
        return error(403, accounts.MUST_CHANGE)
    value, expires = accounts.issue_token(user, current_app.config["API_TOKEN_HOURS"])
    return jsonify({"token": value, "kedaluwarsa": expires.isoformat(timespec="seconds")})


@bp.route("/keluar", methods=["POST"])
@token_required()
def logout_everywhere():
    """End every session and token of the caller."""
    accounts.log_out(g.api_user)
    return jsonify({"pesan": "Semua sesi dan token diakhiri."})


def init_app(app):
    import ekinerja.api.skp  # noqa: F401  (routes register on bp)
    from ekinerja.api import activity, documents, openapi, periods, recap  # noqa: F401  (routes register on bp)
    from ekinerja.auth import csrf

    # Bearer tokens are never sent by a browser on its own, so cross-site requests cannot use them.
    csrf.exempt(bp)
    app.register_blueprint(bp)
