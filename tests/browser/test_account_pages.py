"""axe-core on the password page and the county's users and sessions, in Finnish, Swedish and
English, error states included. No rule is turned off."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_password_page(page, language):
    page.use_language(language).sign_in("casemanager")
    page.open("/account/password")
    page.assert_accessible()
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_countys_users_and_sessions(page, language):
    page.use_language(language).sign_in("admin")
    page.open("/admin/users")
    page.assert_accessible()
    page.find("#username").send_keys("no-such-user")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.find("#username").clear()
    page.find("#username").send_keys("relative")
    page.submit()
    assert page.driver.current_url.rsplit("/", 2)[-2] == "users"
    page.assert_accessible()
    page.submit()  # end all sessions of the user
    page.assert_accessible()
