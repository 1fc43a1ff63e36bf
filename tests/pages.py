"""The check every HTML page must pass, applied to every page the tests fetch."""

import re

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


def check_page(html: str, language: str) -> BeautifulSoup:
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
