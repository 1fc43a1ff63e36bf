"""Properties of the money rules, for any numbers: shares add up, credits never exceed, nothing goes below zero."""

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from portal.domain.charges import Charge, credit_for, split_charge
from portal.domain.ledger import Balance, Entry, EntryKind, LedgerError, position_of
from portal.domain.plans import LineTerms, allowances, budget_between, revise

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
terms = st.builds(LineTerms, service=st.just("home_care"), quantity_per_month=st.integers(1, 400),
                  voucher_value_cents=st.integers(0, 20_000), monthly_budget_cents=st.integers(0, 2_000_000))


@st.composite
def periods(draw):
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(0, 730)))
    return start, end


@given(terms, periods(), st.data())
def test_the_shares_of_a_period_split_anywhere_add_up_to_the_whole(line, period, data):
    start, end = period
    split = start + timedelta(days=data.draw(st.integers(0, (end - start).days)))
    whole = allowances(line, start, end)
    before = allowances(line, start, split - timedelta(days=1))
    after = allowances(line, split, end)
    for month, share in whole.items():
        parts = [part[month] for part in (before, after) if month in part]
        assert sum(p.units for p in parts) == share.units and sum(p.cents for p in parts) == share.cents
        assert 0 <= share.units <= line.quantity_per_month and 0 <= share.cents <= line.monthly_budget_cents


@given(terms, terms, periods(), st.data())
def test_a_revision_keeps_the_old_budget_before_the_day_and_gives_the_new_one_after(old, new, period, data):
    start, end = period
    effective = start + timedelta(days=data.draw(st.integers(0, (end - start).days)))
    revision = revise(old, start, end, new, effective, end)
    granted_before = budget_between([old], start, end)
    expected = budget_between([old], start, effective - timedelta(days=1)) + budget_between([new], effective, end)
    assert granted_before + sum(revision.grants.values()) - sum(revision.closings.values()) == expected
    assert all(c > 0 for c in revision.grants.values()) and all(c > 0 for c in revision.closings.values())
    assert all(limit >= 0 for limit in revision.unit_limits.values())


@given(st.integers(1, 50), st.integers(0, 20_000), st.integers(0, 20_000), st.data())
def test_credits_in_any_steps_give_back_exactly_what_was_charged(units, price, value, data):
    charge = split_charge(units, price, value)
    credited, given_back = 0, Charge(0, 0)
    while credited < units:
        step = data.draw(st.integers(1, units - credited))
        part = credit_for(charge, units, credited, step)
        assert part.to_budget_cents >= 0 and part.self_pay_cents >= 0
        given_back = Charge(given_back.to_budget_cents + part.to_budget_cents, given_back.self_pay_cents + part.self_pay_cents)
        credited += step
        assert given_back.to_budget_cents <= charge.to_budget_cents
    assert given_back == charge


@given(st.integers(1, 50), st.integers(0, 20_000), st.integers(0, 20_000))
def test_the_voucher_and_the_client_share_the_price_exactly(units, price, value):
    charge = split_charge(units, price, value)
    assert charge.total_cents == units * price
    assert charge.to_budget_cents <= units * value


entry_kinds = st.sampled_from(list(EntryKind))
months = st.sampled_from([date(2026, m, 1) for m in range(1, 13)])


@given(st.lists(st.tuples(entry_kinds, st.integers(1, 500_000), months), max_size=60))
def test_whatever_is_tried_what_is_left_is_granted_less_charged_plus_credited_and_never_negative(attempts):
    balance, accepted = Balance(), []
    for kind, amount, month in attempts:
        try:
            balance = balance.apply(kind, amount)
        except LedgerError:
            continue
        accepted.append(Entry(kind, amount, month))
        assert balance.left_cents == balance.granted_cents - balance.charged_cents + balance.credited_cents >= 0
        assert 0 <= balance.credited_cents <= balance.charged_cents
    position = position_of(accepted)
    assert position.balance == balance
    assert sum(m.granted_cents for m in position.months) == balance.granted_cents
    assert sum(m.charged_cents for m in position.months) == balance.charged_cents
    assert sum(m.credited_cents for m in position.months) == balance.credited_cents


coefficients = st.decimals(min_value=1, max_value=3, places=2)


@given(st.integers(1, 20_000), coefficients, coefficients, coefficients, st.integers(0, 40), st.integers(0, 10),
       st.integers(0, 10), st.integers(0, 10), st.booleans())
def test_the_value_per_unit_never_makes_the_months_quantity_cost_more_than_its_budget(
        price, evening, saturday, sunday, weekday_units, evening_units, saturday_units, sunday_units, travel):
    from portal.domain.budget import Band, PriceRules, calculate

    units = {Band.WEEKDAY: weekday_units, Band.EVENING: evening_units, Band.SATURDAY: saturday_units,
             Band.SUNDAY: sunday_units}
    assume(sum(units.values()) > 0)
    budget = calculate(PriceRules(price, evening, saturday, sunday, 250), units, travel)
    assert budget.value_per_unit_cents * budget.units <= budget.total_cents
    assert budget.total_cents - budget.value_per_unit_cents * budget.units < budget.units
