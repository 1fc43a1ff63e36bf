"""Every page of every role fits a phone (320 px), a 1280 px screen at 400 % zoom (320 CSS px) and a 1280 px
screen: the page never scrolls sideways, a table too wide for its screen scrolls only inside a labelled region
(WCAG 1.4.10's exception for data tables) or reflows with each cell under its header (and stays a table for screen
readers), nothing is cut off, and no word breaks in the middle (tests/browser/layout.js). And the idle warning is
hidden and silent where it cannot work: without <dialog>, without JavaScript and in the text browser w3m.
One browser for the module."""

import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from selenium.webdriver.common.by import By

from tests.browser.conftest import LiveServer, Page, _chrome, live_app, waiting

pytestmark = pytest.mark.browser
LAYOUT = (Path(__file__).parent / "layout.js").read_text()
# A phone (overlay scrollbars); a 1280 × 1024 screen at 400 % zoom, 320 × 256 CSS pixels of four device pixels
# each, with a desktop's scrollbar; that screen at 100 %.
VIEWPORTS = {
    "320 px": {"width": 320, "height": 640, "deviceScaleFactor": 2, "mobile": True},
    "400 % zoom": {"width": 320, "height": 256, "deviceScaleFactor": 4, "mobile": False},
    "1280 px": {"width": 1280, "height": 1024, "deviceScaleFactor": 1, "mobile": False},
}
LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture(scope="module")
def driver():
    chrome = _chrome()
    chrome.implicitly_wait(0)  # a page is read once it has loaded: what is not there is not waited for
    yield chrome
    chrome.quit()


@pytest.fixture(scope="module")
def server(demo_database, tmp_path_factory):
    live = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("layout")))
    yield live
    live.stop()


def _hrefs(page: Page, selector: str, containing: str = "") -> list[str]:
    links = [link for link in page.driver.find_elements(By.CSS_SELECTOR, selector) if containing in link.text]
    return [link.get_attribute("href").removeprefix(page.base_url) for link in links]


def _href(page: Page, selector: str, containing: str = "") -> str:
    links = _hrefs(page, selector, containing)
    assert links, f"no link {selector} {containing} on {page.driver.current_url}"
    return links[0]


def _navigation(page: Page) -> list[str]:
    """The role's own pages: what its navigation leads to (so a page added to it is checked here too)."""
    return _hrefs(page, "nav.main-nav a")


def _client_pages(page: Page) -> list[str]:
    pages = _navigation(page)
    page.open("/plan")
    pages += [_href(page, ".versions a"), "/plan/proposal", "/mandates/new"]
    page.open("/overview")
    providers, rating = _href(page, "a[href$='/providers']"), _href(page, "a[href$='/rating']")
    page.open(providers)
    chosen = [box.get_attribute("value") for box in page.driver.find_elements(By.CSS_SELECTOR, "input[name=provider]")]
    compare = providers.removesuffix("/providers") + "/compare?" + "&".join(f"provider={i}" for i in chosen[:3])
    one = _href(page, "main a[href*='/providers/']")
    return pages + [providers, compare, one, one + "/choose", rating]


def _relative_pages(page: Page) -> list[str]:
    pages = _navigation(page) + ["/my-mandates/request", "/act-for"]
    page.open("/act-for")
    page.find("main input[type=radio][value]:not([value=''])").click()
    page.submit()
    return pages + _navigation(page)


def _case_manager_pages(page: Page) -> list[str]:
    pages = _navigation(page)
    page.open("/case-manager/clients?q=Virtanen")
    aino = _href(page, "main a[href*='/case-manager/clients/']", "Virtanen, Aino")
    page.open(aino)
    return pages + [aino, aino + "/mandates", _href(page, "main a[href*='/case-manager/plans/']")]


def _provider_pages(page: Page) -> list[str]:
    pages = _navigation(page)
    page.open("/provider/clients")
    record = _href(page, "main a[href$='/record']")
    page.open("/provider/services")
    return pages + [record, _href(page, "td a[href$='/correction']")]


def _county_pages(page: Page) -> list[str]:
    pages = _navigation(page) + [f"/admin/reports?by={by}" for by in ("municipality", "service", "month", "year")]
    page.open("/admin/applications")
    pages += _hrefs(page, "tbody a")[:1]  # the demo county may have no applications
    page.open("/admin/prices")
    pages.append(_href(page, "tbody a"))
    page.open("/admin/users")
    page.find("#username").send_keys("client")
    page.submit()
    return pages + [page.driver.current_url.removeprefix(page.base_url)]


def _public_pages(page: Page) -> list[str]:
    page.open("/accessibility")
    return ["/sign-in", "/accessibility", "/provider/apply"] + _hrefs(page, ".site-footer__links a")


ROLES = {
    "client": _client_pages,
    "relative": _relative_pages,
    "casemanager": _case_manager_pages,
    "provider": _provider_pages,
    "admin": _county_pages,
    None: _public_pages,
}


def _tables_that_reflow(driver) -> list[str]:
    """A table shown as a list of its rows is still a table for a screen reader: its roles are a table's."""
    faults = []
    reflowed = "return [...document.querySelectorAll('table')].filter(t => getComputedStyle(t).display !== 'table')"
    for table in driver.execute_script(reflowed):
        cells = table.find_elements(By.CSS_SELECTOR, "tbody tr:first-child > *")
        roles = [table.aria_role] + [cell.aria_role for cell in cells]
        if roles[0] != "table" or not set(roles[1:]) <= {"cell", "rowheader"}:
            faults.append(f"reflow: the table {table.get_attribute('class')} is no longer a table to a screen reader: "
                          f"{roles}")
    return faults


def faults_on(driver) -> dict[str, list[str]]:
    """The layout's faults on the page open, in each viewport."""
    found = {}
    try:
        for name, metrics in VIEWPORTS.items():
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            if faults := driver.execute_script(LAYOUT) + _tables_that_reflow(driver):
                found[name] = faults
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return found


def _check_every_page(page: Page, paths: list[str]) -> None:
    found = {}
    for path in dict.fromkeys(paths):
        page.open(path)
        status = page.driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus")
        assert status == 200, f"{path} answered {status}"
        if faults := faults_on(page.driver):
            found[path] = faults
    assert not found, "\n".join(f"{path} at {viewport}: {fault}" for path, faults in found.items()
                                for viewport, listed in faults.items() for fault in listed)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "public")
def test_every_page_fits_320_px_400_percent_zoom_and_1280_px(driver, server, role, language):
    driver.delete_all_cookies()
    page = Page(driver, server.url).use_language(language)
    if role:
        page.sign_in(role)
    _check_every_page(page, ROLES[role](page))


# The idle warning where it cannot work. The warning is due a second after a page loads.
IDLE = {"IDLE_TIMEOUT": timedelta(minutes=2), "IDLE_WARNING": timedelta(seconds=119)}
WITHOUT_DIALOG = """
(function () {
  var dialog = window.HTMLDialogElement && HTMLDialogElement.prototype;
  if (dialog) { delete dialog.showModal; delete dialog.show; delete dialog.close; }
  delete window.HTMLDialogElement;
  // Nor the browser's own styles for <dialog>: an element it does not know shows inline, unless hidden.
  window.addEventListener("load", function () {
    document.styleSheets[0].insertRule("dialog:not([hidden]) { display: inline; position: static; }", 0);
  });
})();
"""


@pytest.fixture(scope="module")
def idle_server(demo_database, tmp_path_factory):
    live = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("idle"), **IDLE))
    yield live
    live.stop()


def _words(server, language: str) -> tuple[str, list[str]]:
    """The note, which may stay, and the warning's words, which may not show."""
    app = server.server.app
    with app.test_request_context(), force_locale(language):
        timeout, warning = (int(app.config[key].total_seconds()) // 60 for key in ("IDLE_TIMEOUT", "IDLE_WARNING"))
        note = gettext("For your security, you will be signed out after %(minutes)s minutes without activity.",
                       minutes=timeout)
        return note, [gettext("You will soon be signed out"), gettext("Stay signed in"), gettext(
            "For your security, you will be signed out in %(minutes)s minutes because you have not done anything.",
            minutes=warning)]


def _shown_and_read(driver) -> tuple[str, str]:
    """What the page shows, and what a screen reader finds in it (its accessibility tree)."""
    shown = " ".join(driver.execute_script("return document.body.innerText").split())
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    read = " ".join(str(node.get(key, {}).get("value", "")) for node in nodes if not node.get("ignored")
                    for key in ("name", "value", "description"))
    return shown, " ".join(read.split())


def _assert_no_warning(driver, note: str, warning: list[str], how: str) -> None:
    time.sleep(2)  # the warning would have opened after a second
    shown, read = _shown_and_read(driver)
    assert note in shown, f"{how}: the note on the idle limit should stay"
    for words in warning:
        assert words not in shown, f"{how}: the warning shows {words!r}"
        assert words not in read, f"{how}: a screen reader reads {words!r}"
    assert not driver.find_element(By.CSS_SELECTOR, "[data-idle-warning]").is_displayed(), how


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_idle_warning_is_hidden_and_silent_without_dialog_or_javascript(driver, idle_server, language):
    note, warning = _words(idle_server, language)
    driver.delete_all_cookies()
    page = Page(driver, idle_server.url).use_language(language).sign_in("client")
    # Where <dialog> works, the warning opens, and this test sees and hears it.
    page.open("/plan")
    dialog = driver.find_element(By.CSS_SELECTOR, "[data-idle-warning]")
    waiting(driver).until(lambda _: dialog.get_attribute("open") is not None)
    shown, read = _shown_and_read(driver)
    assert warning[0] in shown and warning[0] in read and note not in shown, shown
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WITHOUT_DIALOG})
    try:
        page.open("/plan")
        assert driver.execute_script("return typeof window.HTMLDialogElement") == "undefined"
        _assert_no_warning(driver, note, warning, "without <dialog>")
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page.open("/plan")
        _assert_no_warning(driver, note, warning, "without JavaScript")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_idle_warning_is_not_in_the_text_browser_w3m(driver, server, language):
    assert shutil.which("w3m"), "the text browser w3m is missing: `make system-packages` installs it"
    note, warning = _words(server, language)
    driver.delete_all_cookies()
    Page(driver, server.url).use_language(language).sign_in("client")
    # The browser's session, read by w3m: its cookies, and its user agent (the session is bound to it).
    cookies = "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in driver.get_cookies())
    agent = driver.execute_script("return navigator.userAgent")
    text = subprocess.run(["w3m", "-dump", "-O", "UTF-8", "-no-cookie", "-o", f"user_agent={agent}",
                           "-header", f"Cookie: {cookies}", server.url + "/plan"],
                          capture_output=True, text=True, timeout=60, check=True).stdout
    text = " ".join(text.split())
    with server.server.app.test_request_context(), force_locale(language):
        signed_in = gettext("Signed in as %(name)s", name="Aino Virtanen")
    assert signed_in in text and note in text, text[:2000]  # the page itself, signed in
    for words in warning:
        assert words not in text, f"w3m shows {words!r}"
