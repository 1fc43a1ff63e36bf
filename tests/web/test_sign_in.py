import time

import pytest

from portal.web.sessions import LAST_SEEN


def test_the_sign_in_page_explains_the_service(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "<h1>Kirjaudu sisään</h1>" in page or "<h1>Sign in</h1>" in page
    assert 'autocomplete="current-password"' in page


def test_a_client_signs_in_to_their_overview(client):
    response = client.sign_in("client")
    assert response.status_code == 303
    assert response.headers["Location"] == "/overview"
    assert client.get("/overview").status_code == 200


def test_signing_in_returns_to_the_page_asked_for(client):
    assert client.get("/plan").headers["Location"].startswith("/sign-in?next=")
    response = client.sign_in("client", next_path="/plan")
    assert response.headers["Location"] == "/plan"


def test_signing_in_never_sends_to_another_site(client):
    response = client.sign_in("client", next_path="//evil.example/")
    assert response.headers["Location"] == "/overview"


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(client):
    client.use_language("en")
    wrong_password = client.sign_in("client", "not-the-password")
    unknown_user = client.sign_in("nobody", "not-the-password")
    for response in (wrong_password, unknown_user):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "The username or password is wrong" in page
        assert "<title>Error: Sign in – Personal budget</title>" in page
        assert 'href="#username"' in page
        assert 'aria-describedby="username-error"' in page
    assert client.get("/overview").status_code == 302


def test_empty_fields_are_named_in_the_error_summary(client):
    client.use_language("en")
    token = client.csrf_token("/sign-in")
    page = client.post("/sign-in", data={"csrf_token": token}).get_data(as_text=True)
    assert "Enter your username" in page and "Enter your password" in page
    assert 'href="#password"' in page


def test_a_post_without_the_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"username": "client", "password": "demo-password"})
    assert response.status_code == 400
    assert client.get("/overview").status_code == 302


def test_repeated_failures_lock_the_account_for_a_while(client):
    client.use_language("en")
    for _ in range(5):
        client.sign_in("client", "wrong")
    page = client.sign_in("client").get_data(as_text=True)
    assert "Too many failed attempts" in page
    assert client.get("/overview").status_code == 302


def test_repeated_failures_from_one_address_lock_that_address(client):
    client.use_language("en")
    for number in range(5):
        client.sign_in(f"guess{number}", "wrong")
    page = client.sign_in("relative").get_data(as_text=True)
    assert "Too many failed attempts" in page


def test_the_session_cookie_is_httponly_lax_and_renewed_on_sign_in(client):
    client.get("/sign-in")
    before = client.get_cookie("session")
    response = client.sign_in("client")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get_cookie("session").value != (before.value if before else None)


def test_the_session_cookie_is_secure_outside_development(app):
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_signing_out_ends_the_session(signed_in_client):
    token = signed_in_client.csrf_token("/overview")
    response = signed_in_client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert signed_in_client.get("/overview").status_code == 302


def test_an_idle_session_is_signed_out_with_a_reason(app, signed_in_client):
    signed_in_client.use_language("en")
    with signed_in_client.session_transaction() as session:
        session[LAST_SEEN] = time.time() - app.config["IDLE_TIMEOUT"].total_seconds() - 1
    response = signed_in_client.get("/overview")
    assert response.status_code == 303
    page = signed_in_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out because you had not done anything" in page
    assert signed_in_client.get("/overview").status_code == 302


def test_staying_signed_in_renews_the_session(signed_in_client):
    with signed_in_client.session_transaction() as session:
        session[LAST_SEEN] = time.time() - 60
    token = signed_in_client.csrf_token("/overview")
    assert signed_in_client.post("/session/extend", headers={"X-CSRFToken": token}).status_code == 204
    with signed_in_client.session_transaction() as session:
        assert time.time() - session[LAST_SEEN] < 5


def test_without_javascript_the_timeout_is_stated_on_the_page(signed_in_client):
    signed_in_client.use_language("en")
    page = signed_in_client.get("/overview").get_data(as_text=True)
    assert "you will be signed out after 20 minutes without activity" in page


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
