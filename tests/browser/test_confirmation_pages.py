"""axe-core on the pages of the client's confirmations, in Finnish, Swedish and English, with JavaScript and
without: the client's services to confirm and a dispute refused for want of a note, the provider's open
disputes, the case manager's resolve form refused for want of units, and the county's settlements with a
month that waits for its days to confirm. Nothing is changed: every form ends in its error."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import ServiceDispute
from portal.db.session import make_engine
from portal.domain.plans import month_start
from tests.browser.conftest import LiveServer, Page, live_app

pytestmark = pytest.mark.browser
LAST_MONTH = month_start(month_start(date.today()) - timedelta(days=1))


@pytest.fixture(scope="module")
def server(demo_database, tmp_path_factory):
    live = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("confirmations")))
    yield live
    live.stop()


def _open_dispute(server) -> ServiceDispute:
    engine = make_engine(server.database_url)
    with Session(engine) as db:
        found = db.scalar(select(ServiceDispute).where(ServiceDispute.resolved_at.is_(None)))
    engine.dispose()
    return found


def _walk(page: Page, server, language: str) -> None:
    page.use_language(language).sign_in("client")
    page.open(f"/services-to-confirm?month={LAST_MONTH:%Y-%m}")
    page.assert_accessible()  # the list, its sentences and "Confirm all"
    page.press("td a[href$='/dispute']")
    page.find("#reason-3").click()  # "something else", without telling what
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()  # the dispute form with its error

    page.sign_out().use_language(language).sign_in("provider")
    page.open("/provider/disputes")
    page.assert_accessible()

    dispute = _open_dispute(server)
    page.sign_out().use_language(language).sign_in("casemanager")
    page.open(f"/case-manager/clients/{dispute.client_id}/disputes")
    page.assert_accessible()
    page.open(f"/case-manager/clients/{dispute.client_id}/disputes/{dispute.id}")
    page.find("#resolution-1").click()  # credit back, without the units
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()  # the resolve form with its error

    page.sign_out().use_language(language).sign_in("admin")
    page.open(f"/admin/settlements?month={LAST_MONTH:%Y-%m}")
    page.assert_accessible()  # held amounts, and "can be settled from"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_confirmation_pages_with_javascript(browser, server, language):
    browser.delete_all_cookies()
    _walk(Page(browser, server.url), server, language)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_confirmation_pages_without_javascript(browser_without_javascript, server, language):
    _walk(Page(browser_without_javascript, server.url), server, language)
