"""axe-core on the notifications, the choice of how to be told (error states included) and the county's
letters and their print batch, in Finnish, Swedish and English, with JavaScript on and off. No rule is turned off."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Client, NotificationSetting, User
from portal.db.session import make_engine
from portal.domain.alerts import Channel, period_alert, plan_proposed
from portal.services import alerts
from tests.browser.conftest import Page

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
TODAY = date.today()


def _tell(url: str, *dues) -> None:
    """Alerts about Aino, as the senders and events write them, in the live server's database."""
    engine = make_engine(url)
    with Session(engine) as db:
        aino = db.scalar(select(Client).where(Client.client_number == "A0000001"))
        for due in dues:
            alerts.tell(db, aino.id, due, TODAY)
        db.commit()
    engine.dispose()


@pytest.fixture(scope="module", autouse=True)
def news(live_server):
    _tell(live_server.database_url, plan_proposed(888_001), period_alert(888_002, TODAY + timedelta(days=25), TODAY))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notifications_and_how_to_be_told(page, language):
    page.use_language(language).sign_in("client")
    page.open("/notifications")
    assert len(page.driver.find_elements(By.CSS_SELECTOR, ".alerts__item")) >= 2
    page.assert_accessible()
    page.open("/notifications/settings")
    page.assert_accessible()
    page.find("#channel-1").click()  # e-mail, without an address
    page.find("#email").clear()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#email").send_keys("aino@example.fi")
    page.find(f"#language-{LANGUAGES.index(language)}").click()
    page.submit()
    assert page.shows_none("[data-error-summary]")
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_relatives_notifications_and_letter_address(page, language):
    page.use_language(language).sign_in("relative")
    page.open("/notifications")
    assert "Aino Virtanen" in page.find("main").text
    page.assert_accessible()
    page.open("/notifications/settings")
    page.find("#channel-2").click()  # a letter, without an address
    for name in ("letter_name", "street_address", "postal_code", "post_office"):
        page.find(f"#{name}").clear()
    page.find("#postal_code").send_keys("6510")
    page.submit()
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "[data-error-summary] li")) == 4
    page.assert_accessible()


def _letter_for_aino(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as db:
        aino = db.scalar(select(User).where(User.username == "client"))
        db.merge(NotificationSetting(user_id=aino.id, channel=Channel.LETTER, language="sv"))
        db.commit()
    engine.dispose()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_countys_letters_and_a_batch_to_print(page, live_server, language):
    _letter_for_aino(live_server.database_url)
    _tell(live_server.database_url, plan_proposed(888_100 + LANGUAGES.index(language)))
    page.use_language(language).sign_in("admin")
    page.open("/admin/letters")
    page.assert_accessible()
    page.submit()
    assert "/admin/letters/" in page.driver.current_url
    assert page.driver.find_elements(By.CSS_SELECTOR, "article.letter[lang=sv]")
    page.assert_accessible()


def test_the_pages_without_javascript(browser_without_javascript, live_server):
    page = Page(browser_without_javascript, live_server.url)
    page.use_language("fi").sign_in("client")
    page.open("/notifications")
    page.assert_accessible()
    page.press("main form button[type=submit]")  # mark all read
    page.assert_accessible()
    page.open("/notifications/settings")
    page.find("#channel-1").click()
    page.find("#email").clear()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.sign_out().use_language("sv").sign_in("admin")
    page.open("/admin/letters")
    page.assert_accessible()
