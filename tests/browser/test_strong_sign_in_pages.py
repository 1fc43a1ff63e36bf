"""Strong sign-in in a real browser, against the local OpenID provider (tests/oidc_provider) as a process of its own,
which fetches the portal's keys from its JWKS route: axe-core and the 320-pixel reflow check on the sign-in page with
the strong option, the page for an identity code the portal does not know, the page that signs out of the provider
too, and the page the provider sends the browser back to; in Finnish, Swedish and English, with JavaScript and
without. And once, the whole way: signed in strongly, signed out of both. No rule is turned off."""

import json
from datetime import date

import pytest
from joserfc.jwk import RSAKey
from selenium.webdriver.common.by import By

from portal import demo_data
from portal.db.session import dispose
from portal.domain import identity_codes
from tests.browser.conftest import LiveServer, Page, live_app
from tests.browser.test_feedback_pages import PageWithoutJavaScript
from tests.oidc_provider.process import free_port, running_provider

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
STRANGER = identity_codes.for_tests(date(1950, 1, 1), 998)
SIGNED_OUT = {"fi": "Sinut on kirjattu ulos myös vahvasta tunnistautumisesta.",
              "sv": "Du har också loggats ut från den starka autentiseringen.",
              "en": "You have also been signed out of strong identification."}


@pytest.fixture(scope="module")
def servers(demo_database, tmp_path_factory):
    """The portal, and the provider that sends people back to it."""
    folder = tmp_path_factory.mktemp("strong")
    (folder / "signing.json").write_text(json.dumps(RSAKey.generate_key(2048).as_dict(private=True)))
    port = free_port()
    server = LiveServer(live_app(demo_database, folder, OIDC_ISSUER=f"http://127.0.0.1:{port}",
                                 OIDC_CLIENT_ID="portal-test", OIDC_SIGNING_KEY=str(folder / "signing.json")))
    try:
        with running_provider(folder / "provider.log", f"{server.url}/sign-in/strong/keys",
                              f"{server.url}/sign-in/strong/return", f"{server.url}/signed-out",
                              port=port) as provider:
            yield server, provider
    finally:
        server.stop()
        dispose(server.server.app)


def _identify(page: Page, identity_code: str) -> None:
    """From the portal's sign-in page to the provider's, and back as this test person."""
    page.press("main a[href='/sign-in/strong']")
    page.find("#identity_code").send_keys(identity_code)
    page.press("button[value=identify]")


def _unknown_and_signed_out(page: Page, language: str) -> None:
    page.use_language(language).open("/sign-in")
    page.assert_accessible()
    _identify(page, STRANGER)
    assert page.driver.current_url.startswith(f"{page.base_url}/sign-in/strong/return")
    page.assert_accessible()
    page.press("main form button")  # sign out of the provider too
    assert page.find("main p").text == SIGNED_OUT[language]
    page.assert_accessible()


def test_the_pages_with_javascript_and_the_whole_way(browser, servers):
    server, provider = servers
    browser.delete_all_cookies()
    page = Page(browser, server.url)
    for language in LANGUAGES:
        _unknown_and_signed_out(page, language)
    _identify(page.open("/sign-in"), demo_data.client_identity_code(0))
    assert page.driver.current_url == f"{server.url}/overview"
    assert len(provider.open_sessions()) == 1
    page.press("header form button")  # sign out: ours, then the provider's at once
    assert page.driver.current_url.startswith(f"{server.url}/signed-out?state=")
    assert page.find("main p").text == SIGNED_OUT["en"]
    assert provider.open_sessions() == []


def test_the_pages_without_javascript(browser_without_javascript, servers):
    server, provider = servers
    page = PageWithoutJavaScript(browser_without_javascript, server.url)
    for language in LANGUAGES:
        _unknown_and_signed_out(page, language)
        _identify(page.open("/sign-in"), demo_data.client_identity_code(0))
        page.press("header form button")
        assert page.driver.find_elements(By.CSS_SELECTOR, "main form[data-send-at-once]")  # waits for its button
        page.assert_accessible()
        page.press("main form button")
        assert page.find("main p").text == SIGNED_OUT[language]
    assert provider.open_sessions() == []
