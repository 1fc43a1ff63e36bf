"""See ahead: how long a service line's budget lasts at the pace of the last eight weeks.

The pace is what the voucher used in the window (units recorded less credited back, and the
cents charged to it less credited back) divided by the window's days. The window is the last
eight weeks up to today, or the days since the voucher began when it is younger; a line of a
revised plan continues the same voucher, so its history counts. A month is the Gregorian
calendar's average month (146 097 days / 4 800 months = 30.436875 days), in exact fractions.

A line cannot use more than its monthly quantity, so a faster pace is capped at it (and the
cents with it, at the window's price per unit). What is left then lasts `left / cents per day`
days from today; when that reaches past the plan period's end, the line lasts the whole period.
No use in the window: no forecast.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from math import floor

WINDOW_DAYS = 8 * 7
DAYS_PER_MONTH = Fraction(146_097, 4_800)


@dataclass(frozen=True)
class DayUse:
    """What a voucher used on one day: units recorded less credited back, and the cents charged
    to it and credited back, as the ledger counts them."""

    day: date
    units: int
    charged_cents: int
    credited_cents: int = 0

    @property
    def used_cents(self) -> int:
        return self.charged_cents - self.credited_cents


@dataclass(frozen=True)
class Forecast:
    units_per_month: int  # the pace, rounded: "about 14 of your 25 hours a month"
    quantity_per_month: int  # the plan's
    period_end: date
    runs_out_on: date | None  # None: what is left lasts the whole plan period

    @property
    def lasts_the_period(self) -> bool:
        return self.runs_out_on is None


def window_start(today: date, line_start: date) -> date:
    """The first day whose use counts: eight weeks back, or the voucher's first day if later."""
    return max(today - timedelta(days=WINDOW_DAYS - 1), line_start)


def forecast(use: Iterable[DayUse], *, today: date, line_start: date, period_end: date, left_cents: int,
             quantity_per_month: int) -> Forecast | None:
    """The line's pace and the day its budget runs out, or None when it has no use in the window."""
    start = window_start(today, line_start)
    counted = [u for u in use if start <= u.day <= today]
    units = sum(u.units for u in counted)
    if units <= 0:
        return None
    days = (today - start).days + 1
    units_per_month = Fraction(units, days) * DAYS_PER_MONTH
    cents_per_day = Fraction(max(0, sum(u.used_cents for u in counted)), days)
    if 0 < quantity_per_month < units_per_month:
        cents_per_day *= quantity_per_month / units_per_month
        units_per_month = Fraction(quantity_per_month)
    shown = max(1, floor(units_per_month + Fraction(1, 2)))
    days_to_end = (period_end - today).days
    if cents_per_day == 0:
        return Forecast(shown, quantity_per_month, period_end, None)
    days_left = floor(Fraction(max(0, left_cents)) / cents_per_day)
    runs_out_on = None if days_left >= days_to_end else today + timedelta(days=days_left)
    return Forecast(shown, quantity_per_month, period_end, runs_out_on)
