"""The tests' own eyes: the page reader finds what a user finds, and the checks refuse what they should."""

import pytest

from tests.pages import Page, check_fragment, check_page

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


SETTLEMENTS = """<!DOCTYPE html><html lang="en"><head><title>Settlements – Personal budget</title></head><body>
<div class="notice notice--info" role="status"><p>1 session was ended.
  The user must sign in again.</p></div>
<h1>Settlement: November 2026</h1>
<dl class="summary-list"><div><dt>To pay</dt><dd>€1,204.50</dd></div><div><dt>Status</dt><dd>Not paid yet</dd></div></dl>
<form method="post" action="/admin/settlements/3/2026/11/paid">
<button type="submit">Mark as paid<span class="visually-hidden">: Aurinko Hoiva</span></button></form>
<a href="/admin/settlements/3/2026/11.csv">Download<span class="visually-hidden"> the CSV</span></a>
<a href="/help" aria-label="Help with settlements">?</a></body></html>"""


def test_the_reader_finds_notices_summaries_buttons_and_links():
    page = Page(SETTLEMENTS)
    assert page.announces("1 session was ended. The user must sign in again.")  # the words as one line
    assert not page.announces("2 sessions")
    assert page.summary() == {"To pay": "€1,204.50", "Status": "Not paid yet"}
    button = page.button("Mark as paid: Aurinko Hoiva")  # hidden words run on, as a screen reader reads them
    assert button.find_parent("form")["action"] == "/admin/settlements/3/2026/11/paid"
    assert page.links() == [("Download the CSV", "/admin/settlements/3/2026/11.csv"), ("Help with settlements", "/help")]
    with pytest.raises(AssertionError, match="Mark as paid: Aurinko Hoiva"):
        page.button("Mark as paid")  # the whole name counts


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


GOOD_PAGE = HTML.replace("<title>Plan", "<title>Your client plan")


@pytest.mark.parametrize(("change", "problem"), [
    (("<h1>Your client plan</h1>", "<h1>Your client plan</h1><h1>Again</h1>"), "one h1"),
    (("<title>Your client plan", "<title>Budget"), "does not start with the h1"),
    (("Personal budget</title>", "Budget</title>"), "service name"),
    (('lang="en"', 'lang="fi"'), "lang"),
    (('<p>Left:', '<p id="month">Left:'), "more than once"),
    (('<label for="month">Month</label>', ""), "no label"),
    (("<p>Left:", '<p style="color: red">Left:'), "style attributes"),
    (("<p>Left:", '<p onclick="go()">Left:'), "inline event handlers"),
    (("</body>", "<script>go()</script></body>"), "inline scripts"),
    (("</title>", "</title><style>p {}</style>"), "style elements"),
    (("<a href", '<a data-hx-boost="true" href'), "hx-boost"),
    (("<a href", '<a hx-get="/x" href'), "data-hx-get"),
    (('<select id="month"', '<select id="month" title="None"'), '"None"'),
    (("<p>Left:", '<input type="checkbox" id="x" aria-label="x" maxlength="3"><p>Left:'), "maxlength is not allowed"),
    (("<p>Left:", "<p>Left: <b>unclosed</p>"), "does not parse"),
])
def test_the_page_check_refuses_what_would_break_the_page(change, problem):
    page = GOOD_PAGE.replace(*change)
    assert page != GOOD_PAGE
    with pytest.raises(AssertionError, match=problem):
        check_page(page, "en")


def test_a_good_page_passes():
    check_page(GOOD_PAGE, "en")
