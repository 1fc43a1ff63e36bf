"""Settlements with providers: a month is settled once it has ended, and then its books are closed."""

from datetime import date

from portal.domain.plans import month_start


def can_settle(month: date, today: date) -> bool:
    """Only a month that has ended can be settled."""
    return month_start(month) < month_start(today)

