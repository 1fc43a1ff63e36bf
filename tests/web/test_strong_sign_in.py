"""Strong e-identification through OpenID Connect, against a real OpenID provider (tests/oidc_provider) started as
a process of its own. The portal is the Flask test client (every page it serves passes the shared page check); the
provider answers real HTTP: its discovery, keys and token endpoint to the portal, its sign-in and end-session pages
to a requests session that plays the person's browser there."""

import json
import logging
from datetime import date
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import create_app, demo_data
from portal.db.models import Mandate, User, UserSession
from portal.db.session import dispose
from portal.domain import identity_codes
from portal.domain.mandates import MandateSource, MandateStatus
from tests.conftest import IDENTITY_SECRET, SECRET, CheckedClient
from tests.oidc_provider.process import running_provider
from tests.pages import Page
from tests.web.test_fuzz import HOSTILE

PORTAL = "http://localhost"
AINO = demo_data.client_identity_code(0)
MIKKO = demo_data.RELATIVE_IDENTITY_CODE
STRANGER = identity_codes.for_tests(date(1950, 1, 1), 998)  # valid, but nobody in the demo has it


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """The portal's keys: one its client assertions are signed with (a JWK file), one for encrypted ID tokens (PEM)."""
    folder = tmp_path_factory.mktemp("oidc-keys")
    (folder / "signing.json").write_text(json.dumps(RSAKey.generate_key(2048).as_dict(private=True)))
    (folder / "encryption.pem").write_bytes(RSAKey.generate_key(2048).as_pem(private=True))
    return folder


def _provider(keys, tmp_path_factory, name: str, encrypt: bool):
    """A provider that trusts the keys the portal publishes (the fixture `portal` writes them where it reads)."""
    return running_provider(tmp_path_factory.mktemp(name) / "provider.log", str(keys / f"{name}-jwks.json"),
                            f"{PORTAL}/sign-in/strong/return", f"{PORTAL}/signed-out", encrypt=encrypt)


@pytest.fixture(scope="module")
def provider(keys, tmp_path_factory):
    with _provider(keys, tmp_path_factory, "plain", encrypt=False) as running:
        yield running


@pytest.fixture(scope="module")
def encrypting_provider(keys, tmp_path_factory):
    with _provider(keys, tmp_path_factory, "encrypting", encrypt=True) as running:
        yield running


def _portal(database_url, running, keys, name: str, **settings):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "IDENTITY_KEY_SECRET": IDENTITY_SECRET,
                      "DATABASE_URL": database_url, "RATELIMIT_ENABLED": False, "AUTHORIZATION_REGISTER": "fake",
                      "OIDC_ISSUER": running.url, "OIDC_CLIENT_ID": running.client_id,
                      "OIDC_SIGNING_KEY": str(keys / "signing.json"), **settings})
    app.test_client_class = CheckedClient
    (keys / f"{name}-jwks.json").write_text(app.test_client().get("/sign-in/strong/keys").get_data(as_text=True))
    return app


@pytest.fixture()
def portal(database_url, provider, keys):
    app = _portal(database_url, provider, keys, "plain")
    yield app
    dispose(app)


@pytest.fixture()
def client(portal) -> CheckedClient:
    return portal.test_client()


@pytest.fixture()
def db(portal):
    with Session(portal.extensions["db_engine"]) as session:
        yield session


class Browser:
    """The person's browser at the provider: its cookies kept, its redirects looked at one by one."""

    def __init__(self):
        self.http = requests.Session()

    def identify(self, authorize_url: str, identity_code: str | None, action: str = "identify") -> str:
        """Where the provider sends the browser back, after choosing the test person (or cancelling)."""
        answer = self.http.get(authorize_url, allow_redirects=False)
        if answer.status_code == 200:  # its sign-in page; with a session open there, straight back
            form = BeautifulSoup(answer.text, "html.parser").form
            answer = self.http.post(urljoin(authorize_url, form["action"]), allow_redirects=False,
                                    data={"identity_code": identity_code or "", "action": action})
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def send(self, form_page: str) -> requests.Response:
        """Send the page's form to the provider, as pressing its button would."""
        form = BeautifulSoup(form_page, "html.parser").select_one("main form")
        fields = {field["name"]: field["value"] for field in form.find_all("input")}
        return self.http.post(form["action"], data=fields, allow_redirects=False)


def _sign_in(client, browser: Browser, identity_code: str | None, action: str = "identify"):
    start = client.get("/sign-in/strong")
    assert start.status_code == 302
    return client.get(browser.identify(start.headers["Location"], identity_code, action))


def _signed_in(client) -> bool:
    return client.get("/overview").status_code == 200


def _refusal(client, response, words: str) -> None:
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert Page(client.get("/sign-in").get_data(as_text=True)).announces(words)
    assert not _signed_in(client)


def test_the_sign_in_page_offers_strong_identification_first_as_a_plain_link(client):
    client.use_language("en")
    page = Page(client.get("/sign-in").get_data(as_text=True))
    strong = page.link("Sign in with strong identification (online banking codes, mobile certificate or ID card)")
    assert strong["href"] == "/sign-in/strong"
    assert page.headings(2)[:2] == ["Strong identification", "Username and password"]
    assert page.soup.select_one("main").find(["a", "form"]) is strong  # before the password form


def test_without_a_provider_the_demo_keeps_its_passwords_only(app):
    client = app.test_client()
    client.use_language("en")
    assert not Page(client.get("/sign-in").get_data(as_text=True)).has_link(
        "Sign in with strong identification (online banking codes, mobile certificate or ID card)")
    assert client.get("/sign-in/strong").status_code == 404
    assert client.get("/sign-in/strong/keys").status_code == 404
    assert client.sign_in("client").status_code == 303


def test_a_client_signs_in_strongly_with_pkce_state_and_nonce(client, db, provider, caplog):
    caplog.set_level(logging.DEBUG)
    start = client.get("/sign-in/strong")
    asked = parse_qs(urlsplit(start.headers["Location"]).query)
    assert start.headers["Location"].startswith(f"{provider.url}/authorize?")
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) == 43
    assert asked["state"][0] and asked["nonce"][0] and asked["scope"] == ["openid"]
    assert asked["redirect_uri"] == [f"{PORTAL}/sign-in/strong/return"] and asked["ui_locales"] == ["fi"]
    back = Browser().identify(start.headers["Location"], AINO)
    assert client.get(back).headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/overview"
    assert _signed_in(client)

    row = db.scalars(select(UserSession).order_by(UserSession.id.desc())).first()
    assert row.signed_in_with == "oidc" and row.ended_at is None
    assert row.id_token.count(".") == 4  # sealed (a JWE): the table alone does not give the identity code away
    assert AINO not in row.id_token
    assert not [record for record in caplog.records if AINO in record.getMessage()]  # nor the log


def test_a_relative_signs_in_strongly_and_their_register_mandates_are_read_again(portal, client, db):
    register = portal.extensions["mandate_register"]
    register.withdraw(MIKKO, demo_data.REGISTER_PRINCIPAL_CODE, portal.config["SUOMI_FI_ISSUE_CODE"])
    response = _sign_in(client, Browser(), MIKKO)
    assert client.get(response.headers["Location"]).headers["Location"] == "/act-for"
    mikko = db.scalar(select(User).where(User.username == "relative"))
    from_register = db.scalars(select(Mandate.status).where(Mandate.holder_user_id == mikko.id,
                                                            Mandate.source == MandateSource.SUOMI_FI)).all()
    assert from_register == [MandateStatus.REVOKED]  # withdrawn in the register, so ended here too


@pytest.mark.parametrize("fault", ["foreign_key", "wrong_nonce", "expired", "wrong_audience"])
def test_a_faulty_id_token_signs_nobody_in(client, provider, fault):
    client.use_language("en")
    provider.make_next_token(fault)
    _refusal(client, _sign_in(client, Browser(), AINO), "The identification could not be confirmed")


def test_an_unknown_identity_code_gets_a_page_that_says_whom_to_contact(client, db, provider):
    client.use_language("en")
    users = db.scalar(select(func.count(User.id)))
    response = _sign_in(client, Browser(), STRANGER)
    page = Page(response.get_data(as_text=True))
    assert response.status_code == 200
    assert page.h1() == "Your details were not found in the service"
    assert "call your case manager or the advice line" in page.text()
    assert STRANGER not in response.get_data(as_text=True) and STRANGER not in response.request.url
    assert not _signed_in(client)
    assert db.scalar(select(func.count(User.id))) == users
    assert page.button("Sign out of strong identification")


def test_an_identity_code_the_provider_vouches_for_but_nobody_has_is_unknown_too(client, provider):
    client.use_language("sv")
    provider.make_next_token("unknown_person")
    response = _sign_in(client, Browser(), AINO)
    assert Page(response.get_data(as_text=True)).h1() == "Dina uppgifter hittades inte i tjänsten"
    assert not _signed_in(client)


def test_a_forged_state_a_cancelled_identification_and_a_replayed_answer_are_refused(client):
    client.use_language("en")
    back = Browser().identify(client.get("/sign-in/strong").headers["Location"], AINO)
    _refusal(client, client.get(back.replace("state=", "state=x")),
             "The sign-in had expired or was begun in another window")
    _refusal(client, _sign_in(client, Browser(), None, action="cancel"), "The identification was cancelled")
    assert client.get(back).headers["Location"] == "/"  # the real answer still works, once
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/overview")})
    _refusal(client, client.get(back), "The sign-in had expired or was begun in another window")


def test_the_provider_refuses_without_pkce_or_without_the_signed_client_assertion(client, provider, keys):
    browser = Browser()
    asked = parse_qs(urlsplit(client.get("/sign-in/strong").headers["Location"]).query)
    without_pkce = {name: values[0] for name, values in asked.items() if not name.startswith("code_challenge")}
    refused = browser.http.get(f"{provider.url}/authorize", params=without_pkce, allow_redirects=False)
    assert parse_qs(urlsplit(refused.headers["Location"]).query)["error"] == ["invalid_request"]

    back = browser.identify(client.get("/sign-in/strong").headers["Location"], AINO)
    code = parse_qs(urlsplit(back).query)["code"][0]
    token_request = {"grant_type": "authorization_code", "code": code, "redirect_uri": f"{PORTAL}/sign-in/strong/return",
                     "client_id": provider.client_id, "code_verifier": "x" * 50}
    assert requests.post(f"{provider.url}/token", data=token_request).json()["error"] == "invalid_client"
    foreign = RSAKey.generate_key(2048)
    assertion = jwt.encode({"alg": "RS256"}, {"iss": provider.client_id, "sub": provider.client_id, "jti": "j1",
                                              "aud": f"{provider.url}/token", "exp": 4102444800}, foreign)
    with_foreign_key = {**token_request, "client_assertion": assertion,
                        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}
    assert requests.post(f"{provider.url}/token", data=with_foreign_key).json()["error"] == "invalid_client"
    signing = RSAKey.import_key(json.loads((keys / "signing.json").read_text()))
    signing.ensure_kid()
    claims = {"iss": provider.client_id, "sub": provider.client_id, "jti": "j2", "aud": f"{provider.url}/token",
              "exp": 4102444800}
    with_our_key = {**with_foreign_key, "client_assertion": jwt.encode({"alg": "RS256", "kid": signing.kid}, claims,
                                                                       signing)}
    assert requests.post(f"{provider.url}/token", data=with_our_key).json()["error"] == "invalid_grant"  # its PKCE


def test_an_encrypted_id_token_is_opened_with_the_portals_key(database_url, encrypting_provider, keys):
    app = _portal(database_url, encrypting_provider, keys, "encrypting",
                  OIDC_ENCRYPTION_KEY=str(keys / "encryption.pem"))
    try:
        published = app.test_client().get("/sign-in/strong/keys").get_json()["keys"]
        assert sorted(key["use"] for key in published) == ["enc", "sig"] and not any("d" in key for key in published)
        client = app.test_client()
        assert _sign_in(client, Browser(), AINO).headers["Location"] == "/"
        assert _signed_in(client)
    finally:
        dispose(app)


def test_an_unencrypted_id_token_is_refused_where_encryption_is_configured(database_url, provider, keys):
    app = _portal(database_url, provider, keys, "plain", OIDC_ENCRYPTION_KEY=str(keys / "encryption.pem"))
    try:
        client = app.test_client()
        client.use_language("en")
        _refusal(client, _sign_in(client, Browser(), AINO), "The identification could not be confirmed")
    finally:
        dispose(app)


def test_signing_out_ends_the_providers_session_too(client, db, provider):
    client.use_language("en")
    browser = Browser()
    _sign_in(client, browser, AINO)
    (sid,) = [sid for sid in provider.open_sessions() if sid == browser.http.cookies["op_session"]]

    signing_out = client.post("/sign-out", data={"csrf_token": client.csrf_token("/overview")})
    assert signing_out.status_code == 200 and not _signed_in(client)  # ours ended first
    page = Page(signing_out.get_data(as_text=True))
    assert page.h1() == "You have signed out"
    form = page.soup.select_one("main form[data-send-at-once]")
    assert form["method"] == "post" and form["action"] == f"{provider.url}/end-session"
    assert AINO not in signing_out.request.url and "id_token_hint" not in signing_out.headers.get("Location", "")
    assert f"form-action 'self' {provider.url}" in signing_out.headers["Content-Security-Policy"]

    back = browser.send(signing_out.get_data(as_text=True))
    assert back.status_code == 302 and back.headers["Location"].startswith(f"{PORTAL}/signed-out?state=")
    assert sid not in provider.open_sessions()
    returned = Page(client.get(back.headers["Location"]).get_data(as_text=True))
    assert returned.h1() == "You have signed out"
    assert "You have also been signed out of strong identification." in returned.text()
    again = client.get("/sign-in/strong").headers["Location"]
    assert browser.http.get(again, allow_redirects=False).status_code == 200  # its sign-in page, not straight back


def test_the_signed_out_page_without_the_providers_state_does_not_claim_it(client):
    client.use_language("en")
    page = Page(client.get("/signed-out?state=forged").get_data(as_text=True))
    assert page.h1() == "You have signed out"
    assert "Close the browser" in page.text() and "also been signed out" not in page.text()


def test_acting_for_someone_keeps_the_id_token_for_signing_out(client, provider):
    browser = Browser()
    _sign_in(client, browser, MIKKO)
    sid = browser.http.cookies["op_session"]
    choice = Page(client.get("/act-for").get_data(as_text=True)).soup.select("input[name=whom]")[1]["value"]
    assert client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": choice}).status_code == 303
    assert _signed_in(client)  # on Aino's overview, with a new session id
    signing_out = client.post("/sign-out", data={"csrf_token": client.csrf_token("/overview")})
    assert browser.send(signing_out.get_data(as_text=True)).status_code == 302
    assert sid not in provider.open_sessions()


def test_hostile_answers_at_the_return_address_get_a_message_never_a_server_error(client):
    for name in ("code", "state", "error", "error_description"):
        for hostile in HOSTILE:
            assert client.get("/sign-in/strong/return", query_string={name: hostile}).status_code in (302, 400)
    for hostile in HOSTILE:  # with the state of a sign-in this browser began, and a code nobody issued
        state = parse_qs(urlsplit(client.get("/sign-in/strong").headers["Location"]).query)["state"][0]
        answer = client.get("/sign-in/strong/return", query_string={"state": state, "code": hostile})
        assert answer.status_code in (302, 400) and answer.headers.get("Location", "/sign-in") == "/sign-in"
        assert client.get("/signed-out", query_string={"state": hostile}).status_code in (200, 400)
    assert not _signed_in(client)


def test_the_way_there_and_back_is_limited_per_address_like_the_sign_in_form(database_url, provider, keys):
    app = _portal(database_url, provider, keys, "plain", RATELIMIT_ENABLED=True, RATE_LIMIT_SIGN_IN="3 per minute")
    try:
        client = app.test_client()
        for path in ("/sign-in/strong", "/sign-in/strong/return"):
            assert [client.get(path).status_code for _ in range(4)] == [302, 302, 302, 429]
    finally:
        dispose(app)


def test_a_provider_that_does_not_answer_gets_a_clear_message(database_url, keys):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": database_url, "RATELIMIT_ENABLED": False,
                      "OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "portal-test",
                      "OIDC_SIGNING_KEY": str(keys / "signing.json")})
    app.test_client_class = CheckedClient
    try:
        client = app.test_client()
        client.use_language("en")
        _refusal(client, client.get("/sign-in/strong"), "The identification service is not answering just now")
    finally:
        dispose(app)
