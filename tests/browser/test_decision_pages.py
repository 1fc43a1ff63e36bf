"""axe-core on the decisions (the list and a decision, read by the client), the "where to turn" page and the county's
contacts with errors, in Finnish, Swedish and English, with JavaScript on and off. No rule is turned off."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import Page
from tests.browser.test_timeline_pages import LEND_TIMERS

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
LISTS = {"fi": "Palveluseteleitäsi koskevat päätökset", "sv": "Beslut om dina servicesedlar",
         "en": "Decisions on your service vouchers"}
WHERE_TO_TURN = {"fi": "Mihin voit ottaa yhteyttä", "sv": "Vart du kan vända dig", "en": "Where to turn"}


@pytest.fixture()
def without_javascript(live_server, browser_without_javascript):
    return Page(browser_without_javascript, live_server.url)


def _accessible(page: Page, javascript: bool) -> None:
    if not javascript:
        page.driver.execute_script(LEND_TIMERS)  # axe-core waits on timers, which blocked scripts never run
    page.assert_accessible()


def _read_and_set(page: Page, language: str, javascript: bool) -> None:
    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("client")
    page.open("/decisions")
    assert page.find("h1").text == LISTS[language]
    _accessible(page, javascript)
    page.press("main table tbody a")
    decision = page.find("article.decision")
    assert decision.get_attribute("lang") == "fi"  # Aino's decisions are in Finnish, whatever the page's language
    assert page.driver.find_elements(By.CSS_SELECTOR, "article.decision table tbody tr")
    _accessible(page, javascript)
    page.press("footer a[href='/where-to-turn']")
    assert page.find("h1").text == WHERE_TO_TURN[language]
    assert "Maria Lindqvist" in page.find("main").text
    _accessible(page, javascript)

    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("casemanager")
    page.open("/case-manager/clients")
    page.press("main a[href^='/case-manager/clients/']")
    page.press("main a[href*='/decisions/']")
    assert page.find("article.decision").get_attribute("lang") in ("fi", "sv")  # the client's language
    _accessible(page, javascript)

    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("admin")
    page.open("/admin/contacts")
    page.find("#registry_email").clear()
    page.find("#registry_email").send_keys("no address")
    page.find("#ombudsman_phone").clear()
    page.find("#ombudsman_phone").send_keys("call me")
    page.submit()
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "[data-error-summary] li")) == 2
    _accessible(page, javascript)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_pages_with_javascript(page, language):
    _read_and_set(page, language, javascript=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_pages_without_javascript(without_javascript, language):
    _read_and_set(without_javascript, language, javascript=False)
