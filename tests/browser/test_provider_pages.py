"""axe-core on every page of choosing a provider, in Finnish, Swedish and English; and the
whole journey with the site's JavaScript blocked and running. No rule is turned off."""

import re

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import LiveServer, Page, live_app, waiting

pytestmark = pytest.mark.browser
LANGUAGES = ["fi", "sv", "en"]


def _provider_links(page):
    """The overview's links to each service line's providers, by line id."""
    links = page.driver.find_elements(By.CSS_SELECTOR, ".card__actions a[href$='/providers']")
    return [re.search(r"/plan/lines/(\d+)/providers", link.get_attribute("href")).group(1) for link in links]


@pytest.mark.parametrize("language", LANGUAGES)
def test_comparison_pages(page, language):
    page.use_language(language).sign_in()
    lines = _provider_links(page)
    transport, home_care = lines[-1], lines[0]

    page.open(f"/plan/lines/{transport}/providers")
    page.assert_accessible()
    page.open(f"/plan/lines/{transport}/providers?language=sv&new_clients=y&sort=rating")
    page.assert_accessible()
    page.open(f"/plan/lines/{transport}/providers?specialism=memory_disorders&specialism=disabilities&specialism=mental_health")
    assert page.shows_none(".provider-list")
    page.assert_accessible()
    page.open(f"/plan/lines/{transport}/providers?sort=cheapest")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()

    page.open(f"/plan/lines/{transport}/providers")
    boxes = page.driver.find_elements(By.CSS_SELECTOR, "input[name=provider]")
    boxes[0].click()
    page.press(".results form button[type=submit]")
    assert page.find("[data-error-summary]").is_displayed()
    page.assert_accessible()
    page.driver.find_elements(By.CSS_SELECTOR, "input[name=provider]")[1].click()
    page.driver.find_elements(By.CSS_SELECTOR, "input[name=provider]")[2].click()
    page.press(".results form button[type=submit]")
    assert "/compare?" in page.driver.current_url
    page.assert_accessible()
    page.driver.set_window_size(360, 900)  # the comparison as a list on a narrow screen
    assert page.find(".compare-list").is_displayed() and not page.find(".compare-table").is_displayed()
    page.assert_accessible()
    page.driver.set_window_size(1280, 1024)

    page.press(".compare-table tbody a")
    assert "/choose" in page.driver.current_url
    page.assert_accessible()
    page.driver.back()
    page.find(".compare-table thead th")  # back on the comparison
    page.open(f"/plan/lines/{home_care}/providers")
    page.press(".provider-list h3 a")
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_switching_and_rating_pages(page, language):
    page.use_language(language).sign_in()
    home_care = _provider_links(page)[0]
    rate_link = page.find(".card__actions a[href$='/rating']").get_attribute("href")
    page.open(f"/plan/lines/{home_care}/providers?sort=name")
    page.driver.find_elements(By.CSS_SELECTOR, ".provider__actions a.button")[-1].click()
    assert page.find("#start").is_displayed()
    page.assert_accessible()
    page.find("#start").send_keys("31.2.2020")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    assert page.find("#start").get_attribute("aria-describedby").endswith("start-error")
    page.assert_accessible()

    page.driver.get(rate_link)
    page.assert_accessible()
    page.find("#comment").send_keys("Ystävällinen")
    page.submit()
    assert page.find("[data-error-summary]").is_displayed()
    assert page.find("#comment").get_attribute("value") == "Ystävällinen"
    page.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_after_an_htmx_update(page, language):
    page.use_language(language).sign_in()
    transport = _provider_links(page)[-1]
    page.open(f"/plan/lines/{transport}/providers")
    before = page.find("#provider-count").text
    page.driver.execute_script("document.querySelector('h1').dataset.marker = 'same page'")
    page.find("#language-1").click()  # Swedish
    page.find(".filters button[type=submit]").click()
    waiting(page.driver).until(lambda d: "language=sv" in d.current_url)
    waiting(page.driver).until(lambda d: d.find_element(By.ID, "provider-count").text != before)
    assert page.find("h1").get_attribute("data-marker") == "same page"
    page.assert_accessible()


def _journey(page):
    page.use_language("en").sign_in()
    transport = _provider_links(page)[-1]
    page.driver.find_element(By.CSS_SELECTOR, f"a[href='/plan/lines/{transport}/providers']").click()
    page.find("#language-0").click()  # Finnish
    page.find("#sort").find_element(By.CSS_SELECTOR, "option[value=name]").click()
    page.find(".filters button[type=submit]").click()
    waiting(page.driver).until(lambda d: "language=fi" in d.current_url and "sort=name" in d.current_url)
    waiting(page.driver).until(
        lambda d: 'name="sort" value="name"' in d.find_element(By.CSS_SELECTOR, ".results form").get_attribute("innerHTML")
    )
    boxes = page.driver.find_elements(By.CSS_SELECTOR, "input[name=provider]")
    boxes[0].click()
    boxes[1].click()
    page.find(".results form button[type=submit]").click()
    waiting(page.driver).until(lambda d: "/compare?" in d.current_url)
    chosen = page.find(".compare-table thead th").text
    page.find(".compare-table tbody a").click()
    waiting(page.driver).until(lambda d: d.current_url.endswith("/choose"))
    assert chosen in page.find("main").text
    page.submit()
    assert page.driver.current_url.endswith("/overview")
    main = page.find("main").text
    assert f"You chose {chosen}" in main and f"Provider: {chosen}" in main
    page.open("/plan")
    assert chosen in page.find("main").text


def test_the_whole_choice_without_javascript(demo_database, tmp_path, browser_without_javascript):
    server = LiveServer(live_app(demo_database, tmp_path))
    try:
        _journey(Page(browser_without_javascript, server.url))
    finally:
        server.stop()


def test_the_whole_choice_with_javascript(demo_database, tmp_path, browser):
    server = LiveServer(live_app(demo_database, tmp_path))
    try:
        browser.delete_all_cookies()
        _journey(Page(browser, server.url))
    finally:
        server.stop()
