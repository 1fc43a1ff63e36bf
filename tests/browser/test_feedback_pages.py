"""axe-core and the 320-pixel reflow check on feedback: the form (any feedback, and feedback on accessibility)
with its error state and its thanks, the county's inbox with its filters, and one feedback's page with its
error state and once answered; in Finnish, Swedish and English, with JavaScript and without. No rule is
turned off."""

import pytest
from selenium.webdriver.common.by import By

from portal.db.session import dispose
from tests.browser.conftest import LiveServer, Page, live_app

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
# With JavaScript off a page runs no timers, and axe waits on them: axe's own timers run as promise callbacks
# (which still run), while the page's scripts stay off.
TIMERS_FOR_AXE = """
window.setTimeout = function (run) { var rest = Array.prototype.slice.call(arguments, 2);
  Promise.resolve().then(function () { run.apply(null, rest); }); return 0; };
window.clearTimeout = function () {};
window.requestAnimationFrame = function (run) { Promise.resolve().then(function () { run(0); }); return 0; };
"""


class PageWithoutJavaScript(Page):
    def assert_accessible(self, context: str | None = None) -> None:
        self.driver.execute_script(TIMERS_FOR_AXE)
        super().assert_accessible(context)


@pytest.fixture(scope="module")
def server(demo_database, tmp_path_factory):
    """A county of this module's own: the feedback it sends and answers does not reach other modules."""
    server = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("feedback")))
    yield server
    server.stop()
    dispose(server.server.app)


def _the_form(page: Page, language: str) -> None:
    """Sent empty (its error state), then sent as feedback on something other than accessibility."""
    page.open("/accessibility/feedback")
    assert page.find("#kind-0").is_selected()  # from the statement: about accessibility unless said otherwise
    page.assert_accessible()
    page.open("/feedback")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    assert page.driver.title.startswith({"fi": "Virhe:", "sv": "Fel:", "en": "Error:"}[language])
    page.assert_accessible()
    page.find("#kind-1").click()
    page.find("#message").send_keys(f"Palaute ({language}): hakusivulla ei ole ohjetta.")
    page.submit()
    assert page.driver.current_url.endswith("/feedback/sent")
    page.assert_accessible()


def _the_inbox(page: Page) -> None:
    """The inbox and its filters, one feedback's page with its error state, and an answered one."""
    page.open("/admin/feedback")
    assert page.driver.find_elements(By.CSS_SELECTOR, "tbody th a")
    page.assert_accessible()
    for status in ("new", "in_progress", "answered"):
        page.open(f"/admin/feedback?status={status}")
        page.assert_accessible()
    page.press("tbody th a")  # the answered one the demo county has
    assert page.shows_none("main form")
    page.assert_accessible()
    page.open("/admin/feedback")
    page.press("tbody th a")  # the oldest not answered: late
    page.assert_accessible()
    page.find("#reply").clear()
    page.press("button[value=answered]")  # without a reply
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feedback_pages_with_javascript(browser, server, language):
    browser.delete_all_cookies()
    page = Page(browser, server.url).use_language(language)
    _the_form(page, language)
    page.sign_in("admin")
    _the_inbox(page)


def test_the_feedback_pages_without_javascript(server, browser_without_javascript):
    for language in LANGUAGES:
        browser_without_javascript.delete_all_cookies()
        page = PageWithoutJavaScript(browser_without_javascript, server.url).use_language(language)
        _the_form(page, language)
        page.sign_in("admin")
        _the_inbox(page)
    page.find("#reply").send_keys("Kiitos palautteesta. Lisäämme ohjeen hakusivulle.")
    page.press("button[value=answered]")
    assert page.find(".notice--success").is_displayed()
    assert page.shows_none("main form")
    page.assert_accessible()
