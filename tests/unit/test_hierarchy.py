import pytest

from ekinerja.rules.hierarchy import chain_up, creates_cycle

# walikota <- sekda <- kadis <- kabid <- kasi; staf has no superior yet.
TREE = {"walikota": None, "sekda": "walikota", "kadis": "sekda", "kabid": "kadis", "kasi": "kabid", "staf": None}


@pytest.mark.parametrize(
    ("node", "new_parent", "expected"),
    [
        ("kasi", "kasi", True),
        ("kadis", "kasi", True),
        ("walikota", "kabid", True),
        ("sekda", "kadis", True),
        ("staf", "kasi", False),
        ("kasi", "sekda", False),
        ("kadis", None, False),
        ("baru", "kasi", False),
    ],
)
def test_superior_may_not_be_the_position_itself_or_one_of_its_subordinates(node, new_parent, expected):
    assert creates_cycle(TREE, node, new_parent) is expected


def test_attaching_below_an_already_looping_chain_is_refused():
    broken = {"a": "b", "b": "a", "c": None}
    assert creates_cycle(broken, "c", "a") is True


def test_chain_up_lists_superiors_from_direct_to_top():
    assert chain_up(TREE, "kasi") == ["kabid", "kadis", "sekda", "walikota"]
    assert chain_up(TREE, "walikota") == []
    assert chain_up(TREE, "unknown") == []


def test_chain_up_stops_when_existing_data_loops():
    assert chain_up({"a": "b", "b": "c", "c": "a"}, "a") == ["b", "c"]
    assert chain_up({"x": "a", "a": "b", "b": "a"}, "x") == ["a", "b"]
