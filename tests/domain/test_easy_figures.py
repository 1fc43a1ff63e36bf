"""What the easy-language pages say of issue 16, decided in the domain: the ended months whose services still wait
for the client's confirmation (with the first last day, as the month's page says it), and staff continuity said as
"8 times out of 10"."""

from datetime import date

import pytest

from portal.domain.confirmations import MonthToConfirm, confirm_by, months_to_confirm
from portal.domain.quality import visits_of_ten

TODAY = date(2026, 12, 7)


def test_only_ended_months_whose_days_to_confirm_last_are_told():
    unanswered = [
        (date(2026, 12, 2), date(2026, 12, 3)),  # this month: still running, not told
        (date(2026, 11, 30), date(2026, 12, 1)),  # last month, recorded late: until 15 December
        (date(2026, 11, 3), date(2026, 11, 4)),  # last month: until 14 December, the first last day
        (date(2026, 10, 20), date(2026, 10, 21)),  # October, recorded in time: over on 14 November
        (date(2026, 10, 5), date(2026, 11, 30)),  # October, recorded late: until 14 December
    ]
    assert months_to_confirm(unanswered, TODAY) == [
        MonthToConfirm(date(2026, 10, 1), 1, date(2026, 12, 14)),
        MonthToConfirm(date(2026, 11, 1), 2, date(2026, 12, 14)),
    ]


def test_the_last_day_is_still_a_day_to_confirm_and_the_next_is_not():
    service = (date(2026, 11, 3), date(2026, 11, 4))
    last_day = confirm_by(*service)
    assert months_to_confirm([service], last_day) == [MonthToConfirm(date(2026, 11, 1), 1, last_day)]
    assert months_to_confirm([service], date.fromordinal(last_day.toordinal() + 1)) == []
    assert months_to_confirm([service], date(2026, 11, 30)) == []  # the month's last day: not ended yet
    assert months_to_confirm([], TODAY) == []


@pytest.mark.parametrize("percent, visits", [
    (0, 0), (1, 1), (4, 1), (15, 2), (62, 6), (65, 7), (83, 8), (95, 9), (99, 9), (100, 10),
])
def test_continuity_is_said_of_ten_visits_never_all_or_none_unless_true(percent, visits):
    assert visits_of_ten(percent) == visits
