"""Rating a provider: only after an accepted agreement ran a month (at month ends too), and an average shown only
from five ratings on."""

from datetime import date
from decimal import Decimal

import pytest

from portal.domain.agreements import AgreementStatus, first_day_to_rate, ran_long_enough_to_rate, rating_opens_on
from portal.domain.providers import Offer, Rating, SortOrder, answer_problem, sort_offers
from portal.domain.quality import MIN_RATINGS_FOR_AVERAGE


def test_an_average_is_shown_from_five_ratings_and_never_from_four():
    assert MIN_RATINGS_FOR_AVERAGE == 5
    assert Rating(total=20, count=4).average is None
    assert Rating(total=21, count=5).average == Decimal("4.2")
    assert Rating(total=0, count=0).average is None


def test_sorting_by_rating_puts_those_without_a_shown_average_last():
    offers = [Offer(1, "Few but perfect", 4500, 4500, 10, Rating(20, 4)),
              Offer(2, "Many, good", 4500, 4500, 10, Rating(20, 5)),
              Offer(3, "None", 4500, 4500, 10, Rating()),
              Offer(4, "Many, better", 4500, 4500, 10, Rating(27, 6))]
    assert [o.provider_id for o in sort_offers(offers, SortOrder.RATING)] == [4, 2, 1, 3]


@pytest.mark.parametrize(("starts_on", "opens_on"), [
    (date(2026, 3, 15), date(2026, 4, 15)),
    (date(2026, 1, 31), date(2026, 2, 28)),  # February has no 31st: its last day
    (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 12, 31), date(2027, 1, 31)),  # over the year's end
])
def test_a_rating_opens_a_month_after_the_agreement_starts_at_month_ends_too(starts_on, opens_on):
    assert rating_opens_on(starts_on, None) == opens_on
    assert ran_long_enough_to_rate(starts_on, None, opens_on)
    assert not ran_long_enough_to_rate(starts_on, None, date.fromordinal(opens_on.toordinal() - 1))


def test_an_agreement_that_ended_before_a_month_never_opens_a_rating():
    assert rating_opens_on(date(2026, 1, 31), date(2026, 2, 27)) is None
    assert rating_opens_on(date(2026, 1, 31), date(2026, 2, 28)) == date(2026, 2, 28)
    assert not ran_long_enough_to_rate(date(2026, 1, 31), date(2026, 2, 27), date(2026, 12, 1))
    assert ran_long_enough_to_rate(date(2026, 1, 31), date(2026, 2, 28), date(2026, 12, 1))


def test_only_an_accepted_agreement_opens_a_rating_and_the_earliest_counts():
    accepted, proposed = AgreementStatus.ACCEPTED, AgreementStatus.PROPOSED
    assert first_day_to_rate([]) is None
    assert first_day_to_rate([(proposed, date(2026, 1, 1), None)]) is None
    assert first_day_to_rate([(accepted, date(2026, 5, 1), None), (accepted, date(2026, 1, 10), date(2026, 1, 20)),
                              (accepted, date(2026, 3, 1), None)]) == date(2026, 4, 1)


@pytest.mark.parametrize(("text", "problem"), [("", "empty"), ("   ", "empty"), ("Kiitos", None),
                                                ("x" * 1000, None), ("x" * 1001, "too_long")])
def test_an_answer_says_something_and_not_too_much(text, problem):
    assert answer_problem(text) == problem
