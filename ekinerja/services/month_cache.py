"""Values computed once per locked month and kept by each app process (the public page, the anomaly flags, the
what-if): a locked month's entries, scans and snapshot do not change until it is unlocked, and every lock is a new
key, so that a lock or an unlock in any process is seen by the next request of every other one."""

import threading

from ekinerja.models import Periode, Rekap
from ekinerja.rules.vocabulary import DIKUNCI

LIMIT = 256  # values kept per process; past it the cache starts again

_lock = threading.Lock()
_cache: dict = {}


def cached(key, compute):
    """compute() once per key in this process."""
    with _lock:
        if key in _cache:
            return _cache[key]
    value = compute()
    with _lock:
        if len(_cache) >= LIMIT:
            _cache.clear()
        _cache[key] = value
    return value


def lock_key(year, month):
    """What names the month's current lock, or None while it is open: its version and time, and the verification
    code of one row of its snapshot (drawn at random at every lock, so that a key never outlives its lock)."""
    lock = (
        Periode.select(Periode.versi, Periode.diubah_pada)
        .where(Periode.tahun == year, Periode.bulan == month, Periode.status == DIKUNCI)
        .tuples()
        .first()
    )
    if lock is None:
        return None
    rows = Rekap.select(Rekap.kode_verifikasi).where(Rekap.tahun == year, Rekap.bulan == month, Rekap.versi == lock[0])
    return (year, month, *lock, rows.limit(1).scalar())
