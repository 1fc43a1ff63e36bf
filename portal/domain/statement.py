"""The rows of a month's money as people read them: services charged and credits given back.

The client's transactions and the provider's settlement month are both made of these rows;
their totals come from `totals_of`, and the tests hold them equal to the ledger's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class StatementLine:
    """A recorded service (a charge) or a correction of one (a credit)."""

    event: Any  # the recording: its date, provider, client and service are shown with the row
    correction: Any | None
    day: date
    units: int
    charged_cents: int  # to the budget
    credited_cents: int  # back to the budget
    self_pay_cents: int  # the client's own share; a credit gives part of it back (negative)

    @property
    def is_credit(self) -> bool:
        return self.correction is not None


def charge_line(event) -> StatementLine:
    return StatementLine(event, None, event.service_date, event.units, event.charged_cents, 0, event.self_pay_cents)


def credit_line(event, correction) -> StatementLine:
    return StatementLine(event, correction, correction.recorded_at.date(), correction.units, 0,
                         correction.credited_cents, -correction.self_pay_credited_cents)


@dataclass(frozen=True)
class Totals:
    charged_cents: int = 0
    credited_cents: int = 0
    self_pay_cents: int = 0

    @property
    def net_cents(self) -> int:
        """Charged less credited: what the budget paid, and what the county pays the provider."""
        return self.charged_cents - self.credited_cents


def totals_of(lines: Iterable[StatementLine]) -> Totals:
    lines = list(lines)
    return Totals(sum(line.charged_cents for line in lines), sum(line.credited_cents for line in lines),
                  sum(line.self_pay_cents for line in lines))


def month_figures(charged_cents: int, credited_cents: int, own_share_cents: int, own_share_back_cents: int) -> Totals:
    """A month's totals from its running totals and the sums of its own shares charged and given back."""
    return Totals(charged_cents, credited_cents, own_share_cents - own_share_back_cents)
