"""The mandate rules on their own: who may hold one, how far it reaches, and until when it is valid."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.mandates import (
    MandateStatus,
    Scope,
    allows,
    expires_soon,
    holder_problem,
    is_valid,
    longest_validity,
    validity_problem,
)
from portal.domain.roles import Role

TODAY = date(2026, 12, 3)
AINO = 7


@pytest.mark.parametrize(("role", "own_client_id", "problem"), [
    (Role.RELATIVE, None, None),
    (Role.CLIENT, 8, None),  # another client may act for Aino
    (Role.CLIENT, AINO, "self"),  # but Aino cannot give one to herself
    (Role.CASE_MANAGER, None, "no_such_person"),  # staff act by their role, never by a mandate
    (Role.PROVIDER, None, "no_such_person"),
    (Role.ADMIN, None, "no_such_person"),
    (None, None, "no_such_person"),  # no account of that name: said the same way
])
def test_only_a_persons_own_account_may_hold_a_mandate(role, own_client_id, problem):
    assert holder_problem(role, own_client_id, AINO) == problem


def test_acting_includes_viewing_and_viewing_allows_nothing_more():
    assert allows(Scope.ACT, Scope.ACT) and allows(Scope.ACT, Scope.VIEW) and allows(Scope.VIEW, Scope.VIEW)
    assert not allows(Scope.VIEW, Scope.ACT)


@pytest.mark.parametrize(("status", "valid_until", "valid"), [
    (MandateStatus.ACTIVE, TODAY, True),  # valid through its last day
    (MandateStatus.ACTIVE, TODAY - timedelta(days=1), False),
    (MandateStatus.REQUESTED, TODAY + timedelta(days=30), False),  # not until the client confirms it
    (MandateStatus.DECLINED, TODAY + timedelta(days=30), False),
    (MandateStatus.REVOKED, TODAY + timedelta(days=30), False),
])
def test_a_mandate_is_valid_only_while_active_and_not_past_its_end(status, valid_until, valid):
    assert is_valid(status, valid_until, TODAY) is valid


def test_the_expiry_notice_comes_in_the_last_thirty_days():
    assert expires_soon(TODAY + timedelta(days=30), TODAY)
    assert not expires_soon(TODAY + timedelta(days=31), TODAY)
    assert not expires_soon(TODAY - timedelta(days=1), TODAY)


@pytest.mark.parametrize(("valid_until", "problem"), [
    (None, "no_date"),
    (TODAY, "not_future"),
    (TODAY + timedelta(days=1), None),
    (date(2036, 12, 3), None),
    (date(2036, 12, 4), "too_long"),
])
def test_a_mandate_ends_after_today_and_within_ten_years(valid_until, problem):
    assert validity_problem(valid_until, TODAY) == problem


def test_a_mandate_given_on_a_leap_day_may_run_ten_years_to_the_28th():
    """2038 has no 29 February: the longest mandate given on 29.2.2028 runs to 28.2.2038 (it used to raise)."""
    assert longest_validity(date(2028, 2, 29)) == date(2038, 2, 28)
    assert validity_problem(date(2038, 2, 28), date(2028, 2, 29)) is None
    assert validity_problem(date(2038, 3, 1), date(2028, 2, 29)) == "too_long"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)))
def test_the_longest_validity_is_ten_years_on_whatever_the_day(today):
    longest = longest_validity(today)
    assert longest.year == today.year + 10
    assert validity_problem(longest, today) is None
    assert validity_problem(longest + timedelta(days=1), today) == "too_long"
