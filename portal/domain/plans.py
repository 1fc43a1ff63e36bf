"""Client plans: their life cycle, periods, and what is left of each service line."""

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.domain.states import Lifecycle


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


PLAN_LIFECYCLE = Lifecycle(PlanStatus, {PlanStatus.DRAFT}, TRANSITIONS)


def check_transition(current: str, new: PlanStatus) -> None:
    if not PLAN_LIFECYCLE.allows(current, new):
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


def line_problem(services_in_plan: Iterable, service) -> str | None:
    """A plan has one line for each kind of service: a revision compares them kind by kind."""
    return "already_in_plan" if service in services_in_plan else None


def months_in_period(start: date, end: date) -> int:
    """Calendar months from the start month to the end month, both included."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    return (end.year - start.year) * 12 + end.month - start.month + 1


def month_start(day: date) -> date:
    return day.replace(day=1)


def iso_month(day: date) -> str:
    """The month as ISO 8601 writes it, and addresses carry it: 2026-03."""
    return f"{day:%Y-%m}"


def month_of_iso(text: str | None) -> date | None:
    """The first day of the month written 2026-03; None if the text is not one."""
    try:
        return date.fromisoformat(f"{text}-01") if text and len(text) == 7 else None
    except ValueError:
        return None


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
class LineTerms:
    """What a plan line gives: a quantity and a budget per month, and the voucher's value per unit."""

    service: str
    quantity_per_month: int
    voucher_value_cents: int
    monthly_budget_cents: int


@dataclass(frozen=True)
class Allowance:
    """A month's share of a line: how many units may be used and how much budget it gives."""

    units: int = 0
    cents: int = 0

    def __add__(self, other: "Allowance") -> "Allowance":
        return Allowance(self.units + other.units, self.cents + other.cents)


def _day_share(per_month: int, first_day: int, last_day: int, days_in_month: int) -> int:
    """The share of the days first_day..last_day; shares of adjacent days add up exactly."""
    return per_month * last_day // days_in_month - per_month * (first_day - 1) // days_in_month


def allowances(terms: LineTerms, start: date, end: date) -> dict[date, Allowance]:
    """The line's quantity and budget from start to end, month by month: a whole month gets
    all of it, a month partly in the range the share of its days (rounded down, so that the
    shares of a month split in two add up to the whole)."""
    shares = {}
    for month in months_between(start, end) if start <= end else []:
        days = monthrange(month.year, month.month)[1]
        first = start.day if month == month_start(start) else 1
        last = end.day if month == month_start(end) else days
        shares[month] = Allowance(_day_share(terms.quantity_per_month, first, last, days),
                                  _day_share(terms.monthly_budget_cents, first, last, days))
    return shares


def add_allowances(*parts: dict[date, Allowance]) -> dict[date, Allowance]:
    total: dict[date, Allowance] = {}
    for part in parts:
        for month, allowance in part.items():
            total[month] = total.get(month, Allowance()) + allowance
    return dict(sorted(total.items()))


def monthly_budget(terms: Iterable[LineTerms]) -> int:
    """A plan's budget for a whole month: its lines' monthly budgets together."""
    return sum(line.monthly_budget_cents for line in terms)


def budget_between(terms: Iterable[LineTerms], start: date, end: date) -> int:
    """What the lines give from start to end: the sum of their months' shares."""
    return sum(share.cents for line in terms for share in allowances(line, start, end).values())


def in_force_from(accepted_on: date, period_start: date) -> date:
    """A plan takes effect when it is accepted, or when its period starts if that is later."""
    return max(accepted_on, period_start)


@dataclass(frozen=True)
class Revision:
    """What accepting a new plan does to one service line from the day it takes effect."""

    unit_limits: dict[date, int]  # the month's quantity from now on, for every month touched
    grants: dict[date, int]  # budget added month by month (a positive amount, or nothing)
    closings: dict[date, int]  # budget the old line would still have given and the new one does not


def revise(before: LineTerms | None, before_from: date | None, before_to: date | None,
           after: LineTerms | None, effective: date, after_to: date | None) -> Revision:
    """The old line keeps what it gave up to the day before `effective`; from then on the
    new line gives its own quantity and budget. What was used stays used."""
    kept = allowances(before, before_from, effective - timedelta(days=1)) if before else {}
    old_rest = allowances(before, max(effective, before_from), before_to) if before else {}
    new = allowances(after, effective, after_to) if after else {}
    limits = add_allowances(kept, new)
    months = sorted(set(old_rest) | set(new))
    change = {m: new.get(m, Allowance()).cents - old_rest.get(m, Allowance()).cents for m in months}
    return Revision({m: limits.get(m, Allowance()).units for m in sorted(set(limits) | set(old_rest))},
                    {m: c for m, c in change.items() if c > 0}, {m: -c for m, c in change.items() if c < 0})


class Change(StrEnum):
    KEPT = "kept"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class LineChange:
    """One service of the plan in force set beside the same service in the new plan."""

    service: str
    change: Change
    before: LineTerms | None
    after: LineTerms | None


def compare_lines(before: Iterable[LineTerms], after: Iterable[LineTerms]) -> list[LineChange]:
    """Line by line, in the new plan's order, then the services the new plan leaves out.
    A service continues when the new plan has the same kind of service."""
    old = {terms.service: terms for terms in before}
    changes = []
    for terms in after:
        earlier = old.pop(terms.service, None)
        if earlier is None:
            changes.append(LineChange(terms.service, Change.ADDED, None, terms))
        else:
            same = (earlier.quantity_per_month, earlier.monthly_budget_cents, earlier.voucher_value_cents) == (
                terms.quantity_per_month, terms.monthly_budget_cents, terms.voucher_value_cents)
            changes.append(LineChange(terms.service, Change.KEPT if same else Change.CHANGED, earlier, terms))
    changes.extend(LineChange(service, Change.REMOVED, terms, None) for service, terms in old.items())
    return changes


class FollowUpReason(StrEnum):
    """Why a case manager follows a client up."""

    REVIEW = "review"  # the plan's review is due soon or overdue
    LOW = "low"  # the budget is used much less than planned by now
    HIGH = "high"  # much more


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


def month_use_is_unusual(used: int, planned: int, month: date, today: date, low_percent: int,
                         high_percent: int) -> str | None:
    """Whether a service line used much less ("low") or much more ("high") of a month's quantity than the
    plan gives it: the plan's rule above, for a single month once it is over (a month under way is
    not judged yet)."""
    return use_is_unusual(used, planned, 1 if month < month_start(today) else 0, 1, low_percent, high_percent)
