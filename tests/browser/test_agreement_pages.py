"""axe-core on the service agreement's pages, in Finnish, Swedish and English, with JavaScript and without: the
provider's proposal form empty and refused, the client's agreement while proposed (and the answer refused for want
of a message) and once accepted, what a relative reads of it (the client's, never "your"), the notice form refused,
and the list. The agreement prints without the navigation. Nothing is changed: every form ends in its error."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.builders import a_choice, an_agreement
from portal.db.models import Client, Plan, PlanLine, Provider, ProviderChoice, ServiceType, User
from portal.db.session import make_engine
from portal.domain.agreements import AgreementStatus
from tests.browser.conftest import LiveServer, Page, live_app
from tests.web.test_whose_words import owner_words

pytestmark = pytest.mark.browser
TODAY = date.today()


def _line(db, client: Client, code: str) -> PlanLine:
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType)
                     .where(Plan.client_id == client.id, Plan.status == "accepted", ServiceType.code == code))


def _arranged(url: str) -> dict[str, int]:
    """Aino's transport chosen from the demo provider, who has yet to propose terms; her meals to change to another
    provider, whose terms wait for her answer; and her home care under an accepted agreement. Their choices' ids."""
    engine = make_engine(url)
    with Session(engine) as db:
        aino = db.scalar(select(Client).where(Client.client_number == "A0000001"))
        pirjo = db.scalar(select(User).where(User.username == "provider"))
        other = db.scalar(select(Provider).where(Provider.name == "Kotirinne Oy"))
        to_propose = a_choice(db, _line(db, aino, "transport"), db.get(Provider, pirjo.provider_id), TODAY + timedelta(days=10), agreed=False)
        to_answer = a_choice(db, _line(db, aino, "meals"), other, TODAY + timedelta(days=20), agreed=False)
        an_agreement(db, to_answer, AgreementStatus.PROPOSED, proposed_on=TODAY)
        accepted = db.scalar(select(ProviderChoice.id).where(
            ProviderChoice.plan_line_id == _line(db, aino, "home_care").id, ProviderChoice.valid_to.is_(None)))
        arranged = dict(to_propose=to_propose.id, to_answer=to_answer.id, accepted=accepted)
        db.commit()
    engine.dispose()
    return arranged


@pytest.fixture(scope="module")
def server(demo_database, tmp_path_factory):
    live = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("agreements")))
    live.choices = _arranged(live.database_url)
    yield live
    live.stop()


def _refused(page: Page) -> None:
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


def _walk(page: Page, choices: dict[str, int], language: str) -> None:
    page.use_language(language).sign_in("provider")
    page.open(f"/provider/clients/{choices['to_propose']}/agreement")
    assert page.find("#usual_times").get_attribute("value") in ("", None)
    page.assert_accessible()  # the empty proposal
    page.find("#starts_on").clear()
    _refused(page)  # no first day, no times, no contact, no terms
    page.open(f"/provider/clients/{choices['accepted']}/agreement/notice")
    page.assert_accessible()  # the provider's notice
    page.find("#last_day").send_keys("1.1.2000")
    _refused(page)  # before the notice period

    page.sign_out().use_language(language).sign_in("client")
    page.open("/agreements")
    page.assert_accessible()
    page.open(f"/plan/choices/{choices['to_answer']}/agreement")
    page.assert_accessible()  # proposed: the terms and the answer
    page.find("#answer-1").click()  # ask for changes, without saying which
    _refused(page)
    page.open(f"/plan/choices/{choices['accepted']}/agreement")
    page.assert_accessible()  # accepted, with its history
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not page.find(".main-nav").is_displayed() and not page.find(".site-header").is_displayed()
        assert page.find(".agreement-terms").is_displayed()
    finally:
        page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    page.open(f"/plan/choices/{choices['accepted']}/agreement/notice")
    page.find("#last_day").send_keys("1.1.2000")
    _refused(page)  # before the notice period

    page.sign_out().use_language(language).sign_in("relative")
    page.open("/act-for")
    page.driver.find_element(By.XPATH, "//label[contains(., 'Aino Virtanen')]").click()
    page.submit()
    page.open(f"/plan/choices/{choices['to_answer']}/agreement")
    page.assert_accessible()
    assert "Aino Virtanen" in page.find("main").text
    assert owner_words(page.driver.page_source, language) == []


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_agreement_pages_with_javascript(browser, server, language):
    browser.delete_all_cookies()
    _walk(Page(browser, server.url), server.choices, language)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_agreement_pages_without_javascript(browser_without_javascript, server, language):
    _walk(Page(browser_without_javascript, server.url), server.choices, language)
