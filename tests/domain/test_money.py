from decimal import Decimal

import pytest

from portal.domain.money import multiply, to_cents, to_euros


@pytest.mark.parametrize(
    ("euros", "cents"),
    [("0", 0), ("12.34", 1234), ("0.005", 1), ("0.004", 0), ("1234.505", 123451), ("-0.005", -1), (7, 700)],
)
def test_euros_round_half_up_to_whole_cents(euros, cents):
    assert to_cents(Decimal(euros) if isinstance(euros, str) else euros) == cents


def test_cents_become_exact_euros():
    assert to_euros(123450) == Decimal("1234.50")
    assert to_euros(1) == Decimal("0.01")


def test_multiplying_rounds_to_the_cent():
    assert multiply(4500, Decimal("1.15")) == 5175
    assert multiply(3333, Decimal("0.5")) == 1667
    assert multiply(950, 3) == 2850


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        to_cents(12.5)
    with pytest.raises(TypeError):
        multiply(100, 1.5)
