"""axe-core on every page of the client's journey, in Finnish, Swedish and English.

No rule is turned off.
"""


import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from tests.browser.conftest import waiting

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_page_and_its_error_state(page, language):
    page.use_language(language).open("/sign-in")
    assert page.find("html").get_attribute("lang") == language
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]") == page.driver.switch_to.active_element
    page.assert_accessible()
    page.sign_in_with_the_form("no-such-user", "wrong-password")  # a failure for the client account would make it wait
    assert page.find(".field-error").is_displayed(), page.find("main").text
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_client_pages(page, language):
    page.use_language(language).sign_in()
    assert page.driver.current_url.endswith("/overview")
    page.assert_accessible()
    page.open("/plan")
    page.assert_accessible()
    old_version = page.driver.find_elements(By.CSS_SELECTOR, ".versions a")[0].get_attribute("href")
    page.driver.get(old_version)
    assert page.find(".notice--important").is_displayed()
    page.assert_accessible()
    page.open("/transactions")
    page.assert_accessible()
    page.open("/transactions?month=1999-01")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_transactions_after_an_htmx_update(page, language):
    page.use_language(language).sign_in()
    page.open("/transactions")
    select = page.find("#month")
    options = select.find_elements(By.TAG_NAME, "option")
    options[-1].click()
    month = options[-1].get_attribute("value")
    page.find("form.filter button").click()
    waiting(page.driver).until(expected_conditions.url_contains(f"month={month}"))
    waiting(page.driver).until(
        lambda driver: month.split("-")[0] in driver.find_element(By.ID, "transactions-caption").text
    )
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_accessibility_statement_and_feedback(page, language):
    page.use_language(language)
    page.open("/accessibility")
    page.assert_accessible()
    page.open("/accessibility/feedback")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#message").send_keys("The table is hard to read.")
    page.find("#reply_to").send_keys("not an email")
    page.submit()
    page.assert_accessible()
    page.find("#reply_to").clear()
    page.submit()
    assert page.driver.current_url.endswith("/feedback/sent")
    assert page.find("h1").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_page_and_other_roles(page, language):
    page.use_language(language)
    page.open("/no-such-page")
    page.assert_accessible()
    page.sign_in("provider")
    assert page.driver.current_url.endswith("/provider/clients")
    page.assert_accessible()
