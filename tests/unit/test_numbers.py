from decimal import Decimal

import pytest

from ekinerja.rules.numbers import as_decimal, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("2.5"), 0, Decimal("3")),
        (Decimal("3.5"), 0, Decimal("4")),
        (Decimal("2.4999"), 0, Decimal("2")),
        (Decimal("-2.5"), 0, Decimal("-3")),
        (Decimal("1.005"), 2, Decimal("1.01")),
        (Decimal("106.6666"), 2, Decimal("106.67")),
        (Decimal("1.2"), 2, Decimal("1.20")),
        (7, 0, Decimal("7")),
    ],
)
def test_round_half_up_rounds_halves_away_from_zero_not_to_even(value, places, expected):
    result = round_half_up(value, places)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize("value", [0.1, 2.5, True])
def test_floats_and_bools_are_refused_as_numbers(value):
    with pytest.raises(TypeError):
        as_decimal(value)


def test_as_decimal_accepts_int_str_and_decimal():
    assert as_decimal(3) == Decimal(3)
    assert as_decimal("0.5") == Decimal("0.5")
    assert as_decimal(Decimal("1.25")) == Decimal("1.25")
