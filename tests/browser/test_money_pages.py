"""axe-core on the pages where money is refused, credited and settled, in Finnish, Swedish and
English: the month's limit on the recording page, credits on the provider's list and the
client's transactions, open and paid settlements, a recording refused in a settled month.
And a double click on a binding button with JavaScript: one recording. No rule is turned off."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db.models import ServiceEvent
from portal.db.session import make_engine
from portal.domain.plans import month_start
from tests.browser.conftest import LiveServer, Page, live_app, waiting

pytestmark = pytest.mark.browser
TODAY = date.today()
LAST_MONTH_END = month_start(TODAY) - timedelta(days=1)


@pytest.fixture(scope="module")
def server(demo_database, tmp_path_factory):
    live = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("money")))
    yield live
    live.stop()


@pytest.fixture()
def money_page(browser, server):
    browser.delete_all_cookies()
    return Page(browser, server.url)


def _events(server) -> int:
    engine = make_engine(server.database_url)
    with Session(engine) as db:
        count = db.scalar(select(func.count()).select_from(ServiceEvent))
    engine.dispose()
    return count


def _open_aino(page):
    """The recording page of the demo client's home care (her provider is the demo provider)."""
    page.open("/provider/clients")
    cards = [card for card in page.driver.find_elements(By.CSS_SELECTOR, "li.card") if "Aino Virtanen" in card.text]
    link = cards[0].find_element(By.CSS_SELECTOR, "a[href$='/record']")
    page.press(f"a[href='{link.get_attribute('href').removeprefix(page.base_url)}']")


def _correct_the_latest(page, reason: str):
    """Credit back one unit of the newest recording on the list."""
    links = page.driver.find_elements(By.CSS_SELECTOR, "td a[href$='/correction']")
    page.press(f"a[href='{links[-1].get_attribute('href').removeprefix(page.base_url)}']")
    page.find("#units").send_keys("1")
    page.find(reason).click()
    page.submit()


def _record(page, day: date, units: str):
    page.find("#service_date").clear()
    page.find("#service_date").send_keys(day.strftime("%d.%m.%Y"))
    page.find("#units").clear()
    page.find("#units").send_keys(units)
    page.submit()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_refusals_credits_and_settlements(money_page, server, language):
    page = money_page
    page.use_language(language).sign_in("provider")
    _open_aino(page)
    record_url = page.driver.current_url
    _record(page, TODAY, "99")
    assert page.find("[data-error-summary]").is_displayed()
    assert page.driver.title.split(":")[0] in ("Virhe", "Fel", "Error")
    page.assert_accessible()  # the month's limit, said in a sentence

    _record(page, TODAY, "2")
    assert page.driver.current_url.endswith("/provider/services")
    _correct_the_latest(page, "#reason-0")
    assert page.driver.find_elements(By.CSS_SELECTOR, "tr.table__credit")
    page.assert_accessible()  # a credit among the services

    page.sign_out()
    page.use_language(language).sign_in("admin")
    page.open("/admin/settlements")
    page.assert_accessible()  # this month: open, cannot be settled yet
    page.open(f"/admin/settlements?month={LAST_MONTH_END:%Y-%m}")
    buttons = page.driver.find_elements(By.CSS_SELECTOR, "main form button[type=submit]")
    if buttons:
        page.press("main form button[type=submit]")
    page.assert_accessible()  # paid, with the message that says so

    page.sign_out()
    page.use_language(language).sign_in("provider")
    page.open(record_url.removeprefix(server.url))
    _record(page, LAST_MONTH_END, "1")
    page.assert_accessible()  # refused: the month is settled (or the date not the client's)
    page.open(f"/provider/services?month={LAST_MONTH_END:%Y-%m}")
    page.assert_accessible()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_clients_transactions_with_a_credit(money_page, server, language):
    page = money_page
    page.use_language("en").sign_in("provider")
    _open_aino(page)
    _record(page, TODAY, "1")
    _correct_the_latest(page, "#reason-1")
    page.sign_out()
    page.use_language(language).sign_in("client")
    page.open(f"/transactions?month={TODAY:%Y-%m}")
    assert page.driver.find_elements(By.CSS_SELECTOR, "tr.table__credit")
    page.assert_accessible()
    page.open("/overview")
    page.assert_accessible()


def test_a_double_click_on_a_binding_button_records_once(money_page, server):
    page = money_page
    page.use_language("en").sign_in("provider")
    _open_aino(page)
    page.find("#service_date").send_keys(TODAY.strftime("%d.%m.%Y"))
    page.find("#units").send_keys("1")
    before = _events(server)
    button = page.find("main form button[type=submit]")
    page.driver.execute_script("arguments[0].click(); arguments[0].click();", button)
    waiting(page.driver).until(lambda d: d.current_url.endswith("/provider/services"))
    assert _events(server) == before + 1
