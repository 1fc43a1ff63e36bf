"""axe-core on signing in with a decision's code (its error state too), the limited overview it opens, and the
case manager's letter with the code, in Finnish, Swedish and English, with JavaScript on and off."""

from datetime import UTC, datetime

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Client, Plan, User
from portal.db.session import make_engine
from portal.services import decision_codes
from portal.services.decisions import make_decision
from tests.browser.conftest import Page

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]


def _new_code(url: str) -> tuple[str, str, int]:
    """A new letter's code for Aino's decision, made in the live server's database: (number, code, Aino's id)."""
    engine = make_engine(url)
    with Session(engine) as db:
        aino = db.scalar(select(Client).where(Client.client_number == "A0000001"))
        plan = db.scalar(select(Plan).where(Plan.client_id == aino.id, Plan.status == "accepted"))
        decision = make_decision(db, plan, plan.period_start)
        manager = db.scalar(select(User).where(User.username == "casemanager"))
        made = decision_codes.make_code(db, decision, manager, datetime.now(UTC), 30)
        found = (decision.number, made.code, aino.id)
        db.commit()
    engine.dispose()
    return found


def _sign_in_with_code(page: Page, number: str, code: str) -> Page:
    page.find("#number").clear()
    page.find("#number").send_keys(number)
    page.find("#code").clear()
    page.find("#code").send_keys(code)
    return page.submit()


def _the_three_pages(page: Page, live_server) -> None:
    number, code, aino_id = _new_code(live_server.database_url)
    page.open("/sign-in")
    page.press(f"main a[href='/sign-in/code']")
    page.assert_accessible()
    _sign_in_with_code(page, number, "AAAA BBBB CCCC")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    _sign_in_with_code(page, number.lower(), code.lower())
    assert page.driver.current_url.endswith("/overview")
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "nav.main-nav a")) == 2
    page.assert_accessible()
    page.sign_out().sign_in("casemanager")
    page.open(f"/case-manager/clients/{aino_id}")
    page.press("form[action$='/sign-in-code'] button[type=submit]")
    assert page.find("article.letter .letter__code").text
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_with_a_code_the_limited_view_and_the_letter(page, live_server, language):
    page.use_language(language)
    _the_three_pages(page, live_server)


def test_the_same_without_javascript(browser_without_javascript, live_server):
    page = Page(browser_without_javascript, live_server.url)
    page.use_language("sv")
    _the_three_pages(page, live_server)
