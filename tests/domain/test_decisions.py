"""What a decision on the vouchers says, as plain data: its number, the vouchers it ends, and its snapshot in JSON."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.alerts import AlertKind, decision_made, decision_of
from portal.domain.decisions import (
    LEGAL_BASIS,
    REVIEW_DAYS,
    DecidedFor,
    DecisionContent,
    DecisionMaker,
    EndedVoucher,
    GrantedVoucher,
    Replaced,
    ReviewTo,
    decision_number,
    ended_vouchers,
    from_json,
    to_json,
)

START, END = date(2026, 3, 1), date(2027, 2, 28)


def a_voucher(service: str = "home_care", valid_from: date = START, valid_to: date = END) -> GrantedVoucher:
    return GrantedVoucher(service, "hour", 4500, 20, 90000, valid_from, valid_to)


def a_decision(vouchers=(a_voucher(),), valid_from: date = START, replaces: Replaced | None = None,
               ended=(), language: str = "fi") -> DecisionContent:
    return DecisionContent(
        number="PB-2026-000012", decided_on=valid_from - timedelta(days=3), language=language,
        county_name="Pohjanmaan hyvinvointialue",
        decision_maker=DecisionMaker("Maria Lindqvist", "040 555 0101", "maria@example.fi"),
        client=DecidedFor("Aino Virtanen", "A0000001"), plan_version=2, valid_from=valid_from, valid_to=END,
        vouchers=tuple(vouchers), ended=tuple(ended),
        review=ReviewTo("Yksilöasioiden jaosto", "PL 1000\n65101 VAASA", "kirjaamo@example.fi", "06 555 0200"),
        replaces=replaces)


def test_a_decision_number_comes_from_the_plan_and_the_year():
    assert decision_number(123, date(2026, 5, 4)) == "PB-2026-000123"
    assert decision_number(1234567, date(2027, 1, 1)) == "PB-2027-1234567"
    assert len(decision_number(10**9, date(2026, 1, 1))) <= 20  # the column's width
    with pytest.raises(ValueError):
        decision_number(0, date(2026, 1, 1))


@given(st.integers(min_value=1, max_value=10**9), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_decision_number_names_its_plan_so_no_two_plans_share_one(plan_id, day):
    prefix, year, plan = decision_number(plan_id, day).split("-")
    assert (prefix, int(year), int(plan)) == ("PB", day.year, plan_id)


def test_a_decision_grounds_itself_on_the_acts_and_gives_thirty_days_for_a_review():
    decision = a_decision()
    assert decision.legal_basis == LEGAL_BASIS == ("569/2009", "1301/2014")
    assert decision.review_days == REVIEW_DAYS == 30


def test_the_vouchers_a_revision_drops_end_the_day_before_it_takes_effect():
    earlier = a_decision([a_voucher("home_care"), a_voucher("meals"),
                          a_voucher("transport", valid_to=date(2026, 4, 30))])
    revised_from = date(2026, 6, 15)
    ended = ended_vouchers(earlier, [a_voucher("home_care", revised_from)], revised_from)
    # meals are dropped and end the day before; transport had ended by itself before; home care continues
    assert ended == (EndedVoucher("meals", date(2026, 6, 14)),)
    assert ended_vouchers(None, [a_voucher()], revised_from) == ()


def test_a_decision_taking_effect_mid_month_says_so():
    assert not a_decision(valid_from=date(2026, 3, 1)).starts_mid_month
    assert a_decision(valid_from=date(2026, 3, 12)).starts_mid_month


content = st.builds(
    a_decision,
    vouchers=st.lists(st.builds(a_voucher, st.sampled_from(["home_care", "meals", "transport"]),
                                st.dates(min_value=START, max_value=END)), min_size=1, max_size=4),
    valid_from=st.dates(min_value=START, max_value=END),
    replaces=st.none() | st.builds(Replaced, st.text(min_size=1, max_size=20), st.dates()),
    ended=st.lists(st.builds(EndedVoucher, st.just("meals"), st.dates()), max_size=2),
    language=st.sampled_from(["fi", "sv", "en"]),
)


@given(content)
def test_a_decision_reads_back_from_its_snapshot_exactly_as_it_was_written(decision):
    stored = to_json(decision)
    assert from_json(stored) == decision
    assert to_json(from_json(stored)) == stored


def test_a_snapshot_of_an_unknown_format_is_refused():
    stored = to_json(a_decision()).replace('"format": 1', '"format": 99')
    with pytest.raises(ValueError):
        from_json(stored)


def test_a_decisions_alert_names_the_decision_its_letter_prints():
    due = decision_made(42, date(2026, 3, 1))
    assert (due.kind, due.day) == (AlertKind.DECISION_MADE, date(2026, 3, 1))
    assert decision_of(due.key) == 42
    assert decision_of("message:42") is None
    assert decision_of("decision:") is None
    assert decision_of("decision:١٢") is None  # digits of another script are not an id
