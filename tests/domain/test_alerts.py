"""Each alert rule: when it fires, when it does not, and that its key makes it one event."""

from datetime import date, timedelta

import pytest

from portal.domain.alerts import (
    DELIVERY,
    MAX_ATTEMPTS,
    AlertKind,
    Channel,
    Delivery,
    LineState,
    after_failure,
    first_delivery,
    line_alerts,
    low_left,
    mandate_to_confirm,
    message_from_case_manager,
    period_alert,
    plan_proposed,
    provider_decided,
)
from portal.domain.forecast import DayUse, forecast

TODAY = date(2026, 3, 10)
END = date(2026, 6, 30)


def a_line(**changes) -> LineState:
    facts = dict(voucher_id=7, granted_cents=100_000, left_cents=60_000, period_end=END, line_start=date(2026, 1, 1),
                 has_provider=True, last_used_on=TODAY - timedelta(days=3), forecast=None)
    return LineState(**{**facts, **changes})


def kinds(due) -> list[AlertKind]:
    return [d.kind for d in due]


def test_a_line_with_enough_left_and_in_use_calls_for_nothing():
    assert line_alerts(a_line(), TODAY) == []


@pytest.mark.parametrize(("left", "fires"), [(19_999, True), (20_000, False), (0, True), (100_000, False)])
def test_little_left_means_under_a_fifth_of_the_grant(left, fires):
    assert (AlertKind.LOW_LEFT in kinds(line_alerts(a_line(left_cents=left), TODAY))) is fires


def test_nothing_granted_is_not_little_left():
    assert not low_left(0, 0)


def test_a_forecast_that_runs_out_before_the_end_fires_with_its_day():
    use = [DayUse(TODAY - timedelta(days=d), 2, 6_000) for d in range(56)]  # fast: 6 000 cents a day
    ahead = forecast(use, today=TODAY, line_start=date(2026, 1, 1), period_end=END, left_cents=60_000,
                     quantity_per_month=200)
    due = line_alerts(a_line(forecast=ahead), TODAY)
    assert kinds(due) == [AlertKind.RUNS_OUT_EARLY]
    assert due[0].day == ahead.runs_out_on == TODAY + timedelta(days=10)


def test_a_forecast_that_lasts_the_period_is_quiet():
    use = [DayUse(TODAY - timedelta(days=1), 1, 100)]
    ahead = forecast(use, today=TODAY, line_start=date(2026, 1, 1), period_end=END, left_cents=60_000,
                     quantity_per_month=20)
    assert ahead.lasts_the_period
    assert line_alerts(a_line(forecast=ahead), TODAY) == []


def test_little_left_says_more_than_running_out_so_only_it_is_sent():
    use = [DayUse(TODAY - timedelta(days=d), 2, 6_000) for d in range(56)]
    ahead = forecast(use, today=TODAY, line_start=date(2026, 1, 1), period_end=END, left_cents=10_000,
                     quantity_per_month=200)
    assert kinds(line_alerts(a_line(left_cents=10_000, forecast=ahead), TODAY)) == [AlertKind.LOW_LEFT]


@pytest.mark.parametrize(("days", "fires"), [(41, False), (42, True), (90, True)])
def test_unused_for_six_weeks(days, fires):
    due = line_alerts(a_line(last_used_on=TODAY - timedelta(days=days)), TODAY)
    assert (AlertKind.UNUSED in kinds(due)) is fires


def test_never_used_counts_from_the_vouchers_first_day():
    assert AlertKind.UNUSED in kinds(line_alerts(a_line(last_used_on=None, line_start=TODAY - timedelta(days=42)), TODAY))
    assert line_alerts(a_line(last_used_on=None, line_start=TODAY - timedelta(days=41)), TODAY) == []


def test_a_line_without_a_provider_is_not_unused_it_waits_for_a_choice():
    assert line_alerts(a_line(has_provider=False, last_used_on=None, line_start=date(2025, 1, 1)), TODAY) == []


def test_a_new_stretch_without_use_is_a_new_event_and_the_same_stretch_is_the_same():
    first = line_alerts(a_line(last_used_on=date(2026, 1, 10)), TODAY)
    next_day = line_alerts(a_line(last_used_on=date(2026, 1, 10)), TODAY + timedelta(days=1))
    later = line_alerts(a_line(last_used_on=date(2026, 2, 1)), date(2026, 3, 20))
    assert first[0].key == next_day[0].key != later[0].key


def test_the_same_low_balance_is_one_event_until_the_budget_is_granted_anew():
    today = line_alerts(a_line(left_cents=100), TODAY)[0].key
    tomorrow = line_alerts(a_line(left_cents=50), TODAY + timedelta(days=1))[0].key
    revised = line_alerts(a_line(left_cents=100, granted_cents=150_000), TODAY)[0].key
    assert today == tomorrow != revised


@pytest.mark.parametrize(("days_left", "fires"), [(31, False), (30, True), (0, True), (-1, False)])
def test_the_period_ending_within_thirty_days(days_left, fires):
    due = period_alert(3, TODAY + timedelta(days=days_left), TODAY)
    assert (due is not None) is fires
    if fires:
        assert due.kind is AlertKind.PERIOD_ENDING and due.day == TODAY + timedelta(days=days_left)


def test_events_are_keyed_by_what_happened():
    assert plan_proposed(5).key != plan_proposed(6).key
    assert provider_decided(5, True).kind is AlertKind.PROVIDER_ACCEPTED
    assert provider_decided(5, False).kind is AlertKind.PROVIDER_DECLINED
    assert provider_decided(5, True).key == provider_decided(5, False).key  # a choice is answered once
    assert mandate_to_confirm(5).key != message_from_case_manager(5).key


def test_only_email_and_letter_wait_for_delivery():
    assert first_delivery(Channel.PORTAL) is Delivery.NONE
    assert first_delivery(Channel.EMAIL) is first_delivery(Channel.LETTER) is Delivery.WAITING


def test_a_failed_send_is_tried_again_a_bounded_number_of_times():
    assert after_failure(1) is Delivery.WAITING
    assert after_failure(MAX_ATTEMPTS) is Delivery.FAILED


def test_a_sent_alert_is_never_sent_again():
    assert DELIVERY.final() >= {Delivery.SENT, Delivery.FAILED, Delivery.NONE}
    assert not DELIVERY.allows(Delivery.SENT, Delivery.CLAIMED)
    assert not DELIVERY.allows(Delivery.FAILED, Delivery.WAITING)
