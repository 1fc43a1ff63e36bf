"""axe-core on every easy-language page (selkosuomi, lättläst svenska): the start page (and its error state), and the
overview, the plan, the providers, the mandates and the access log as the client and as a relative acting for her read
them, with JavaScript on and off; none scrolls sideways at 320 px (assert_accessible). No rule is turned off. Easy
language is chosen as a reader chooses it, from the language menu, and it is kept while they sign in."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import Page
from tests.browser.test_timeline_pages import LEND_TIMERS

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv"]
MENU = {"fi": "Selkosuomi", "sv": "Lättläst svenska"}


@pytest.fixture()
def without_javascript(live_server, browser_without_javascript):
    return Page(browser_without_javascript, live_server.url)


def _easy_and_accessible(page: Page, language: str, javascript: bool) -> None:
    assert "easy-reading" in page.find("body").get_attribute("class")
    assert page.find("html").get_attribute("lang") == language
    assert page.find(".language-switch a[aria-current='true']").text == MENU[language]
    if not javascript:
        page.driver.execute_script(LEND_TIMERS)  # axe-core waits on timers, which blocked scripts never run
    page.assert_accessible()


def _choose_easy_language(page: Page, language: str) -> None:
    """From the start page's language menu, as a reader would (a plain link, with or without JavaScript)."""
    page.driver.delete_all_cookies()
    page.open("/sign-in")
    assert page.find(f".language-switch a[href^='/language/{language}/easy']").text == MENU[language]
    page.press(f".language-switch a[href^='/language/{language}/easy']")


def _read_the_easy_pages(page: Page, language: str, javascript: bool) -> None:
    _choose_easy_language(page, language)
    _easy_and_accessible(page, language, javascript)
    page.submit()  # nothing typed: the error state
    assert page.find("[data-error-summary]").is_displayed()
    _easy_and_accessible(page, language, javascript)

    page.sign_in("client")
    assert page.driver.current_url.endswith("/overview")
    _easy_and_accessible(page, language, javascript)
    page.press("main .card__actions a")  # the providers of the first service
    assert page.driver.current_url.endswith("/providers")
    _easy_and_accessible(page, language, javascript)
    for path in ("/plan", "/mandates", "/access-log"):
        page.open(path)
        _easy_and_accessible(page, language, javascript)

    _choose_easy_language(page, language)
    page.sign_in("relative")
    page.driver.find_elements(By.CSS_SELECTOR, "input[name=whom]")[-1].click()  # Aino
    page.submit()
    assert page.find(".acting-for").is_displayed()
    _easy_and_accessible(page, language, javascript)
    page.press("main .card__actions a")
    _easy_and_accessible(page, language, javascript)
    for path in ("/plan", "/access-log", "/my-mandates"):
        page.open(path)
        _easy_and_accessible(page, language, javascript)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_easy_pages_with_javascript(page, language):
    _read_the_easy_pages(page, language, javascript=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_easy_pages_without_javascript(without_javascript, language):
    _read_the_easy_pages(without_javascript, language, javascript=False)
