"""axe-core on the mandate pages, the chooser, the acting-on-behalf region and the access log,
in Finnish, Swedish and English, error states included. No rule is turned off."""

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_whom_to_act_for_and_the_region_that_says_so(page, language):
    page.use_language(language).sign_in("relative")
    assert page.driver.current_url.endswith("/act-for")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.driver.find_elements(By.CSS_SELECTOR, "input[name=whom]")[-1].click()
    page.submit()
    assert page.find(".acting-for").is_displayed()
    assert page.find(".notice--switch").get_attribute("role") == "alert"
    page.assert_accessible()
    for path in ("/plan", "/transactions", "/access-log"):
        page.open(path)
        assert page.find(".acting-for").is_displayed()
        page.assert_accessible()
    page.open("/my-mandates")
    page.assert_accessible()
    page.open("/my-mandates/request")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#client_number").send_keys("A0000002")
    page.find("#last_name").send_keys("Nobody")
    page.find("#scope-0").click()
    page.find("#valid_until").send_keys("31.12.2030")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_clients_mandate_pages(page, language):
    page.use_language(language).sign_in("client")
    page.open("/mandates")
    page.assert_accessible()
    page.open("/mandates/new")
    page.assert_accessible()
    page.find("#username").send_keys("nobody-at-all")
    page.find("#valid_until").send_keys("1.1.2000")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#username").clear()
    page.find("#username").send_keys("provider")
    page.find("#valid_until").clear()
    page.find("#valid_until").send_keys("31.12.2030")
    page.find("#scope-0").click()
    page.submit()
    page.assert_accessible()  # an error: a provider's account cannot hold a mandate
    page.open("/mandates")
    page.find(".card a[href*='/decision']").click()
    page.assert_accessible()
    page.open("/access-log")
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_managers_mandate_pages(page, language):
    page.use_language(language).sign_in("casemanager")
    page.assert_accessible()
    page.find("td a[href*='/mandates']").click()
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
