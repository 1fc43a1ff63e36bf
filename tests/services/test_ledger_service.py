import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from datetime import date

from portal.db.models import AppendOnlyError, LedgerEntry, Voucher, VoucherMonth
from portal.domain.ledger import Entry, EntryKind, InsufficientBalance, LedgerError, position_of
from portal.services.ledger import positions_of, post_entry

MONTH = date.today().replace(day=1)


def _sums(db):
    return dict(
        db.execute(select(LedgerEntry.voucher_id, func.sum(LedgerEntry.amount_cents)).group_by(LedgerEntry.voucher_id)).all()
    )


def test_every_stored_total_equals_what_its_entries_add_up_to(db):
    sums = _sums(db)
    vouchers = db.scalars(select(Voucher)).all()
    assert len(vouchers) > 60
    stored = positions_of(db, [voucher.id for voucher in vouchers])
    for voucher in vouchers:
        assert voucher.remaining_cents == sums[voucher.id] >= 0
        entries = db.scalars(select(LedgerEntry).where(LedgerEntry.voucher_id == voucher.id).order_by(LedgerEntry.id))
        replayed = position_of(Entry(EntryKind(e.kind), abs(e.amount_cents), e.month) for e in entries)
        assert stored[voucher.id].balance == replayed.balance
        assert [(m.month, m.balance) for m in stored[voucher.id].months if m.balance != replayed.month(m.month).balance] == []


def test_a_charge_moves_the_stored_balance_in_the_same_transaction(db):
    voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 10000)).first()
    before = voucher.remaining_cents
    post_entry(db, voucher.id, EntryKind.CHARGE, 4500, MONTH)
    db.commit()
    db.refresh(voucher)
    assert voucher.remaining_cents == before - 4500
    assert _sums(db)[voucher.id] == voucher.remaining_cents
    month = db.get(VoucherMonth, (voucher.id, MONTH))
    assert month.charged_cents >= 4500


def test_a_charge_larger_than_what_remains_writes_nothing(db):
    voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 0)).first()
    entries_before = db.scalar(select(func.count()).select_from(LedgerEntry))
    with pytest.raises(InsufficientBalance):
        post_entry(db, voucher.id, EntryKind.CHARGE, voucher.remaining_cents + 1, MONTH)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == entries_before
    assert db.get(Voucher, voucher.id).remaining_cents > 0


def test_closing_a_voucher_leaves_nothing_to_spend(db):
    voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 0)).first()
    post_entry(db, voucher.id, EntryKind.CLOSE, voucher.remaining_cents, MONTH)
    db.commit()
    db.refresh(voucher)
    assert voucher.remaining_cents == 0
    with pytest.raises(InsufficientBalance):
        post_entry(db, voucher.id, EntryKind.CHARGE, 1, MONTH)


def test_a_credit_cannot_return_more_than_was_charged_and_not_yet_credited(db):
    voucher = db.scalars(select(Voucher).where(Voucher.charged_cents > 0)).first()
    with pytest.raises(LedgerError):
        post_entry(db, voucher.id, EntryKind.CREDIT, voucher.charged_cents - voucher.credited_cents + 1, MONTH)
    db.rollback()
    assert db.get(Voucher, voucher.id).balance == voucher.balance


def test_the_application_refuses_to_change_or_delete_an_entry(db):
    entry = db.scalars(select(LedgerEntry)).first()
    entry.amount_cents += 1
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    db.delete(db.scalars(select(LedgerEntry)).first())
    with pytest.raises(AppendOnlyError):
        db.flush()


@pytest.mark.parametrize(
    "statement", ["UPDATE ledger_entries SET amount_cents = 0", "DELETE FROM ledger_entries"]
)
def test_the_database_refuses_to_change_or_delete_an_entry(db, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(text(statement))
