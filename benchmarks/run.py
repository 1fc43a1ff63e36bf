"""How fast the portal answers under gunicorn: every main page of each demo role, and throughput.

    python -m benchmarks.run [--postgresql | --database-url URL] [--repeat 20] [--seconds 10]

Builds the database when it has no clients (`flask --app portal scale-data`), serves it with
gunicorn, signs in as each demo account, times each page, and compares the requests per second
of two busy pages with those of a bare WSGI app. The table is printed and written as JSON.
"""

import argparse
import gzip
import http.client
import json
import math
import os
import platform
import re
import socket
import statistics
import string
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from importlib import metadata
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from sqlalchemy import make_url, text

from portal.db.session import make_engine

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-password"
ROLES = ("public", "client", "relative", "casemanager", "provider", "admin")
ACT_FOR = "Aino Virtanen"
SECRET_KEY = "bench-secret-key-not-for-production"
USER_AGENT = "portal-bench"
WARM_UP = 2
COUNTED_TABLES = ("clients", "service_events", "ledger_entries")

# (role, page, path): {name} in a path is a month below or an id found by DISCOVERIES.
FIGURES = ("clients", "granted", "used", "providers", "satisfaction")
PAGES = [
    ("public", "Sign in", "/sign-in"),
    ("public", "Accessibility statement", "/accessibility"),
    ("client", "Overview", "/overview"),
    ("client", "Plan", "/plan"),
    ("client", "Earlier plan version", "/plan/{plan_version}"),
    ("client", "Timeline", "/plan/timeline"),
    ("client", "Transactions", "/transactions"),
    ("client", "Providers for a service", "/plan/lines/{line}/providers"),
    ("client", "Provider details", "/plan/lines/{line}/providers/{provider_a}"),
    ("client", "Providers compared", "/plan/lines/{line}/compare?provider={provider_a}&provider={provider_b}"),
    ("client", "Messages", "/messages"),
    ("client", "Mandates", "/mandates"),
    ("client", "Who has viewed", "/access-log"),
    ("client", "What providers see", "/sharing"),
    ("client", "Services to confirm, last month", "/services-to-confirm?month={last_month}"),
    ("client", "Agreements", "/agreements"),
    ("client", "An agreement", "/plan/choices/{agreement_choice}/agreement"),
    ("relative", "My mandates", "/my-mandates"),
    ("relative", "Overview (for Aino)", "/overview"),
    ("relative", "Plan (for Aino)", "/plan"),
    ("relative", "Timeline (for Aino)", "/plan/timeline"),
    ("relative", "Transactions (for Aino)", "/transactions"),
    ("relative", "Providers (for Aino)", "/plan/lines/{line}/providers"),
    ("relative", "Messages (for Aino)", "/messages"),
    ("relative", "Who has viewed (for Aino)", "/access-log"),
    ("relative", "What providers see (for Aino)", "/sharing"),
    ("relative", "Services to confirm (for Aino)", "/services-to-confirm?month={last_month}"),
    ("casemanager", "My clients", "/case-manager/clients"),
    ("casemanager", "Search by last name", "/case-manager/clients?search={search}"),
    ("casemanager", "Client", "/case-manager/clients/{caseload_client}"),
    ("casemanager", "Client's mandates", "/case-manager/clients/{caseload_client}/mandates"),
    ("casemanager", "Client's timeline", "/case-manager/clients/{caseload_client}/timeline"),
    ("casemanager", "Follow-up", "/case-manager/follow-up"),
    ("casemanager", "Follow-up by service, last month", "/case-manager/follow-up/lines?month={last_month}"),
    ("casemanager", "Messages", "/case-manager/messages"),
    ("casemanager", "A client's disputes", "/case-manager/clients/{disputing_client}/disputes"),
    ("provider", "Clients", "/provider/clients"),
    ("provider", "Services this month", "/provider/services?month={this_month}"),
    ("provider", "Services last month", "/provider/services?month={last_month}"),
    ("provider", "Settlements", "/provider/settlements"),
    ("provider", "Settlements last month", "/provider/settlements?month={last_month}"),
    ("provider", "Settlement CSV last month", "/provider/settlements/{last_month_year}/{last_month_number}.csv"),
    ("provider", "Prices", "/provider/prices"),
    ("provider", "An agreement", "/provider/clients/{provider_agreement}/agreement"),
    ("provider", "Open disputes", "/provider/disputes"),
    ("provider", "Ratings", "/provider/ratings"),
    ("provider", "Quality information", "/provider/quality"),
    ("admin", "Overview", "/admin/overview"),
    *[("admin", f"Overview CSV: {figure}", f"/admin/overview/{figure}.csv") for figure in FIGURES],
    *[("admin", f"Report by {by}", f"/admin/reports?by={by}") for by in ("municipality", "service", "month", "year")],
    *[("admin", f"Report CSV by {by}", f"/admin/reports.csv?by={by}") for by in ("municipality", "month")],
    ("admin", "Applications", "/admin/applications"),
    ("admin", "Price changes", "/admin/price-changes"),
    ("admin", "Settlements last month", "/admin/settlements?month={last_month}"),
    ("admin", "Settlement CSV last month",
     "/admin/settlements/{settled_provider}/{last_month_year}/{last_month_number}.csv"),
    ("admin", "Quality information to approve", "/admin/quality"),
    ("admin", "Reference prices", "/admin/prices"),
    ("admin", "Users and sessions", "/admin/users"),
    ("admin", "A user's sessions", "/admin/users/{user}"),
]
THROUGHPUT = [
    ("client", "Overview", "/overview"),
    ("provider", "Services this month", "/provider/services?month={this_month}"),
]


class Discovery(NamedTuple):
    """An id read from a page (the pattern's first group), or from the redirect after posting `form`."""

    role: str
    path: str
    pattern: str
    nth: int = 0
    form: dict | None = None


DISCOVERIES = {
    "plan_version": Discovery("client", "/plan", r'href="/plan/(\d+)"'),
    "line": Discovery("client", "/overview", r'href="/plan/lines/(\d+)/providers"'),
    "provider_a": Discovery("client", "/plan/lines/{line}/providers", r'name="provider" value="(\d+)"'),
    "provider_b": Discovery("client", "/plan/lines/{line}/providers", r'name="provider" value="(\d+)"', nth=1),
    "caseload_client": Discovery("casemanager", "/case-manager/clients", r'href="/case-manager/clients/(\d+)"'),
    "caseload_last_name": Discovery("casemanager", "/case-manager/clients", r'href="/case-manager/clients/\d+">([^<,]+),'),
    "search": Discovery("casemanager", "/case-manager/clients", r"search=([\w-]+)",
                        form={"q": "{caseload_last_name}", "municipality": ""}),
    "agreement_choice": Discovery("client", "/agreements", r'href="/plan/choices/(\d+)/agreement"'),
    "aino_search": Discovery("casemanager", "/case-manager/clients", r"search=([\w-]+)",
                             form={"q": "A0000001", "municipality": ""}),
    "disputing_client": Discovery("casemanager", "/case-manager/clients?search={aino_search}",
                                  r'href="/case-manager/clients/(\d+)"'),
    "provider_agreement": Discovery("provider", "/provider/clients", r'href="/provider/clients/(\d+)/agreement"'),
    "settled_provider": Discovery("admin", "/admin/settlements?month={last_month}", r'href="/admin/settlements/(\d+)/'),
    "user": Discovery("admin", "/admin/users", r"/admin/users/(\d+)$", form={"username": "client"}),
}


class BenchError(Exception):
    """The benchmark cannot go on."""


class Response(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


class Browser:
    """One person at the portal: a keep-alive connection and the cookies the portal set."""

    def __init__(self, port: int, timeout: float, cookies: dict | None = None):
        self.port, self.timeout = port, timeout
        self.cookies = dict(cookies or {})
        self.connection = None

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form)

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        body = urlencode(form).encode() if form is not None else None
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        for attempt in (1, 2):
            fresh = self.connection is None
            started = time.perf_counter()
            try:
                if fresh:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.connection.request(method, path, body=body, headers=headers)
                answer = self.connection.getresponse()
                data = answer.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt == 2:
                    raise
        seconds = time.perf_counter() - started
        self._keep_cookies(answer.msg.get_all("Set-Cookie") or [])
        if answer.will_close:
            self.close()
        return Response(answer.status, answer.msg, data, seconds)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class FormReader(HTMLParser):
    """The hidden fields and the radio buttons (with their labels) of the form posted to `action`."""

    def __init__(self, page: str, action: str):
        super().__init__()
        self.action, self.inside, self.label_for = action, False, None
        self.hidden, self.radios, self.labels = {}, [], {}
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = urlsplit(attrs.get("action") or "").path == self.action
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and self.inside and attrs.get("type") == "radio":
            self.radios.append((attrs["name"], attrs.get("value"), attrs.get("id")))
        elif tag == "label" and self.inside and attrs.get("for"):
            self.label_for = attrs["for"]
            self.labels[self.label_for] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "label":
            self.label_for = None

    def handle_data(self, data):
        if self.label_for:
            self.labels[self.label_for] += data

    def choices(self, name: str) -> list[tuple[str, str]]:
        """(value, label) of each radio button called `name`."""
        return [(value, self.labels.get(id_, "").strip()) for radio, value, id_ in self.radios if radio == name]


class Site:
    """The running portal: a signed-in browser per role, and the ids its pages link to."""

    def __init__(self, port: int, timeout: float, today: date):
        self.port, self.timeout = port, timeout
        self.browsers = {}
        self.pages = {}
        last_month = today.replace(day=1) - timedelta(days=1)
        self.values = {
            "this_month": f"{today:%Y-%m}",
            "last_month": f"{last_month:%Y-%m}",
            "last_month_year": str(last_month.year),
            "last_month_number": str(last_month.month),
        }

    def sign_in_everyone(self) -> None:
        for role in ROLES:
            browser = self.browsers[role] = Browser(self.port, self.timeout)
            if role != "public":
                self._sign_in(browser, role)
        self._act_for(self.browsers["relative"], ACT_FOR)

    def _sign_in(self, browser: Browser, username: str) -> None:
        form = FormReader(self._page(browser, "/sign-in"), "/sign-in")
        answer = browser.post("/sign-in", {**form.hidden, "username": username, "password": PASSWORD})
        if answer.status != 303:
            raise BenchError(f"{username} could not sign in: HTTP {answer.status}")

    def _act_for(self, browser: Browser, name: str) -> None:
        form = FormReader(self._page(browser, "/act-for"), "/act-for")
        whom = next((value for value, label in form.choices("whom") if label.startswith(name)), None)
        if whom is None:
            raise BenchError(f"the relative holds no mandate of {name}: {form.choices('whom')}")
        answer = browser.post("/act-for", {**form.hidden, "whom": whom})
        if answer.status != 303:
            raise BenchError(f"the relative could not act for {name}: HTTP {answer.status}")

    def _page(self, browser: Browser, path: str) -> str:
        answer = browser.get(path)
        if answer.status != 200:
            raise LookupError(f"{path} answered {answer.status}")
        return answer.body.decode()

    def path(self, template: str) -> str:
        """The path with each {name} filled in; LookupError names the one that could not be found."""
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        return template.format(**{name: self.value(name) for name in names})

    def value(self, name: str) -> str:
        if name not in self.values:
            self.values[name] = self._discover(name, DISCOVERIES[name])
        return self.values[name]

    def _discover(self, name: str, discovery: Discovery) -> str:
        browser, path = self.browsers[discovery.role], self.path(discovery.path)
        if (discovery.role, path) not in self.pages:
            self.pages[discovery.role, path] = self._page(browser, path)
        page = self.pages[discovery.role, path]
        if discovery.form is None:
            found = re.findall(discovery.pattern, page)
        else:
            form = {key: self.path(value) for key, value in discovery.form.items()}
            answer = browser.post(urlsplit(path).path, {**FormReader(page, urlsplit(path).path).hidden, **form})
            found = re.findall(discovery.pattern, answer.headers.get("Location", ""))
        if len(found) <= discovery.nth:
            raise LookupError(f"no {name} on {path}")
        return unescape(found[discovery.nth]).strip()


def server_timing(answer: Response) -> tuple[int, float, float] | None:
    """(queries, db ms, app ms) from the Server-Timing header, if the portal sent one."""
    header = answer.headers.get("Server-Timing", "")
    db = re.search(r'db;dur=([\d.]+);desc="(\d+) queries"', header)
    app = re.search(r"app;dur=([\d.]+)", header)
    if not (db and app):
        return None
    return int(db.group(2)), float(db.group(1)), float(app.group(1))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure_page(site: Site, role: str, label: str, template: str, repeat: int) -> dict:
    row = {"role": role, "page": label, "path": template, "median_ms": None, "p95_ms": None, "queries": None,
           "db_ms": None, "app_ms": None, "bytes": None, "gzip_bytes": None}
    try:
        row["path"] = site.path(template)
    except LookupError as error:
        return {**row, "status": str(error)}
    browser = site.browsers[role]
    try:
        answers = [browser.get(row["path"]) for _ in range(WARM_UP + repeat)]
    except (OSError, http.client.HTTPException) as error:
        browser.close()
        return {**row, "status": f"no answer ({type(error).__name__})"}
    measured = answers[WARM_UP:]
    milliseconds = [answer.seconds * 1000 for answer in measured]
    timings = [timing for timing in map(server_timing, measured) if timing]
    body = measured[-1].body
    row.update(
        median_ms=round(statistics.median(milliseconds), 2),
        p95_ms=round(percentile(milliseconds, 0.95), 2),
        bytes=len(body),
        gzip_bytes=len(gzip.compress(body)),
        status=next((answer.status for answer in answers if answer.status != 200), 200),
    )
    if timings:
        row.update(queries=timings[-1][0], db_ms=round(statistics.median(t[1] for t in timings), 2),
                   app_ms=round(statistics.median(t[2] for t in timings), 2))
    return row


def throughput(port: int, path: str, cookies: dict, concurrency: int, seconds: float, timeout: float) -> dict:
    """Requests per second from `concurrency` threads, each with its own connection, for `seconds`."""
    counts = []
    deadline = time.perf_counter() + seconds

    def keep_asking():
        browser, done, failed = Browser(port, timeout, cookies), 0, 0
        while time.perf_counter() < deadline:
            try:
                answer = browser.get(path)
                done, failed = (done + 1, failed) if answer.status == 200 else (done, failed + 1)
            except (OSError, http.client.HTTPException):
                browser.close()
                failed += 1
        browser.close()
        counts.append((done, failed))

    started = time.perf_counter()
    threads = [threading.Thread(target=keep_asking) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"path": path, "requests": sum(done for done, _ in counts), "errors": sum(failed for _, failed in counts),
            "seconds": round(elapsed, 2), "requests_per_second": round(sum(done for done, _ in counts) / elapsed, 1)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answers(process: subprocess.Popen, port: int, log: Path, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/", headers={"User-Agent": USER_AGENT})
            connection.getresponse().read()
            connection.close()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {within:.0f} s:\n{log.read_text()[-3000:]}")


def _no_control_socket() -> list[str]:
    """Gunicorn 27 and later open a control socket in ~/.gunicorn, the same for every server."""
    return ["--no-control-socket"] if int(metadata.version("gunicorn").split(".")[0]) >= 27 else []


@contextmanager
def gunicorn(app: str, env: dict, workers: int, timeout: int, log: Path):
    """Serves `app` on a free loopback port (yielded); stopped, by its pid, whatever happens."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--timeout", str(timeout), "--chdir", str(ROOT), *_no_control_socket(), app]
    print("$", " ".join(command), f"> {log}", file=sys.stderr)
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_answers(process, port, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def flask(env: dict, *arguments: str, capture: bool = False) -> str:
    command = [sys.executable, "-m", "flask", "--app", "portal", *arguments]
    if not capture:
        print("$", " ".join(command), file=sys.stderr)
    done = subprocess.run(command, env=env, cwd=ROOT, check=True, text=True,
                          stdout=subprocess.PIPE if capture else sys.stderr)
    return done.stdout or ""


def count_rows(url: str) -> dict:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in COUNTED_TABLES}
    finally:
        engine.dispose()


def prepare_database(url: str, args: argparse.Namespace, env: dict) -> dict:
    """The database migrated and filled: scale-data, or demo-data (with --demo-data, or if scale-data is missing)."""
    backend = make_url(url).get_backend_name()
    if not args.reuse:
        path = make_url(url).database if backend == "sqlite" else None
        if not path:
            raise BenchError("--no-reuse removes only SQLite files: drop this database yourself")
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    flask(env, "db-upgrade")
    counts = count_rows(url)
    if counts["clients"]:
        print(f"Reusing the database: {counts['clients']} clients (--no-reuse to rebuild it)", file=sys.stderr)
        return counts
    if args.demo_data:
        flask(env, "demo-data")
    elif re.search(r"^\s+scale-data\b", flask(env, "--help", capture=True), re.M):
        flask(env, "scale-data", "--clients", str(args.clients), "--providers", str(args.providers),
              "--events", str(args.events))
    else:
        print("`flask --app portal scale-data` does not exist yet: loading the demo data instead", file=sys.stderr)
        flask(env, "demo-data")
    return count_rows(url)


def server_environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "PORTAL_ENV": "development",
        "IDLE_TIMEOUT_MINUTES": str(24 * 60),
        "ABSOLUTE_TIMEOUT_HOURS": "48",
    }


def machine() -> dict:
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def run(args: argparse.Namespace, url: str) -> dict:
    env = server_environment(url)
    counts = prepare_database(url, args, env)
    instance, client_timeout = ROOT / "instance", args.worker_timeout + 10
    with gunicorn("benchmarks.wsgi:app", env, args.workers, args.worker_timeout, instance / "bench-portal.log") as port:
        site = Site(port, client_timeout, date.today())
        site.sign_in_everyone()
        pages = []
        for role, label, template in PAGES:
            page = measure_page(site, role, label, template, args.repeat)
            pages.append(page)
            print(f"  {role:<12} {label:<32} {_cell(page['median_ms']):>8} ms  {page['status']}", file=sys.stderr)
        rates = [
            {"role": role, "page": label, **throughput(port, site.path(template), site.browsers[role].cookies,
                                                       args.concurrency, args.seconds, client_timeout)}
            for role, label, template in THROUGHPUT
        ]
    with gunicorn("benchmarks.hello:app", env, args.workers, args.worker_timeout, instance / "bench-hello.log") as port:
        hello = {"role": "-", "page": "WSGI hello", **throughput(port, "/", {}, args.concurrency, args.seconds,
                                                                  client_timeout)}
    for rate in rates:
        rate["percent_of_hello"] = round(100 * rate["requests_per_second"] / hello["requests_per_second"], 1)
    return {
        "started": datetime.now().isoformat(timespec="seconds"),
        "database": {"backend": make_url(url).get_backend_name(),
                     "url": make_url(url).render_as_string(hide_password=True), "counts": counts},
        "machine": machine(),
        "settings": {"workers": args.workers, "repeat": args.repeat, "warm_up": WARM_UP,
                     "concurrency": args.concurrency, "seconds": args.seconds},
        "pages": pages,
        "throughput": [*rates, hello],
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def table(report: dict) -> str:
    """The report as aligned plain text."""
    headings = ["role", "page", "median ms", "p95 ms", "queries", "db ms", "KB raw", "KB gzip", "status"]
    rows = [
        [page["role"], page["page"], page["median_ms"], page["p95_ms"], page["queries"], page["db_ms"],
         None if page["bytes"] is None else page["bytes"] / 1024,
         None if page["gzip_bytes"] is None else page["gzip_bytes"] / 1024,
         page["status"] if page["status"] == 200 else f"ERROR {page['status']}"]
        for page in report["pages"]
    ]
    cells = [headings] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headings))]
    left = {0, 1, 8}
    lines = ["  ".join(cell.ljust(width) if column in left else cell.rjust(width)
                       for column, (cell, width) in enumerate(zip(row, widths))).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    database, settings = report["database"], report["settings"]
    counts = ", ".join(f"{count} {name}" for name, count in database["counts"].items())
    lines[:0] = [f"{database['backend']}: {counts}; {settings['workers']} gunicorn workers, "
                 f"{report['machine']['nproc']} CPUs, Python {report['machine']['python']}", ""]
    lines += ["", f"Throughput: {settings['concurrency']} connections for {settings['seconds']} s"]
    for rate in report["throughput"]:
        share = f" ({rate['percent_of_hello']}% of hello)" if "percent_of_hello" in rate else ""
        errors = f", {rate['errors']} errors" if rate["errors"] else ""
        lines.append(f"  {rate['role']:<12} {rate['page']:<24} {rate['requests_per_second']:>8.1f} requests/s"
                     f"{share}{errors}")
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    database = parser.add_mutually_exclusive_group()
    database.add_argument("--database-url", default=f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}",
                          help="the database to measure (default: instance/bench.sqlite3)")
    database.add_argument("--postgresql", action="store_true", help="on a throw-away PostgreSQL server")
    parser.add_argument("--reuse", action=argparse.BooleanOptionalAction, default=True,
                        help="keep a database that already has clients (default: on)")
    parser.add_argument("--demo-data", action="store_true",
                        help="build the database from the demo data alone (a quick check of the benchmark)")
    parser.add_argument("--clients", type=int, default=60000, help="clients to generate (default: 60000)")
    parser.add_argument("--providers", type=int, default=3000, help="providers to generate (default: 3000)")
    parser.add_argument("--events", type=int, default=10_000_000, help="service events to generate (default: 10000000)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default: 3)")
    parser.add_argument("--worker-timeout", type=int, default=300, help="gunicorn's worker timeout, s (default: 300)")
    parser.add_argument("--repeat", type=int, default=20, help=f"timed requests per page, after {WARM_UP} (default: 20)")
    parser.add_argument("--concurrency", type=int, default=4, help="connections for the throughput (default: 4)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of each throughput run (default: 10)")
    parser.add_argument("--output", type=Path, help="the JSON report (default: instance/bench-<sqlite|postgresql>.json)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    postgres = None
    try:
        if args.postgresql:
            from tests.postgres import TemporaryPostgres

            postgres = TemporaryPostgres().start()
            url = postgres.create_database("bench")
            print(f"A throw-away PostgreSQL server ({postgres.bin}) on port {postgres.port}", file=sys.stderr)
        else:
            url = args.database_url
        report = run(args, url)
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    finally:
        if postgres is not None:
            postgres.stop()
    output = args.output or ROOT / "instance" / f"bench-{report['database']['backend']}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(report))
    print(f"\nWritten to {output}")
    failed = [f"{page['role']} {page['page']}" for page in report["pages"] if page["status"] != 200]
    if failed:
        print(f"{len(failed)} pages did not answer 200: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
