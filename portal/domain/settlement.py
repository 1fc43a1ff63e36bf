"""Settlements with providers: a month is settled once it has ended and its services are past the client's
days to confirm them; then its books are closed."""

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.confirmations import confirm_by, not_answered
from portal.domain.ledger import Balance
from portal.domain.plans import month_start


def can_settle(month: date, today: date, last_recorded_on: date | None = None) -> bool:
    """Only a month that has ended, and whose every service is past the days to confirm it."""
    return month_start(month) < month_start(today) and today >= settles_from(month, last_recorded_on)


def settles_from(month: date, last_recorded_on: date | None) -> date:
    """The first day the month can be settled: the day after the last day to confirm its latest recording."""
    month = month_start(month)
    return confirm_by(month, max(last_recorded_on or month, month)) + timedelta(days=1)


def payable_cents(charged_cents: int, credited_cents: int, held_cents: int, released_cents: int) -> int:
    """What the county pays the provider for a settlement month: the budget charged less what was credited
    back, less what open disputes hold out of it, plus what disputes resolved after their month was settled
    release into it."""
    return Balance(charged_cents=charged_cents, credited_cents=credited_cents).used_cents - held_cents + released_cents


@dataclass(frozen=True)
class Confirmed:
    """How the client confirmed a settlement month's services: confirmed, disputed and held out (with the
    amount), disputes resolved, the rest confirmed automatically; and what resolved disputes of settled months
    released into it."""

    events: int = 0
    confirmed_events: int = 0
    held_events: int = 0
    held_cents: int = 0
    resolved_events: int = 0
    released_events: int = 0
    released_cents: int = 0

    @classmethod
    def of(cls, row) -> "Confirmed":
        """From a month's running totals or its settlement."""
        return cls(row.events, row.confirmed_events, row.held_events, row.held_cents, row.resolved_events,
                   row.released_events, row.released_cents)

    @property
    def unanswered_events(self) -> int:
        """Neither confirmed nor disputed: confirmed automatically once their days to confirm are over."""
        return not_answered(self.events, self.confirmed_events, self.held_events, self.resolved_events)
