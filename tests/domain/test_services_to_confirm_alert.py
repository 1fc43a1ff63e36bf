"""The month-end alert "services to confirm": due from the day after the month ends to the last day to confirm, one
event per client and month; the look's window finds exactly the services whose days to confirm are not over."""

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from portal.domain.alerts import AlertKind, services_month_of, services_to_confirm
from portal.domain.confirmations import confirm_by, still_to_confirm_from
from portal.domain.recording import MAX_DAYS_BACK

MARCH = date(2026, 3, 1)


def test_due_from_the_day_after_the_month_to_its_last_day_to_confirm():
    recorded_in_march = date(2026, 3, 20)
    assert services_to_confirm(7, MARCH, recorded_in_march, date(2026, 3, 31)) is None
    due = services_to_confirm(7, MARCH, recorded_in_march, date(2026, 4, 1))
    assert (due.kind, due.key, due.day) == (AlertKind.SERVICES_TO_CONFIRM, "services-to-confirm:7:2026-03",
                                            date(2026, 4, 14))
    assert services_to_confirm(7, MARCH, recorded_in_march, date(2026, 4, 14)) == due
    assert services_to_confirm(7, MARCH, recorded_in_march, date(2026, 4, 15)) is None


def test_a_month_recorded_late_is_due_until_fourteen_days_after_its_recording():
    due = services_to_confirm(7, MARCH, date(2026, 4, 10), date(2026, 4, 20))
    assert due is not None and due.day == date(2026, 4, 24)


def test_the_key_names_the_month_and_nothing_else_reads_as_one():
    assert services_month_of("services-to-confirm:7:2026-03") == MARCH
    for key in ("decision:7", "services-to-confirm:7:2026-13", "services-to-confirm:x:2026-03",
                "services-to-confirm:7", "services-to-confirm::2026-03", "services-to-confirm:٧:2026-03",
                "low:7:2026-03"):
        assert services_month_of(key) is None, key


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(0, MAX_DAYS_BACK), st.integers(0, 60))
@example(date(2026, 3, 31), 0, 14)  # the last day of a month recorded on time, and the day after it
@example(date(2026, 3, 31), 0, 15)
@example(date(2026, 3, 10), 30, 14)  # the last day of a late recording, and the day after it
@example(date(2026, 3, 10), 30, 15)
def test_the_looks_window_holds_exactly_the_services_still_to_confirm(service_date, late, days_after):
    recorded_on = service_date + timedelta(days=late)
    today = recorded_on + timedelta(days=days_after)
    open_months_from, recorded_since = still_to_confirm_from(today)
    in_window = service_date >= open_months_from or recorded_on >= recorded_since
    assert in_window == (today <= confirm_by(service_date, recorded_on))
    assert service_date >= recorded_since - timedelta(days=MAX_DAYS_BACK) or not in_window
