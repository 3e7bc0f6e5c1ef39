"""Values an object loads on first use, once, even when several threads ask for them at once."""

import threading

_LOCKS_LOCK = threading.Lock()


def _lock_for(instance, name):
    with _LOCKS_LOCK:
        return instance.__dict__.setdefault("_loaded_once_locks", {}).setdefault(name, threading.Lock())


class loaded_once:  # lower case: used as a decorator, like property
    """A property computed on first use and kept on the instance, once even when threads ask for it at once.

    Like functools.cached_property, but with a lock per instance and property: on Python 3.11 cached_property has
    one lock for all instances, so one city's recap would hold up every other request's month in a threaded
    server, and the loads of one recap (month_facts.MonthFacts.prefetch) would wait for each other. Once loaded, the
    value sits in the instance's __dict__, which Python reads before this (non-data) descriptor: a city's recap
    asks for these values hundreds of thousands of times.
    """

    def __init__(self, method):
        self.method = method
        self.name = method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with _lock_for(instance, self.name):
            if self.name not in instance.__dict__:  # else loaded by the thread this one waited for
                instance.__dict__[self.name] = self.method(instance)
        return instance.__dict__[self.name]
