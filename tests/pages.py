"""The check every HTML page must pass, applied to every page the tests fetch."""

import re
from collections import Counter

import html5lib
from bs4 import BeautifulSoup

from portal.web.security import HEADERS

ERROR_PREFIXES = ("Error: ", "Virhe: ", "Fel: ")
SERVICE_NAMES = {"fi": "Henkilökohtainen budjetti", "sv": "Personlig budget", "en": "Personal budget"}
UNLABELLED_INPUTS = {"hidden", "submit", "button"}  # their value names them, or they are not shown


def check_headers(response) -> None:
    for name, value in HEADERS.items():
        sent = response.headers.get(name)
        if name == "Content-Security-Policy":  # a page with a form to the identity provider names its origin
            sent = re.sub(r"form-action 'self'( http://127\.0\.0\.1:\d+)?;", "form-action 'self';", sent or "")
        assert sent == value, f"{name} missing on {response.request.path}"
    if not response.request.path.startswith("/static/"):  # a style sheet or script may be kept (static_files.py)
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


def _elements(root) -> list:
    """The elements under a parsed document or fragment, in document order (comments left out)."""
    return [element for element in root.iter() if isinstance(element.tag, str) and element.tag != "DOCUMENT_FRAGMENT"]


def _words_of(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def check_markup(html: str, fragment: bool = False) -> list:
    """Valid HTML: it parses without a single error, and no element carries what it may not or what the CSP
    would block. Returns the elements, in document order."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        root = parser.parseFragment(html) if fragment else parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line = html.splitlines()[max(0, parser.errors[-1][0][0] - 1)] if parser.errors else ""
        raise AssertionError(f"the HTML does not parse: {error}: {line.strip()[:200]}") from error
    elements = _elements(root)
    for tag in elements:
        for name, value in tag.attrib.items():
            assert not name.startswith("hx-"), f"hx-* attributes are invalid HTML, write data-{name}: {tag.tag}"
            assert value != "None", f'an attribute rendered as "None": {name} on {tag.tag}'
            assert not name.startswith("on"), f"inline event handlers break the CSP: {name} on {tag.tag}"
            assert name != "style", f"style attributes break the CSP: on {tag.tag}"
            assert name != "data-hx-boost", "page changes are full loads, no hx-boost"
        assert tag.tag != "style", "style elements break the CSP"
        if tag.tag == "script":
            assert tag.get("src") and not (tag.text or "").strip() and not len(tag), "inline scripts break the CSP"
        if tag.tag == "input":
            kind = tag.get("type", "text").lower()
            for name, types in ONLY_ON.items():
                assert name not in tag.attrib or kind in types, (
                    f"{name} is not allowed on input type={kind}: {tag.attrib}")
    return elements


def _check_ids_and_labels(elements: list) -> None:
    ids = Counter(element.get("id") for element in elements if element.get("id") is not None)
    duplicates = {i for i, count in ids.items() if count > 1}
    assert not duplicates, f"ids used more than once: {duplicates}"
    labels = {label.get("for") for label in elements if label.tag == "label"}
    for control in elements:
        if control.tag == "input" and control.get("type", "text").lower() in UNLABELLED_INPUTS:
            continue
        if control.tag in ("input", "select", "textarea"):
            named = control.get("id") in labels or control.get("aria-label") or control.get("aria-labelledby")
            assert named, f"a control has no label: <{control.tag} {control.attrib}>"


OOB = re.compile(r"(innerHTML|outerHTML|beforeend|afterbegin|true):#[A-Za-z][\w-]*")


def check_fragment(html: str) -> None:
    """A part of a page for htmx: valid markup, no whole-page parts, each id once, each control labelled,
    and each out-of-band swap naming the element it replaces."""
    elements = check_markup(html, fragment=True)
    whole = [tag.tag for tag in elements if tag.tag in ("html", "head", "body", "title", "h1")]
    assert not whole, f"a fragment carries parts of a whole page: {whole}"
    _check_ids_and_labels(elements)
    for swapped in elements:
        swap = swapped.get("data-hx-swap-oob")
        if swap is not None:
            assert OOB.fullmatch(swap) or swapped.get("id"), f"an out-of-band swap that names no element: {swap!r}"


def check_page(html: str, language: str) -> None:
    elements = check_markup(html)
    assert elements[0].get("lang") == language, "the <html lang> does not match the language"

    h1s = [tag for tag in elements if tag.tag == "h1"]
    assert len(h1s) == 1, f"a page has one h1, this one has {len(h1s)}"
    h1 = _words_of(h1s[0])
    title = _words_of(next(tag for tag in elements if tag.tag == "title"))
    for prefix in ERROR_PREFIXES:
        title = title.removeprefix(prefix)
    assert title.startswith(h1), f"<title> {title!r} does not start with the h1 {h1!r}"
    assert title.endswith(SERVICE_NAMES[language]), f"<title> {title!r} does not end with the service name"

    _check_ids_and_labels(elements)


def _words(tag) -> str:
    """The words of an element, with runs of spaces and line breaks made one space (no-break spaces kept)."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", tag.get_text(" ")).strip()


class Page:
    """A page (or a fragment) read as a user reads it: its headings, its tables by their captions, its fields by
    their labels, its links by their names, its messages; not by the markup around them."""

    def __init__(self, html: str):
        self.soup = BeautifulSoup(html, "html.parser")
        for hidden in self.soup.find_all(["script", "template"]):
            hidden.decompose()

    def text(self) -> str:
        """All the words shown, with spaces made single (so "€45.00 per hour" matches across elements)."""
        return _words(self.soup.body or self.soup)

    def title(self) -> str:
        return _words(self.soup.title) if self.soup.title else ""

    def headings(self, level: int | None = None) -> list[str]:
        names = [f"h{level}"] if level else [f"h{n}" for n in range(1, 7)]
        return [_words(heading) for heading in self.soup.find_all(names)]

    def h1(self) -> str:
        (heading,) = self.headings(1)
        return heading

    def table(self, caption: str) -> list[list[str]]:
        """The rows of the table with this caption, each a list of its cells' words (the head row first)."""
        tables = [table for table in self.soup.find_all("table")
                  if table.caption and _words(table.caption) == caption]
        assert len(tables) == 1, f"one table captioned {caption!r}, found {len(tables)}: {self.captions()}"
        return [[_words(cell) for cell in row.find_all(["th", "td"])] for row in tables[0].find_all("tr")]

    def captions(self) -> list[str]:
        return [_words(caption) for caption in self.soup.find_all("caption")]

    def summary(self) -> dict[str, str]:
        """The key and value of each row of the page's summary lists (its <dt> and <dd>)."""
        return {_words(term): _words(term.find_next_sibling("dd")) for term in self.soup.find_all("dt")}

    def field(self, label: str):
        """The control a label with these words names (its hint and error aside)."""
        labels = [found for found in self.soup.find_all(["label", "legend"]) if _words(found).startswith(label)]
        assert labels, f"no field labelled {label!r}"
        target = labels[0].get("for")
        return self.soup.find(id=target) if target else labels[0].find_parent("fieldset")

    def choices(self, label: str) -> list[tuple[str, str]]:
        """The (value, words) of a select's options."""
        return [(option.get("value", ""), _words(option)) for option in self.field(label).find_all("option")]

    def link(self, name: str):
        """The link whose name (its words, hidden ones included, or its aria-label) is this."""
        found = [a for a in self.soup.find_all("a") if (a.get("aria-label") or _words(a)) == name]
        assert found, f"no link named {name!r}; links: {[_words(a) for a in self.soup.find_all('a')][:40]}"
        return found[0]

    def links(self) -> list[tuple[str, str]]:
        """The (name, target) of every link, in the order a reader meets them."""
        return [(a.get("aria-label") or _words(a), a.get("href", "")) for a in self.soup.find_all("a")]

    def has_link(self, name: str) -> bool:
        return any((a.get("aria-label") or _words(a)) == name for a in self.soup.find_all("a"))

    def button(self, name: str):
        """The button whose name (its words run together as a screen reader reads them, hidden ones included,
        or its aria-label) is this."""
        def name_of(button) -> str:
            return button.get("aria-label") or re.sub(r"[ \t\n\r\f\v]+", " ", button.get_text()).strip()
        found = [button for button in self.soup.find_all("button") if name_of(button) == name]
        assert found, f"no button named {name!r}; buttons: {[name_of(button) for button in self.soup.find_all('button')][:40]}"
        return found[0]

    def status(self) -> list[str]:
        """What the page announces: the words of its live regions (role=status or alert, aria-live)."""
        regions = self.soup.select('[role="status"], [role="alert"], [aria-live]')
        return [_words(region) for region in regions]

    def announces(self, words: str) -> bool:
        """Whether a live region (a notice, an alert) says these words."""
        return any(words in region for region in self.status())

    def error_summary(self) -> list[tuple[str, str]]:
        """The (words, target) of each link in the error summary."""
        summary = self.soup.select_one('[role="alert"]')
        assert summary is not None, "no error summary"
        return [(_words(a), a.get("href", "")) for a in summary.find_all("a")]
