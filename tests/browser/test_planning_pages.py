"""axe-core on the case manager's pages, the plan editor with its errors, the acceptance page,
messages and the county's prices, in Finnish, Swedish and English; and the plan's journey from
draft to acceptance with JavaScript blocked. No rule is turned off."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import LiveServer, Page, live_app

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]


def _open_a_draft(page):
    """The plan editor with a draft: started on a client who has no open version."""
    page.open("/case-manager/clients")
    links = [a.get_attribute("href") for a in page.driver.find_elements(By.CSS_SELECTOR, "tbody th a")]
    page.driver.get(links[0])  # not the demo client, whose plan is proposed and cannot be edited
    if not page.shows_none("form[action$='/plans'] button"):
        page.press("form[action$='/plans'] button")
    else:
        page.press("a[href*='/case-manager/plans/']")
    assert page.driver.find_elements(By.ID, "add-service"), page.driver.current_url + page.find("main").text[:500]


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_manager_pages(page, language):
    page.use_language(language).sign_in("casemanager")
    page.assert_accessible()
    page.open("/case-manager/clients?q=virt&review_due=y")
    page.assert_accessible()
    page.open("/case-manager/follow-up")
    page.assert_accessible()
    page.open("/case-manager/clients")
    page.press("tbody th a")
    page.assert_accessible()

    _open_a_draft(page)
    page.assert_accessible()
    page.press("form[action$='/lines'] button[type=submit]")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#period_end").clear()
    page.find("#period_end").send_keys("1.1.2000")
    page.submit()  # the first form: goals and dates
    assert page.find("#period_end").get_attribute("aria-describedby").endswith("period_end-error")
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_client_reads_the_proposal_and_writes_messages(page, language):
    page.use_language(language).sign_in("client")
    page.open("/plan/proposal")
    page.assert_accessible()
    page.press("button[value=changes]")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.open("/messages")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_countys_prices(page, language):
    page.use_language(language).sign_in("admin")
    page.open("/admin/prices")
    page.assert_accessible()
    page.press("td a[href*='/admin/prices/']")
    page.assert_accessible()
    page.find("#reference_price").clear()
    page.find("#evening").clear()
    page.find("#evening").send_keys("9")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


def test_from_draft_to_accepted_plan_without_javascript(demo_database, tmp_path, browser_without_javascript):
    server = LiveServer(live_app(demo_database, tmp_path))
    try:
        page = Page(browser_without_javascript, server.url)
        page.use_language("en").sign_in("client")
        page.open("/plan/proposal")
        page.find("#body").send_keys("More help on Saturdays, please.")
        page.press("button[value=changes]")
        assert page.driver.current_url.endswith("/messages")
        page.sign_out()

        page.use_language("en").sign_in("casemanager")
        page.open("/case-manager/clients")
        page.find("#q").send_keys("A0000001")
        page.submit()
        page.press("tbody th a")
        page.press("a[href*='/case-manager/plans/']")
        options = page.find("#service_type").find_elements(By.TAG_NAME, "option")
        next(o for o in options if o.text == "Personal assistance").click()
        page.find("#weekday_units").clear()
        page.find("#weekday_units").send_keys("8")
        page.find("#saturday_units").clear()
        page.find("#saturday_units").send_keys("2")
        page.press("form[action$='/lines'] button")
        assert "2 hours on Saturdays" in page.find("main").text
        page.press("form[action$='/propose'] button")
        assert "/case-manager/clients/" in page.driver.current_url
        page.sign_out()

        page.use_language("en").sign_in("client")
        assert "proposed a new client plan" in page.find("main").text
        page.open("/plan/proposal")
        page.press("button[value=accept]")
        assert page.driver.current_url.endswith("/overview")
        assert "The plan has been accepted" in page.find("main").text
        page.open("/plan")
        assert "Personal assistance" in page.find("main").text
    finally:
        server.stop()
