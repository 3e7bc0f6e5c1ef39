"""Computations that build a great many short-lived objects at once (a city's month of recap figures)."""

import contextlib
import gc
import threading

_lock = threading.Lock()
_paused = 0  # how many bulk computations are running
_was_enabled = False


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while a bulk computation runs, and restore it after the last one.

    A city's recap makes about a million small objects without reference cycles (rows, day times, deductions);
    reference counting frees them all, but the cyclic collector would walk the growing heap again and again, which
    cost a third of the recap's CPU time. Concurrent or nested computations share one pause: the collector comes
    back, if it was on, when the last of them ends.
    """
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
