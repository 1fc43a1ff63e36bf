"""axe-core on the quality pages, in Finnish, Swedish and English, with JavaScript on and off: the provider's form
(with its errors), the county's approval page and its supervision findings (with errors), and the quality
comparison as the client and as a relative acting for her read it, also at 320 px. No rule is turned off."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import Page
from tests.browser.test_decision_pages import _accessible, without_javascript  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
CONTINUITY = {"fi": "Henkilöstön pysyvyys", "sv": "Personalkontinuitet", "en": "Staff continuity"}


def _comparison(page: Page, language: str, javascript: bool) -> None:
    page.open("/overview")
    providers = page.find("main a[href$='/providers']").get_attribute("href")
    page.driver.get(providers)
    chosen = [box.get_attribute("value") for box in page.driver.find_elements(By.CSS_SELECTOR, "input[name=provider]")]
    page.driver.get(providers.removesuffix("/providers") + "/compare?" + "&".join(f"provider={i}" for i in chosen[:3]))
    assert CONTINUITY[language] in page.find("main").text
    _accessible(page, javascript)  # at 1280 px and, sideways, at 320 px
    page.driver.set_window_size(320, 900)
    assert page.find(".compare-list").is_displayed()
    _accessible(page, javascript)
    page.driver.set_window_size(1280, 1024)
    page.driver.get(providers.removesuffix("/providers") + f"/providers/{chosen[0]}")
    _accessible(page, javascript)


def _all_pages(page: Page, language: str, javascript: bool) -> None:
    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("provider")
    page.open("/provider/quality")
    _accessible(page, javascript)
    page.find("#continuity_percent").clear()
    page.find("#continuity_percent").send_keys("120")
    page.find("#complaints-1-received").send_keys("3")
    page.submit()
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "[data-error-summary] li")) == 2
    _accessible(page, javascript)

    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("admin")
    page.open("/admin/quality")
    _accessible(page, javascript)
    page.press("main table tbody th a")
    assert page.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    _accessible(page, javascript)
    page.press("button[value=return]")  # without a message
    assert page.find("[data-error-summary]").is_displayed()
    _accessible(page, javascript)
    page.press("main a[href$='/findings']")
    page.find("#found_on").send_keys("31.2.2026")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    _accessible(page, javascript)

    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("client")
    _comparison(page, language, javascript)

    page.driver.delete_all_cookies()
    page.use_language(language).sign_in("relative")
    page.open("/act-for")
    page.driver.find_elements(By.CSS_SELECTOR, "input[name=whom]")[-1].click()  # Aino
    page.submit()
    assert page.find(".acting-for").is_displayed()
    _comparison(page, language, javascript)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quality_pages_with_javascript(page, language):
    _all_pages(page, language, javascript=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quality_pages_without_javascript(without_javascript, language):
    _all_pages(without_javascript, language, javascript=False)
