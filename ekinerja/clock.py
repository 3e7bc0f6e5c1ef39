"""Today's date and the current time, read in one place so a test can set the day the whole app acts on."""

import datetime


def today():
    return datetime.date.today()


def now():
    return datetime.datetime.now()
