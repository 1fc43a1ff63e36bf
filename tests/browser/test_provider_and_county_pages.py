"""axe-core on the providers' pages, the application form at every step, and the county's pages,
in Finnish, Swedish and English, error states included; the application and a recording without
JavaScript. No rule is turned off."""

from datetime import date

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import LiveServer, Page, live_app, live_county
from tests.web.test_binding_forms import _submitted_application

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
UNREGISTERED = {"fi": "0112038-9", "sv": "1572860-0", "en": "2617416-4"}


def _fill_application(page, username=None, business_id="0112038-9"):
    if username:
        page.find("#username").send_keys(username)
        page.find("#password").send_keys("a-long-password-1")
    for field, value in [("#company_name", "Testihoiva Oy"), ("#business_id", business_id), ("#contact_person", "Liisa Laine"),
                         ("#phone", "040 123"), ("#email", "liisa@example.fi"), ("#street", "Katu 1"), ("#postal_code", "65100")]:
        page.find(field).clear()
        page.find(field).send_keys(value)
    page.find("#office_municipality_id").find_elements(By.TAG_NAME, "option")[1].click()
    page.find("#municipality_ids-0").click()
    page.find("#languages-0").click()
    page.find("#price-home_care").send_keys("46,00")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_application_at_every_step(page, language):
    page.use_language(language).open("/provider/apply")
    page.assert_accessible()
    page.press("button[value=check]")
    page.assert_accessible()  # the account fields are needed first
    _fill_application(page, username=f"applicant-{language}", business_id="0112038-8")
    page.press("button[value=check]")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#business_id").clear()
    page.find("#business_id").send_keys(UNREGISTERED[language])  # one business ID applies once
    page.press("button[value=check]")
    assert page.driver.find_elements(By.CSS_SELECTOR, "form[action$='/apply/send']"), page.find("main").text[:800]
    page.assert_accessible()
    page.submit()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_providers_pages(page, language):
    page.use_language(language).sign_in("provider")
    page.assert_accessible()
    page.press("a[href$='/record']")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.open("/provider/services")
    page.assert_accessible()
    page.press("td a[href$='/correction']")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.open("/provider/prices")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.open("/provider/settlements")
    page.assert_accessible()


@pytest.fixture(scope="module")
def county_with_an_application(demo_database, tmp_path_factory):
    server, _application = live_county(demo_database, tmp_path_factory.mktemp("county"), _submitted_application)
    yield server
    server.stop()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_countys_pages(browser, county_with_an_application, language):
    browser.delete_all_cookies()
    page = Page(browser, county_with_an_application.url)
    page.use_language(language).sign_in("admin")
    assert page.driver.current_url.endswith("/admin/overview")
    page.assert_accessible()
    for path in ("/admin/applications", "/admin/price-changes", "/admin/settlements", "/admin/reports?by=municipality",
                 "/admin/reports?by=service", "/admin/reports?by=month", "/admin/reports?by=year"):
        page.open(path)
        page.assert_accessible()
    page.open("/admin/applications")
    page.press("tbody a")  # the application waiting for a decision
    page.assert_accessible()
    page.press("button[value=reject]")  # without the reason a rejection needs
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


def test_applying_and_recording_without_javascript(demo_database, tmp_path, browser_without_javascript):
    server = LiveServer(live_app(demo_database, tmp_path))
    try:
        page = Page(browser_without_javascript, server.url)
        page.use_language("en").open("/provider/apply")
        _fill_application(page, username="nojs-applicant")
        page.press("button[value=save]")
        assert "saved as a draft" in page.find("main").text
        page.press("button[value=check]")
        page.submit()
        assert "Sent, waiting for a decision" in page.find("main").text
        page.sign_out()

        page.use_language("en").sign_in("provider")
        page.press("a[href$='/record']")
        page.find("#service_date").send_keys(date.today().strftime("%d.%m.%Y"))
        page.find("#units").send_keys("1")
        page.submit()
        assert page.driver.current_url.endswith("/provider/services")
        assert "has been recorded" in page.find("main").text
    finally:
        server.stop()
