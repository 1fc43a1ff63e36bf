"""axe-core and the 320-pixel reflow check on the way in for companies (from the sign-in page to "Become a service
provider"), the client's rating form with its error and its "not yet" state, and the provider's ratings with the
answer form (its error) and an answered rating; in Finnish, Swedish and English, with JavaScript and without. No
rule is turned off."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from portal.builders import a_choice
from portal.db.models import Plan, PlanLine, Provider, ProviderOffering, ProviderRating, ServiceType, User
from portal.db.session import dispose
from tests.browser.conftest import Page, live_county
from tests.browser.test_timeline_pages import LEND_TIMERS

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
BECOME = {"fi": "Ryhdy palveluntuottajaksi", "sv": "Bli serviceproducent", "en": "Become a service provider"}


def _too_soon_and_answered(db) -> tuple[str, str]:
    """Aino has had transport for ten days under an accepted agreement: too soon to rate. The rating of the demo
    account's provider that it has answered."""
    aino = db.scalar(select(User.client_id).where(User.username == "client"))
    line = db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == aino, Plan.status == "accepted", ServiceType.code == "transport"))
    provider = db.scalar(select(Provider).join(ProviderOffering).where(
        ProviderOffering.service_type_id == line.service_type_id, ProviderOffering.approved_on.is_not(None),
        Provider.municipalities.any(id=line.plan.client.municipality_id)).order_by(Provider.id).limit(1))
    a_choice(db, line, provider, date.today() - timedelta(days=10))
    answered = db.scalar(select(ProviderRating.id).join(User, User.provider_id == ProviderRating.provider_id)
                         .where(User.username == "provider", ProviderRating.answer.is_not(None)))
    return f"/plan/lines/{line.id}/providers/{provider.id}/rating", f"/provider/ratings/{answered}"


@pytest.fixture(scope="module")
def server(demo_database, tmp_path_factory):
    server, (too_soon, answered) = live_county(demo_database, tmp_path_factory.mktemp("ratings"), _too_soon_and_answered)
    yield server, too_soon, answered
    server.stop()
    dispose(server.server.app)


def _accessible(page: Page, javascript: bool) -> None:
    if not javascript:
        page.driver.execute_script(LEND_TIMERS)  # axe-core waits on timers, which blocked scripts never run
    page.assert_accessible()


def _the_way_in(page: Page, language: str, javascript: bool) -> None:
    page.open("/sign-in")
    page.press("main a[href='/become-a-provider']")
    assert page.find("h1").text == BECOME[language]
    assert page.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    _accessible(page, javascript)


def _form_and_its_error_then_no_form(page: Page, no_form: str, javascript: bool) -> None:
    """The form on the page, sent without its answer (its error state); then a page of the same kind with no form."""
    _accessible(page, javascript)
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    _accessible(page, javascript)
    page.open(no_form)
    assert page.shows_none("main form")
    _accessible(page, javascript)


def _rating(page: Page, too_soon: str, javascript: bool) -> None:
    page.sign_in("client")
    page.press(".card__actions a[href$='/rating']")  # Aino's home care, from a provider of over a month
    _form_and_its_error_then_no_form(page, too_soon, javascript)  # "not yet": too soon to rate


def _answers(page: Page, language: str, answered: str, javascript: bool) -> None:
    page.sign_out().use_language(language).sign_in("provider")
    page.open("/provider/ratings")
    _accessible(page, javascript)
    page.press("main .comments a")  # the rating not yet answered
    _form_and_its_error_then_no_form(page, answered, javascript)  # answered once: no form


def _all(page: Page, too_soon: str, answered: str, javascript: bool) -> None:
    for language in LANGUAGES:
        page.driver.delete_all_cookies()
        page.use_language(language)
        _the_way_in(page, language, javascript)
        _rating(page, too_soon, javascript)
        _answers(page, language, answered, javascript)


def test_the_rating_pages_with_javascript(browser, server):
    live, too_soon, answered = server
    _all(Page(browser, live.url), too_soon, answered, javascript=True)


def test_the_rating_pages_without_javascript(browser_without_javascript, server):
    live, too_soon, answered = server
    _all(Page(browser_without_javascript, live.url), too_soon, answered, javascript=False)
