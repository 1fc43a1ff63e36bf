from datetime import date

from hypothesis import given, strategies as st

from portal.domain import identity_codes


def test_the_population_register_centres_example_is_valid_and_a_wrong_check_is_not():
    assert identity_codes.is_valid("131052-308T")
    assert identity_codes.is_valid(" 131052-308t ")
    assert not identity_codes.is_valid("131052-308A")
    assert not identity_codes.is_valid("310252-308T")  # no 31 February
    assert not identity_codes.is_valid("131052*308T")
    assert not identity_codes.is_valid("")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.integers(900, 999))
def test_every_test_code_made_is_valid(born, individual):
    assert identity_codes.is_valid(identity_codes.for_tests(born, individual))
