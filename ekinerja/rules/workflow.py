"""Status machine of daily activity entries (LKH)."""

import enum

from ekinerja.rules.refusal import Refused


class Status(enum.StrEnum):
    """Status of an activity entry."""

    DIAJUKAN = "DIAJUKAN"
    DISETUJUI = "DISETUJUI"
    REVISI = "REVISI"
    DITOLAK = "DITOLAK"
    DIANULIR = "DIANULIR"

    @property
    def label(self) -> str:
        """Human-readable name shown to users."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.DIAJUKAN: "Diajukan",
    Status.DISETUJUI: "Disetujui",
    Status.REVISI: "Dikembalikan untuk revisi",
    Status.DITOLAK: "Ditolak",
    Status.DIANULIR: "Dianulir",
}


class Action(enum.StrEnum):
    """A decision taken on a submitted entry by its atasan or a verifikator."""

    SETUJUI = "setujui"
    REVISI = "revisi"
    TOLAK = "tolak"
    BATALKAN = "batalkan"
    ANULIR = "anulir"

    @property
    def done(self) -> str:
        """What happened to an entry it was applied to, for "3 disetujui"."""
        return _ACTION_DONE[self]


_ACTION_DONE = {
    Action.SETUJUI: "disetujui",
    Action.REVISI: "dikembalikan untuk revisi",
    Action.TOLAK: "ditolak",
    Action.BATALKAN: "dibatalkan",
    Action.ANULIR: "dianulir",
}

NOTE_REQUIRED = frozenset({Action.REVISI, Action.TOLAK, Action.ANULIR})
# The owner may still edit or delete these; every other status is out of the owner's hands.
EDITABLE = frozenset({Status.DIAJUKAN, Status.REVISI})
# Only these count towards menit diakui; DIAJUKAN/REVISI left when a month is locked are not counted.
COUNTED = frozenset({Status.DISETUJUI})
# Rejected and annulled entries give up their hours and their day: they never count, and another entry, or leave,
# may take their place. Every other entry counts or may still come to count.
RELEASED = frozenset({Status.DITOLAK, Status.DIANULIR})

_TRANSITIONS = {
    (Status.DIAJUKAN, Action.SETUJUI): Status.DISETUJUI,
    (Status.DIAJUKAN, Action.REVISI): Status.REVISI,
    (Status.DIAJUKAN, Action.TOLAK): Status.DITOLAK,
    (Status.DISETUJUI, Action.BATALKAN): Status.DIAJUKAN,
    (Status.REVISI, Action.BATALKAN): Status.DIAJUKAN,
    (Status.DITOLAK, Action.BATALKAN): Status.DIAJUKAN,
    (Status.DISETUJUI, Action.ANULIR): Status.DIANULIR,
}

_ACTION_PASSIVE = {
    Action.SETUJUI: "disetujui",
    Action.REVISI: "dikembalikan untuk revisi",
    Action.TOLAK: "ditolak",
    Action.BATALKAN: "dibatalkan keputusannya",
    Action.ANULIR: "dianulir",
}

_DECISIONS = frozenset({Action.SETUJUI, Action.REVISI, Action.TOLAK})


class TransitionError(Refused):
    """A refused status change; the message is shown to the user."""


def next_status(
    current: Status,
    action: Action,
    *,
    actor_is_approver: bool,
    actor_is_verifikator: bool,
    actor_is_owner: bool,
    actor_decided_last: bool,
    month_open: bool,
    month_locked: bool,
    before_deadline: bool,
    note: str | None,
) -> Status:
    """The status after `action`, or TransitionError saying why the actor may not take it.

    actor_is_approver: holds (or acts for) the superior position on the entry's date; the caller also
    passes True for a verifikator when the entry's position has no superior.
    """
    try:
        current = Status(current)
        action = Action(action)
    except ValueError as exc:
        raise TransitionError("Status atau tindakan tidak dikenal.") from exc
    if month_locked:
        raise TransitionError("Periode bulan ini sudah dikunci; status kegiatan tidak dapat diubah.")
    if actor_is_owner:
        raise TransitionError("Tidak boleh memutuskan kegiatan sendiri.")
    target = _TRANSITIONS.get((current, action))
    if target is None:
        raise TransitionError(f"Kegiatan berstatus {current.label} tidak dapat {_ACTION_PASSIVE[action]}.")
    if action in _DECISIONS:
        if before_deadline and not actor_is_approver:
            raise TransitionError("Hanya atasan langsung yang dapat memutuskan kegiatan ini.")
        if not before_deadline and not actor_is_verifikator:
            raise TransitionError("Batas waktu persetujuan sudah lewat; hanya verifikator yang dapat memutuskan.")
    elif action is Action.BATALKAN:
        if not actor_decided_last:
            raise TransitionError("Hanya pejabat yang memutuskan kegiatan ini yang dapat membatalkan keputusannya.")
        if not month_open:
            raise TransitionError("Periode bulan ini sudah ditutup; keputusan tidak dapat dibatalkan.")
    elif action is Action.ANULIR and not actor_is_verifikator:
        raise TransitionError("Hanya verifikator yang dapat menganulir kegiatan.")
    if action in NOTE_REQUIRED and not (note or "").strip():
        raise TransitionError(f"Catatan wajib diisi jika kegiatan {_ACTION_PASSIVE[action]}.")
    return target
