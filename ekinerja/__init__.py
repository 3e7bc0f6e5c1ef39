"""e-Kinerja: performance-based allowance (TPP) for a city's civil servants."""

import os
import secrets

from flask import Flask


def _secret_key(app):
    """The instance's own secret key, generated on first start; never a fixed one."""
    path = os.path.join(app.instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object("ekinerja.config")
    app.config.from_pyfile("config.py", silent=True)
    from ekinerja.config import from_environment

    app.config.update(from_environment())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)

    from ekinerja import admin, api, auth, cli, db, i18n, views

    db.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    views.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    cli.init_app(app)
    return app
