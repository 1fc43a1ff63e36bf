"""The budget of a plan line: the county's reference price, time-of-day coefficients and a
travel supplement, worked out exactly to the cent and explainable part by part."""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from portal.domain.money import multiply


class Band(StrEnum):
    WEEKDAY = "weekday"
    EVENING = "evening"
    SATURDAY = "saturday"
    SUNDAY = "sunday"  # Sundays and public holidays


@dataclass(frozen=True)
class PriceRules:
    """What the county has set for one kind of service."""

    reference_price_cents: int
    evening: Decimal | None = None
    saturday: Decimal | None = None
    sunday: Decimal | None = None
    travel_supplement_cents: int = 0

    def coefficient(self, band: Band) -> Decimal:
        value = {Band.EVENING: self.evening, Band.SATURDAY: self.saturday, Band.SUNDAY: self.sunday}.get(band)
        return Decimal(1) if value is None else Decimal(value)

    def allows(self, band: Band) -> bool:
        return band is Band.WEEKDAY or {Band.EVENING: self.evening, Band.SATURDAY: self.saturday,
                                         Band.SUNDAY: self.sunday}[band] is not None


@dataclass(frozen=True)
class Part:
    band: Band
    units: int
    unit_price_cents: int
    coefficient: Decimal
    amount_cents: int


@dataclass(frozen=True)
class LineBudget:
    parts: list[Part]
    travel_units: int
    travel_supplement_cents: int
    travel_cents: int
    total_cents: int
    units: int = field(default=0)

    @property
    def value_per_unit_cents(self) -> int:
        """The average voucher value of one unit, rounded down to the cent, so that the
        month's quantity at this value never costs more than the month's budget."""
        if not self.units:
            return 0
        return self.total_cents // self.units


class BudgetError(ValueError):
    """Quantities that cannot make a budget; the message is a code."""


def calculate(rules: PriceRules, units: dict[Band, int], far_from_centre: bool) -> LineBudget:
    """A month's budget for a line: each band's units × price × coefficient, plus travel."""
    parts = []
    for band in Band:
        count = units.get(band, 0)
        if count < 0:
            raise BudgetError("negative")
        if count and not rules.allows(band):
            raise BudgetError(f"no_{band.value}")
        if count:
            coefficient = rules.coefficient(band)
            parts.append(Part(band, count, rules.reference_price_cents, coefficient,
                              multiply(rules.reference_price_cents * count, coefficient)))
    total_units = sum(part.units for part in parts)
    if total_units == 0:
        raise BudgetError("no_units")
    travel_units = total_units if far_from_centre and rules.travel_supplement_cents else 0
    travel_cents = travel_units * rules.travel_supplement_cents
    return LineBudget(
        parts=parts,
        travel_units=travel_units,
        travel_supplement_cents=rules.travel_supplement_cents,
        travel_cents=travel_cents,
        total_cents=sum(part.amount_cents for part in parts) + travel_cents,
        units=total_units,
    )
