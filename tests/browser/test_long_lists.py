"""axe and the 320-pixel reflow check on the lists that run to several pages, with their pagers:
a county of a few hundred clients more than the demo. The pager is one component, so each role's
lists are read in one language and the three languages each come once (the suite's time is bounded)."""

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import insert, select

from portal.db.models import AccessLogEntry, User
from portal.db.session import dispose, make_engine
from portal.domain.plans import month_start
from portal.scale_data import generate
from tests.browser.conftest import LiveServer, Page, live_app

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
LAST_MONTH = month_start(month_start(date.today()) - timedelta(days=1))


@pytest.fixture(scope="module")
def long_lists(demo_database, tmp_path_factory):
    folder = tmp_path_factory.mktemp("long-lists")
    path = folder / "county.sqlite3"
    shutil.copy(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        generate(connection, date.today(), clients=400, providers=20, events=40_000, say=lambda _: None)
        reader = connection.scalar(select(User.id).where(User.username == "casemanager"))
        client_id = connection.scalar(select(User.client_id).where(User.username == "client"))
        start = datetime(2026, 1, 1, 8, tzinfo=UTC)
        connection.execute(insert(AccessLogEntry), [
            dict(at=start + timedelta(hours=number), actor_user_id=reader, actor_role="case_manager",
                 client_id=client_id, action="view_client", detail="") for number in range(80)])
        connection.commit()
    engine.dispose()
    server = LiveServer(live_app(path, folder))
    yield server
    server.stop()
    dispose(server.server.app)


PAGES = {
    "provider": [f"/provider/services?month={LAST_MONTH:%Y-%m}", "/provider/clients?status=accepted"],
    "casemanager": ["/case-manager/clients", "/case-manager/follow-up"],
    "client": ["/access-log"],
}


@pytest.mark.parametrize(("role", "language"), list(zip(PAGES, LANGUAGES)))
def test_every_page_of_a_long_list_and_its_pager(browser, long_lists, role, language):
    browser.delete_all_cookies()
    page = Page(browser, long_lists.url)
    page.use_language(language).sign_in(role)
    for path in PAGES[role]:
        page.open(path)
        assert page.find("nav.pager a[rel=next]").is_displayed(), path  # a list of several pages
        page.assert_accessible()
        page.driver.get(page.find("nav.pager a[rel=next]").get_attribute("href"))
        assert page.driver.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=prev]"), path
        page.assert_accessible()
