from datetime import date, time

import pytest

from ekinerja.rules.activity import EntryContext, EntryDraft, clean_text, credited_minutes, entry_errors

TODAY = date(2026, 11, 12)  # a Thursday

DRAFT = EntryDraft(
    tanggal=date(2026, 11, 11),
    tambahan=False,
    volume=3,
    jam_mulai=time(8, 0),
    jam_selesai=time(9, 30),
    uraian=None,
    keterangan="Tiga surat masuk diagendakan.",
)
CTX = EntryContext(
    today=TODAY,
    position_start=date(2025, 1, 2),
    month_locked=False,
    on_leave=False,
    working_days_after=1,
    batas_input_hari_kerja=3,
    other_intervals=[(time(7, 30), time(8, 0)), (time(10, 0), time(11, 0))],
    duty_known=True,
)


def errors(draft=None, ctx=None, **changes):
    draft = draft or DRAFT
    draft_changes = {k: v for k, v in changes.items() if k in EntryDraft._fields}
    ctx_changes = {k: v for k, v in changes.items() if k in EntryContext._fields}
    return entry_errors(draft._replace(**draft_changes), (ctx or CTX)._replace(**ctx_changes))


@pytest.mark.parametrize(
    ("volume", "norma", "start", "end", "expected"),
    [
        (3, 20, time(8, 0), time(9, 30), 60),  # volume x norma is less than the time spent
        (3, 40, time(8, 0), time(9, 30), 90),  # capped at the time spent
        (1, 90, time(8, 0), time(9, 30), 90),
        (5, None, time(8, 0), time(9, 30), 90),  # tugas tambahan: the time spent
        (1, None, time(8, 0, 0), time(8, 1, 59), 1),  # seconds are dropped
        (2, 10, time(13, 0), time(16, 0), 20),
    ],
)
def test_credited_minutes_are_volume_times_norma_capped_at_duration_or_duration_for_tambahan(
    volume, norma, start, end, expected
):
    assert credited_minutes(volume, norma, start, end) == expected


def test_credited_minutes_refuse_an_end_not_after_the_start():
    with pytest.raises(ValueError, match="Jam selesai harus setelah jam mulai."):
        credited_minutes(1, 10, time(9, 0), time(9, 0))


def test_a_valid_catalogue_entry_has_no_errors():
    assert errors() == {}


def test_a_valid_tambahan_entry_has_no_errors_even_without_a_known_duty():
    assert errors(tambahan=True, uraian="Menyiapkan ruang rapat.", duty_known=False) == {}


# --- tanggal ---


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tanggal": None}, "Tanggal wajib diisi."),
        ({"tanggal": date(2026, 11, 13), "working_days_after": 0}, "Tanggal kegiatan tidak boleh melewati hari ini."),
        ({"position_start": None}, "Pegawai tidak memegang jabatan pada tanggal tersebut."),
        ({"position_start": date(2026, 11, 12)}, "Tanggal kegiatan sebelum mulai menjabat (12 November 2026)."),
        ({"month_locked": True}, "Periode November 2026 sudah dikunci."),
        ({"on_leave": True}, "Tanggal tersebut tercakup cuti atau dinas luar; kegiatan tidak dapat dicatat."),
        (
            {"working_days_after": 4},
            "Batas input sudah lewat: paling lambat 3 hari kerja setelah tanggal kegiatan.",
        ),
    ],
)
def test_date_rules_refuse_with_a_message_on_tanggal(changes, message):
    assert errors(**changes) == {"tanggal": message}


def test_an_entry_for_today_is_allowed():
    assert errors(tanggal=TODAY, working_days_after=0, other_intervals=[]) == {}


def test_an_entry_on_the_first_day_of_the_position_is_allowed():
    assert errors(position_start=DRAFT.tanggal) == {}


@pytest.mark.parametrize(
    ("working_days_after", "batas", "allowed"),
    [
        (0, 3, True),  # today
        (1, 3, True),  # previous working day
        (3, 3, True),  # Monday's entry on Thursday: Tue, Wed, Thu lie after it
        (4, 3, False),  # Monday's entry on Friday
        (0, 0, True),  # a zero window still allows today
        (1, 0, False),
        (5, 5, True),
        (6, 5, False),
    ],
)
def test_input_window_allows_at_most_batas_working_days_after_the_entry_date(working_days_after, batas, allowed):
    result = errors(working_days_after=working_days_after, batas_input_hari_kerja=batas)
    assert ("tanggal" not in result) is allowed


# --- tugas ---


def test_catalogue_entry_needs_an_active_duty_of_the_position_held_that_day():
    assert errors(duty_known=False) == {
        "tugas": "Pilih uraian tugas yang aktif pada jabatan yang dipegang pada tanggal tersebut."
    }


# --- volume ---


@pytest.mark.parametrize(
    ("volume", "ok"),
    [
        (1, True),
        (999, True),
        (0, False),
        (1000, False),
        (-1, False),
        (None, False),
        ("5", False),
        (2.0, False),
        (True, False),
    ],
)
def test_volume_is_an_integer_from_1_to_999(volume, ok):
    result = errors(volume=volume)
    assert result == ({} if ok else {"volume": "Volume harus bilangan bulat 1 sampai 999."})


# --- jam ---


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (time(8, 0), time(8, 1), {}),
        (time(8, 0), time(8, 0), {"jam_selesai": "Jam selesai harus setelah jam mulai."}),
        (time(9, 0), time(8, 0), {"jam_selesai": "Jam selesai harus setelah jam mulai."}),
        (None, time(9, 0), {"jam_mulai": "Jam mulai wajib diisi."}),
        (time(8, 0), None, {"jam_selesai": "Jam selesai wajib diisi."}),
        (None, None, {"jam_mulai": "Jam mulai wajib diisi.", "jam_selesai": "Jam selesai wajib diisi."}),
    ],
)
def test_start_must_be_before_end(start, end, expected):
    assert errors(jam_mulai=start, jam_selesai=end) == expected


@pytest.mark.parametrize(
    ("start", "end", "overlaps_with"),
    [
        (time(8, 0), time(10, 0), None),  # touches 07:30-08:00 and 10:00-11:00 only
        (time(7, 59), time(9, 0), "07:30-08:00"),
        (time(9, 0), time(10, 1), "10:00-11:00"),
        (time(10, 15), time(10, 45), "10:00-11:00"),  # inside another entry
        (time(7, 0), time(12, 0), "07:30-08:00"),  # around other entries
        (time(11, 0), time(12, 0), None),
    ],
)
def test_entries_of_the_same_day_may_touch_but_not_overlap(start, end, overlaps_with):
    result = errors(jam_mulai=start, jam_selesai=end)
    if overlaps_with is None:
        assert result == {}
    else:
        assert result == {"jam_mulai": f"Waktu kegiatan bertumpang tindih dengan kegiatan lain pukul {overlaps_with}."}


def test_overlap_check_ignores_the_entry_itself_when_the_caller_excludes_it():
    assert errors(other_intervals=[]) == {}


# --- texts ---


def test_tambahan_needs_a_description():
    assert errors(tambahan=True, uraian=None) == {"uraian": "Uraian tugas tambahan wajib diisi."}
    assert errors(tambahan=True, uraian=" \n\t ") == {"uraian": "Uraian tugas tambahan wajib diisi."}


@pytest.mark.parametrize(
    ("field", "tambahan", "label"),
    [("uraian", True, "Uraian tugas tambahan"), ("uraian", False, "Uraian"), ("keterangan", False, "Keterangan")],
)
def test_texts_are_limited_to_500_characters_after_trimming(field, tambahan, label):
    assert errors(tambahan=tambahan, **{field: "  " + "a" * 500 + "\n"}) == {}
    assert errors(tambahan=tambahan, **{field: "a" * 501}) == {field: f"{label} paling banyak 500 karakter."}


def test_every_broken_rule_is_reported_on_its_field_at_once():
    result = errors(
        tanggal=date(2026, 11, 20),
        duty_known=False,
        volume=0,
        jam_mulai=time(9, 0),
        jam_selesai=time(8, 0),
        keterangan="x" * 501,
    )
    assert sorted(result) == ["jam_selesai", "keterangan", "tanggal", "tugas", "volume"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Rapat koordinasi  ", "Rapat koordinasi"),
        ("baris 1\r\nbaris 2", "baris 1\nbaris 2"),
        ("a\x00b", "ab"),
        ("   ", None),
        ("", None),
        (None, None),
        ("x" * 20, "x" * 20),
    ],
)
def test_clean_text_trims_and_turns_empty_into_none(text, expected):
    assert clean_text(text, 20) == expected


def test_clean_text_refuses_text_longer_than_the_limit():
    with pytest.raises(ValueError, match="Paling banyak 10 karakter"):
        clean_text("x" * 11, 10)
