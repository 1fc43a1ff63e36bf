"""Euros as people type them: one parser for every money field, the same answer for every way of writing."""

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound

from portal import create_app
from portal.web.numbers import LARGEST_ID, BoundedIntegerConverter, EuroField, euros_to_cents, parse_euros


@pytest.mark.parametrize("text", ["1 234,50", "1234.50", "1 234,50 €", "1234,50€", "1\u00a0234,50\u00a0€",
                                  "1\u202f234,5", " 1234,5 "])
def test_every_way_of_writing_an_amount_gives_the_same_euros(text):
    assert parse_euros(text) == Decimal("1234.50")


@pytest.mark.parametrize("text", ["", "€", "1,234.50", "12,345", "1 23,00", "1234,567", "-5", "+5", "1e3", "NaN",
                                  "Infinity", "٤٥", "45,", ",5", "45 euros", "€45", "12 345 678,00", "1  234", "0x10"])
def test_anything_else_is_not_an_amount(text):
    assert parse_euros(text) is None


@given(st.integers(min_value=0, max_value=999_999_999), st.sampled_from(["fi_FI", "sv_FI", "en_GB"]),
       st.booleans())
def test_an_amount_as_a_page_shows_it_reads_back_to_the_same_cents(cents, locale, with_sign):
    """What the portal writes (1 234,50 in Finnish, 1234.50 without grouping in English) can be typed back."""
    euros = Decimal(cents) / 100
    grouped = locale != "en_GB"
    text = format_decimal(euros, format="#,##0.00" if grouped else "0.00", locale=locale)
    if with_sign:
        text += "\u00a0€"
    assert parse_euros(text) * 100 == cents


def test_euros_to_cents_keeps_to_its_range():
    assert euros_to_cents("45,00") == 4500
    assert euros_to_cents("0,00") is None
    assert euros_to_cents("10 000,00") == 1_000_000
    assert euros_to_cents("10 000,01") is None


class _PriceForm(FlaskForm):
    class Meta:
        csrf = False

    price = EuroField("Price")


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://"})


@pytest.mark.parametrize(("typed", "cents"), [("1 234,50 €", 123450), ("45.5", 4550), ("", None)])
def test_a_money_field_holds_cents(app, typed, cents):
    with app.test_request_context(method="POST", data={"price": typed}):
        form = _PriceForm(formdata=MultiDict({"price": typed}))
        assert form.validate()
        assert form.price.data == cents


def test_a_money_field_refuses_what_is_not_an_amount_with_a_message(app):
    with app.test_request_context(method="POST", headers={"Cookie": "lang=en"}):
        form = _PriceForm(formdata=MultiDict({"price": "1,234.50"}))
        assert not form.validate()
        assert form.price.data is None
        assert form.price.errors == ["Enter the amount in euros, for example 1 234,50"]


def test_a_money_field_shows_its_cents_as_euros_in_the_language(app):
    with app.test_request_context(headers={"Cookie": "lang=fi"}):
        assert _PriceForm(data={"price": 123450}).price._value() == "1234,50"
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert _PriceForm(data={"price": 123450}).price._value() == "1234.50"


def test_an_id_in_an_address_is_one_the_database_can_hold(app):
    """Every <int:…> in the route table stops at PostgreSQL's integer: one more is refused by the routing (not found,
    or for a form's address whose page has a route of its own, not allowed), before any view."""
    adapter = app.url_map.bind("localhost")
    bounded = [rule for rule in app.url_map.iter_rules()
               if any(isinstance(converter, BoundedIntegerConverter) for converter in rule._converters.values())]
    assert len(bounded) > 20
    for rule in bounded:
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]

        def address(number: int) -> str:
            return rule.build({name: number if isinstance(converter, BoundedIntegerConverter) else "x"
                               for name, converter in rule._converters.items()})[1]

        assert adapter.match(address(LARGEST_ID), method=method)[0] == rule.endpoint
        with pytest.raises((NotFound, MethodNotAllowed)):
            adapter.match(address(LARGEST_ID + 1), method=method)
