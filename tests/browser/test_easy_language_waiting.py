"""axe-core on the easy-language pages of issue 16 (selkosuomi, lättläst svenska) and on what English reads instead:
the overview with a service agreement waiting for Aino's answer and services to confirm, the providers with their
quality facts, the plan, and who sees her data, as Aino and as her relative read them, with JavaScript on and off.
No rule is turned off; none scrolls sideways at 320 px (assert_accessible)."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import Page, live_county
from tests.browser.test_easy_language_pages import MENU, _choose_easy_language, _easy_and_accessible
from tests.browser.test_timeline_pages import LEND_TIMERS
from tests.web.test_easy_language import _line
from tests.web.test_easy_language_waiting import _proposed

pytestmark = pytest.mark.browser


def _waiting(session) -> int:
    _proposed(session)
    return _line(session, "home_care").id


@pytest.fixture(scope="module")
def county(demo_database, tmp_path_factory):
    server, line_id = live_county(demo_database, tmp_path_factory.mktemp("easy-waiting"), _waiting)
    yield server, line_id
    server.stop()


def _accessible(page: Page, language: str, javascript: bool) -> None:
    if language in MENU:
        _easy_and_accessible(page, language, javascript)
        return
    assert page.find("html").get_attribute("lang") == language
    if not javascript:
        page.driver.execute_script(LEND_TIMERS)
    page.assert_accessible()


def _sign_in(page: Page, language: str, who: str) -> None:
    if language in MENU:
        _choose_easy_language(page, language)
    else:
        page.driver.delete_all_cookies()
        page.use_language(language)
    page.sign_in(who)
    if who == "relative":
        page.driver.find_elements(By.CSS_SELECTOR, "input[name=whom]")[-1].click()  # Aino
        page.submit()


def _read_what_waits(page: Page, line_id: int, javascript: bool) -> None:
    for language in ("fi", "sv", "en"):
        _sign_in(page, language, "client")
        assert page.driver.current_url.endswith("/overview")
        assert page.find("main .notice a[href*='/agreement']").is_displayed()
        assert page.find("main .notice a[href*='/services-to-confirm?month=']").is_displayed()
        _accessible(page, language, javascript)
        for path in (f"/plan/lines/{line_id}/providers", "/sharing", "/plan"):
            page.open(path)
            _accessible(page, language, javascript)
        _sign_in(page, language, "relative")
        assert page.find(".acting-for").is_displayed()
        assert page.find("main .notice a[href*='/agreement']").is_displayed()
        _accessible(page, language, javascript)
        page.open("/sharing")
        _accessible(page, language, javascript)


def test_what_waits_with_javascript(browser, county):
    server, line_id = county
    browser.delete_all_cookies()
    _read_what_waits(Page(browser, server.url), line_id, javascript=True)


def test_what_waits_without_javascript(browser_without_javascript, county):
    server, line_id = county
    _read_what_waits(Page(browser_without_javascript, server.url), line_id, javascript=False)
