"""e-Kinerja: performance-based allowance (TPP) for a city's civil servants."""

import logging
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


# Sent with every response: no page may be framed by another site (the approve, lock and unlock buttons must
# not be clickjacked), content types are not guessed, and addresses with IDs stay within the app.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# A second policy, enforced together with the first: scripts run only from the app's own files, or inline with
# this response's nonce (the portal's few), so a script smuggled into a page or an upload never runs. Styles stay
# inline-able: Bootstrap and the portal set them.
SCRIPT_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
)


def _add_security_headers(response):
    from ekinerja.web import csp_nonce

    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.add("Content-Security-Policy", SCRIPT_POLICY.format(nonce=csp_nonce()))
    return response


def _logging(app):
    """Verbs that change money, locks and imports log through `logging` (logger "ekinerja.*"); a server whose
    logging nobody configured (flask run, gunicorn without --log-config) writes them to stderr at LOG_LEVEL."""
    logger = logging.getLogger("ekinerja")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not logging.getLogger().handlers and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


def _behind_proxies(app):
    """Read the client address and scheme from the TRUSTED_PROXIES proxies in front of the app, if any."""
    count = app.config["TRUSTED_PROXIES"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def create_app(test_config=None):
    """The app: defaults, then instance/config.py and the environment, or instead the tests' own config."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object("ekinerja.config")
    if test_config is None:
        # A test's own config replaces the installation's: a developer's instance/config.py never changes the tests.
        from ekinerja.config import from_environment

        app.config.from_pyfile("config.py", silent=True)
        app.config.update(from_environment())
    else:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)

    from ekinerja import admin, api, auth, cli, clock, db, guard, views, web

    _logging(app)
    clock.set_zone(app.config["TIMEZONE"])
    guard.init_app(app)
    db.init_app(app)
    web.init_app(app)
    auth.init_app(app)
    views.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    cli.init_app(app)
    _behind_proxies(app)
    app.after_request(_add_security_headers)
    return app
