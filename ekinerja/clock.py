"""Today's date and the current time in the city's time zone, read in one place.

The server may run in another zone (UTC, say): between midnight and 07:00 WIB its date is still yesterday, and an
entry for the city's today would look like the future. The zone is the installation's (config TIMEZONE), set once
when the app is built. Tests set the day the whole app acts on by replacing today().
"""

import datetime
from zoneinfo import ZoneInfo

from ekinerja import config

_zone = ZoneInfo(config.TIMEZONE)


def set_zone(name):
    """The city's time zone from now on: one per installation, so one for the process."""
    global _zone
    _zone = ZoneInfo(name)


def now():
    """The city's wall-clock time, naive, as the database stores it."""
    return datetime.datetime.now(_zone).replace(tzinfo=None)


def today():
    return now().date()
