"""Races between processes on SQLite (the same scenarios run on PostgreSQL in test_postgresql)."""

from tests import concurrency


def check_overspend(url):
    state = concurrency.overspend(url)
    assert state["made"] == state["affordable"] and state["errors"] == 0, state
    assert state["remaining_cents"] == state["sum_of_entries"] >= 0, state


def check_month_limit(url):
    state = concurrency.month_limit(url)
    assert state["units_added"] == state["room"] and state["units_over"] == 0, state
    assert state["made"] == state["room"] // 2 and state["errors"] == 0, state
    assert state["stored_matches_recordings"], state


def check_corrections(url, rounds=3):
    state = concurrency.corrections(url, rounds)
    assert state["made"] == rounds and state["rounds_over"] == 0 and state["errors"] == 0, state


def check_settling_while_recording(url):
    state = concurrency.settle_while_recording(url)
    assert state["errors"] == 0, state
    # Recordings after the settlement are refused; the settlement is made in the race, or refused because a
    # recording came in between (and made after that recording's days to confirm).
    assert set(state["refusals"]) <= {"refused:month_settled", "refused:month_not_ended"}, state
    assert ("refused:month_not_ended" in state["refusals"]) != state["settled_in_race"], state
    assert state["paid_eur"] == state["rows_eur"], state
    assert state["euros_changed_after_paid"] == 0, state
    assert state["record_after_settling"] == "refused:month_settled", state


def check_disputes_and_confirmations(url):
    state = concurrency.disputes_and_confirmations(url)
    assert state["errors"] == 0 and state["check_ledger"] == [], state
    assert (state["disputes"], state["confirmed"]) in ((1, False), (0, True)), state  # one or the other, once


def test_recordings_at_the_same_moment_never_overspend_on_sqlite(database_url):
    check_overspend(database_url)


def test_recordings_at_the_same_moment_never_pass_the_months_quantity_on_sqlite(database_url):
    check_month_limit(database_url)


def test_corrections_at_the_same_moment_never_credit_more_than_was_charged_on_sqlite(database_url):
    check_corrections(database_url)


def test_settling_while_recording_keeps_the_paid_month_as_it_was_on_sqlite(database_url):
    check_settling_while_recording(database_url)


def test_disputes_and_confirmations_at_the_same_moment_on_sqlite(database_url):
    check_disputes_and_confirmations(database_url)
