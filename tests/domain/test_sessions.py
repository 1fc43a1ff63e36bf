"""When a session ends, and when a request renews it."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.sessions import RENEWAL_STEP, Ended, needs_renewal, why_ended

SIGNED_IN = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
IDLE, ABSOLUTE = timedelta(minutes=20), timedelta(hours=12)


def test_a_quiet_spell_longer_than_the_idle_limit_ends_the_session():
    assert why_ended(SIGNED_IN, SIGNED_IN, SIGNED_IN + IDLE, IDLE, ABSOLUTE) is None
    assert why_ended(SIGNED_IN, SIGNED_IN, SIGNED_IN + IDLE + timedelta(seconds=1), IDLE, ABSOLUTE) is Ended.IDLE


def test_a_working_day_ends_the_session_however_busy():
    now = SIGNED_IN + ABSOLUTE
    assert why_ended(SIGNED_IN, now, now, IDLE, ABSOLUTE) is Ended.ABSOLUTE


def test_a_request_renews_the_session_at_most_once_a_minute():
    assert not needs_renewal(SIGNED_IN, SIGNED_IN + timedelta(seconds=59), IDLE)
    assert needs_renewal(SIGNED_IN, SIGNED_IN + RENEWAL_STEP, IDLE)


def test_a_short_idle_limit_is_renewed_in_tenths_of_it():
    idle = timedelta(seconds=8)
    assert not needs_renewal(SIGNED_IN, SIGNED_IN + timedelta(seconds=0.7), idle)
    assert needs_renewal(SIGNED_IN, SIGNED_IN + timedelta(seconds=0.8), idle)


@given(st.lists(st.integers(min_value=0, max_value=25 * 60), min_size=1, max_size=30))
def test_the_end_the_page_is_told_is_exact_never_later_than_the_limit_and_at_most_a_minute_early(gaps):
    """Requests come after the gaps (seconds); each is told when the session ends unless more is done."""
    last_seen, now = SIGNED_IN, SIGNED_IN
    for gap in gaps:
        now += timedelta(seconds=gap)
        if why_ended(SIGNED_IN, last_seen, now, IDLE, ABSOLUTE) is not None:
            return
        if needs_renewal(last_seen, now, IDLE):
            last_seen = now
        told = last_seen + IDLE
        assert now + IDLE - RENEWAL_STEP < told <= now + IDLE
        assert why_ended(SIGNED_IN, last_seen, told, IDLE, ABSOLUTE) is None
        assert why_ended(SIGNED_IN, last_seen, told + timedelta(seconds=1), IDLE, ABSOLUTE) is Ended.IDLE
