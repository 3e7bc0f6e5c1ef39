import pytest

from ekinerja.rules.workflow import (
    COUNTED,
    EDITABLE,
    NOTE_REQUIRED,
    Action,
    Status,
    TransitionError,
    next_status,
)

S = Status
A = Action

# Defaults describe an allowed situation: the approver acting before the deadline in an open month.
BASE = dict(
    actor_is_approver=True,
    actor_is_verifikator=False,
    actor_is_owner=False,
    actor_decided_last=False,
    month_open=True,
    month_locked=False,
    before_deadline=True,
    note="Mohon dilengkapi bukti.",
)


VERIFIKATOR = {"actor_is_approver": False, "actor_is_verifikator": True}
LATE_VERIFIKATOR = {**VERIFIKATOR, "before_deadline": False}
DECIDER = {"actor_decided_last": True}


def decide(current, action, **overrides):
    return next_status(current, action, **{**BASE, **overrides})


def test_status_values_are_indonesian_names_with_labels():
    assert [s.value for s in Status] == ["DIAJUKAN", "DISETUJUI", "REVISI", "DITOLAK", "DIANULIR"]
    assert [s.label for s in Status] == [
        "Diajukan",
        "Disetujui",
        "Dikembalikan untuk revisi",
        "Ditolak",
        "Dianulir",
    ]
    assert Status("DISETUJUI") is Status.DISETUJUI
    assert Status.DISETUJUI == "DISETUJUI"


def test_action_values():
    assert [a.value for a in Action] == ["setujui", "revisi", "tolak", "batalkan", "anulir"]


def test_note_is_required_for_revisi_tolak_and_anulir_only():
    assert set(NOTE_REQUIRED) == {Action.REVISI, Action.TOLAK, Action.ANULIR}


def test_owner_may_edit_or_delete_only_diajukan_and_revisi_entries():
    assert set(EDITABLE) == {Status.DIAJUKAN, Status.REVISI}


def test_only_approved_entries_count():
    assert set(COUNTED) == {Status.DISETUJUI}


@pytest.mark.parametrize(
    ("current", "action", "overrides", "expected"),
    [
        (S.DIAJUKAN, A.SETUJUI, {"note": None}, S.DISETUJUI),
        (S.DIAJUKAN, A.REVISI, {}, S.REVISI),
        (S.DIAJUKAN, A.TOLAK, {}, S.DITOLAK),
        # After the deadline a verifikator decides instead of the atasan.
        (S.DIAJUKAN, A.SETUJUI, LATE_VERIFIKATOR, S.DISETUJUI),
        (S.DIAJUKAN, A.REVISI, LATE_VERIFIKATOR, S.REVISI),
        (S.DIAJUKAN, A.TOLAK, LATE_VERIFIKATOR, S.DITOLAK),
        # An approver who is also a verifikator may still act after the deadline.
        (S.DIAJUKAN, A.SETUJUI, {"before_deadline": False, "actor_is_verifikator": True}, S.DISETUJUI),
        # A verifikator deciding for a position without superior: the caller passes actor_is_approver=True.
        (S.DIAJUKAN, A.SETUJUI, {"actor_is_verifikator": True}, S.DISETUJUI),
        (S.DISETUJUI, A.BATALKAN, {"actor_decided_last": True, "note": None}, S.DIAJUKAN),
        (S.REVISI, A.BATALKAN, {"actor_decided_last": True, "note": None}, S.DIAJUKAN),
        (S.DITOLAK, A.BATALKAN, {"actor_decided_last": True, "note": None}, S.DIAJUKAN),
        # A verifikator who decided after the deadline may undo their own decision.
        (S.DISETUJUI, A.BATALKAN, {**LATE_VERIFIKATOR, "actor_decided_last": True}, S.DIAJUKAN),
        (S.DISETUJUI, A.ANULIR, VERIFIKATOR, S.DIANULIR),
        (S.DISETUJUI, A.ANULIR, LATE_VERIFIKATOR, S.DIANULIR),
        # Plain strings from a form are accepted.
        ("DIAJUKAN", "setujui", {}, S.DISETUJUI),
    ],
)
def test_allowed_transitions_of_the_status_table(current, action, overrides, expected):
    assert decide(current, action, **overrides) is expected


LOCKED = "Periode bulan ini sudah dikunci; status kegiatan tidak dapat diubah."
OWN = "Tidak boleh memutuskan kegiatan sendiri."
NOT_APPROVER = "Hanya atasan langsung yang dapat memutuskan kegiatan ini."
LATE = "Batas waktu persetujuan sudah lewat; hanya verifikator yang dapat memutuskan."
NOT_DECIDER = "Hanya pejabat yang memutuskan kegiatan ini yang dapat membatalkan keputusannya."
CLOSED = "Periode bulan ini sudah ditutup; keputusan tidak dapat dibatalkan."
NOT_VERIFIKATOR = "Hanya verifikator yang dapat menganulir kegiatan."


@pytest.mark.parametrize(
    ("current", "action", "overrides", "message"),
    [
        # Nothing happens in a locked month, whoever acts.
        (S.DIAJUKAN, A.SETUJUI, {"month_locked": True, "month_open": False}, LOCKED),
        (S.DISETUJUI, A.BATALKAN, {"month_locked": True, "month_open": False, "actor_decided_last": True}, LOCKED),
        (S.DISETUJUI, A.ANULIR, {**VERIFIKATOR, "month_locked": True, "month_open": False}, LOCKED),
        # Nobody decides on their own entries, not even a verifikator.
        (S.DIAJUKAN, A.SETUJUI, {"actor_is_owner": True}, OWN),
        (S.DIAJUKAN, A.TOLAK, {"actor_is_owner": True, "actor_is_verifikator": True, "before_deadline": False}, OWN),
        (S.DISETUJUI, A.ANULIR, {**VERIFIKATOR, "actor_is_owner": True}, OWN),
        (S.DISETUJUI, A.BATALKAN, {"actor_is_owner": True, "actor_decided_last": True}, OWN),
        # Actions not in the table for the current status.
        (S.DISETUJUI, A.SETUJUI, {}, "Kegiatan berstatus Disetujui tidak dapat disetujui."),
        (S.REVISI, A.SETUJUI, {}, "Kegiatan berstatus Dikembalikan untuk revisi tidak dapat disetujui."),
        (S.DITOLAK, A.REVISI, {}, "Kegiatan berstatus Ditolak tidak dapat dikembalikan untuk revisi."),
        (S.DIANULIR, A.TOLAK, {}, "Kegiatan berstatus Dianulir tidak dapat ditolak."),
        (S.DIAJUKAN, A.BATALKAN, DECIDER, "Kegiatan berstatus Diajukan tidak dapat dibatalkan keputusannya."),
        (S.DIANULIR, A.BATALKAN, DECIDER, "Kegiatan berstatus Dianulir tidak dapat dibatalkan keputusannya."),
        (S.DIAJUKAN, A.ANULIR, VERIFIKATOR, "Kegiatan berstatus Diajukan tidak dapat dianulir."),
        (S.REVISI, A.ANULIR, VERIFIKATOR, "Kegiatan berstatus Dikembalikan untuk revisi tidak dapat dianulir."),
        (S.DITOLAK, A.ANULIR, VERIFIKATOR, "Kegiatan berstatus Ditolak tidak dapat dianulir."),
        # Before the deadline only the atasan decides; a verifikator who is not the approver does not.
        (S.DIAJUKAN, A.SETUJUI, {"actor_is_approver": False}, NOT_APPROVER),
        (S.DIAJUKAN, A.REVISI, VERIFIKATOR, NOT_APPROVER),
        (S.DIAJUKAN, A.TOLAK, VERIFIKATOR, NOT_APPROVER),
        # After the deadline the atasan no longer decides.
        (S.DIAJUKAN, A.SETUJUI, {"before_deadline": False}, LATE),
        (S.DIAJUKAN, A.REVISI, {"before_deadline": False}, LATE),
        (S.DIAJUKAN, A.TOLAK, {"before_deadline": False}, LATE),
        # Only the one who decided may undo, and only while the month is open.
        (S.DISETUJUI, A.BATALKAN, {"actor_decided_last": False}, NOT_DECIDER),
        (S.REVISI, A.BATALKAN, {**VERIFIKATOR, "actor_decided_last": False}, NOT_DECIDER),
        (S.DITOLAK, A.BATALKAN, {"actor_decided_last": True, "month_open": False}, CLOSED),
        # Annulment is the verifikator's alone.
        (S.DISETUJUI, A.ANULIR, {}, NOT_VERIFIKATOR),
        # Notes are required for revisi, tolak and anulir; blank notes do not count.
        (S.DIAJUKAN, A.REVISI, {"note": None}, "Catatan wajib diisi jika kegiatan dikembalikan untuk revisi."),
        (S.DIAJUKAN, A.TOLAK, {"note": "   \n"}, "Catatan wajib diisi jika kegiatan ditolak."),
        (S.DISETUJUI, A.ANULIR, {**VERIFIKATOR, "note": ""}, "Catatan wajib diisi jika kegiatan dianulir."),
        # Unknown values from a tampered form.
        ("DIHAPUS", A.SETUJUI, {}, "Status atau tindakan tidak dikenal."),
        (S.DIAJUKAN, "hapus", {}, "Status atau tindakan tidak dikenal."),
    ],
)
def test_refused_transitions_say_why(current, action, overrides, message):
    with pytest.raises(TransitionError) as excinfo:
        decide(current, action, **overrides)
    assert str(excinfo.value) == message
