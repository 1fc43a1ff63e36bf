"""axe-core on the timeline of a client plan as the client, a relative acting for the client and the case manager
read it, in Finnish, Swedish and English, with JavaScript and without. No rule is turned off."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import Page

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
HEADINGS = {  # the client's own, and anyone else's, who reads Aino's
    "fi": ("Asiakassuunnitelmasi aikajana", "Asiakassuunnitelman aikajana: Aino Virtanen"),
    "sv": ("Tidslinje för din klientplan", "Tidslinje för klientplanen: Aino Virtanen"),
    "en": ("Timeline of your client plan", "Timeline of Aino Virtanen's client plan"),
}


# With JavaScript blocked, the page's timers never fire and axe-core waits on them: it is lent timers that run as
# promises do (those still run), on the page as the server sent it and no script of the page changed.
LEND_TIMERS = """window.setTimeout = function (run) {
  var given = Array.prototype.slice.call(arguments, 2);
  Promise.resolve().then(function () { run.apply(null, given); });
  return 0;
};"""


def _a_timeline_is_shown(page: Page, heading: str, javascript: bool) -> None:
    assert page.find("h1").text == heading
    steps = page.driver.find_elements(By.CSS_SELECTOR, "main ol.timeline li")
    days = [step.find_element(By.TAG_NAME, "time").get_attribute("datetime") for step in steps]
    assert len(steps) > 5 and days == sorted(days)
    assert page.find("[data-idle-note]").is_displayed() != javascript  # the note says what the script would
    if not javascript:
        page.driver.execute_script(LEND_TIMERS)
    page.assert_accessible()


def _read_the_timelines(page: Page, language: str, javascript: bool = True) -> None:
    own, others = HEADINGS[language]
    page.use_language(language).sign_in("client")
    page.press(".main-nav a[href='/plan/timeline']")
    _a_timeline_is_shown(page, own, javascript)

    page.sign_out()
    page.use_language(language).sign_in("relative")
    aino = next(label for label in page.driver.find_elements(By.CSS_SELECTOR, "label") if "Aino" in label.text)
    aino.click()
    page.submit()
    page.press(".main-nav a[href='/plan/timeline']")
    assert page.find(".acting-for").is_displayed()
    _a_timeline_is_shown(page, others, javascript)

    page.sign_out()
    page.use_language(language).sign_in("casemanager")
    page.open("/case-manager/clients")
    page.find("#q").send_keys("A0000001")
    page.submit()
    page.press("tbody th a")
    page.press("main a[href$='/timeline']")
    _a_timeline_is_shown(page, others, javascript)
    page.press("a.back-link")
    assert page.find("h1").text == "Aino Virtanen"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_timelines_with_javascript(page, language):
    _read_the_timelines(page, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_timelines_without_javascript(browser_without_javascript, live_server, language):
    _read_the_timelines(Page(browser_without_javascript, live_server.url), language, javascript=False)
