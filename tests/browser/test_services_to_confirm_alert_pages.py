"""axe-core on the "services to confirm" alert: the client's notifications with its link, a relative's with the
button that starts acting for the client, and the month's page each one opens, in Finnish, Swedish and English,
with JavaScript on and off. No rule is turned off."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Client
from portal.db.session import make_engine
from portal.domain.alerts import services_to_confirm
from portal.domain.confirmations import month_end
from portal.services import alerts, disputes
from tests.browser.conftest import Page

pytestmark = pytest.mark.browser
TODAY = date.today()


@pytest.fixture(scope="module")
def month(live_server) -> date:
    """Aino's latest ended month of recorded services, told to her and her relative the day after it ended."""
    engine = make_engine(live_server.database_url)
    with Session(engine) as db:
        aino = db.scalar(select(Client).where(Client.client_number == "A0000001"))
        month = next(month for month in disputes.months_with_services(db, aino.id) if month_end(month) < TODAY)
        alerts.tell(db, aino.id, services_to_confirm(aino.id, month, month_end(month),
                                                     month_end(month) + timedelta(days=1)), TODAY)
        db.commit()
    engine.dispose()
    return month


def _the_alert_leads_to_the_month(page: Page, month: date) -> None:
    assert page.driver.current_url.endswith(f"/services-to-confirm?month={month:%Y-%m}")
    assert page.find("nav.filter-links [aria-current=page]").get_attribute("href").endswith(f"{month:%Y-%m}")
    page.assert_accessible()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_alert_and_the_page_it_opens(page, month, language):
    page.use_language(language).sign_in("client")
    page.open("/notifications")
    page.assert_accessible()
    page.press(f".alerts__item a[href$='month={month:%Y-%m}']")
    _the_alert_leads_to_the_month(page, month)
    page.sign_out().use_language(language).sign_in("relative")
    page.open("/notifications")
    assert page.driver.find_elements(By.CSS_SELECTOR, ".alerts__item form[action$='/open'] button")
    page.assert_accessible()
    page.press(".alerts__item form[action$='/open'] button")
    _the_alert_leads_to_the_month(page, month)


def test_the_alert_without_javascript(browser_without_javascript, live_server, month):
    page = Page(browser_without_javascript, live_server.url)
    page.use_language("sv").sign_in("relative")
    page.open("/notifications")
    page.assert_accessible()
    page.press(".alerts__item form[action$='/open'] button")
    _the_alert_leads_to_the_month(page, month)
    page.open("/notifications")  # acting for Aino now: the alert is a link
    page.press(f".alerts__item a[href$='month={month:%Y-%m}']")
    _the_alert_leads_to_the_month(page, month)
