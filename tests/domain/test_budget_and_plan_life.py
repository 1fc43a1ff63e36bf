from datetime import date
from decimal import Decimal

import pytest

from portal.domain.budget import Band, BudgetError, PriceRules, calculate
from portal.domain.plans import PlanError, PlanStatus, check_transition, period_problem, use_is_unusual

HOME_CARE = PriceRules(4500, evening=Decimal("1.15"), saturday=Decimal("1.2"), sunday=Decimal("2"), travel_supplement_cents=250)
MEALS = PriceRules(950)


def test_weekday_units_are_units_times_the_reference_price():
    budget = calculate(HOME_CARE, {Band.WEEKDAY: 20}, far_from_centre=False)
    assert budget.total_cents == 90000
    assert budget.value_per_unit_cents == 4500


def test_coefficients_raise_evenings_saturdays_and_sundays():
    budget = calculate(HOME_CARE, {Band.WEEKDAY: 14, Band.EVENING: 4, Band.SATURDAY: 1, Band.SUNDAY: 1}, False)
    assert [(p.band, p.amount_cents) for p in budget.parts] == [
        (Band.WEEKDAY, 63000), (Band.EVENING, 20700), (Band.SATURDAY, 5400), (Band.SUNDAY, 9000)
    ]
    assert budget.total_cents == 98100
    assert budget.units == 20
    assert budget.value_per_unit_cents == 4905


def test_the_travel_supplement_is_per_unit_for_clients_far_from_the_centre():
    near = calculate(HOME_CARE, {Band.WEEKDAY: 10}, far_from_centre=False)
    far = calculate(HOME_CARE, {Band.WEEKDAY: 10}, far_from_centre=True)
    assert far.total_cents - near.total_cents == 10 * 250
    assert far.travel_units == 10


def test_each_part_is_rounded_half_up_to_the_cent():
    rules = PriceRules(3333, evening=Decimal("1.15"))
    budget = calculate(rules, {Band.EVENING: 1}, False)
    assert budget.parts[0].amount_cents == 3833  # 38.3295 → 38.33
    budget = calculate(PriceRules(1001, evening=Decimal("1.15")), {Band.EVENING: 3}, False)
    assert budget.total_cents == 3453  # 34.5345 → 34.53
    assert calculate(PriceRules(1000), {Band.WEEKDAY: 3}, False).value_per_unit_cents == 1000
    assert calculate(PriceRules(1001, evening=Decimal("1.15")), {Band.WEEKDAY: 1, Band.EVENING: 2}, False).value_per_unit_cents == 1101


@pytest.mark.parametrize(
    ("units", "code"),
    [({}, "no_units"), ({Band.WEEKDAY: -1}, "negative"), ({Band.EVENING: 2}, "no_evening"), ({Band.SUNDAY: 1}, "no_sunday")],
)
def test_quantities_that_make_no_budget(units, code):
    with pytest.raises(BudgetError, match=code):
        calculate(MEALS, units, False)


@pytest.mark.parametrize(
    ("current", "new"),
    [("draft", PlanStatus.PROPOSED), ("proposed", PlanStatus.ACCEPTED), ("proposed", PlanStatus.DRAFT),
     ("accepted", PlanStatus.SUPERSEDED)],
)
def test_the_plan_life_cycle(current, new):
    check_transition(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [("draft", PlanStatus.ACCEPTED), ("accepted", PlanStatus.ACCEPTED), ("accepted", PlanStatus.DRAFT),
     ("superseded", PlanStatus.ACCEPTED), ("draft", PlanStatus.SUPERSEDED), ("superseded", PlanStatus.PROPOSED)],
)
def test_illegal_transitions_are_refused(current, new):
    with pytest.raises(PlanError):
        check_transition(current, new)


def test_a_plans_dates_must_fit_together():
    assert period_problem(date(2027, 1, 1), date(2027, 12, 31), date(2027, 6, 1)) is None
    assert period_problem(date(2027, 1, 1), date(2026, 12, 31), date(2027, 6, 1)) == "end_before_start"
    assert period_problem(date(2027, 1, 1), date(2027, 12, 31), date(2028, 6, 1)) == "review_outside"
    assert period_problem(None, date(2027, 12, 31), date(2027, 6, 1)) == "missing"


def test_budgets_used_much_less_or_more_than_planned_by_now():
    assert use_is_unusual(used_cents=10000, granted_cents=120000, months_gone=6, months=12, low_percent=60, high_percent=120) == "low"
    assert use_is_unusual(used_cents=80000, granted_cents=120000, months_gone=6, months=12, low_percent=60, high_percent=120) == "high"
    assert use_is_unusual(used_cents=60000, granted_cents=120000, months_gone=6, months=12, low_percent=60, high_percent=120) is None
    assert use_is_unusual(used_cents=0, granted_cents=120000, months_gone=0, months=12, low_percent=60, high_percent=120) is None
