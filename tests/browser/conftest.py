"""A live server on loopback and headless Debian Chromium, with axe-core 4.10."""

import json
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import InvalidCookieDomainException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from portal import create_app, demo_data
from portal.db.session import make_engine
from portal.web.easy import READING_COOKIE
from portal.web.i18n import LANGUAGE_COOKIE
from sqlalchemy.orm import Session
from tests.conftest import COMPILED_TEMPLATES, IDENTITY_SECRET, SECRET, CheckedClient

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
IMPLICIT_WAIT = 5  # seconds a search waits for an element that htmx or a script may still add
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,1024",
]


def _chrome(javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    if not javascript:
        # The page's own scripts never load, as with JavaScript off: the pages have no inline script (the CSP
        # forbids it) and no <noscript>. Chromium's own switch would also stop axe-core, which the tests inject.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*.js", "*.js?*"]})
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    driver.implicitly_wait(IMPLICIT_WAIT)
    return driver


AXE_PATH = "/__axe-core"  # answered by the live server, never by the portal
AXE_SOURCE = Path(Axe(None).script_url).read_bytes()
LOAD_AXE = f"""var done = arguments[arguments.length - 1];
if (window.axe) {{ done(true); }} else {{
  var script = document.createElement("script");
  script.src = "{AXE_PATH}";
  script.onload = function () {{ done(true); }};
  script.onerror = function () {{ done(false); }};
  document.head.appendChild(script);
}}"""


def _serving_axe(wsgi_app):
    """The portal, and axe-core from the same origin (the pages' CSP lets scripts come only from 'self'): the browser
    keeps it compiled, where sending its 550 kB with every check cost a tenth of a second."""

    def serve(environ, start_response):
        if environ["PATH_INFO"] != AXE_PATH:
            return wsgi_app(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/javascript"), ("Content-Length", str(len(AXE_SOURCE))),
                                  ("Cache-Control", "max-age=86400, immutable")])
        return [AXE_SOURCE]

    return serve


class LiveServer:
    running: dict = {}  # each running server's app by its address, for Page.sign_in

    def __init__(self, app):
        app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
        app.wsgi_app = _serving_axe(app.wsgi_app)
        self.database_url = app.config["DATABASE_URL"]
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        LiveServer.running[self.url] = app
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        LiveServer.running.pop(self.url, None)


def live_app(database_path, tmp_path, **settings):
    path = tmp_path / "live.sqlite3"
    shutil.copy(database_path, path)
    return create_app(
        {
            "SECRET_KEY": SECRET,
            "IDENTITY_KEY_SECRET": IDENTITY_SECRET,
            "DATABASE_URL": f"sqlite:///{path}",
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": False,
            **settings,
        }
    )


def live_county(demo_database, folder, prepare):
    """A live server on a copy of the demo county, after `prepare(session)` has written what a module needs (and
    committed); what `prepare` returns is handed back beside the server."""
    path = folder / "county.sqlite3"
    shutil.copy(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        prepared = prepare(session)
        session.commit()
    engine.dispose()
    return LiveServer(live_app(path, folder)), prepared


@pytest.fixture(scope="session")
def live_server(demo_database, tmp_path_factory):
    server = LiveServer(live_app(demo_database, tmp_path_factory.mktemp("live")))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    driver = _chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def _chromium_without_javascript():
    driver = _chrome(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture()
def browser_without_javascript(_chromium_without_javascript):
    """One Chromium without the pages' scripts for the whole run, starting each test with no cookies."""
    driver = _chromium_without_javascript
    driver.delete_all_cookies()
    driver.set_window_size(1280, 1024)
    return driver


def waiting(driver, seconds: float = 10) -> WebDriverWait:
    """A wait that asks every 50 ms (WebDriverWait's own default is every half second, which a test then sleeps)."""
    return WebDriverWait(driver, seconds, poll_frequency=0.05)


def _left_the_page(element):
    """True once the element's page has gone; Chromium says so in more than one way."""

    def check(_driver) -> bool:
        try:
            element.is_enabled()
        except (StaleElementReferenceException, WebDriverException):
            return True
        return False

    return check


class Page:
    """A browser on the live server, with the steps the tests share."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    def open(self, path: str):
        self.driver.get(self.base_url + path)
        return self

    def use_language(self, language: str):
        """The cookies a standard language's link leaves (its own tests are in tests/web), without loading a page."""
        self._hand_over({"name": LANGUAGE_COOKIE, "value": language, "path": "/", "httpOnly": True, "sameSite": "Lax",
                         "expiry": int(time.time()) + 365 * 24 * 3600}, READING_COOKIE)
        return self

    def _hand_over(self, cookie: dict, *deleted: str) -> None:
        """The browser is handed a cookie (and forgets others) on a page of the server's own host (any port)."""
        if self.driver.execute_script("return location.hostname") != "127.0.0.1":
            self.open("/sign-in")
        try:
            self._set_cookie(cookie, deleted)
        except InvalidCookieDomainException:  # the page open is not the server's own (an error page, a file)
            self.open("/sign-in")
            self._set_cookie(cookie, deleted)

    def _set_cookie(self, cookie: dict, deleted: tuple[str, ...]) -> None:
        for name in deleted:
            self.driver.delete_cookie(name)
        self.driver.add_cookie(cookie)

    def sign_in(self, username: str = "client", password: str = demo_data.PASSWORD):
        """Signed in, on the page the sign-in leads to. The live app's own sign-in makes the session (a test client
        sends the form) and the browser is handed its cookie: three page loads fewer for each test that only needs
        to be signed in. The form itself, in the browser, is `sign_in_with_the_form`."""
        app = LiveServer.running[self.base_url]
        client = CheckedClient(app, app.response_class)
        # The session is bound to the browser's user agent (Flask-Login's "strong" protection).
        client.environ_base["HTTP_USER_AGENT"] = self.driver.execute_script("return navigator.userAgent")
        response = client.sign_in(username, password)
        assert response.status_code == 303, f"{username} could not sign in"
        cookie = client.get_cookie("session")
        self._hand_over({"name": cookie.key, "value": cookie.value, "path": "/", "httpOnly": True, "sameSite": "Lax"})
        return self.open(urljoin("/", response.headers["Location"]))

    def sign_in_with_the_form(self, username: str = "client", password: str = demo_data.PASSWORD):
        self.open("/sign-in")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.submit()
        return self

    def submit(self):
        """Press the main form's button and wait for the next page to load."""
        return self.press("main form button[type=submit]")

    def press(self, selector: str):
        """Click what loads a new page, and wait until it has."""
        button = self.driver.find_element(By.CSS_SELECTOR, selector)
        button.click()
        waiting(self.driver).until(_left_the_page(button))
        waiting(self.driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
        return self

    def sign_out(self):
        self.driver.delete_all_cookies()
        return self

    def find(self, selector: str):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def shows_none(self, selector: str) -> bool:
        """Whether nothing on the loaded page matches, asked at once: the implicit wait is for what is still to
        come, and would make every search for what should be absent take its whole five seconds."""
        self.driver.implicitly_wait(0)
        try:
            return not self.driver.find_elements(By.CSS_SELECTOR, selector)
        finally:
            self.driver.implicitly_wait(IMPLICIT_WAIT)

    def assert_accessible(self, context: str | None = None) -> None:
        assert self.driver.execute_async_script(LOAD_AXE), "axe-core did not load"
        axe = Axe(self.driver)
        options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        results = axe.run(context=context, options=options)
        assert results["violations"] == [], (
            f"{self.driver.current_url}\n" + axe.report(results["violations"])
        )
        self.assert_no_sideways_scroll()

    def assert_no_sideways_scroll(self, width: int = 320) -> None:
        """WCAG 1.4.10: at 320 CSS pixels the page reflows; only a table's own region may scroll."""
        size = self.driver.get_window_size()
        self.driver.set_window_size(width, size["height"])
        try:
            wider = self.driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        finally:
            self.driver.set_window_size(size["width"], size["height"])
        assert wider <= 0, f"{self.driver.current_url} scrolls sideways by {wider} px at {width} px"


@pytest.fixture()
def page(browser, live_server):
    browser.delete_all_cookies()
    return Page(browser, live_server.url)
