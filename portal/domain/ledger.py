"""A voucher's ledger: append-only entries, and the budget position they add up to.

Every entry stores its signed effect on what is left: a grant adds, a charge takes
away, a credit (a correction of a charge) gives back, and closing takes away budget
that will not be used. Each entry belongs to a month of the budget (a charge and its
credits to the month the service was delivered in), so that the same entries give the
position of the whole period and of each month.

The stored running totals of a voucher and of its months must always equal what
`position_of` makes of its entries, and what is left in total can never go below zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class EntryKind(StrEnum):
    GRANT = "grant"
    CHARGE = "charge"
    CREDIT = "credit"
    CLOSE = "close"


class LedgerError(ValueError):
    """An entry that the ledger refuses."""


class InsufficientBalance(LedgerError):
    """The voucher has too little left for the charge."""


class OverCredit(LedgerError):
    """A credit would give back more than was charged and not yet credited."""


_SIGN = {EntryKind.GRANT: 1, EntryKind.CHARGE: -1, EntryKind.CREDIT: 1, EntryKind.CLOSE: -1}


def signed_amount(kind: EntryKind, amount_cents: int) -> int:
    """The entry's effect on what is left, for an amount given as a positive number."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise LedgerError("amounts are whole cents")
    if amount_cents <= 0:
        raise LedgerError("an entry's amount must be more than zero")
    return _SIGN[EntryKind(kind)] * amount_cents


def deltas(kind: EntryKind, amount_cents: int) -> tuple[int, int, int]:
    """How an entry moves (granted, charged, credited); closing lowers what was granted."""
    signed = signed_amount(kind, amount_cents)
    match EntryKind(kind):
        case EntryKind.GRANT | EntryKind.CLOSE:
            return signed, 0, 0
        case EntryKind.CHARGE:
            return 0, amount_cents, 0
        case EntryKind.CREDIT:
            return 0, 0, amount_cents


@dataclass(frozen=True)
class Balance:
    """Granted, charged and credited: the three figures every other one is made of."""

    granted_cents: int = 0
    charged_cents: int = 0
    credited_cents: int = 0

    @property
    def left_cents(self) -> int:
        return self.granted_cents - self.charged_cents + self.credited_cents

    @property
    def used_cents(self) -> int:
        """Charged less what was credited back."""
        return self.charged_cents - self.credited_cents

    def moved(self, kind: EntryKind, amount_cents: int) -> "Balance":
        """The figures after one more entry, without checking whether it is allowed."""
        granted, charged, credited = deltas(kind, amount_cents)
        return Balance(self.granted_cents + granted, self.charged_cents + charged, self.credited_cents + credited)

    def __add__(self, other: "Balance") -> "Balance":
        """Two balances together: a plan's lines, or a report's rows."""
        return Balance(self.granted_cents + other.granted_cents, self.charged_cents + other.charged_cents,
                       self.credited_cents + other.credited_cents)

    def apply(self, kind: EntryKind, amount_cents: int) -> "Balance":
        """The balance after one more entry, or LedgerError if the entry is not allowed."""
        refusal = refusal_of(self, kind, amount_cents)
        if refusal:
            raise refusal
        return self.moved(kind, amount_cents)


def refusal_of(balance: Balance, kind: EntryKind, amount_cents: int) -> LedgerError | None:
    """Why the entry may not be applied to this balance, or None when it may."""
    signed_amount(kind, amount_cents)
    if kind is EntryKind.CHARGE and amount_cents > balance.left_cents:
        return InsufficientBalance("the voucher has too little left")
    if kind is EntryKind.CLOSE and amount_cents > balance.left_cents:
        return LedgerError("closing cannot take more than is left")
    if kind is EntryKind.CREDIT and amount_cents > balance.used_cents:
        return OverCredit("a credit cannot give back more than was charged")
    return None


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    amount_cents: int  # positive; the kind gives the sign
    month: date


class _Figures:
    """Granted, charged, credited, used and left, read from the position's balance."""

    balance: Balance

    @property
    def granted_cents(self) -> int:
        return self.balance.granted_cents

    @property
    def charged_cents(self) -> int:
        return self.balance.charged_cents

    @property
    def credited_cents(self) -> int:
        return self.balance.credited_cents

    @property
    def used_cents(self) -> int:
        return self.balance.used_cents

    @property
    def left_cents(self) -> int:
        return self.balance.left_cents


@dataclass(frozen=True)
class MonthPosition(_Figures):
    """One month of a service line: its share of the budget and its quantity, and their use."""

    month: date
    balance: Balance = Balance()
    unit_limit: int = 0
    units_used: int = 0  # recorded less credited back

    @property
    def left_cents(self) -> int:
        """What the month's share has left. Never shown below zero: the hard limits are the
        month's quantity and the period's total, and a revised month can have used more of
        its share than the new plan gives it."""
        return max(0, self.balance.left_cents)

    @property
    def units_left(self) -> int:
        return max(0, self.unit_limit - self.units_used)


@dataclass(frozen=True)
class Position(_Figures):
    """The budget position of a service line for its period: in total and month by month."""

    balance: Balance = Balance()
    months: tuple[MonthPosition, ...] = field(default_factory=tuple)

    def month(self, day: date) -> MonthPosition:
        first = day.replace(day=1)
        return next((m for m in self.months if m.month == first), MonthPosition(first))

    def __add__(self, other: "Position") -> "Position":
        """Two lines' positions together (a plan's total); months are added month by month."""
        by_month = {m.month: m for m in self.months}
        for m in other.months:
            mine = by_month.get(m.month, MonthPosition(m.month))
            by_month[m.month] = MonthPosition(
                m.month,
                Balance(mine.granted_cents + m.granted_cents, mine.charged_cents + m.charged_cents,
                        mine.credited_cents + m.credited_cents),
                mine.unit_limit + m.unit_limit,
                mine.units_used + m.units_used,
            )
        total = Balance(self.granted_cents + other.granted_cents, self.charged_cents + other.charged_cents,
                        self.credited_cents + other.credited_cents)
        return Position(total, tuple(by_month[month] for month in sorted(by_month)))


def total_position(positions: Iterable[Position]) -> Position:
    result = Position()
    for position in positions:
        result = result + position
    return result


def position_of(entries: Iterable[Entry], limits: dict[date, int] | None = None,
                units_used: dict[date, int] | None = None) -> Position:
    """Replay entries from an empty voucher: the definition every stored total must equal."""
    total = Balance()
    months: dict[date, Balance] = {}
    for entry in entries:
        total = total.apply(entry.kind, entry.amount_cents)
        months[entry.month] = months.get(entry.month, Balance()).moved(entry.kind, entry.amount_cents)
    limits, units_used = limits or {}, units_used or {}
    every_month = sorted(set(months) | set(limits))
    return Position(total, tuple(
        MonthPosition(month, months.get(month, Balance()), limits.get(month, 0), units_used.get(month, 0))
        for month in every_month
    ))

