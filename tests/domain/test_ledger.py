from datetime import date

import pytest

from portal.domain.ledger import (
    Balance,
    Entry,
    EntryKind,
    InsufficientBalance,
    LedgerError,
    OverCredit,
    Position,
    position_of,
    signed_amount,
    total_position,
)

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def _replay(entries):
    balance = Balance()
    for kind, amount in entries:
        balance = balance.apply(kind, amount)
    return balance


def test_a_grant_then_charges_leave_the_rest():
    balance = _replay([(EntryKind.GRANT, 90000), (EntryKind.CHARGE, 4500), (EntryKind.CHARGE, 13500)])
    assert balance == Balance(granted_cents=90000, charged_cents=18000)
    assert balance.left_cents == 72000


def test_a_credit_gives_a_charge_back_and_is_kept_apart():
    balance = _replay([(EntryKind.GRANT, 10000), (EntryKind.CHARGE, 4500), (EntryKind.CREDIT, 4500)])
    assert balance.left_cents == 10000
    assert (balance.charged_cents, balance.credited_cents, balance.used_cents) == (4500, 4500, 0)


def test_closing_takes_away_what_is_left_unspent():
    balance = _replay([(EntryKind.GRANT, 10000), (EntryKind.CHARGE, 2500), (EntryKind.CLOSE, 7500)])
    assert balance.left_cents == 0
    assert balance.granted_cents == 2500


def test_the_balance_never_goes_below_zero():
    balance = Balance(granted_cents=4500)
    assert balance.apply(EntryKind.CHARGE, 4500).left_cents == 0
    with pytest.raises(InsufficientBalance):
        balance.apply(EntryKind.CHARGE, 4501)
    with pytest.raises(LedgerError):
        balance.apply(EntryKind.CLOSE, 4501)


def test_a_credit_cannot_give_back_more_than_was_charged_and_not_yet_credited():
    balance = Balance(granted_cents=10000, charged_cents=100, credited_cents=40)
    assert balance.apply(EntryKind.CREDIT, 60).used_cents == 0
    with pytest.raises(OverCredit):
        balance.apply(EntryKind.CREDIT, 61)


@pytest.mark.parametrize("amount", [0, -1, 1.5, True, "100"])
def test_amounts_are_positive_whole_cents(amount):
    with pytest.raises(LedgerError):
        Balance(granted_cents=10000).apply(EntryKind.GRANT, amount)


def test_the_signed_amounts_add_up_to_what_is_left():
    entries = [(EntryKind.GRANT, 20000), (EntryKind.CHARGE, 1234), (EntryKind.CREDIT, 234), (EntryKind.CLOSE, 1000)]
    assert sum(signed_amount(kind, amount) for kind, amount in entries) == _replay(entries).left_cents


def test_a_position_has_the_whole_period_and_each_month():
    position = position_of(
        [Entry(EntryKind.GRANT, 90000, JAN), Entry(EntryKind.GRANT, 90000, FEB), Entry(EntryKind.CHARGE, 13500, JAN),
         Entry(EntryKind.CREDIT, 4500, JAN), Entry(EntryKind.CHARGE, 9000, FEB)],
        limits={JAN: 20, FEB: 20}, units_used={JAN: 2, FEB: 2},
    )
    assert (position.granted_cents, position.charged_cents, position.credited_cents, position.left_cents) == (
        180000, 22500, 4500, 162000)
    january = position.month(date(2026, 1, 17))
    assert (january.granted_cents, january.charged_cents, january.credited_cents, january.left_cents) == (
        90000, 13500, 4500, 81000)
    assert january.units_left == 18
    assert position.month(date(2026, 3, 1)).left_cents == 0  # a month with nothing in it


def test_a_month_shows_nothing_left_rather_than_less_than_nothing():
    month = position_of([Entry(EntryKind.GRANT, 100, JAN), Entry(EntryKind.CHARGE, 100, JAN),
                         Entry(EntryKind.GRANT, 500, FEB), Entry(EntryKind.CHARGE, 300, FEB),
                         Entry(EntryKind.CLOSE, 50, JAN)]).month(JAN)
    assert month.balance.left_cents == -50
    assert month.left_cents == 0


def test_positions_add_up_month_by_month():
    one = position_of([Entry(EntryKind.GRANT, 1000, JAN), Entry(EntryKind.CHARGE, 300, JAN)], {JAN: 10}, {JAN: 3})
    two = position_of([Entry(EntryKind.GRANT, 500, FEB)], {FEB: 5})
    both = total_position([one, two])
    assert both.left_cents == 1200
    assert [m.month for m in both.months] == [JAN, FEB]
    assert both.month(JAN).units_left == 7 and both.month(FEB).units_left == 5
    assert total_position([]) == Position()
