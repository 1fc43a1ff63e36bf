from datetime import date, timedelta

import pytest

from portal.domain.plans import (
    Allowance,
    Change,
    LineTerms,
    allowances,
    budget_between,
    compare_lines,
    in_force_from,
    iso_month,
    line_problem,
    month_of_iso,
    monthly_budget,
    months_between,
    months_in_period,
    revise,
)

HOME_CARE = LineTerms("home_care", 20, 4500, 90000)
MORE_HOME_CARE = LineTerms("home_care", 25, 4995, 124875)
MEALS = LineTerms("meals", 30, 950, 28500)


def test_a_year_long_plan_has_twelve_months():
    assert months_in_period(date(2026, 6, 1), date(2027, 5, 31)) == 12
    assert months_in_period(date(2026, 12, 1), date(2026, 12, 31)) == 1


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        months_in_period(date(2026, 6, 1), date(2026, 5, 31))


def test_months_between_cross_the_new_year():
    assert months_between(date(2026, 11, 15), date(2027, 1, 2)) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]


def test_whole_months_get_the_whole_quantity_and_budget():
    shares = allowances(HOME_CARE, date(2026, 1, 1), date(2026, 12, 31))
    assert len(shares) == 12 and set(shares.values()) == {Allowance(20, 90000)}
    assert budget_between([HOME_CARE], date(2026, 1, 1), date(2026, 12, 31)) == 12 * 90000


def test_a_month_split_in_two_adds_up_to_the_whole():
    before = allowances(HOME_CARE, date(2026, 3, 1), date(2026, 3, 15))[date(2026, 3, 1)]
    after = allowances(HOME_CARE, date(2026, 3, 16), date(2026, 3, 31))[date(2026, 3, 1)]
    assert before + after == Allowance(20, 90000)
    assert before == Allowance(9, 43548)  # 15 of 31 days, rounded down


def test_a_plan_takes_effect_when_accepted_or_when_it_starts():
    assert in_force_from(date(2026, 3, 16), date(2026, 1, 1)) == date(2026, 3, 16)
    assert in_force_from(date(2025, 12, 20), date(2026, 1, 1)) == date(2026, 1, 1)


def test_a_plan_has_one_line_for_each_kind_of_service():
    assert line_problem(["home_care", "meals"], "meals") == "already_in_plan"
    assert line_problem(["home_care"], "meals") is None
    assert monthly_budget([HOME_CARE, MEALS]) == 118500


def test_a_revision_keeps_what_the_old_line_gave_and_budgets_the_new_one_from_that_day():
    start, end, effective = date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 16)
    revision = revise(HOME_CARE, start, end, MORE_HOME_CARE, effective, end)
    assert revision.unit_limits[date(2026, 2, 1)] == 20
    assert revision.unit_limits[date(2026, 3, 1)] == 9 + 13  # 20 for the first 15 days, 25 for the other 16
    assert revision.unit_limits[date(2026, 4, 1)] == 25
    old_rest = budget_between([HOME_CARE], effective, end)
    new_rest = budget_between([MORE_HOME_CARE], effective, end)
    assert sum(revision.grants.values()) - sum(revision.closings.values()) == new_rest - old_rest


def test_an_unchanged_line_changes_nothing():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    revision = revise(HOME_CARE, start, end, HOME_CARE, date(2026, 5, 20), end)
    assert revision.grants == revision.closings == {}
    assert set(revision.unit_limits.values()) == {20}


def test_a_removed_line_ends_the_day_before_and_a_new_one_starts_that_day():
    start, end, effective = date(2026, 1, 1), date(2026, 12, 31), date(2026, 7, 1)
    removed = revise(HOME_CARE, start, end, None, effective, None)
    assert removed.grants == {} and sum(removed.closings.values()) == 6 * 90000
    assert removed.unit_limits[date(2026, 6, 1)] == 20 and removed.unit_limits[date(2026, 7, 1)] == 0
    added = revise(None, None, None, MEALS, effective, end)
    assert sum(added.grants.values()) == 6 * 28500
    assert min(added.unit_limits) == effective


def test_a_new_plan_after_the_old_one_ended_leaves_the_old_one_alone():
    old_end = date(2026, 5, 31)
    revision = revise(HOME_CARE, date(2025, 6, 1), old_end, None, old_end + timedelta(days=1), None)
    assert revision.grants == revision.closings == {}


def test_lines_are_compared_kind_by_kind():
    changes = compare_lines([HOME_CARE, MEALS, LineTerms("transport", 4, 2500, 10000)],
                            [MORE_HOME_CARE, MEALS, LineTerms("home_help", 8, 3600, 28800)])
    assert [(c.service, c.change) for c in changes] == [
        ("home_care", Change.CHANGED), ("meals", Change.KEPT), ("home_help", Change.ADDED), ("transport", Change.REMOVED)]


def test_a_month_is_written_and_read_as_iso_8601_does():
    assert iso_month(date(2026, 3, 17)) == "2026-03"
    assert month_of_iso("2026-03") == date(2026, 3, 1)
    for unreadable in (None, "", "2026-13", "2026-3", "2026-03-01", "march", "٢٠٢٦-٠٣"):
        assert month_of_iso(unreadable) is None
