"""Money is integer cents; euros appear only as Decimal at the edges."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(euros: Decimal | str | int) -> int:
    """Euros to whole cents, rounding half away from zero (as in Finnish accounting)."""
    if isinstance(euros, float):
        raise TypeError("money is never a float")
    amount = Decimal(euros).quantize(CENT, rounding=ROUND_HALF_UP)
    return int(amount * 100)


def to_euros(cents: int) -> Decimal:
    """Whole cents to euros, exactly."""
    return (Decimal(cents) / 100).quantize(CENT)


def multiply(cents: int, factor: Decimal | int) -> int:
    """A sum of cents times a factor, rounded half up to the cent."""
    if isinstance(factor, float):
        raise TypeError("money is never multiplied by a float")
    return int((Decimal(cents) * Decimal(factor)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
