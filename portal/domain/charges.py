"""How a delivered service is split between the voucher and the client."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Charge:
    to_budget_cents: int
    self_pay_cents: int

    @property
    def total_cents(self) -> int:
        return self.to_budget_cents + self.self_pay_cents


def split_charge(units: int, unit_price_cents: int, voucher_value_cents: int) -> Charge:
    """The voucher pays up to its value per unit; the client pays any price above it."""
    if units <= 0:
        raise ValueError("a service event has at least one unit")
    if unit_price_cents < 0 or voucher_value_cents < 0:
        raise ValueError("prices are not negative")
    covered = min(unit_price_cents, voucher_value_cents)
    return Charge(units * covered, units * (unit_price_cents - covered))
