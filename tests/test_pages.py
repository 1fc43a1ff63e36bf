"""The tests' own eyes: the page reader finds what a user finds, and the checks refuse what they should."""

import pytest

from tests.pages import Page, check_fragment

HTML = """<!DOCTYPE html><html lang="en"><head><title>Plan – Personal budget</title></head><body>
<h1>Your client plan</h1>
<div role="status">2 services charged in November</div>
<table><caption>Services in the plan</caption>
<tr><th scope="col">Service</th><th scope="col">Price</th></tr>
<tr><td>Home care</td><td>€45.00 <span>per hour</span></td></tr></table>
<label for="month">Month</label><select id="month" name="month"><option value="2026-11">November 2026</option></select>
<a href="/plan/lines/4/providers">Choose<span class="visually-hidden"> a provider for home care</span></a>
<p>Left:  12\u00a0294,00\u00a0€
this month</p></body></html>"""


def test_the_reader_finds_things_as_a_user_does():
    page = Page(HTML)
    assert page.h1() == "Your client plan"
    assert page.table("Services in the plan") == [["Service", "Price"], ["Home care", "€45.00 per hour"]]
    assert page.choices("Month") == [("2026-11", "November 2026")]
    assert page.link("Choose a provider for home care")["href"] == "/plan/lines/4/providers"
    assert page.status() == ["2 services charged in November"]
    assert "Left: 12\u00a0294,00\u00a0€ this month" in page.text()  # line breaks are spaces, no-break spaces stay


def test_the_reader_says_what_is_missing():
    page = Page(HTML)
    with pytest.raises(AssertionError, match="Services in the plan"):
        page.table("Vouchers")
    with pytest.raises(AssertionError):
        page.link("Choose")  # the link's whole name counts, hidden words included
    with pytest.raises(AssertionError):
        page.field("Year")


@pytest.mark.parametrize(("fragment", "problem"), [
    ('<p id="a">1</p><p id="a">2</p>', "more than once"),
    ("<h1>Transactions</h1>", "whole page"),
    ('<input type="checkbox" name="provider" id="p1">', "no label"),
    ('<div data-hx-swap-oob="innerHTML">x</div>', "names no element"),
    ("<p>unclosed <b>bold</p>", "does not parse"),
])
def test_the_fragment_check_refuses_what_would_break_the_page(fragment, problem):
    with pytest.raises(AssertionError, match=problem):
        check_fragment(fragment)


def test_a_good_fragment_passes():
    check_fragment('<table><caption>Services</caption><tr><td>1</td></tr></table>'
                   '<div data-hx-swap-oob="innerHTML:#transactions-status">2 services</div>')
