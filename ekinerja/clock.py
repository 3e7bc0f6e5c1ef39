"""Today's date and the current time in the city's time zone, read in one place.

The server may run in another zone (UTC, say): between midnight and 07:00 WIB its date is still yesterday, and an
entry for the city's today would look like the future. Tests set the day the whole app acts on by replacing today().
"""

import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Jakarta"


def _zone():
    name = current_app.config.get("TIMEZONE", DEFAULT_TIMEZONE) if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def now():
    """The city's wall-clock time, naive, as the database stores it."""
    return datetime.datetime.now(_zone()).replace(tzinfo=None)


def today():
    return now().date()
