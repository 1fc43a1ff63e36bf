"""See ahead: a line's pace over the last eight weeks and the day its budget runs out."""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.forecast import DAYS_PER_MONTH, WINDOW_DAYS, DayUse, forecast, window_start

TODAY = date(2026, 2, 1)
PERIOD_END = date(2026, 6, 30)
PRICE = 5_000  # cents a unit


def weekly(units: int, weeks: int, last: date = TODAY) -> list[DayUse]:
    """The same use once a week, the last time on `last`."""
    return [DayUse(last - timedelta(weeks=week), units, units * PRICE) for week in range(weeks)]


def ahead(use, left_cents, quantity=25, today=TODAY, line_start=date(2025, 7, 1)):
    return forecast(use, today=today, line_start=line_start, period_end=PERIOD_END, left_cents=left_cents,
                    quantity_per_month=quantity)


def test_a_steady_pace_runs_out_after_what_is_left_divided_by_the_pace():
    use = weekly(3, 8) + [DayUse(TODAY - timedelta(days=3), 2, 2 * PRICE)]  # 26 hours in 56 days
    result = ahead(use, left_cents=100_000)
    assert result.units_per_month == 14  # 26 / 56 × 30.44 = 14.1
    # 26 × €50 in 56 days is €23.21 a day: €1 000 lasts 43 whole days
    assert result.runs_out_on == TODAY + timedelta(days=43)
    assert not result.lasts_the_period and result.quantity_per_month == 25 and result.period_end == PERIOD_END


def test_what_corrections_credited_back_does_not_count():
    use = weekly(3, 8) + [DayUse(TODAY - timedelta(days=3), 2, 4 * PRICE, 2 * PRICE)]  # two of four hours credited
    assert ahead(use, left_cents=100_000) == ahead(weekly(3, 8) + [DayUse(TODAY - timedelta(days=3), 2, 2 * PRICE)],
                                                   left_cents=100_000)


def test_enough_left_lasts_the_whole_plan_period():
    result = ahead(weekly(3, 8), left_cents=10_000_000)
    assert result.lasts_the_period and result.runs_out_on is None


def test_nothing_left_runs_out_today():
    assert ahead(weekly(3, 8), left_cents=0).runs_out_on == TODAY


def test_a_rising_pace_counts_the_recent_weeks_and_forgets_the_older_ones():
    quiet = weekly(1, 20, last=TODAY - timedelta(weeks=4))  # one hour a week, long before
    busy = weekly(5, 4)  # then five hours a week for the last four weeks
    now = ahead(quiet + busy, left_cents=200_000)
    week_later = ahead(quiet + busy + weekly(5, 1, last=TODAY + timedelta(weeks=1)), left_cents=200_000,
                       today=TODAY + timedelta(weeks=1))
    assert now.units_per_month == 13  # (4 × 1 + 4 × 5) / 56 × 30.44
    assert week_later.units_per_month == 15  # (3 × 1 + 5 × 5) / 56 × 30.44: the window moved
    assert week_later.runs_out_on < now.runs_out_on + timedelta(weeks=1)


def test_no_use_yet_gives_no_forecast():
    assert ahead([], left_cents=100_000) is None
    assert ahead(weekly(3, 4, last=TODAY - timedelta(weeks=9)), left_cents=100_000) is None  # all before the window
    assert ahead([DayUse(TODAY + timedelta(days=1), 3, 3 * PRICE)], left_cents=100_000) is None  # not yet delivered


def test_a_line_of_a_plan_just_revised_keeps_the_vouchers_history():
    voucher_began = date(2026, 1, 1)  # the revised plan's line continues this voucher
    use = [DayUse(date(2026, 1, 5), 10, 10 * PRICE), DayUse(date(2026, 1, 30), 6, 6 * PRICE)]
    result = ahead(use, left_cents=100_000, line_start=voucher_began)
    assert window_start(TODAY, voucher_began) == voucher_began
    assert result.units_per_month == round(Fraction(16, 32) * DAYS_PER_MONTH)  # 16 hours in 32 days: 15
    assert result.runs_out_on == TODAY + timedelta(days=40)  # €800 in 32 days is €25 a day


def test_a_line_with_a_monthly_limit_cannot_go_faster_than_its_quantity():
    use = weekly(10, 8)  # 80 hours in 56 days, 43 a month at that pace
    result = ahead(use, left_cents=300_000, quantity=20)
    assert result.units_per_month == 20
    # 20 hours a month at €50 is €1 000 a month: €3 000 lasts three months' days
    assert result.runs_out_on == TODAY + timedelta(days=int(3 * DAYS_PER_MONTH))


days_back = st.integers(0, WINDOW_DAYS + 30)
uses = st.lists(st.tuples(days_back, st.integers(1, 12)), max_size=20)
lefts, quantities = st.integers(0, 5_000_000), st.integers(1, 200)


def _use(pairs, price):
    return [DayUse(TODAY - timedelta(days=back), units, units * price) for back, units in pairs]


@given(uses, st.integers(0, 20_000), lefts, quantities)
def test_the_run_out_day_is_never_before_today_nor_reported_when_what_is_left_lasts(pairs, price, left_cents, quantity):
    use = _use(pairs, price)
    result = ahead(use, left_cents, quantity)
    if result is None:
        return
    assert result.runs_out_on is None or TODAY <= result.runs_out_on < PERIOD_END
    counted = [u for u in use if u.day >= window_start(TODAY, date(2025, 7, 1))]
    uncapped_per_day = Fraction(sum(u.used_cents for u in counted), WINDOW_DAYS)
    if left_cents >= uncapped_per_day * (PERIOD_END - TODAY).days:
        assert result.lasts_the_period


@given(uses, uses, st.integers(0, 20_000), lefts, quantities)
def test_more_use_never_makes_the_run_out_day_later(pairs, more, price, left_cents, quantity):
    def run_out(use):
        result = ahead(use, left_cents, quantity)
        return date.max if result is None or result.runs_out_on is None else result.runs_out_on

    assert run_out(_use(pairs + more, price)) <= run_out(_use(pairs, price))
