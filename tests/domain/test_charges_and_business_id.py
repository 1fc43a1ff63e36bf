import pytest

from portal.domain.business_id import check_digit, is_valid
from portal.domain.charges import split_charge


def test_a_price_below_the_voucher_value_is_all_charged_to_the_budget():
    charge = split_charge(units=3, unit_price_cents=4000, voucher_value_cents=4500)
    assert (charge.to_budget_cents, charge.self_pay_cents) == (12000, 0)


def test_a_price_at_the_voucher_value_costs_the_client_nothing():
    charge = split_charge(units=2, unit_price_cents=4500, voucher_value_cents=4500)
    assert (charge.to_budget_cents, charge.self_pay_cents) == (9000, 0)


def test_the_client_pays_what_is_above_the_voucher_value():
    charge = split_charge(units=3, unit_price_cents=4999, voucher_value_cents=4500)
    assert (charge.to_budget_cents, charge.self_pay_cents) == (13500, 1497)
    assert charge.total_cents == 3 * 4999


def test_a_service_event_has_units():
    with pytest.raises(ValueError):
        split_charge(units=0, unit_price_cents=4500, voucher_value_cents=4500)


@pytest.mark.parametrize("business_id", ["0112038-9", "2617416-4", "1572860-0"])
def test_real_business_ids_are_valid(business_id):
    assert is_valid(business_id)


@pytest.mark.parametrize("business_id", ["0112038-8", "01120389", "112038-9", "abcdefg-1", ""])
def test_wrong_business_ids_are_refused(business_id):
    assert not is_valid(business_id)


def test_a_remainder_of_one_gives_no_valid_id():
    digits = next(f"{n:07d}" for n in range(1_000_000, 1_000_100) if
                  sum(int(d) * w for d, w in zip(f"{n:07d}", (7, 9, 10, 5, 8, 4, 2))) % 11 == 1)
    assert check_digit(digits) is None
