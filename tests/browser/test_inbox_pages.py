"""axe-core and the 320-pixel reflow check on the case manager's inbox (unread and read messages, a message
marked read and unread again: in place with JavaScript, by a page load without it), a message's own page,
and the follow-up by service and month (flagged months, a month under way, each filter), in Finnish,
Swedish and English. One browser for the module: without JavaScript, the page's scripts are blocked
(Chrome DevTools), and allowed again only for axe, on the page as it loaded. No rule is turned off."""

import shutil
from datetime import date

import pytest
from sqlalchemy.orm import Session

from portal.db.session import dispose, make_engine
from portal.domain.plans import iso_month
from tests import inbox_story
from tests.browser.conftest import LiveServer, Page, live_app, waiting

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
READ = {"fi": "Luettu", "sv": "Läst", "en": "Read"}
UNREAD = {"fi": "Lukematon", "sv": "Oläst", "en": "Unread"}


@pytest.fixture(scope="module")
def story(demo_database, tmp_path_factory):
    """The demo county with Helmi's letters and Seija's month of unusual use."""
    folder = tmp_path_factory.mktemp("inbox")
    path = folder / "county.sqlite3"
    shutil.copy(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as db:
        letters = {name: message.id for name, message in inbox_story.letters(db).items()}
        inbox_story.seija(db)
        db.commit()
    engine.dispose()
    server = LiveServer(live_app(path, folder))
    yield server, letters
    server.stop()
    dispose(server.server.app)


class PageWithoutJavaScript(Page):
    """Pages load and forms post as they do without JavaScript: the browser runs none of the page's scripts.
    axe needs timers, so it runs with scripts allowed on the page as it loaded (what did not run stays undone)."""

    def scripts(self, allowed: bool) -> None:
        self.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not allowed})

    def assert_accessible(self, context: str | None = None) -> None:
        assert self.driver.execute_script("return typeof window.htmx") == "undefined", "the page's scripts ran"
        self.scripts(True)
        try:
            super().assert_accessible(context)
        finally:
            self.scripts(False)


def _tag(page: Page, message_id: int) -> str:
    return page.find(f"#message-{message_id} .tag").text


def _mark_and_wait(page: Page, message_id: int, shown: str) -> None:
    """Press the message's button and wait until it says it is `shown` (read or unread)."""
    page.press(f"#mark-{message_id}")
    waiting(page.driver).until(lambda _driver: _tag(page, message_id) == shown)


def _follow_up_pages(page: Page) -> None:
    for path in ("/case-manager/follow-up/lines", "/case-manager/follow-up/lines?use=high",
                 "/case-manager/follow-up/lines?use=low", f"/case-manager/follow-up/lines?month={iso_month(date.today())}",
                 "/case-manager/follow-up/lines?month=2001-01", "/case-manager/follow-up"):
        page.open(path)
        page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_inbox_with_javascript(browser, story, language):
    server, letters = story
    browser.delete_all_cookies()
    page = Page(browser, server.url).use_language(language).sign_in("casemanager")
    page.open("/case-manager/messages")
    message = letters["relative"]
    assert _tag(page, message) == UNREAD[language] and _tag(page, letters["read"]) == READ[language]
    page.assert_accessible()

    _mark_and_wait(page, message, READ[language])  # swapped in place: the address stays
    assert page.driver.current_url.endswith("/case-manager/messages")
    assert page.driver.switch_to.active_element.get_attribute("id") == f"mark-{message}"
    assert page.find("#inbox-status").text and page.find("#unread-badge").text
    page.assert_accessible()
    _mark_and_wait(page, message, UNREAD[language])
    page.assert_accessible()

    page.open(f"/case-manager/messages/{message}")
    page.assert_accessible()
    _follow_up_pages(page)


def test_the_inbox_without_javascript(browser, story):
    server, letters = story
    message = letters["old"]
    page = PageWithoutJavaScript(browser, server.url)
    page.scripts(False)
    try:
        for language in LANGUAGES:
            browser.delete_all_cookies()
            page.use_language(language).sign_in("casemanager")
            page.open("/case-manager/messages")
            page.assert_accessible()
            page.press(f"#mark-{message}")  # a page load: back to the inbox, with what was done said on top
            assert page.driver.current_url.endswith(f"/case-manager/messages#message-{message}")
            assert _tag(page, message) == READ[language] and page.find(".notice").is_displayed()
            page.assert_accessible()
            page.press(f"#mark-{message}")
            assert _tag(page, message) == UNREAD[language]
            page.open(f"/case-manager/messages/{message}")
            page.submit()
            assert page.driver.current_url.endswith(f"/case-manager/messages/{message}")
            assert page.find(".notice").is_displayed()
            page.assert_accessible()
            page.submit()  # unread again, for the next language
            _follow_up_pages(page)
    finally:
        page.scripts(True)
