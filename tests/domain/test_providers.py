from decimal import Decimal

import pytest

from portal.domain.charges import own_share_per_unit, split_charge, voucher_covers_per_unit
from portal.domain.providers import (
    Chooser,
    Offer,
    Rating,
    SortOrder,
    chooser_of,
    name_key,
    sort_offers,
    valid_score,
)


def own_share_per_month(price: int, value: int, quantity: int) -> int:
    return split_charge(quantity, price, value).self_pay_cents


def test_below_the_voucher_value_there_is_no_own_share():
    assert own_share_per_unit(4000, 4500) == 0
    assert own_share_per_month(4000, 4500, 20) == 0
    assert voucher_covers_per_unit(4000, 4500) == 4000


def test_at_the_voucher_value_there_is_no_own_share():
    assert own_share_per_unit(4500, 4500) == 0
    assert voucher_covers_per_unit(4500, 4500) == 4500


def test_above_the_voucher_value_the_client_pays_the_difference_to_the_cent():
    assert own_share_per_unit(4751, 4500) == 251
    assert own_share_per_month(4751, 4500, 20) == 5020
    assert own_share_per_month(999, 950, 30) == 1470
    assert voucher_covers_per_unit(4751, 4500) == 4500


def test_an_average_rating_is_rounded_to_one_decimal():
    assert Rating(total=22, count=6).average == Decimal("3.7")
    assert Rating(total=27, count=6).average == Decimal("4.5")
    assert Rating().average is None


@pytest.mark.parametrize(("score", "valid"), [(1, True), (5, True), (0, False), (6, False), (True, False), ("3", False)])
def test_a_score_is_a_whole_number_from_one_to_five(score, valid):
    assert valid_score(score) is valid


def _offer(provider_id, name, price, total=0, count=0):
    return Offer(provider_id, name, price, 4500, 20, Rating(total, count))


OFFERS = [
    _offer(1, "Östra Hemvård", 5000, total=27, count=6),  # own share 5,00, rating 4.5
    _offer(2, "Aurinko", 4500, total=15, count=5),        # no own share, rating 3.0
    _offer(3, "Apu Oy", 4200),                            # no own share, cheaper, no rating
    _offer(4, "Ängsbacka", 4800, total=45, count=10),     # own share 3,00, rating 4.5 from more
    _offer(5, "Zeta", 4500, total=25, count=5),           # no own share, rating 5.0
]


def test_by_own_share_the_cheapest_for_the_client_comes_first():
    assert [o.provider_id for o in sort_offers(OFFERS, SortOrder.OWN_SHARE)] == [3, 2, 5, 4, 1]


def test_by_rating_the_best_come_first_and_the_unrated_last():
    assert [o.provider_id for o in sort_offers(OFFERS, SortOrder.RATING)] == [5, 4, 1, 2, 3]


def test_by_name_the_nordic_letters_come_after_z():
    assert [o.name for o in sort_offers(OFFERS, SortOrder.NAME)] == ["Apu Oy", "Aurinko", "Zeta", "Ängsbacka", "Östra Hemvård"]
    assert name_key("Åbo") < name_key("Äppel") < name_key("Öjen")


def test_the_chooser_is_the_client_or_a_relative_and_no_one_else():
    assert chooser_of("client") is Chooser.CLIENT
    assert chooser_of("relative") is Chooser.RELATIVE
    for role in ("case_manager", "provider", "admin", None, ""):
        assert chooser_of(role) is Chooser.UNRECORDED
