from datetime import date

import pytest

from portal.domain.recording import recording_problem

TODAY = date(2026, 11, 22)
START, END = date(2026, 6, 1), date(2027, 5, 31)


@pytest.mark.parametrize(
    ("service_date", "units", "problem"),
    [
        (date(2026, 11, 20), 2, None),
        (TODAY, 1, None),
        (date(2026, 9, 23), 1, None),  # 60 days back
        (date(2026, 9, 22), 1, "too_old"),
        (date(2026, 11, 23), 1, "future"),
        (None, 1, "no_date"),
        (date(2026, 11, 20), 0, "no_units"),
        (date(2026, 11, 20), None, "no_units"),
    ],
)
def test_what_can_be_recorded(service_date, units, problem):
    assert recording_problem(service_date, units, TODAY, START, END) == problem


def test_a_date_outside_the_vouchers_period_is_refused():
    assert recording_problem(date(2026, 11, 20), 1, TODAY, date(2026, 12, 1), END) == "outside_period"
