"""How a delivered service is split between the voucher and the client, and how a
correction gives part of it back."""

from dataclasses import dataclass


def own_share_per_unit(unit_price_cents: int, voucher_value_cents: int) -> int:
    """What the client pays per unit (the self-pay share): the part of the price above the voucher value."""
    return max(0, unit_price_cents - voucher_value_cents)


def voucher_covers_per_unit(unit_price_cents: int, voucher_value_cents: int) -> int:
    """What the voucher pays per unit: the price, up to the voucher value."""
    return min(unit_price_cents, voucher_value_cents)


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
    return Charge(units * voucher_covers_per_unit(unit_price_cents, voucher_value_cents),
                  units * own_share_per_unit(unit_price_cents, voucher_value_cents))


def credit_for(charge: Charge, units: int, credited_units_before: int, units_now: int) -> Charge:
    """What crediting `units_now` more units of a recording gives back, when
    `credited_units_before` were credited already. Amounts are shares of the whole, so
    crediting every unit, in any steps, gives back exactly what was charged."""
    if units_now <= 0 or credited_units_before < 0 or credited_units_before + units_now > units:
        raise ValueError("a credit is of units recorded and not yet credited")
    after = credited_units_before + units_now

    def share(cents: int, of: int) -> int:
        return cents * of // units

    return Charge(share(charge.to_budget_cents, after) - share(charge.to_budget_cents, credited_units_before),
                  share(charge.self_pay_cents, after) - share(charge.self_pay_cents, credited_units_before))
