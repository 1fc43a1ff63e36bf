"""axe-core on what providers see of a client (issue 16, item 2): the client's and a relative's page of it, and the
provider's list of clients before the agreement, while it runs and after it ended; in Finnish, Swedish and English,
with JavaScript and without. No rule is turned off."""

import shutil
from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy.orm import Session

from portal.builders import (a_choice, a_client, a_county, a_mandate, a_provider, an_accepted_plan, an_account,
                             an_agreement, the_line)
from portal.db.session import make_engine
from portal.domain.providers import ChoiceStatus
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from tests.browser.conftest import LiveServer, Page, live_app

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]
TODAY = date.today()
HEADINGS = {  # the client's own, and the relative's, who reads Ulla's
    "fi": ("Mitä palveluntuottajat näkevät sinusta", "Mitä palveluntuottajat näkevät henkilöstä Ulla Uniikki"),
    "sv": ("Vad serviceproducenterna ser om dig", "Vad serviceproducenterna ser om Ulla Uniikki"),
    "en": ("What providers see of you", "What providers see of Ulla Uniikki"),
}
# Each provider's list, in the state of its agreement with Ulla: whether her name shows on it.
PROVIDERS = [("before", "/provider/clients?status=pending", False), ("during", "/provider/clients?status=accepted", True),
             ("after", "/provider/clients?status=accepted", False)]


def _county(path) -> None:
    """Ulla Uniikki chose three providers: one still to answer, one whose agreement runs, one whose agreement ended."""
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as db:
        county = a_county(db, municipalities=[("Jakola", "Delby")])
        ulla = a_client(db, county, "Ulla", "Uniikki")
        start = TODAY - timedelta(days=40)
        plan = an_accepted_plan(db, ulla, {ServiceKind.HOME_CARE: 20, ServiceKind.HOME_HELP: 4, ServiceKind.MEALS: 30},
                                start, goals=["Ulla haluaa hoitaa puutarhaansa itse"])
        kinds = {"before": ServiceKind.HOME_CARE, "during": ServiceKind.HOME_HELP, "after": ServiceKind.MEALS}
        for state, kind in kinds.items():
            provider = a_provider(db, county, f"{state.title()} Oy", {kind: 6000})
            an_account(db, Role.PROVIDER, state, provider=provider)
            status = ChoiceStatus.PENDING if state == "before" else ChoiceStatus.ACCEPTED
            choice = a_choice(db, the_line(plan, kind), provider, start, status=status, agreed=False)
            if state != "before":
                an_agreement(db, choice, ends_on=TODAY - timedelta(days=3) if state == "after" else None)
        an_account(db, Role.CLIENT, "ulla", client=ulla)
        a_mandate(db, ulla, an_account(db, Role.RELATIVE, "urho", "Urho Uniikki"), TODAY + timedelta(days=90))
        db.commit()
    engine.dispose()


@pytest.fixture(scope="module")
def server(empty_database, tmp_path_factory):
    directory = tmp_path_factory.mktemp("sharing")
    shutil.copy(empty_database, directory / "county.sqlite3")
    _county(directory / "county.sqlite3")
    live = LiveServer(live_app(directory / "county.sqlite3", directory))
    yield live
    live.stop()


def _read_the_pages(page: Page, language: str) -> None:
    own, others = HEADINGS[language]
    page.use_language(language).sign_in("ulla")
    page.open("/sharing")
    assert page.find("h1").text == own
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "main .card")) == 3
    page.assert_accessible()

    page.sign_out()
    page.use_language(language).sign_in("urho")
    page.open("/act-for")
    next(label for label in page.driver.find_elements(By.CSS_SELECTOR, "label") if "Ulla" in label.text).click()
    page.submit()
    page.open("/sharing")
    assert page.find("h1").text == others
    page.assert_accessible()

    for username, path, named in PROVIDERS:
        page.sign_out()
        page.use_language(language).sign_in(username)
        page.open(path)
        titles = [title.text for title in page.driver.find_elements(By.CSS_SELECTOR, "main .card__title")]
        assert len(titles) == 1 and ("Ulla Uniikki" in titles[0]) == named, (username, titles)
        page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sharing_pages_with_javascript(browser, server, language):
    browser.delete_all_cookies()
    _read_the_pages(Page(browser, server.url), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sharing_pages_without_javascript(browser_without_javascript, server, language):
    _read_the_pages(Page(browser_without_javascript, server.url), language)
