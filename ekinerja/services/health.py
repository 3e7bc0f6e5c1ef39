"""What a load balancer asks of an app server: the database answers and its schema is the current one."""

import logging

from peewee import PeeweeException

from ekinerja import migrations
from ekinerja.db import database

log = logging.getLogger(__name__)


def status():
    """(healthy, details): the database answers a query and its schema version is migrations.LATEST."""
    try:
        database.execute_sql("SELECT 1").fetchone()
        version = migrations.current_version()
    except (PeeweeException, OSError) as exc:
        log.warning("basis data tidak dapat dihubungi: %s", exc)
        return False, {"basis_data": False, "skema": None, "skema_terbaru": migrations.LATEST}
    details = {"basis_data": True, "skema": version, "skema_terbaru": migrations.LATEST}
    return version == migrations.LATEST, details
