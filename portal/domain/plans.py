"""Client plans: their life cycle, periods, and what is left of each service line."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PlanStatus(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"


class PlanError(ValueError):
    """A change to a plan that its state does not allow; the message is a code."""


# draft → proposed → accepted → superseded; a client's request for changes sends it back.
TRANSITIONS = {
    (PlanStatus.DRAFT, PlanStatus.PROPOSED),
    (PlanStatus.PROPOSED, PlanStatus.ACCEPTED),
    (PlanStatus.PROPOSED, PlanStatus.DRAFT),
    (PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED),
}


def check_transition(current: str, new: PlanStatus) -> None:
    if (PlanStatus(current), new) not in TRANSITIONS:
        raise PlanError(f"{current}_to_{new.value}")


def period_problem(start: date | None, end: date | None, review: date | None) -> str | None:
    """Why a plan's dates do not fit together; None when they do."""
    if start is None or end is None or review is None:
        return "missing"
    if end < start:
        return "end_before_start"
    if not start <= review <= end:
        return "review_outside"
    return None


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
    budget_cents: int | None = None  # the month's budget when it is not simply quantity × value

    @property
    def monthly_budget_cents(self) -> int:
        if self.budget_cents is not None:
            return self.budget_cents
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


def use_is_unusual(used_cents: int, granted_cents: int, months_gone: int, months: int,
                   low_percent: int, high_percent: int) -> str | None:
    """Whether a budget is used much less ("low") or much more ("high") than planned by now."""
    if granted_cents <= 0 or months <= 0 or months_gone <= 0:
        return None
    expected = granted_cents * months_gone / months
    if used_cents * 100 < expected * low_percent:
        return "low"
    if used_cents * 100 > expected * high_percent:
        return "high"
    return None
