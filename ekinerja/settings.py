"""The settings that services and documents take as values, read from an app's config here and nowhere else."""

import os

from flask import has_request_context, request

from ekinerja import config, web
from ekinerja.db import database_url
from ekinerja.services.accounts import LoginPolicy
from ekinerja.services.activity import EvidenceStore
from reports.batch import BatchSettings
from reports.data import Heading

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def login_policy(app):
    return LoginPolicy(app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_LOCK_MINUTES"])


def evidence_store(app):
    folder = app.config.get("UPLOAD_FOLDER") or os.path.join(app.instance_path, "bukti")
    return EvidenceStore(folder, app.config["UPLOAD_MAX_BYTES"])


def heading(app):
    """The letterhead's names printed until an admin sets them; an empty setting keeps config.py's."""
    return Heading(
        app.config.get("NAMA_PEMERINTAH") or config.NAMA_PEMERINTAH, app.config.get("NAMA_KOTA") or config.NAMA_KOTA
    )


def public_url(app):
    """The public address printed in verification links made outside a request."""
    if app.config.get("BASE_URL"):
        return app.config["BASE_URL"].rstrip("/")
    if app.config.get("SERVER_NAME"):
        root = (app.config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{app.config.get('PREFERRED_URL_SCHEME', 'http')}://{app.config['SERVER_NAME']}{root}"
    return DEFAULT_BASE_URL


def batch(app, base_url=None):
    """A batch run's settings; its verification links on base_url, else the request's address, else public_url."""
    if not base_url:
        base_url = request.url_root if has_request_context() else public_url(app)
    return BatchSettings(database_url(app), web.verify_links(app, base_url), heading(app))
