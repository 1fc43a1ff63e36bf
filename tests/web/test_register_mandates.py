"""Mandates from Suomi.fi e-Authorizations on the pages: where each mandate came from, in fi, sv and en; a relative
whose only mandate is in the register reaches the client's pages until the register drops it; the client cannot
revoke it in the portal; and the setting that chooses the register."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal import create_app
from portal.db.models import AccessLogEntry, Client, Mandate, User
from portal.db.session import dispose
from portal.demo_data import REGISTER_PRINCIPAL_CODE, RELATIVE_IDENTITY_CODE, register_end
from portal.domain.identity_codes import for_tests
from portal.domain.mandates import MandateSource, RegisterRight
from portal.domain.roles import Role
from portal.services.auth import hash_password
from portal.services.authorizations import FakeRegister, LocalRegister, refresh_from_register
from portal.services.identities import identity_key
from tests.conftest import SECRET
from tests.pages import Page

TODAY = date.today()
SANNA = for_tests(date(1966, 8, 21), 961)
AINO = for_tests(date(1934, 11, 3), 962)
SOURCE = {"fi": "Suomi.fi-valtuus", "sv": "Suomi.fi-fullmakt", "en": "Suomi.fi e-Authorization"}
GIVEN_HERE = {"fi": "Annettu tässä palvelussa", "sv": "Given i den här tjänsten", "en": "Given in this service"}
ON_PAPER = {"fi": "Annettu paperilla", "sv": "Given på papper", "en": "Given on paper"}
WHERE_TO_CHANGE = {"fi": "suomi.fi/valtuudet", "sv": "suomi.fi/fullmakter", "en": "suomi.fi/e-authorizations"}


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _sanna(app, db, register: FakeRegister) -> User:
    """A relative with no mandate in the portal, whom the register lets handle Aino's matters, read at sign-in."""
    _aino(db).identity_key = identity_key(AINO, app.config["IDENTITY_KEY_SECRET"])
    sanna = User(username="sanna", password_hash=hash_password("demo-password"), role=Role.RELATIVE,
                 display_name="Sanna Virtanen")
    db.add(sanna)
    db.flush()
    register.authorize(SANNA, AINO, app.config["SUOMI_FI_ISSUE_CODE"], {RegisterRight.HANDLE}, TODAY + timedelta(days=300))
    _refresh(app, db, sanna, register)
    return sanna


def _refresh(app, db, holder: User, register) -> None:
    """What the strong sign-in does once the person is known."""
    refresh_from_register(db, holder, SANNA, TODAY, register, issue=app.config["SUOMI_FI_ISSUE_CODE"],
                          secret=app.config["IDENTITY_KEY_SECRET"])
    db.commit()


def _signed_in(app, username: str, language: str = "en"):
    client = app.test_client()
    client.use_language(language)
    assert client.sign_in(username).status_code == 303
    return client


def _text(client, path: str) -> str:
    return Page(client.get(path).get_data(as_text=True)).text()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_pages_say_where_each_mandate_came_from(app, db, language):
    _sanna(app, db, FakeRegister())
    mikko, aino, case_manager = (_signed_in(app, username, language) for username in ("relative", "client", "casemanager"))

    chooser = _text(mikko, "/act-for")  # the demo's Mikko: given here, given on paper, and one from the register
    assert SOURCE[language] in chooser and GIVEN_HERE[language] in chooser and ON_PAPER[language] in chooser
    assert SOURCE[language] in _text(mikko, "/my-mandates")

    mandates = Page(aino.get("/mandates").get_data(as_text=True))
    [card] = [card for card in mandates.soup.select(".card") if "Sanna Virtanen" in card.get_text()]
    assert SOURCE[language] in card.get_text() and WHERE_TO_CHANGE[language] in card.get_text()
    assert [a["href"] for a in card.find_all("a")] == [f"https://www.{WHERE_TO_CHANGE[language]}"]  # no revoking here

    assert SOURCE[language] in _text(case_manager, f"/case-manager/clients/{_aino(db).id}/mandates")


def test_a_relative_with_only_a_register_mandate_reaches_the_clients_pages_until_the_register_drops_it(app, client, db):
    register = FakeRegister()
    sanna = _sanna(app, db, register)
    mandate = db.scalar(select(Mandate).where(Mandate.holder_user_id == sanna.id))
    client.use_language("en")

    assert client.sign_in("sanna").headers["Location"].endswith("/act-for")
    token = client.csrf_token("/act-for")
    assert client.post("/act-for", data={"csrf_token": token, "whom": str(mandate.id)}).status_code == 303
    for path in ("/overview", "/plan", "/transactions"):
        assert client.get(path).status_code == 200, path
    assert "Aino" in _text(client, "/overview")

    register.withdraw(SANNA, AINO, app.config["SUOMI_FI_ISSUE_CODE"])
    _refresh(app, db, sanna, register)  # the next strong sign-in: stops at once, even in this session

    response = client.get("/overview")
    assert response.status_code == 403 and "Aino" not in response.get_data(as_text=True)
    assert "Your mandate is no longer valid" in Page(response.get_data(as_text=True)).text()
    db.expire_all()
    assert db.get(Mandate, mandate.id).status == "revoked"
    assert "updated from Suomi.fi e-Authorizations" in _text(_signed_in(app, "client"), "/access-log")


def test_the_client_cannot_revoke_a_register_mandate_in_the_portal(app, client, db):
    sanna = _sanna(app, db, FakeRegister())
    mandate = db.scalar(select(Mandate).where(Mandate.holder_user_id == sanna.id))
    client.use_language("en")
    client.sign_in("client")

    page = Page(client.get(f"/mandates/{mandate.id}/decision").get_data(as_text=True))
    assert not page.soup.find("form", action=f"/mandates/{mandate.id}/decision")
    assert "It can be changed or revoked only there" in page.text()

    token = client.csrf_token("/mandates")
    response = client.post(f"/mandates/{mandate.id}/decision", data={"csrf_token": token, "decision": "revoke"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/mandates")
    assert "You can change or revoke it only there, at suomi.fi/e-authorizations" in _text(client, "/mandates")
    db.expire_all()
    assert db.get(Mandate, mandate.id).status == "active"
    assert not db.scalar(select(AccessLogEntry.id).where(AccessLogEntry.action == "revoke_mandate",
                                                         AccessLogEntry.mandate_id == mandate.id))


def test_the_setting_chooses_the_register_and_the_fake_holds_the_demos_authorization(database_url, db):
    settings = {"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": database_url}
    assert isinstance(create_app(settings).extensions["mandate_register"], LocalRegister)
    app = create_app({**settings, "AUTHORIZATION_REGISTER": "fake"})
    register = app.extensions["mandate_register"]
    [held] = register.mandates_of(RELATIVE_IDENTITY_CODE, app.config["SUOMI_FI_ISSUE_CODE"])
    assert (held.principal_code, held.valid_until) == (REGISTER_PRINCIPAL_CODE, register_end(TODAY))

    # The demo's register mandate is the one this authorization makes: a strong sign-in as Mikko changes nothing.
    mikko = db.scalar(select(User).where(User.username == "relative"))
    demo_mandate = db.scalar(select(Mandate).where(Mandate.holder_user_id == mikko.id,
                                                   Mandate.source == MandateSource.SUOMI_FI))
    demo_mandate.client.identity_key = identity_key(REGISTER_PRINCIPAL_CODE, app.config["IDENTITY_KEY_SECRET"])
    db.commit()
    terms = (demo_mandate.scope, demo_mandate.valid_until, demo_mandate.status)
    refresh_from_register(db, mikko, RELATIVE_IDENTITY_CODE, TODAY, register,
                          issue=app.config["SUOMI_FI_ISSUE_CODE"], secret=app.config["IDENTITY_KEY_SECRET"])
    assert not db.new and not db.dirty
    assert (demo_mandate.scope, demo_mandate.valid_until, demo_mandate.status) == terms
    dispose(app)
