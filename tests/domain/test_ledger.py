import pytest

from portal.domain.ledger import (
    Balance,
    EntryKind,
    InsufficientBalance,
    LedgerError,
    balance_of,
    signed_amount,
)


def test_a_grant_then_charges_leave_the_rest():
    balance = balance_of([(EntryKind.GRANT, 90000), (EntryKind.CHARGE, 4500), (EntryKind.CHARGE, 13500)])
    assert balance == Balance(granted_cents=90000, used_cents=18000)
    assert balance.remaining_cents == 72000


def test_a_credit_gives_a_charge_back():
    balance = balance_of([(EntryKind.GRANT, 10000), (EntryKind.CHARGE, 4500), (EntryKind.CREDIT, 4500)])
    assert balance.remaining_cents == 10000
    assert balance.used_cents == 0


def test_closing_takes_away_what_is_left_unspent():
    balance = balance_of([(EntryKind.GRANT, 10000), (EntryKind.CHARGE, 2500), (EntryKind.CLOSE, 7500)])
    assert balance.remaining_cents == 0
    assert balance.granted_cents == 2500


def test_the_balance_never_goes_below_zero():
    balance = Balance(granted_cents=4500)
    assert balance.apply(EntryKind.CHARGE, 4500).remaining_cents == 0
    with pytest.raises(InsufficientBalance):
        balance.apply(EntryKind.CHARGE, 4501)
    with pytest.raises(LedgerError):
        balance.apply(EntryKind.CLOSE, 4501)


def test_a_credit_cannot_return_more_than_was_used():
    with pytest.raises(LedgerError):
        Balance(granted_cents=10000, used_cents=100).apply(EntryKind.CREDIT, 101)


@pytest.mark.parametrize("amount", [0, -1, 1.5, True, "100"])
def test_amounts_are_positive_whole_cents(amount):
    with pytest.raises(LedgerError):
        Balance(granted_cents=10000).apply(EntryKind.GRANT, amount)


def test_the_signed_amounts_add_up_to_what_remains():
    entries = [(EntryKind.GRANT, 20000), (EntryKind.CHARGE, 1234), (EntryKind.CREDIT, 234), (EntryKind.CLOSE, 1000)]
    assert sum(signed_amount(kind, amount) for kind, amount in entries) == balance_of(entries).remaining_cents
