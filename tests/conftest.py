import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from jinja2 import BytecodeCache

os.environ.setdefault("PORTAL_HASHING", "cheapest")  # read when the portal is imported: portal/services/hashing.py

from portal import create_app, demo_data  # noqa: E402
from portal.db.migrate import upgrade
from portal.db.session import dispose as dispose_engines
from portal.services import submissions
from sqlalchemy.orm import Session
from tests import demo_template
from tests.pages import check_fragment, check_headers, check_page

SECRET = "test-secret-key-that-is-long-enough-for-tests"
IDENTITY_SECRET = demo_template.IDENTITY_SECRET
LONG_MODULES = ("tests/web/test_fuzz.py", "tests/services/test_ledger_properties.py", "tests/test_postgresql.py")

# Bounded, so that `make test` stays within its time; HYPOTHESIS_PROFILE=thorough for a long run.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config):
    """With test processes of its own, the controlling process starts making the demo database at once."""
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        folder = tempfile.mkdtemp(prefix="portal-demo-")
        os.environ[demo_template.FOLDER_VARIABLE] = folder  # the workers, started after this, inherit it
        config.demo_builder = subprocess.Popen([sys.executable, "-m", "tests.demo_template", folder], cwd=config.rootpath)


def pytest_unconfigure(config):
    builder = getattr(config, "demo_builder", None)
    if builder is not None:
        builder.kill()
        builder.wait()
        shutil.rmtree(os.environ.pop(demo_template.FOLDER_VARIABLE), ignore_errors=True)


def pytest_collection_modifyitems(items):
    """The modules that need no demo database first (while it is being made), then the longest (browser modules and
    LONG_MODULES, so that none of them runs alone at the end), then the rest as collected. `make test` keeps this
    order (--no-loadscope-reorder)."""
    module_of = {item: item.nodeid.split("::")[0] for item in items}
    needs_demo = {module_of[item] for item in items if "demo_database" in item.fixturenames}
    long = {module_of[item] for item in items
            if item.get_closest_marker("browser") or module_of[item] in LONG_MODULES}
    items.sort(key=lambda item: (module_of[item] in needs_demo, module_of[item] not in long))


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """A migrated database with the demo data, made once per run (tests/demo_template.py) and copied for each test."""
    shared = os.environ.get(demo_template.FOLDER_VARIABLE)
    return demo_template.template(Path(shared) if shared else tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory):
    """An empty database with every migration, made once per run; `empty_database_url` copies it for a test."""
    path = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture()
def empty_database_url(empty_database, tmp_path) -> str:
    path = tmp_path / "empty.sqlite3"
    shutil.copy(empty_database, path)
    return f"sqlite:///{path}"


@pytest.fixture()
def database_url(demo_database, tmp_path):
    path = tmp_path / "portal.sqlite3"
    shutil.copy(demo_database, path)
    return f"sqlite:///{path}"


class CheckedClient(FlaskClient):
    """A test client that checks the headers of every response and the HTML of every page."""

    language = "fi"
    checks_pages = True  # the fuzz test turns it off for its thousands of requests, and checks a sample

    def use_language(self, language: str) -> None:
        self.language = language
        self.set_cookie("lang", language)

    def open(self, *args, **kwargs):
        data = kwargs.get("data")
        if kwargs.get("method") == "POST" and isinstance(data, dict) and "submission_key" not in data:
            # As a freshly rendered form would: every form carries a one-time key of its own.
            kwargs["data"] = {**data, "submission_key": submissions.new_key()}
        response = super().open(*args, **kwargs)
        if self.checks_pages:
            self.check(response)
        return response

    def check(self, response) -> None:
        """The shared checks of a response: its headers, and its HTML as a page or, asked for by htmx, a fragment."""
        check_headers(response)
        if response.mimetype == "text/html" and response.status_code not in (204, 301, 302, 303):
            if response.request.headers.get("HX-Request"):
                check_fragment(response.get_data(as_text=True))
            else:
                check_page(response.get_data(as_text=True), self.language)

    def csrf_token(self, path: str) -> str:
        page = self.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def sign_in(self, username: str, password: str = demo_data.PASSWORD, next_path: str = "", **request):
        token = self.csrf_token("/sign-in")
        url = "/sign-in" + (f"?next={next_path}" if next_path else "")
        return self.post(url, data={"csrf_token": token, "username": username, "password": password}, **request)


class CompiledTemplates(BytecodeCache):
    """The templates compiled once per test process, not once per test's app (keyed by their source)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


@pytest.fixture()
def app(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "IDENTITY_KEY_SECRET": IDENTITY_SECRET,
                      "DATABASE_URL": database_url, "RATELIMIT_ENABLED": False})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    app.test_client_class = CheckedClient
    yield app
    dispose_engines(app)


@pytest.fixture()
def client(app) -> CheckedClient:
    return app.test_client()


@pytest.fixture()
def signed_in_client(client) -> CheckedClient:
    response = client.sign_in("client")
    assert response.status_code == 303
    return client


@pytest.fixture()
def db(app):
    """A session of the test's own, outside any request (so requests keep their own context)."""
    with Session(app.extensions["db_engine"]) as session:
        yield session
