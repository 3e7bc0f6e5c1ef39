"""The one refusal type: reasons by field."""

from ekinerja.rules.refusal import WHOLE, Conflict, Refused


def test_a_refusal_keeps_its_reasons_by_field_and_reads_as_their_sentence():
    refused = Refused({"jam_mulai": "Jam mulai wajib diisi.", "volume": "Volume harus lebih dari 0."})
    assert refused.errors == {"jam_mulai": "Jam mulai wajib diisi.", "volume": "Volume harus lebih dari 0."}
    assert str(refused) == "Jam mulai wajib diisi.; Volume harus lebih dari 0."
    assert refused.status == 422


def test_a_single_reason_belongs_to_the_whole_request_unless_a_field_is_named():
    assert Refused("Periode tidak dikenal.").errors == {WHOLE: "Periode tidak dikenal."}
    assert Refused("Wajib diisi.", field="alasan").errors == {"alasan": "Wajib diisi."}


def test_a_conflict_is_a_refusal_answered_409():
    conflict = Conflict("Periode 2026-11 sudah dikunci.")
    assert isinstance(conflict, Refused) and conflict.status == 409
