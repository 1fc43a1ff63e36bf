import re
from pathlib import Path

import pytest

from tests.pages import Page

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("language", "heading"), [("fi", "Kirjaudu sisään"), ("sv", "Logga in"), ("en", "Sign in")])
def test_the_language_switch_is_remembered(client, language, heading):
    response = client.get(f"/language/{language}?next=%2Fsign-in")
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    assert f"lang={language}" in response.headers["Set-Cookie"]
    client.language = language
    page = Page(client.get("/sign-in").get_data(as_text=True))
    assert page.h1() == heading
    assert [link.get("lang") for link in page.soup.select('a[aria-current="true"]')] == [language]


def test_the_browser_language_is_used_until_one_is_chosen(client):
    client.language = "sv"
    page = Page(client.get("/sign-in", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).get_data(as_text=True))
    assert page.h1() == "Logga in"


def test_the_language_switch_never_leads_to_another_site(client):
    assert client.get("/language/sv?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/language/sv?next=//evil.example/").headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/language/de").status_code == 404


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_accessibility_statement_and_feedback_in_every_language(client, language):
    client.use_language(language)
    page = Page(client.get("/accessibility").get_data(as_text=True))
    assert "/accessibility/feedback" in [href for _name, href in page.links()]
    assert page.link("saavutettavuusvaatimukset.fi")["href"] == "https://www.saavutettavuusvaatimukset.fi"


def test_the_statements_have_the_same_structure():
    shapes = {}
    for language in ("fi", "sv", "en"):
        text = (ROOT / "accessibility" / f"statement.{language}.md").read_text()
        assert not re.search(r"^# ", text, re.MULTILINE), "the page has its own h1"
        shapes[language] = re.findall(r"^(#+) ", text, re.MULTILINE)
    assert shapes["fi"] == shapes["sv"] == shapes["en"]


def test_feedback_is_received_and_confirmed(client):
    client.use_language("en")
    token = client.csrf_token("/accessibility/feedback")
    response = client.post(
        "/accessibility/feedback",
        data={"csrf_token": token, "kind": "accessibility", "message": "The table is hard to read.", "page": "",
              "reply_to": ""},
    )
    assert response.status_code == 303
    assert Page(client.get(response.headers["Location"]).get_data(as_text=True)).h1() == "Thank you for your feedback"


def test_feedback_errors_keep_what_the_user_wrote(client):
    client.use_language("en")
    token = client.csrf_token("/accessibility/feedback")
    page = Page(client.post(
        "/accessibility/feedback",
        data={"csrf_token": token, "message": "", "page": "Plan page", "reply_to": "not-an-email"},
    ).get_data(as_text=True))
    assert page.title().startswith("Error: Give feedback on accessibility")
    assert page.h1() == "Give feedback on accessibility"
    errors = [words for words, _target in page.error_summary()]
    assert any("Write your feedback" in words for words in errors)
    assert any("Enter an email address in the correct format" in words for words in errors)
    assert page.field("Page")["value"] == "Plan page" and page.field("Email")["value"] == "not-an-email"
