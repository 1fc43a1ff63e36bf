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
    assert page.shows_none("[data-error-summary]")  # it tells nobody who is a client
    page.assert_accessible()  # check the request
    page.submit()
    assert page.driver.current_url.endswith("/my-mandates")
    assert "A0000002" in page.find("main").text
    page.assert_accessible()  # the request sent, shown whether or not it matched


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_clients_mandate_pages(page, live_server, language):
    register_mandate = _a_register_mandate_for_aino(live_server.database_url)
    page.use_language(language).sign_in("client")
    page.open("/mandates")
    assert page.find("a[href^='https://www.suomi.fi/']").is_displayed()  # where a register mandate is changed
    page.assert_accessible()
    page.open(f"/mandates/{register_mandate}/decision")
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
    page.press(".card a[href*='/decision']")
    page.assert_accessible()
    page.open("/access-log")
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_managers_mandate_pages(page, language):
    page.use_language(language).sign_in("casemanager")
    page.assert_accessible()
    page.press("td a[href*='/mandates']")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_check_pages_and_a_refusal(page, live_server, language):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from portal.db.models import Client, User
    from portal.db.session import make_engine
    from portal.services.auth import hash_password

    engine = make_engine(live_server.database_url)
    with Session(engine) as db:
        username = f"daughter-{language}"
        if db.scalar(select(User.id).where(User.username == username)) is None:
            db.add(User(username=username, password_hash=hash_password("demo-password"), role="relative", display_name="Daughter"))
            db.commit()
        second = db.scalar(select(Client).where(Client.client_number == "A0000002"))
        last_name = second.last_name
    engine.dispose()

    page.use_language(language).sign_in("client")
    page.open("/mandates/new")
    page.find("#username").send_keys(username)
    page.find("#scope-1").click()
    page.find("#valid_until").send_keys("31.12.2030")
    page.submit()
    assert page.driver.find_elements(By.CSS_SELECTOR, "input[name=confirm][value=yes]")
    page.assert_accessible()
    page.sign_out()

    page.use_language(language).sign_in(username, "demo-password")
    page.open("/my-mandates/request")
    page.find("#client_number").send_keys("A0000002")
    page.find("#last_name").send_keys(last_name)
    page.find("#scope-0").click()
    page.find("#valid_until").send_keys("31.12.2030")
    page.submit()
    assert page.driver.find_elements(By.CSS_SELECTOR, "input[name=confirm][value=yes]")
    page.assert_accessible()
    page.sign_out()

    page.use_language(language).sign_in("casemanager")
    page.open("/overview")  # a page that is not theirs: the refusal page
    assert "403" not in page.driver.title
    page.assert_accessible()


def _a_register_mandate_for_aino(database_url: str) -> int:
    """A mandate read from Suomi.fi e-Authorizations for Aino's daughter, made once for the module's server."""
    from datetime import date, timedelta

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from portal.db.models import Client, Mandate, User
    from portal.db.session import make_engine

    engine = make_engine(database_url)
    with Session(engine) as db:
        holder = db.scalar(select(User).where(User.username == "register-daughter"))
        if holder is None:
            holder = User(username="register-daughter", password_hash="-", role="relative", display_name="Sanna Virtanen")
            aino = db.scalar(select(Client).where(Client.client_number == "A0000001"))
            db.add_all([holder, Mandate(client=aino, holder=holder, scope="view", status="active", source="suomi_fi",
                                        valid_until=date.today() + timedelta(days=300), requested_by="register")])
            db.commit()
        mandate_id = db.scalar(select(Mandate.id).where(Mandate.holder_user_id == holder.id))
    engine.dispose()
    return mandate_id
