"""Values an object loads on first use, once, even when several threads ask for them at once."""

import functools
import threading

_LOCKS_LOCK = threading.Lock()


def _lock_for(instance, name):
    with _LOCKS_LOCK:
        return instance.__dict__.setdefault("_loaded_once_locks", {}).setdefault(name, threading.Lock())


def loaded_once(method):
    """A property computed on first use and kept on the instance, once even when threads ask for it at once.

    Like functools.cached_property, but with a lock per instance and property: on Python 3.11 cached_property has
    one lock for all instances, so one city's recap would hold up every other request's month in a threaded
    server, and the loads of one recap (recap.MonthFacts.prefetch) would wait for each other.
    """
    name = method.__name__

    @functools.wraps(method)
    def get(self):
        if name not in self.__dict__:
            with _lock_for(self, name):
                if name not in self.__dict__:
                    self.__dict__[name] = method(self)
        return self.__dict__[name]

    return property(get)
