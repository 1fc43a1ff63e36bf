"""The client's journey with JavaScript off and on, and the idle warning."""

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import LiveServer, Page, live_app, waiting

pytestmark = pytest.mark.browser


def _choose_earliest_month(page):
    options = page.find("#month").find_elements(By.TAG_NAME, "option")
    options[-1].click()
    month = options[-1].get_attribute("value")
    page.find("form.filter button").click()
    return month


def test_the_whole_journey_without_javascript(browser_without_javascript, live_server):
    page = Page(browser_without_javascript, live_server.url)
    page.use_language("en").sign_in_with_the_form()
    assert "This month, " in page.find("main").text
    page.press(".main-nav a[href='/plan']")
    assert page.find("h1").text == "Your client plan"
    page.press(".main-nav a[href='/transactions']")
    month = _choose_earliest_month(page)
    waiting(page.driver).until(lambda d: d.current_url.endswith(f"/transactions?month={month}"))
    assert page.find("#transactions-status").text.startswith("In ")
    # Without JavaScript, the idle timeout is stated on the page.
    assert page.find("[data-idle-note]").is_displayed()


def test_the_month_filter_with_javascript_updates_only_the_results(page):
    page.use_language("en").sign_in_with_the_form()
    page.open("/transactions")
    page.driver.execute_script("document.querySelector('h1').dataset.marker = 'same page'")
    month = _choose_earliest_month(page)
    waiting(page.driver).until(lambda d: d.current_url.endswith(f"month={month}"))
    waiting(page.driver).until(lambda d: month[:4] in d.find_element(By.ID, "transactions-caption").text)
    assert page.find("h1").get_attribute("data-marker") == "same page"
    assert page.find("#transactions-status").get_attribute("role") == "status"
    assert not page.find("[data-idle-note]").is_displayed()


def test_the_idle_warning_lets_the_user_stay_signed_in(demo_database, tmp_path, browser):
    app = live_app(
        demo_database, tmp_path, IDLE_TIMEOUT=timedelta(seconds=8), IDLE_WARNING=timedelta(seconds=6)
    )
    server = LiveServer(app)
    try:
        browser.delete_all_cookies()
        page = Page(browser, server.url)
        page.use_language("en").sign_in_with_the_form()
        dialog = page.find("[data-idle-warning]")
        waiting(browser).until(lambda d: dialog.get_attribute("open") is not None)
        assert browser.switch_to.active_element.text == "Stay signed in"
        page.assert_accessible()
        browser.switch_to.active_element.click()
        waiting(browser).until(lambda d: dialog.get_attribute("open") is None)
        assert "/overview" in browser.current_url
        page.open("/plan")
        assert page.find("h1").text == "Your client plan"
    finally:
        server.stop()
