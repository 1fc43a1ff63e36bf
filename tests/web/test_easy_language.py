"""Easy language (selkosuomi, lättläst svenska; issue 15): the measurable part of the Selkokeskus guidelines on every
easy-language page, for a signed-out visitor, the client and a relative acting for her, in Finnish and Swedish.

How the text is read (`blocks`, `sentences`, `words` below):
- The text is what <main> holds, and on its own what the help at the foot of the page holds: the words shown, and the
  visually hidden words too (a screen reader reads them out).
- A *block* is each heading, paragraph, list item, term and description, table cell and caption, label, legend,
  button, option and summary, with its own words only (those of the blocks inside it are blocks of their own).
  Words outside every block make a block too. A heading, a list item or a button is a sentence even without a full
  stop.
- A block is cut into sentences after ".", "!" or "?" followed by a space and then anything but a small letter, so
  "7. joulukuuta 2026" and "kello 14.05" stay inside their sentence.
- A *word* is a run of letters and digits; "-", "'", ".", ",", ":" or a no-break space between two of them stays
  inside it, so "2 400" (a no-break space), "312,50", "14.05" and "Suomi.fi" are one word each. A dash or a
  colon between spaces is no word. A word's length is the number of its letters.
- Names are exempt from the length of words (never from the length of sentences): the names of people,
  municipalities, providers (and their offices' streets) and services in the data the pages show, read from the
  database; and so is an e-mail address (the county's, one word).

Limits: sentences of at most 10 words on average, none over 15 words, no word over 20 letters, and no abbreviation
or bare currency sign.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from sqlalchemy import func, select

from portal.db.models import AccessLogEntry, CaseManager, Client, Mandate, Municipality, Plan, PlanLine, Provider, \
    ProviderOffice, ServiceType, User
from portal.services import client_pages
from portal.web import labels
from portal.web.i18n import euros, money
from tests.pages import Page
from tests.web.test_whose_words import names_the_client, owner_words

LANGUAGES = ["fi", "sv"]
AVERAGE_WORDS, MOST_WORDS, MOST_LETTERS = 10, 15, 20
BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "th", "td", "caption", "label", "legend",
          "button", "option", "summary", "figcaption", "blockquote"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?![a-zåäö])")
WORD = re.compile(r"[\w.+-]+@[\w.-]+\w|\w+(?:[-'’.,:\u00a0\u202f]\w+)*")
ABBREVIATIONS = {
    "fi": re.compile(r"€|\b(?:esim|ns|kpl|jne|yms|ym|mm|klo|ma|pe|eur)\b\.?|\bn\.\s", re.I),
    "sv": re.compile(r"€|\b(?:t\.ex|bl\.a|osv|m\.m|kl|st|ca|eur)\b\.?", re.I),
}
SWITCH = {"fi": ("Lue selkosuomeksi", "Lue tavallisella kielellä"),
          "sv": ("Läs på lättläst svenska", "Läs på vanlig svenska")}
MENU = {"fi": "Selkosuomi", "sv": "Lättläst svenska"}
STANDARD_MENU = {"fi": "Suomeksi", "sv": "På svenska"}


def blocks(element: Tag) -> list[str]:
    """The words of each block inside the element, in reading order (see the module's docstring)."""
    found: list[str] = []

    def walk(node: Tag) -> None:
        own: list[str] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                own.append(str(child))
            elif isinstance(child, Tag) and child.name in BLOCKS:
                found.append(" ".join(own))
                own = []
                walk(child)
            elif isinstance(child, Tag) and child.name not in ("script", "template"):
                own.append(" ".join(inline_text(child)))
        found.append(" ".join(own))

    def inline_text(node: Tag) -> list[str]:
        if not any(isinstance(tag, Tag) and tag.name in BLOCKS for tag in node.descendants):
            return [node.get_text(" ")]
        walk(node)
        return []

    walk(element)
    return [text for text in (" ".join(block.split()) for block in found) if WORD.search(text)]


def sentences(element: Tag) -> list[str]:
    return [sentence for block in blocks(element) for sentence in SENTENCE_END.split(block) if WORD.search(sentence)]


def words(sentence: str) -> list[str]:
    return WORD.findall(sentence)


def letters(word: str) -> int:
    return sum(character.isalpha() for character in word)


def readability_problems(element: Tag, names: set[str], language: str) -> list[str]:
    """What breaks the limits in the element's text: each too long sentence and word, the average, abbreviations."""
    said = sentences(element)
    assert said, "no sentences to measure"
    problems = [f"{len(words(s))} words: {s!r}" for s in said if len(words(s)) > MOST_WORDS]
    problems += [f"{letters(w)} letters: {w!r} in {s!r}" for s in said for w in words(s)
                 if letters(w) > MOST_LETTERS and w not in names and "@" not in w]
    average = Decimal(sum(len(words(s)) for s in said)) / len(said)
    if average > AVERAGE_WORDS:
        problems.append(f"on average {average:.1f} words a sentence")
    problems += [f"an abbreviation {found.group()!r} in {s!r}" for s in said
                 for found in ABBREVIATIONS[language].finditer(s)]
    return problems


# ---- Who reads, and which pages --------------------------------------------------------------------------------


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _line(db, code: str) -> PlanLine:
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == _aino(db).id, Plan.status == "accepted", ServiceType.code == code))


def _names(app, db) -> set[str]:
    """The words of every name the pages may show: people, municipalities, providers, their offices' streets and
    services."""
    names = [*db.scalars(select(User.display_name)), *db.scalars(select(Provider.name)),
             *db.scalars(select(ProviderOffice.street)),
             *db.scalars(select(CaseManager.name)), *db.scalars(select(Municipality.name_fi)),
             *db.scalars(select(Municipality.name_sv)), *(client.full_name for client in db.scalars(select(Client)))]
    for language in LANGUAGES:
        with app.test_request_context(headers={"Cookie": f"lang={language}"}):
            names += [labels.service_name(kind) for kind in labels.SERVICE_NAMES]
    return {word for name in names for word in words(name)}


def _reader(app, db, who: str, language: str, easy: bool = True):
    client = app.test_client()
    client.use_language(language)
    if easy:
        client.set_cookie("reading", "easy")
    if who in ("client", "relative"):
        assert client.sign_in(who).status_code == 303
    if who == "relative":
        mandate = db.scalar(select(Mandate).where(Mandate.client_id == _aino(db).id, Mandate.status == "active"))
        token = client.csrf_token("/act-for")
        assert client.post("/act-for", data={"csrf_token": token, "whom": str(mandate.id)}).status_code == 303
    return client


def _pages(db, who: str) -> list[str]:
    """The easy-language pages each reader opens: the start page; the overview, the plan (and an earlier one), the
    providers of two services, the mandates and the access log."""
    if who == "public":
        return ["/sign-in"]
    old = db.scalar(select(Plan.id).where(Plan.client_id == _aino(db).id, Plan.status == "superseded"))
    providers = [f"/plan/lines/{_line(db, code).id}/providers" for code in ("home_care", "transport")]
    client_pages_ = ["/overview", "/plan", f"/plan/{old}", *providers, "/access-log"]
    return [*client_pages_, "/mandates"] if who == "client" else ["/my-mandates", *client_pages_]


def _read(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, f"{url} gave {response.status_code}"
    return Page(response.get_data(as_text=True)).soup


def _is_easy(soup: BeautifulSoup) -> bool:
    return "easy-reading" in (soup.body.get("class") or [])


# ---- The limits ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["public", "client", "relative"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_easy_page_keeps_sentences_and_words_short(app, db, who, language):
    names = _names(app, db)
    reader = _reader(app, db, who, language)
    problems = {}
    for url in _pages(db, who):
        soup = _read(reader, url)
        assert _is_easy(soup), f"{url} is not read in easy language"
        assert soup.html["lang"] == language
        assert soup.select_one(".reading-switch a").get_text(strip=True) == SWITCH[language][1], url
        for part, element in (("main", soup.main), ("help", soup.select_one(".help"))):
            if found := readability_problems(element, names, language):
                problems[f"{url} {part}"] = found
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_relative_reads_the_clients_name_on_the_easy_pages(app, db, language):
    reader = _reader(app, db, "relative", language)
    wrong, nameless = {}, []
    for url in _pages(db, "relative")[1:]:
        html = reader.get(url).get_data(as_text=True)
        if found := owner_words(html, language):
            wrong[url] = found
        if not names_the_client(html):
            nameless.append(url)
    assert not wrong and not nameless, (wrong, nameless)


def test_a_planted_long_sentence_or_word_is_found(app, db):
    """The measure can fail: one sentence of 16 words, a page of long sentences, a long word, an abbreviation."""
    names = _names(app, db)

    def measured(html: str, exempt: frozenset = frozenset()) -> list[str]:
        return readability_problems(BeautifulSoup(f"<main>{html}</main>", "html.parser").main, names | exempt, "fi")

    fine = "<h1>Katso, paljonko rahaa on jäljellä</h1><p>Tässä kuussa on jäljellä 12 tuntia ja 2\u00a0400,50 euroa.</p>"
    assert not measured(fine)
    assert measured(fine + "<p>" + " ".join(["sana"] * 16) + ".</p>")
    assert measured("<p>" + " ".join(["sana"] * 11) + ". " + " ".join(["sana"] * 11) + ".</p>")
    assert measured(fine + "<ul><li>Asiakassuunnitelmassasikin on tietoa.</li></ul>")
    long_name = "<p>Palvelun antaa Tilapäishoitoyhtiöpalvelukeskus Oy.</p>"
    assert measured(long_name) and not measured(long_name, frozenset({"Tilapäishoitoyhtiöpalvelukeskus"}))
    assert measured(fine + "<p>Hinta on 48 € tunnilta.</p>")
    assert measured(fine + "<p>Soita esim. neuvontaan.</p>")
    # How sentences and words are counted.
    assert sentences(BeautifulSoup("<main><p>Se loppuu 7. joulukuuta 2026 kello 14.05. Soita.</p></main>",
                                   "html.parser").main) == ["Se loppuu 7. joulukuuta 2026 kello 14.05.", "Soita."]
    assert words("Rahaa on 2\u00a0400,50 euroa – Suomi.fi:ssä.") == ["Rahaa", "on", "2\u00a0400,50", "euroa",
                                                                    "Suomi.fi:ssä"]
    list_of_links = "<main><ul><li><a href='/'>Lue suunnitelma</a></li><li><p>Yksi.</p><p>Kaksi.</p></li></ul></main>"
    assert sentences(BeautifulSoup(list_of_links, "html.parser").main) == ["Lue suunnitelma", "Yksi.", "Kaksi."]


# ---- Chosen by links, kept, and turned off ---------------------------------------------------------------------


def _follow(reader, soup: BeautifulSoup, name: str, url: str) -> BeautifulSoup:
    """Follow the link with this name (its words, or its menu entry's) and its redirect, as a browser does."""
    links = [a for a in soup.find_all("a") if " ".join(a.get_text(" ").split()) == name]
    assert links, f"no link {name!r} on {url}"
    response = reader.get(links[0]["href"])
    assert response.status_code == 303 and response.headers["Location"] == url, (links[0]["href"], response.headers)
    return _read(reader, url)


@pytest.mark.parametrize("who", ["public", "client", "relative"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_easy_page_is_reached_from_its_standard_page_by_links(app, db, who, language):
    reader = _reader(app, db, who, language, easy=False)
    to_easy, to_standard = SWITCH[language]
    for url in _pages(db, who):
        standard = _read(reader, url)
        assert not _is_easy(standard), url
        easy = _follow(reader, standard, to_easy, url)
        assert _is_easy(easy) and easy.html["lang"] == language, url
        assert easy.select_one('.language-switch a[aria-current="true"]').get_text() == MENU[language]
        assert easy.main.get_text(" ", strip=True) != standard.main.get_text(" ", strip=True), url
        standard_again = _follow(reader, easy, to_standard, url)
        assert not _is_easy(standard_again), url
        from_menu = _follow(reader, standard_again, MENU[language], url)
        assert _is_easy(from_menu), url
        assert not _is_easy(_follow(reader, from_menu, STANDARD_MENU[language], url)), url


def test_the_choice_is_kept_and_english_has_no_easy_version(app, db):
    reader = _reader(app, db, "public", "fi", easy=False)
    response = reader.get("/language/sv/easy?next=%2Fsign-in")
    assert response.status_code == 303 and any("reading=easy" in c for c in response.headers.getlist("Set-Cookie"))
    reader.language = "sv"
    assert _is_easy(_read(reader, "/sign-in")) and _is_easy(_read(reader, "/feedback"))
    assert reader.get("/language/en?next=%2Fsign-in").status_code == 303
    reader.language = "en"
    english = _read(reader, "/sign-in")
    assert not _is_easy(english) and not english.select(".reading-switch")
    assert [a.get_text() for a in english.select('.language-switch a[aria-current="true"]')] == ["In English"]
    reader.set_cookie("reading", "easy")  # even kept from before, English is read as it is
    assert not _is_easy(_read(reader, "/sign-in"))
    assert reader.get("/language/en/easy").status_code == 404
    assert reader.get("/language/fi/easy?next=https://evil.example/").headers["Location"] == "/"
    assert reader.get("/language/fi/easy?next=//evil.example/").headers["Location"] == "/"


# ---- The same views, figures and log ---------------------------------------------------------------------------


def _card(soup: BeautifulSoup, heading: str) -> str:
    cards = [card for card in soup.select("main .card") if card.find(["h2", "h3"]).get_text(" ", strip=True) == heading]
    assert len(cards) == 1, f"one card headed {heading!r}, found {len(cards)}"
    return " ".join(cards[0].get_text(" ").split())


def _amounts(app, language: str, cents: int) -> tuple[str, str]:
    """An amount as the standard page and as the easy page write it."""
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        return " ".join(money(cents).split()), " ".join(euros(cents).split())


def _both(reader, url: str) -> tuple[BeautifulSoup, BeautifulSoup]:
    """The page read as it is, then read easy."""
    standard = _read(reader, url)
    reader.set_cookie("reading", "easy")
    easy = _read(reader, url)
    reader.delete_cookie("reading")
    return standard, easy


def _text(soup: BeautifulSoup) -> str:
    """The words of a page's <main>, with every run of spaces (no-break ones too) made one space."""
    return " ".join(soup.main.get_text(" ").split())


def _cents(written: str) -> int:
    """An amount as the standard page writes it ("1 234,50 €") in cents."""
    return int(Decimal(re.sub(r"[^\d,]", "", written).replace(",", ".")) * 100)


STANDARD_MONEY = re.compile(r"\d[\d\u00a0\u202f ]*,\d\d\s?€")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_easy_pages_show_the_figures_of_the_standard_ones(app, db, language):
    """What is left (in all, and of each service this month and in the whole plan), each service's budget and
    voucher value, and each provider's price and own share a month: the service's figures, on both pages."""
    reader = _reader(app, db, "client", language, easy=False)
    overview_pages, plan_pages = _both(reader, "/overview"), _both(reader, "/plan")
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        overview = client_pages.overview(db, _aino(db).id, date.today())
        service = {item.line.id: labels.service_name(item.line.service_type.code) for item in overview.lines}
    checked = 0
    for item in overview.lines:
        for cents in (item.month.left_cents, item.position.left_cents):
            standard, easy = _amounts(app, language, cents)
            assert standard in _card(overview_pages[0], service[item.line.id])
            assert easy in _card(overview_pages[1], service[item.line.id]), (easy, service[item.line.id])
            checked += 1
        for cents in (item.line.monthly_budget_cents, item.line.voucher_value_cents):
            standard, easy = _amounts(app, language, cents)
            assert standard in _text(plan_pages[0])
            assert easy in _card(plan_pages[1], service[item.line.id]), (easy, service[item.line.id])
            checked += 1
    standard, easy = _amounts(app, language, overview.position.left_cents)
    assert standard in _text(overview_pages[0])
    assert easy in " ".join(overview_pages[1].select_one("main .lead").get_text(" ").split())
    standard_list, easy_list = _both(reader, f"/plan/lines/{_line(db, 'home_care').id}/providers")
    for card in standard_list.select("main .provider"):
        name = card.find("h3").get_text(" ", strip=True)
        price, _voucher, own_share = (STANDARD_MONEY.findall(value.get_text(" ")) for value in card.select("dd")[:3])
        shown = [price[0], *own_share[1:2]]  # the price of a unit; the own share a month, when there is one
        for written in shown:
            assert _amounts(app, language, _cents(written))[1] in _card(easy_list, name), (name, written)
            checked += 1
    assert checked > 20, checked


def test_the_easy_pages_are_the_same_views_with_the_same_access_log(app, db):
    """Each read of a client's data is logged once, the same in both ways of reading (and a relative's with the
    mandate); the easy pages are the views the standard ones are, with their access checks."""
    def logged(url: str, reader) -> list[tuple]:
        before = db.scalar(select(func.max(AccessLogEntry.id))) or 0
        reader.get(url)
        db.expire_all()
        return [(entry.action, entry.mandate_id is not None) for entry in
                db.scalars(select(AccessLogEntry).where(AccessLogEntry.id > before).order_by(AccessLogEntry.id))]

    for who in ("client", "relative"):
        standard, easy = _reader(app, db, who, "fi", easy=False), _reader(app, db, who, "fi")
        for url in _pages(db, who):
            assert logged(url, easy) == logged(url, standard), (who, url)
            assert len(logged(url, easy)) == (url != "/my-mandates"), (who, url)
    relative = _reader(app, db, "relative", "fi")
    assert relative.get("/mandates").status_code == 403  # the client's own page, whoever reads it easy
    stranger = _reader(app, db, "public", "fi")
    assert stranger.get("/overview").status_code in (302, 303, 401)
