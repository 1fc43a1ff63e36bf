"""Client plans: their life cycle, periods, and what is left of each service line."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PlanStatus(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"


def months_in_period(start: date, end: date) -> int:
    """Calendar months from the start month to the end month, both included."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    return (end.year - start.year) * 12 + end.month - start.month + 1


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from start to end, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


@dataclass(frozen=True)
class ServiceLineTerms:
    quantity_per_month: int
    voucher_value_cents: int

    @property
    def monthly_budget_cents(self) -> int:
        return self.quantity_per_month * self.voucher_value_cents

    def period_budget_cents(self, start: date, end: date) -> int:
        return self.monthly_budget_cents * months_in_period(start, end)


@dataclass(frozen=True)
class MonthUse:
    """One service line in one month: what the plan allows and what has been used."""

    terms: ServiceLineTerms
    units_used: int
    charged_cents: int

    @property
    def units_left(self) -> int:
        return max(0, self.terms.quantity_per_month - self.units_used)

    @property
    def money_left_cents(self) -> int:
        return max(0, self.terms.monthly_budget_cents - self.charged_cents)
