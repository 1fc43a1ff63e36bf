"""Share only what is needed, with consent (issue 16, item 2): the access matrix of a provider before the client's
agreement with it, while it runs and after it ended, over every page and fragment of the provider's; and the client's
page of what each provider sees."""

from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from portal.builders import (a_choice, a_client, a_county, a_mandate, a_provider, a_rating, an_accepted_plan,
                             an_account, an_agreement, services_recorded, the_line)
from portal.db.models import AccessLogEntry, Mandate, ProviderRating, ServiceAgreement, ServiceEvent
from portal.domain.agreements import AgreementStatus
from portal.domain.providers import ChoiceStatus
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from tests.pages import Page
from tests.pdfs import pdf_text
from tests.web.test_whose_words import names_the_client, owner_words

TODAY = date.today()
SERVED = TODAY - timedelta(days=5)  # a service recorded while the agreement ran
GOAL = "Ulla haluaa hoitaa puutarhaansa itse"
STATES = ["before, waiting for an answer", "before, terms proposed", "during", "during, notice given",
          "after, choice still in force", "after, choice ended"]



@pytest.fixture()
def database_url(empty_database_url):
    """The story is the whole county: an empty database, without the demo county."""
    return empty_database_url


def _story(db, state: str) -> dict:
    """Ulla Uniikki chose Sharing Oy for home care in one of the states; Other Oy has her choice for home help
    waiting for its answer, and never sees more than that."""
    county = a_county(db, name=("Jakamisen hyvinvointialue", "Delningens välfärdsområde"),
                      municipalities=[("Jakola", "Delby")], case_managers=[("Pia Ohjaaja", "040 000 0000", "pia@example.fi")])
    sharer = a_provider(db, county, "Sharing Oy", {ServiceKind.HOME_CARE: 5200, ServiceKind.HOME_HELP: 4000})
    other = a_provider(db, county, "Other Oy", {ServiceKind.HOME_HELP: 3900})
    ulla = a_client(db, county, "Ulla", "Uniikki")
    start = TODAY - timedelta(days=40)
    plan = an_accepted_plan(db, ulla, {ServiceKind.HOME_CARE: 20, ServiceKind.HOME_HELP: 4}, start, goals=[GOAL])
    line = the_line(plan, ServiceKind.HOME_CARE)
    ended = TODAY - timedelta(days=3)
    if state.startswith("before"):
        waiting = state.endswith("answer")
        choice = a_choice(db, line, sharer, start, status=ChoiceStatus.PENDING if waiting else ChoiceStatus.ACCEPTED,
                          agreed=False)
        if not waiting:
            an_agreement(db, choice, status=AgreementStatus.PROPOSED)
    else:
        choice = a_choice(db, line, sharer, start, valid_to=ended if state.endswith("ended") else None, agreed=False)
        an_agreement(db, choice, ends_on=ended if state.startswith("after") else
                     TODAY + timedelta(days=30) if "notice" in state else None)
        services_recorded(db, choice, [(SERVED, 2)], today=SERVED + timedelta(days=1))
        a_rating(db, ulla, line, sharer, 4, "Hyvää palvelua.", today=TODAY)
    a_choice(db, the_line(plan, ServiceKind.HOME_HELP), other, start, status=ChoiceStatus.PENDING)
    an_account(db, Role.PROVIDER, "sharer", provider=sharer)
    an_account(db, Role.PROVIDER, "other", provider=other)
    an_account(db, Role.CLIENT, "ulla", client=ulla)
    a_mandate(db, ulla, an_account(db, Role.RELATIVE, "ullas_son", "Urho Uniikki"), TODAY + timedelta(days=90))
    db.commit()
    return {"client": ulla, "choice": choice, "line": line, "rating_id": db.scalar(select(ProviderRating.id)) or 0,
            "agreement": db.scalar(select(ServiceAgreement).where(ServiceAgreement.choice_id == choice.id))}


def _personal(ulla) -> list[str]:
    """What a provider may see only while the client's agreement with it runs."""
    return [ulla.first_name, ulla.last_name, ulla.street_address, GOAL]


def _examples(story: dict) -> dict:
    """A value for every URL parameter of a provider's page about the client."""
    month = SERVED.replace(day=1)
    return {"choice_id": story["choice"].id, "agreement_id": story["agreement"].id if story["agreement"] else 0,
            "year": month.year, "month": month.month, "rating_id": story["rating_id"]}


def _provider_pages(app, examples: dict) -> list[str]:
    """Every page of the provider blueprint that a GET reads, its parameters filled in: new pages join by themselves."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("provider.") or "GET" not in rule.methods:
                continue
            missing = set(rule.arguments) - set(examples)
            assert not missing, f"{rule.rule}: add an example for {missing} to the sharing matrix"
            urls.append(url_for(rule.endpoint, **{name: examples[name] for name in rule.arguments}))
    month = f"{SERVED:%Y-%m}"
    return urls + ["/provider/clients?status=pending", "/provider/clients?status=accepted",
                   f"/provider/services?month={month}&show=credits", f"/provider/services?month={month}"]


def _bodies(client, urls: list[str]) -> dict[str, str]:
    """Each page that answers (a PDF's words), and its htmx fragment when it has one."""
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            found[url] = pdf_text(response) if response.mimetype == "application/pdf" else response.get_data(as_text=True)
        if "HX-Request" in response.headers.get("Vary", ""):
            found[f"{url} (fragment)"] = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    return found


def _event_id(db, story) -> int:
    return db.scalar(select(ServiceEvent.id).where(ServiceEvent.plan_line_id == story["line"].id)) or 0


@pytest.mark.parametrize("state", STATES)
def test_a_provider_sees_the_name_address_and_goals_only_while_the_agreement_runs(app, client, db, state):
    story = _story(db, state)
    ulla = story["client"]
    examples = {**_examples(story), "event_id": _event_id(db, story)}
    client.use_language("en")
    client.sign_in("sharer")
    bodies = _bodies(client, _provider_pages(app, examples))
    assert any("/provider/clients" in url for url in bodies)
    shown = {url: [word for word in _personal(ulla) if word in body] for url, body in bodies.items()}
    if state.startswith("during"):
        listed = Page(client.get("/provider/clients?status=accepted").get_data(as_text=True)).text()
        assert all(word in listed for word in _personal(ulla)), listed
        recording = client.get(f"/provider/clients/{story['choice'].id}/record").get_data(as_text=True)
        assert all(word in recording for word in _personal(ulla))
        services = client.get(f"/provider/services?month={SERVED:%Y-%m}").get_data(as_text=True)
        assert ulla.last_name in services
    else:
        assert not any(shown.values()), f"shown {state}: {shown}"
        listed = client.get("/provider/clients?status=" + ("pending" if state.endswith("answer") else "accepted"))
        if not state.endswith("ended"):
            assert f"Client, choice no. {story['choice'].id}" in Page(listed.get_data(as_text=True)).text()
        if state.startswith("after"):
            services = Page(client.get(f"/provider/services?month={SERVED:%Y-%m}").get_data(as_text=True)).text()
            assert f"Client number {ulla.client_number}" in services  # as the settlement names the client
    # Reading the list is logged for the client as before (once the choice ended, she is no longer on it).
    listed_log = db.scalar(select(AccessLogEntry).where(AccessLogEntry.client_id == ulla.id,
                                                        AccessLogEntry.action == "view_client_list"))
    assert (listed_log is None) == state.endswith("choice ended")

    other = app.test_client()
    other.use_language("en")
    other.sign_in("other")
    others = _bodies(other, _provider_pages(app, examples))
    assert others and not {url: body for url, body in others.items() if any(w in body for w in _personal(ulla))}
    assert "Client, choice no." in Page(other.get("/provider/clients?status=pending").get_data(as_text=True)).text()


SENTENCES = {
    "before, waiting for an answer": "Sharing Oy sees only the service, how much of it, {your} municipality and language",
    "during": "Sharing Oy sees {your_name} name, address and plan goals while {the} agreement runs.",
    "during, notice given": "Sharing Oy sees {your_name} name, address and plan goals while {the} agreement runs, until",
    "after, choice ended": "Sharing Oy no longer sees {details}. It keeps the services it recorded",
}


@pytest.mark.parametrize("state", list(SENTENCES))
def test_the_client_and_a_relative_read_what_each_provider_sees(app, client, db, state):
    story = _story(db, state)
    client.use_language("en")
    client.sign_in("ulla")
    overview = Page(client.get("/overview").get_data(as_text=True))
    assert "/sharing" in [href for _text, href in overview.links()]
    page = Page(client.get("/sharing").get_data(as_text=True))
    words = {"your": "your", "your_name": "your", "the": "your", "details": "your details"}
    assert SENTENCES[state].format(**words) in page.text(), page.text()
    assert "Other Oy sees only the service" in page.text()
    assert "/access-log" in [href for _text, href in page.links()]
    log = Page(client.get("/access-log").get_data(as_text=True))
    assert "/sharing" in [href for _text, href in log.links()]

    relative = app.test_client()
    relative.use_language("en")
    relative.sign_in("ullas_son")
    mandate = db.scalar(select(Mandate.id).where(Mandate.client_id == story["client"].id))
    assert relative.post("/act-for", data={"csrf_token": relative.csrf_token("/act-for"),
                                           "whom": str(mandate)}).status_code == 303
    before = db.scalar(select(AccessLogEntry.id).order_by(AccessLogEntry.id.desc()).limit(1))
    page = Page(relative.get("/sharing").get_data(as_text=True))
    text = page.text()
    name = "of Ulla Uniikki"
    words = {"your": "and the", "your_name": "the", "the": "the", "details": "the details of Ulla Uniikki"}
    expected = SENTENCES[state].format(**words)
    if state.startswith("during"):
        expected = expected.replace("plan goals", f"plan goals {name}")
    assert expected in text, text
    assert " your " not in " " + " ".join(page.soup.find("main").get_text(" ").lower().split()) + " "
    db.expire_all()
    assert [entry.action for entry in db.scalars(select(AccessLogEntry).where(AccessLogEntry.id > before))] == [
        "view_sharing"]
    for language in ("fi", "sv"):  # and in the other languages, the relative reads Ulla's, never "your"
        relative.use_language(language)
        html = relative.get("/sharing").get_data(as_text=True)
        assert owner_words(html, language) == [] and names_the_client(html, "Ulla Uniikki"), language
