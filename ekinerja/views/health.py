"""GET /sehat: the health check for a load balancer (no login; it shows no data)."""

from flask import Blueprint, jsonify

from ekinerja.services import health

bp = Blueprint("health", __name__)


@bp.route("/sehat")
def sehat():
    healthy, details = health.status()
    response = jsonify({"status": "sehat" if healthy else "tidak sehat", **details})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
