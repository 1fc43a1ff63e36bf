"""The county's reply to feedback: due 14 days after the day it was received in Finland, and the
moves its status may make."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.feedback import (
    REPLY_MAX_CHARS,
    FeedbackStatus,
    day_in_finland,
    days_left,
    days_to_reply,
    next_statuses,
    reply_due,
    reply_problem,
)

S = FeedbackStatus
TODAY = date(2026, 12, 7)


def test_the_reply_is_due_fourteen_days_after_the_day_received():
    assert reply_due(date(2026, 12, 1)) == date(2026, 12, 15)
    assert reply_due(date(2026, 12, 25)) == date(2027, 1, 8)


@pytest.mark.parametrize(("received", "left"), [
    (date(2026, 12, 7), 14), (date(2026, 12, 1), 8), (date(2026, 11, 23), 0), (date(2026, 11, 20), -3),
])
def test_days_left_count_down_to_zero_on_the_day_due_and_below_when_late(received, left):
    assert days_left(received, TODAY) == left


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=400))
def test_each_day_that_passes_takes_one_day_off(received, waited):
    today = received + timedelta(days=waited)
    assert days_left(received, today) == 14 - waited
    assert days_left(received, today + timedelta(days=1)) == days_left(received, today) - 1


def test_the_day_received_is_the_day_in_finland():
    assert day_in_finland(datetime(2026, 12, 6, 21, 59, tzinfo=UTC)) == date(2026, 12, 6)  # 23.59 in Helsinki
    assert day_in_finland(datetime(2026, 12, 6, 22, 0, tzinfo=UTC)) == date(2026, 12, 7)  # midnight in Helsinki
    assert day_in_finland(datetime(2026, 6, 6, 21, 0, tzinfo=UTC)) == date(2026, 6, 7)  # summer time: UTC+3
    assert day_in_finland(datetime(2026, 12, 6, 22, 0)) == date(2026, 12, 7)  # as SQLite gives it back: UTC


def test_answered_feedback_has_no_days_left():
    late_evening = datetime(2026, 11, 22, 23, 0, tzinfo=UTC)  # 23 November in Finland
    assert days_to_reply(late_evening, S.NEW, TODAY) == 0
    assert days_to_reply(late_evening, S.IN_PROGRESS, TODAY + timedelta(days=3)) == -3
    assert days_to_reply(late_evening, S.ANSWERED, TODAY) is None


def test_staff_may_take_new_feedback_in_hand_or_answer_it_and_nothing_follows_an_answer():
    assert next_statuses(S.NEW) == (S.IN_PROGRESS, S.ANSWERED)
    assert next_statuses(S.IN_PROGRESS) == (S.ANSWERED,)
    assert next_statuses(S.ANSWERED) == ()


def test_an_answer_needs_a_reply_of_a_bounded_length():
    assert reply_problem(S.ANSWERED, "") == "no_reply"
    assert reply_problem(S.ANSWERED, "  \n ") == "no_reply"
    assert reply_problem(S.ANSWERED, "Kiitos, korjaamme taulukon.") is None
    assert reply_problem(S.IN_PROGRESS, "") is None  # taking it in hand needs no reply yet
    assert reply_problem(S.ANSWERED, "x" * REPLY_MAX_CHARS) is None
    assert reply_problem(S.ANSWERED, "x" * (REPLY_MAX_CHARS + 1)) == "too_long"
    assert reply_problem(S.IN_PROGRESS, "x" * (REPLY_MAX_CHARS + 1)) == "too_long"
