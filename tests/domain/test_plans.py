from datetime import date

import pytest

from portal.domain.plans import MonthUse, ServiceLineTerms, months_between, months_in_period


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


def test_budget_per_month_and_per_period():
    terms = ServiceLineTerms(quantity_per_month=20, voucher_value_cents=4500)
    assert terms.monthly_budget_cents == 90000
    assert terms.period_budget_cents(date(2026, 6, 1), date(2027, 5, 31)) == 1_080_000


def test_what_is_left_of_a_line_this_month():
    use = MonthUse(ServiceLineTerms(20, 4500), units_used=8, charged_cents=36000)
    assert use.units_left == 12
    assert use.money_left_cents == 54000


def test_a_cheaper_provider_leaves_more_money_than_hours():
    use = MonthUse(ServiceLineTerms(20, 4500), units_used=20, charged_cents=20 * 4000)
    assert use.units_left == 0
    assert use.money_left_cents == 10000


def test_nothing_left_is_never_negative():
    use = MonthUse(ServiceLineTerms(4, 2500), units_used=5, charged_cents=12500)
    assert use.units_left == 0
    assert use.money_left_cents == 0
