"""The check every HTML page must pass, applied to every page the tests fetch."""

import re

import html5lib
from bs4 import BeautifulSoup

from portal.web.security import HEADERS

ERROR_PREFIXES = ("Error: ", "Virhe: ", "Fel: ")
SERVICE_NAMES = {"fi": "Henkilökohtainen budjetti", "sv": "Personlig budget", "en": "Personal budget"}
LABELLED_CONTROLS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"


def check_headers(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, f"{name} missing on {response.request.path}"
    assert response.headers.get("Cache-Control") == "no-store"
    for cookie in response.headers.getlist("Set-Cookie"):
        if "Max-Age=0" in cookie:
            continue  # a cookie being deleted carries no value
        assert "HttpOnly" in cookie, cookie
        assert "SameSite=Lax" in cookie, cookie


# What the HTML standard lets each kind of input carry (the rest is invalid on it).
RANGE_TYPES = {"number", "range", "date", "datetime-local", "month", "week", "time"}
TEXT_TYPES = {"text", "search", "url", "tel", "email", "password"}
ONLY_ON = {
    "min": RANGE_TYPES, "max": RANGE_TYPES, "step": RANGE_TYPES,
    "maxlength": TEXT_TYPES, "minlength": TEXT_TYPES, "pattern": TEXT_TYPES, "placeholder": TEXT_TYPES | {"number"},
    "size": TEXT_TYPES, "checked": {"checkbox", "radio"}, "multiple": {"email", "file"},
    "autocomplete": TEXT_TYPES | RANGE_TYPES | {"hidden", "color"},
}


def check_markup(html: str, fragment: bool = False) -> BeautifulSoup:
    """Valid HTML: it parses without a single error, and no element carries what it may not."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parseFragment(html) if fragment else parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line = html.splitlines()[max(0, parser.errors[-1][0][0] - 1)] if parser.errors else ""
        raise AssertionError(f"the HTML does not parse: {error}: {line.strip()[:200]}") from error
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.startswith("hx-"), f"hx-* attributes are invalid HTML, write data-{name}: {tag.name}"
            assert value != "None", f'an attribute rendered as "None": {name} on {tag.name}'
        if tag.name == "input":
            kind = tag.get("type", "text").lower()
            for name, types in ONLY_ON.items():
                assert name not in tag.attrs or kind in types, f"{name} is not allowed on input type={kind}: {tag}"
    return soup


def check_page(html: str, language: str) -> BeautifulSoup:
    check_markup(html)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang") == language, "the <html lang> does not match the language"

    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"a page has one h1, this one has {len(h1s)}"
    h1 = " ".join(h1s[0].get_text(" ").split())
    title = " ".join(soup.title.get_text(" ").split())
    for prefix in ERROR_PREFIXES:
        title = title.removeprefix(prefix)
    assert title.startswith(h1), f"<title> {title!r} does not start with the h1 {h1!r}"
    assert title.endswith(SERVICE_NAMES[language]), f"<title> {title!r} does not end with the service name"

    ids = [element["id"] for element in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"ids used more than once: {duplicates}"

    labels = {label.get("for") for label in soup.find_all("label")}
    for control in soup.select(LABELLED_CONTROLS):
        named = control.get("id") in labels or control.get("aria-label") or control.get("aria-labelledby")
        assert named, f"a control has no label: {control}"

    assert not soup.find_all(style=True), "style attributes break the CSP"
    assert not soup.find_all("style"), "style elements break the CSP"
    for script in soup.find_all("script"):
        assert script.get("src") and not script.string, "inline scripts break the CSP"
    handlers = [tag.name for tag in soup.find_all(True) if any(re.match(r"^on", attr) for attr in tag.attrs)]
    assert not handlers, f"inline event handlers: {handlers}"
    assert not soup.find_all(attrs={"hx-boost": True}), "page changes are full loads, no hx-boost"
    return soup
