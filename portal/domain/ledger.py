"""A voucher's ledger: append-only entries and the balance they add up to.

Every entry stores its signed effect on what remains: a grant adds, a charge
takes away, a credit (a correction of a charge) gives back, and closing takes
away what was left unspent. The stored balance of a voucher must always equal
the sum of its entries, and what remains can never go below zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass
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


_SIGN = {EntryKind.GRANT: 1, EntryKind.CHARGE: -1, EntryKind.CREDIT: 1, EntryKind.CLOSE: -1}


def signed_amount(kind: EntryKind, amount_cents: int) -> int:
    """The entry's effect on what remains, for an amount given as a positive number."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise LedgerError("amounts are whole cents")
    if amount_cents <= 0:
        raise LedgerError("an entry's amount must be more than zero")
    return _SIGN[kind] * amount_cents


@dataclass(frozen=True)
class Balance:
    granted_cents: int = 0
    used_cents: int = 0

    @property
    def remaining_cents(self) -> int:
        return self.granted_cents - self.used_cents

    def apply(self, kind: EntryKind, amount_cents: int) -> "Balance":
        """The balance after one more entry, or LedgerError if the entry is not allowed."""
        refusal = refusal_of(self, kind, amount_cents)
        if refusal:
            raise refusal
        granted_delta, used_delta = deltas(kind, amount_cents)
        return Balance(self.granted_cents + granted_delta, self.used_cents + used_delta)


def deltas(kind: EntryKind, amount_cents: int) -> tuple[int, int]:
    """How an entry changes (granted, used); what remains changes by their difference."""
    signed = signed_amount(kind, amount_cents)
    if kind in (EntryKind.GRANT, EntryKind.CLOSE):
        return signed, 0
    return 0, -signed


def refusal_of(balance: Balance, kind: EntryKind, amount_cents: int) -> LedgerError | None:
    """Why the entry may not be applied to this balance, or None when it may."""
    signed_amount(kind, amount_cents)
    if kind is EntryKind.CHARGE and amount_cents > balance.remaining_cents:
        return InsufficientBalance("the voucher has too little left")
    if kind is EntryKind.CLOSE and amount_cents > balance.remaining_cents:
        return LedgerError("closing cannot take more than remains")
    if kind is EntryKind.CREDIT and amount_cents > balance.used_cents:
        return LedgerError("a credit cannot return more than was used")
    return None


def balance_of(entries: Iterable[tuple[EntryKind, int]]) -> Balance:
    """Replay (kind, positive amount) entries from an empty voucher."""
    balance = Balance()
    for kind, amount_cents in entries:
        balance = balance.apply(kind, amount_cents)
    return balance
