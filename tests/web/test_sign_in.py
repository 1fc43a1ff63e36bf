import os
import stat
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from portal import config
from portal.db.session import make_engine
from portal.demo_data import PASSWORD
from tests.pages import Page


class Clock:
    """A clock the test moves forward."""

    def __init__(self):
        self.moment = datetime.now(UTC)

    def advance(self, **delta):
        self.moment += timedelta(**delta)

    def __call__(self):
        return self.moment


def test_the_sign_in_page_explains_the_service(client):
    page = Page(client.get("/sign-in").get_data(as_text=True))
    assert page.h1() in ("Kirjaudu sisään", "Sign in")
    assert page.soup.select_one("input[type=password]")["autocomplete"] == "current-password"


def test_a_client_signs_in_to_their_overview(client):
    response = client.sign_in("client")
    assert response.status_code == 303
    assert response.headers["Location"] == "/overview"
    assert client.get("/overview").status_code == 200


def test_signing_in_returns_to_the_page_asked_for(client):
    assert client.get("/plan").headers["Location"].startswith("/sign-in?next=")
    response = client.sign_in("client", next_path="/plan")
    assert response.headers["Location"] == "/plan"


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(client):
    client.use_language("en")
    wrong_password = client.sign_in("client", "not-the-password")
    unknown_user = client.sign_in("nobody", "not-the-password")
    for response in (wrong_password, unknown_user):
        page = Page(response.get_data(as_text=True))
        assert response.status_code == 200
        assert [words for words, _target in page.error_summary()] == ["The username or password is wrong. Check them and try again."]
        assert page.title() == "Error: Sign in – Personal budget"
        assert [target for _words, target in page.error_summary()] == ["#username"]
        assert "username-error" in page.field("Username")["aria-describedby"].split()
    assert client.get("/overview").status_code == 302


def test_empty_fields_are_named_in_the_error_summary(client):
    client.use_language("en")
    token = client.csrf_token("/sign-in")
    page = Page(client.post("/sign-in", data={"csrf_token": token}).get_data(as_text=True))
    errors = [words for words, _target in page.error_summary()]
    assert any("Enter your username" in words for words in errors) and any("Enter your password" in words for words in errors)
    assert "#password" in [target for _words, target in page.error_summary()]


def test_a_post_without_the_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"username": "client", "password": "demo-password"})
    assert response.status_code == 400
    assert client.get("/overview").status_code == 302


def test_failures_make_the_next_try_wait_longer_and_longer_never_a_lock(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.use_language("en")
    for _ in range(3):
        assert Page(client.sign_in("client", "wrong").get_data(as_text=True)).announces("The username or password is wrong")
    page = Page(client.sign_in("client").get_data(as_text=True))
    assert page.announces("Too many failed attempts") and page.announces("you can try again at")
    clock.advance(seconds=6)  # the first wait is 5 seconds
    assert client.sign_in("client").status_code == 303


def test_guesses_from_elsewhere_do_not_keep_the_real_user_out(app):
    app.config["CLOCK"] = Clock()
    attacker, user = app.test_client(), app.test_client()
    attacker.use_language("en")
    for _ in range(8):
        attacker.sign_in("client", "wrong", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    refused = attacker.sign_in("client", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert Page(refused.get_data(as_text=True)).announces("Too many failed attempts")
    assert user.sign_in("client", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 303


def test_many_accounts_guessed_from_one_address_make_that_address_wait(app, client):
    app.config["CLOCK"] = Clock()
    client.use_language("en")
    for number in range(20):
        client.sign_in(f"guess{number}", "wrong")
    assert Page(client.sign_in("relative").get_data(as_text=True)).announces("Too many failed attempts")


def test_sign_in_the_application_and_feedback_are_limited_per_address(app):
    app.config.update(RATELIMIT_ENABLED=True, RATE_LIMIT_SIGN_IN="3 per minute", RATE_LIMIT_APPLICATION="2 per minute",
                      RATE_LIMIT_FEEDBACK="2 per minute")
    from portal.web.limits import limiter

    limiter.init_app(app)
    client = app.test_client()
    client.use_language("en")
    statuses = [client.sign_in(f"someone{n}", "wrong").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert app.test_client().sign_in("client", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 303
    token = client.csrf_token("/provider/apply")
    applied = [client.post("/provider/apply", data={"csrf_token": token}).status_code for _ in range(3)]
    assert applied[-1] == 429 and 429 not in applied[:2]
    token = client.csrf_token("/feedback")
    given = [client.post(path, data={"csrf_token": token, "kind": "other", "message": "Hyvä palvelu"}).status_code
             for path in ("/feedback", "/feedback", "/feedback")]
    assert given[-1] == 429 and 429 not in given[:2]


def test_the_session_cookie_is_a_host_cookie_httponly_lax_and_renewed_on_sign_in(app, client):
    name = app.config["SESSION_COOKIE_NAME"]
    assert name == "__Host-session"
    client.get("/sign-in")
    before = client.get_cookie(name)
    response = client.sign_in("client")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(name))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert client.get_cookie(name).value != (before.value if before else None)


def test_https_is_required_outside_development(app, client):
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert client.get("/sign-in").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_secret_key_and_the_database_file_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    previous = os.umask(0o022)
    try:
        key = config.from_environment(tmp_path / "instance")["SECRET_KEY"]
        database = tmp_path / "instance" / "portal.sqlite3"
        with make_engine(f"sqlite:///{database}").connect() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "instance" / "secret-key").stat().st_mode) == 0o600
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert config.from_environment(tmp_path / "instance")["SECRET_KEY"] == key and len(key) == 64


def _copy_of_cookie(app, client):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _replay(app, cookie):
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return thief.get("/overview")


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, signed_in_client):
    copied = _copy_of_cookie(app, signed_in_client)
    assert _replay(app, copied).status_code == 200  # the copy works while the session lasts
    token = signed_in_client.csrf_token("/overview")
    response = signed_in_client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert signed_in_client.get("/overview").status_code == 302
    assert _replay(app, copied).status_code == 302


def test_an_idle_session_is_signed_out_with_a_reason(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.use_language("en")
    client.sign_in("client")
    clock.advance(minutes=21)
    response = client.get("/overview")
    assert response.status_code == 303
    page = Page(client.get(response.headers["Location"]).get_data(as_text=True))
    assert page.announces("signed out because you had not done anything")
    assert client.get("/overview").status_code == 302


def test_polling_in_the_background_does_not_keep_a_session_alive(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.sign_in("client")
    for _ in range(3):
        clock.advance(minutes=6)
        poll = client.get("/messages", headers={"HX-Request": "true", "X-Background-Request": "1"})
        assert poll.status_code == 200
    clock.advance(minutes=3)  # 21 minutes since the user last did anything
    assert client.get("/overview").status_code == 303


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.use_language("en")
    client.sign_in("client")
    for _ in range(71):
        clock.advance(minutes=10)
        assert client.get("/overview").status_code == 200
    clock.advance(minutes=11)
    response = client.get("/overview")
    assert response.status_code == 303
    assert Page(client.get(response.headers["Location"]).get_data(as_text=True)).announces("signed in for 12 hours")


def test_pages_within_a_minute_do_not_renew_and_each_says_how_long_is_left(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.sign_in("client")
    clock.advance(seconds=30)
    response = client.get("/plan")
    assert response.headers["X-Idle-Seconds-Left"] == str(20 * 60 - 30)  # counted from the sign-in
    warning = Page(response.get_data(as_text=True)).soup.select_one("dialog[data-idle-warning]")
    assert warning["data-idle-seconds-left"] == "1170"
    clock.advance(minutes=19, seconds=30)  # 20 minutes after the last renewal
    assert client.get("/overview").status_code == 200  # the limit itself is still inside it
    assert client.get("/overview").headers["X-Idle-Seconds-Left"] == str(20 * 60)  # renewed


def test_a_session_ends_when_the_page_was_told_even_after_a_request_that_did_not_renew(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.sign_in("client")
    clock.advance(seconds=30)
    left = int(client.get("/plan").headers["X-Idle-Seconds-Left"])
    clock.advance(seconds=left + 1)
    assert client.get("/overview").status_code == 303


def test_staying_signed_in_renews_the_session(app, client):
    clock = Clock()
    app.config["CLOCK"] = clock
    client.sign_in("client")
    clock.advance(minutes=19)
    token = client.csrf_token("/overview")  # itself activity; the button is what JavaScript sends
    clock.advance(minutes=19)
    assert client.post("/session/extend", headers={"X-CSRFToken": token}).status_code == 204
    clock.advance(minutes=19)
    assert client.get("/overview").status_code == 200


def test_acting_for_someone_renews_the_session_id(app, client, db):
    client.sign_in("relative")
    before = _copy_of_cookie(app, client)
    page = Page(client.get("/act-for").get_data(as_text=True))
    (mandate, *_others) = [box["value"] for box in page.soup.select("input[type=radio][name=whom]") if box["value"].isdigit()]
    assert client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": mandate}).status_code == 303
    assert _copy_of_cookie(app, client) != before
    assert _replay(app, before).status_code == 302
    assert client.get("/overview").status_code == 200


def test_changing_the_password_ends_every_other_session(app, client):
    client.use_language("en")
    other = app.test_client()
    other.use_language("en")
    client.sign_in("client")
    other.sign_in("client")
    url = "/account/password"
    for data, message in [({"current": "wrong", "new": "a-new-long-password", "repeated": "a-new-long-password"}, "is wrong"),
                          ({"current": PASSWORD, "new": "short", "repeated": "short"}, "at least 12 characters"),
                          ({"current": PASSWORD, "new": "a-new-long-password", "repeated": "another-one-here"}, "not the same")]:
        page = Page(client.post(url, data={"csrf_token": client.csrf_token(url), **data}).get_data(as_text=True))
        assert any(message in words for words, _target in page.error_summary()) and page.title().startswith("Error: ")
    response = client.post(url, data={"csrf_token": client.csrf_token(url), "current": PASSWORD,
                                      "new": "a-new-long-password", "repeated": "a-new-long-password"})
    assert response.status_code == 303
    assert client.get("/overview").status_code == 200  # this one goes on
    ended = other.get("/overview")
    assert ended.status_code == 303
    assert Page(other.get(ended.headers["Location"]).get_data(as_text=True)).announces("password was changed")
    assert app.test_client().sign_in("client").status_code == 200  # the old password no longer works
    assert app.test_client().sign_in("client", "a-new-long-password").status_code == 303


def test_the_county_ends_all_sessions_of_a_user(app, client, db):
    client.use_language("en")
    victim = app.test_client()
    victim.sign_in("provider")
    client.sign_in("admin")
    found = client.post("/admin/users", data={"csrf_token": client.csrf_token("/admin/users"), "username": "provider"})
    assert found.status_code == 303 and "provider" not in found.headers["Location"]
    page = Page(client.get(found.headers["Location"]).get_data(as_text=True))
    assert "Open sessions" in page.summary()
    user_id = found.headers["Location"].rsplit("/", 1)[-1]
    response = client.post(f"/admin/users/{user_id}/end-sessions", data={"csrf_token": client.csrf_token(found.headers["Location"])})
    assert response.status_code == 303
    assert Page(client.get(response.headers["Location"]).get_data(as_text=True)).announces("1 session was ended")
    assert victim.get("/provider/clients").status_code == 303
    missing = client.post("/admin/users", data={"csrf_token": client.csrf_token("/admin/users"), "username": "nobody"})
    assert Page(missing.get_data(as_text=True)).announces("No user has this username")


@pytest.mark.parametrize("target", [
    "//evil.example/", "/%09/evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil.example",
    "/%252F%252Fevil.example", "/%5Cevil.example", "/plan\r\nSet-Cookie: x=1", "/plan%0d%0aSet-Cookie:%20x=1",
    "javascript:alert(1)", "/" + "a" * 3000,
])
def test_signing_in_never_sends_to_another_site(client, target):
    response = client.sign_in("client", next_path=quote(target, safe="/%:"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/overview"


def test_a_language_change_keeps_to_the_site(client):
    for target in ("//evil.example", "/%09/evil.example", "https://evil.example"):
        response = client.get(f"/language/en?next={quote(target, safe='')}")
        assert response.status_code == 303 and response.headers["Location"] == "/"


def test_without_javascript_the_timeout_is_stated_on_the_page(signed_in_client):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/overview").get_data(as_text=True))
    assert "you will be signed out after 20 minutes without activity" in page.text()


@pytest.mark.parametrize(
    ("username", "landing"),
    [("casemanager", "/case-manager/clients"), ("provider", "/provider/clients"), ("admin", "/admin/overview")],
)
def test_other_roles_sign_in_to_a_page_of_their_own(client, username, landing):
    response = client.sign_in(username)
    assert response.headers["Location"] == landing
    assert client.get(landing).status_code == 200
    assert client.get("/overview").status_code == 403


def test_a_holder_of_mandates_is_asked_whom_they_act_for(client):
    response = client.sign_in("relative", next_path="/overview")
    assert response.headers["Location"] == "/overview"
    assert client.get("/overview").headers["Location"] == "/act-for"
