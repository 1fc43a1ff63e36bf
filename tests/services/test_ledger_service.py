import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from portal.db.models import AppendOnlyError, LedgerEntry, Voucher
from portal.domain.ledger import EntryKind, InsufficientBalance, LedgerError
from portal.services.ledger import post_entry


def _sums(db):
    return dict(
        db.execute(select(LedgerEntry.voucher_id, func.sum(LedgerEntry.amount_cents)).group_by(LedgerEntry.voucher_id)).all()
    )


def test_every_stored_balance_equals_the_sum_of_its_entries(db):
    sums = _sums(db)
    vouchers = db.scalars(select(Voucher)).all()
    assert len(vouchers) > 60
    for voucher in vouchers:
        assert voucher.remaining_cents == sums[voucher.id]
        assert voucher.remaining_cents == voucher.granted_cents - voucher.used_cents
        assert voucher.remaining_cents >= 0


def test_a_charge_moves_the_stored_balance_in_the_same_transaction(db):
    voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 10000)).first()
    before = voucher.remaining_cents
    post_entry(db, voucher.id, EntryKind.CHARGE, 4500)
    db.commit()
    db.refresh(voucher)
    assert voucher.remaining_cents == before - 4500
    assert _sums(db)[voucher.id] == voucher.remaining_cents


def test_a_charge_larger_than_what_remains_writes_nothing(db):
    voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 0)).first()
    entries_before = db.scalar(select(func.count()).select_from(LedgerEntry))
    with pytest.raises(InsufficientBalance):
        post_entry(db, voucher.id, EntryKind.CHARGE, voucher.remaining_cents + 1)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == entries_before
    assert db.get(Voucher, voucher.id).remaining_cents > 0


def test_closing_a_voucher_leaves_nothing_to_spend(db):
    voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 0)).first()
    post_entry(db, voucher.id, EntryKind.CLOSE, voucher.remaining_cents)
    db.commit()
    db.refresh(voucher)
    assert voucher.remaining_cents == 0
    with pytest.raises(InsufficientBalance):
        post_entry(db, voucher.id, EntryKind.CHARGE, 1)


def test_a_credit_cannot_return_more_than_was_used(db):
    voucher = db.scalars(select(Voucher)).first()
    with pytest.raises(LedgerError):
        post_entry(db, voucher.id, EntryKind.CREDIT, voucher.used_cents + 1)


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
