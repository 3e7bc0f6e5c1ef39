"""Values computed once per locked month and kept by each app process (the public page, the anomaly flags, the
what-if): a locked month's entries, scans and snapshot do not change until it is unlocked, and every lock is a new
key, so that a lock or an unlock in any process is seen by the next request of every other one."""

import threading
from collections import OrderedDict, defaultdict

from ekinerja.models import Periode, Rekap
from ekinerja.rules.vocabulary import DIKUNCI

LIMIT = 256  # values kept per process and kind (a key's first item); past it the least recently used goes

_lock = threading.Lock()
_cache: defaultdict = defaultdict(OrderedDict)  # {kind: {key: value}}, least recently used first


def cached(key, compute):
    """compute() once per key in this process. Each kind of value has its own room, so that many values of one
    kind (the public page's, asked by anyone) never push out those of another."""
    with _lock:
        kept = _cache[key[0]]
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    value = compute()
    with _lock:
        kept[key] = value
        kept.move_to_end(key)
        while len(kept) > LIMIT:
            kept.popitem(last=False)
    return value


def clear():
    """Forget every value of this process (as another process that never computed them)."""
    with _lock:
        _cache.clear()


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
