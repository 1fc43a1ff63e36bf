"""The client's days to confirm recorded services, auto-confirmation on a day the test chooses, disputes,
and when a month can be settled."""

from datetime import date

import pytest

from portal.domain.confirmations import (
    Confirmation,
    confirm_by,
    confirmation_of,
    dispute_problem,
    held_by_dispute,
    not_answered,
    resolution_problem,
)
from portal.domain.settlement import Confirmed, can_settle, payable_cents, settles_from


@pytest.mark.parametrize(("service", "recorded", "last_day"), [
    (date(2026, 1, 5), date(2026, 1, 5), date(2026, 2, 14)),  # 14 days after the month's end
    (date(2026, 2, 10), date(2026, 2, 11), date(2026, 3, 14)),  # February of 28 days
    (date(2028, 2, 10), date(2028, 2, 11), date(2028, 3, 14)),  # a leap year's February
    (date(2026, 12, 31), date(2026, 12, 31), date(2027, 1, 14)),  # over the year's end
    (date(2026, 1, 20), date(2026, 2, 20), date(2026, 3, 6)),  # recorded late: 14 days after the recording
])
def test_the_last_day_to_confirm_is_14_days_after_the_month_or_the_recording(service, recorded, last_day):
    assert confirm_by(service, recorded) == last_day


def test_a_service_nobody_answered_counts_as_confirmed_after_its_last_day():
    service, recorded = date(2026, 1, 5), date(2026, 1, 6)
    on = lambda today: confirmation_of(service, recorded, False, False, False, today)  # noqa: E731
    assert on(date(2026, 2, 14)) is Confirmation.TO_CONFIRM
    assert on(date(2026, 2, 15)) is Confirmation.AUTO_CONFIRMED
    assert confirmation_of(service, recorded, True, False, False, date(2026, 1, 7)) is Confirmation.CONFIRMED
    assert confirmation_of(service, recorded, False, True, False, date(2026, 9, 1)) is Confirmation.DISPUTED
    assert confirmation_of(service, recorded, False, True, True, date(2026, 9, 1)) is Confirmation.RESOLVED


@pytest.mark.parametrize(("state", "reason", "note", "problem"), [
    (Confirmation.TO_CONFIRM, "not_delivered", "", None),
    (Confirmation.TO_CONFIRM, "other", "They came an hour late", None),
    (Confirmation.TO_CONFIRM, "other", "  ", "no_note"),
    (Confirmation.TO_CONFIRM, "nonsense", "", "no_reason"),
    (Confirmation.TO_CONFIRM, "wrong_units", "x" * 2001, "too_long"),
    (Confirmation.CONFIRMED, "not_delivered", "", "confirmed"),
    (Confirmation.AUTO_CONFIRMED, "not_delivered", "", "too_late"),
    (Confirmation.DISPUTED, "not_delivered", "", "already_disputed"),
    (Confirmation.RESOLVED, "not_delivered", "", "already_disputed"),
])
def test_only_a_service_waiting_for_confirmation_can_be_disputed_with_a_reason(state, reason, note, problem):
    assert dispute_problem(state, reason, note) == problem


def test_a_month_settles_only_after_its_every_service_is_past_the_days_to_confirm():
    january = date(2026, 1, 1)
    assert settles_from(january, None) == date(2026, 2, 15)
    assert settles_from(january, date(2026, 1, 20)) == date(2026, 2, 15)
    assert settles_from(january, date(2026, 2, 10)) == date(2026, 2, 25)  # recorded late
    assert not can_settle(january, date(2026, 1, 31))  # not ended
    assert not can_settle(january, date(2026, 2, 14))
    assert can_settle(january, date(2026, 2, 15))
    assert not can_settle(january, date(2026, 2, 20), date(2026, 2, 10))
    assert can_settle(january, date(2026, 2, 25), date(2026, 2, 10))


def test_what_is_paid_leaves_out_what_disputes_hold_and_adds_what_they_release():
    assert held_by_dispute(9000, 4500) == 4500
    assert payable_cents(10_000, 1000, 4500, 0) == 4500
    assert payable_cents(10_000, 1000, 0, 4500) == 13_500
    month = Confirmed(events=10, confirmed_events=4, held_events=1, held_cents=4500, resolved_events=2)
    assert month.unanswered_events == not_answered(10, 4, 1, 2) == 3


@pytest.mark.parametrize(("resolution", "units", "left", "problem"), [
    ("stands", None, 2, None), ("credited", 2, 2, None), ("credited", 3, 2, "no_units"),
    ("credited", None, 2, "no_units"), ("credited", 0, 2, "no_units"), ("corrected", 1, 2, "no_resolution"),
])
def test_the_case_manager_resolves_by_letting_it_stand_or_crediting_units_there_are(resolution, units, left, problem):
    assert resolution_problem(resolution, units, left) == problem
