"""Posting entries to a voucher's ledger and its stored balance in one transaction."""

from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.db.models import LedgerEntry, Voucher
from portal.domain.ledger import (
    Balance,
    EntryKind,
    InsufficientBalance,
    deltas,
    refusal_of,
    signed_amount,
)


def post_entry(
    session: Session,
    voucher_id: int,
    kind: EntryKind,
    amount_cents: int,
    service_event_id: int | None = None,
) -> LedgerEntry:
    """Append an entry and move the stored balance with it, or raise LedgerError.

    The balance moves by a conditional UPDATE: if another transaction spent the
    money first, no row matches and nothing is written, so two requests at once
    can never overspend a voucher.
    """
    signed = signed_amount(kind, amount_cents)
    granted_delta, used_delta = deltas(kind, amount_cents)
    statement = (
        update(Voucher)
        .where(Voucher.id == voucher_id)
        .values(
            granted_cents=Voucher.granted_cents + granted_delta,
            used_cents=Voucher.used_cents + used_delta,
            remaining_cents=Voucher.remaining_cents + signed,
        )
        .execution_options(synchronize_session="fetch")
    )
    if kind in (EntryKind.CHARGE, EntryKind.CLOSE):
        statement = statement.where(Voucher.remaining_cents >= amount_cents)
    if kind is EntryKind.CREDIT:
        statement = statement.where(Voucher.used_cents >= amount_cents)
    if session.execute(statement).rowcount != 1:
        voucher = session.get(Voucher, voucher_id, populate_existing=True)
        if voucher is None:
            raise LookupError("no such voucher")
        balance = Balance(voucher.granted_cents, voucher.used_cents)
        raise refusal_of(balance, kind, amount_cents) or InsufficientBalance("changed meanwhile")
    entry = LedgerEntry(
        voucher_id=voucher_id, kind=kind.value, amount_cents=signed, service_event_id=service_event_id
    )
    session.add(entry)
    session.flush()
    return entry
