"""Whose matters a page speaks of (issue 14). A relative acting for Aino reads "Aino Virtanen's plan", never
"your plan": in Finnish, Swedish and English, on every client page a relative can open and in what the pages say
after an action. Only sentences about the relative's own account (their mandate, their session) say "your".
The client's own pages keep "you"."""

import re

import pytest
from flask import url_for
from sqlalchemy import select

from portal.db.models import (Client, Decision, Mandate, Plan, PlanLine, ProviderChoice, ServiceEvent, ServiceType,
                              Voucher)
from tests.pages import Page

LANGUAGES = ["fi", "sv", "en"]
AINO = "Aino Virtanen"

# What addresses the reader as the owner of the budget, the plan or the services.
AS_OWNER = {
    "en": re.compile(r"\byour\b|\byou (?:use|pay|have not used|do not have)\b|\b(?:contacts|serves|helps) you\b", re.I),
    "sv": re.compile(r"\b(?:din|ditt|dina)\b|\bdu (?:använder|betalar|har inte använt)\b", re.I),
    # "sinun", "sinulla", "sinulle", "sinua" ("sinuun" may stay: the case manager contacts the relative too);
    # a second-person possessive suffix on the words of a client's matters ("budjettisi", "suunnitelmaasi",
    # "palveluohjaajallesi", "omavastuuosuutesi", "kunnassasi", "suunnitelmakautesi"); "you pay", "you use".
    "fi": re.compile(r"\bsinu(?:n|lla|lle|a)\b"
                     r"|\b(?:budjet|suunnitelm|asiakassuunnitelm|palvelu|omavastuu|setel|valin|tie[dt]o|asi[ao]"
                     r"|tervey|arvio|kunna)\w*[aeiouyäö](?<!kau)(?<!vuo)si\b"  # not "-kausi", "-vuosi"
                     r"|\b(?:maksat|käytät)\b", re.I),
}
# What may say "your": the relative's own mandate, session, security, browser and visits.
OWN_ACCOUNT = {
    "en": re.compile(r"\byour (?:mandates?|session|security|browser|own visits|password)\b", re.I),
    "sv": re.compile(r"\b(?:din|ditt|dina) (?:fullmakt|fullmakter|session|säkerhet|webbläsare|egna besök|lösenord)\b", re.I),
    "fi": re.compile(r"(?!)"),  # the Finnish pattern above names only the client's matters
}
# Words someone wrote (a provider's description, a comment, goals, messages): quoted, not the portal's own.
# The county's decision (article.decision) is its letter to the client, shown as it was sent.
QUOTED = ".provider__description, blockquote, .goals, .message > p:not(.message__meta), article.decision"


def owner_words(html: str, language: str) -> list[str]:
    """Each place where the page addresses its reader as the owner of the client's matters, with its context."""
    page = Page(html)
    for quoted in page.soup.select(QUOTED):
        quoted.decompose()
    text = OWN_ACCOUNT[language].sub("…", page.text())
    return [text[max(0, found.start() - 60):found.end() + 40] for found in AS_OWNER[language].finditer(text)]


def names_the_client(html: str, name: str = AINO) -> bool:
    """The client's name is in the main heading or the first sentence after it."""
    heading = Page(html).soup.find("main").find("h1")
    first = heading.find_next("p")
    return name in heading.get_text(" ") or (first is not None and name in " ".join(first.get_text(" ").split()))


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _line(db, aino, code: str) -> PlanLine:
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType)
                     .where(Plan.client_id == aino.id, Plan.status == "accepted", ServiceType.code == code))


def _examples(db) -> dict:
    """A value for each URL parameter of the client's pages: Aino's home care, its earlier provider, her old plan,
    her latest decision, her home care's choice in force, her latest service still to confirm."""
    aino = _aino(db)
    line = _line(db, aino, "home_care")
    earlier = db.scalar(select(ProviderChoice.provider_id)
                        .where(ProviderChoice.plan_line_id == line.id, ProviderChoice.valid_to.is_not(None)))
    old_plan = db.scalar(select(Plan.id).where(Plan.client_id == aino.id, Plan.status == "superseded"))
    decision = db.scalar(select(Decision.id).where(Decision.client_id == aino.id).order_by(Decision.id.desc()))
    choice = db.scalar(select(ProviderChoice.id).where(ProviderChoice.plan_line_id == line.id,
                                                       ProviderChoice.valid_to.is_(None)))
    waiting = db.scalar(select(ServiceEvent.id).join(Voucher, Voucher.id == ServiceEvent.voucher_id)
                        .where(Voucher.client_id == aino.id, ServiceEvent.confirmed_at.is_(None))
                        .order_by(ServiceEvent.service_date.desc()))
    return {"line_id": line.id, "provider_id": earlier, "plan_id": old_plan, "decision_id": decision,
            "choice_id": choice, "event_id": waiting}


def _pages(app, db) -> list[str]:
    """Every page of the client's that a relative may open (a GET marked client_data), and a comparison."""
    examples = _examples(db)
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if getattr(app.view_functions[rule.endpoint], "access", None) != "client_data" or "GET" not in rule.methods:
                continue
            if rule.rule.endswith(".pdf"):
                continue  # the decision's PDF is printed from the decision's page, which is read here
            missing = set(rule.arguments) - set(examples)
            assert not missing, f"{rule.rule}: add an example for {missing} to this test"
            urls.append(url_for(rule.endpoint, **{name: examples[name] for name in rule.arguments}))
    transport = _line(db, _aino(db), "transport")
    return [*urls, f"/plan/{examples['plan_id']}", f"/plan/lines/{examples['line_id']}/compare",
            f"/plan/lines/{transport.id}/choose"]


def _acting_for_aino(client, db, language: str):
    client.use_language(language)
    assert client.sign_in("relative").status_code == 303
    mandate = db.scalar(select(Mandate).where(Mandate.client_id == _aino(db).id, Mandate.status == "active"))
    response = client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": str(mandate.id)})
    assert response.status_code == 303
    return client


def _listed(client, line_url: str) -> list[str]:
    page = Page(client.get(f"{line_url}/providers").get_data(as_text=True))
    return [box["value"] for box in page.soup.select("input[name=provider]")]


def _with_providers(client, url: str) -> str:
    """A comparison of the first two providers listed; choosing the first one for a service without a provider."""
    if url.endswith("/compare"):
        first, second = _listed(client, url.removesuffix("/compare"))[:2]
        return f"{url}?provider={first}&provider={second}"
    if url.endswith("/choose") and "/providers/" not in url:
        line_url = url.removesuffix("/choose")
        return f"{line_url}/providers/{_listed(client, line_url)[0]}/choose"
    return url


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_relative_reads_the_clients_name_never_your(app, client, db, language):
    _acting_for_aino(client, db, language)
    pages = _pages(app, db)
    assert len(pages) >= 12, pages
    wrong, nameless = {}, []
    for url in pages:
        url = _with_providers(client, url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} gave {response.status_code}"
        html = response.get_data(as_text=True)
        if found := owner_words(html, language):
            wrong[url] = found
        if not names_the_client(html):
            nameless.append(f"{url}: {Page(html).h1()!r}")
    assert not wrong, f"pages that address the relative as the owner ({language}): {wrong}"
    assert not nameless, f"pages whose heading or first sentence does not name {AINO}: {nameless}"


def _notices(client, response) -> str:
    """The words of the notices on the page a POST redirects to."""
    assert response.status_code == 303, response.status_code
    page = Page(client.get(response.headers["Location"]).get_data(as_text=True))
    return " ".join(" ".join(notice.get_text(" ").split()) for notice in page.soup.select("main .notice"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_a_relative_reads_after_acting_names_the_client(client, db, language):
    _acting_for_aino(client, db, language)
    aino = _aino(db)
    said = []
    said.append(_notices(client, client.post("/messages", data={
        "csrf_token": client.csrf_token("/messages"), "body": "Voisimmeko puhua lauantaista?"})))
    meals = _line(db, aino, "meals")
    served_by = db.scalar(select(ProviderChoice.provider_id).where(ProviderChoice.plan_line_id == meals.id))
    rating = f"/plan/lines/{meals.id}/providers/{served_by}/rating"
    said.append(_notices(client, client.post(rating, data={"csrf_token": client.csrf_token(rating), "score": "4"})))
    transport = _line(db, aino, "transport")
    choose = _with_providers(client, f"/plan/lines/{transport.id}/choose")
    said.append(_notices(client, client.post(choose, data={"csrf_token": client.csrf_token(choose)})))
    token = client.csrf_token("/plan/proposal")
    said.append(_notices(client, client.post("/plan/proposal", data={
        "csrf_token": token, "decision": "changes", "body": "Enemmän apua iltaisin"})))
    assert all(said), said
    wrong = [found for words in said for found in owner_words(f"<main><p>{words}</p></main>", language)]
    assert not wrong, wrong
    assert AINO in said[0] or language == "fi", said[0]  # "Viesti on lähetetty palveluohjaajalle, jonka kanssa …"
    assert AINO in said[2], said[2]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_names_are_plain_and_match_their_headings(client, db, language):
    _acting_for_aino(client, db, language)
    page = Page(client.get("/transactions").get_data(as_text=True))
    navigation = {href: " ".join(a.get_text(" ").split()) for a in page.soup.select(".main-nav a") for href in [a["href"]]}
    assert navigation["/transactions"] == page.h1()
    assert not {"Yleiskatsaus", "Tapahtumat", "Transaktioner", "Översikt", "Overview", "Transactions"} & set(navigation.values())
    assert navigation["/overview"] in {"fi": "Budjetti", "sv": "Budget", "en": "Budget"}[language]


def test_the_clients_own_pages_keep_you(signed_in_client):
    signed_in_client.use_language("en")
    for url in ("/overview", "/plan", "/transactions", "/messages"):
        html = signed_in_client.get(url).get_data(as_text=True)
        assert owner_words(html, "en"), f"{url} no longer speaks to the client as “you”"
    fi = signed_in_client
    fi.use_language("fi")
    assert "Budjettini" in Page(fi.get("/overview").get_data(as_text=True)).text()


@pytest.mark.parametrize("language, planted", [
    ("en", "<h1>Aino Virtanen</h1><p>At this pace, your budget for this service lasts until 1 May.</p>"),
    ("en", "<h1>Plan</h1><p>At the pace of the last 8 weeks, you use about 17 of your 20 hours.</p>"),
    ("sv", "<h1>Aino Virtanen</h1><p>Din servicehandledare är Maria Lindqvist.</p>"),
    ("fi", "<h1>Aino Virtanen</h1><p>Tällä tahdilla budjettisi riittää toukokuuhun.</p>"),
    ("fi", "<h1>Aino Virtanen</h1><p>Palveluohjaajasi on Maria Lindqvist.</p>"),
    ("fi", "<h1>Aino Virtanen</h1><p>Jos sinulla on omavastuuosuus, maksat sen itse.</p>"),
])
def test_a_planted_your_is_found(language, planted):
    """The check can fail: a page that speaks to the relative as the owner."""
    assert owner_words(f"<html><body><main>{planted}</main></body></html>", language)


def test_the_relatives_own_account_may_say_your():
    allowed = "<main><h1>X</h1><p>Your mandate for Aino Virtanen ends on 1 May. For your security, you will be signed out.</p></main>"
    assert not owner_words(allowed, "en")
    assert not names_the_client("<main><h1>Choose a provider</h1><p>The plan has 20 hours.</p></main>")
