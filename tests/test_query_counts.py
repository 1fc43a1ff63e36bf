"""A page's number of queries does not grow with the county: every main page of the benchmark,
for each demo role, on a small county and on one ten times larger. (How long they take is
measured by `make bench`, not here.)"""

import shutil
from datetime import date

import pytest
from sqlalchemy import event

from benchmarks.run import PAGES, Site, server_timing
from portal import create_app
from portal.db.session import dispose, make_engine
from portal.scale_data import generate
from tests.browser.conftest import LiveServer
from tests.conftest import SECRET

SIZES = {"small": dict(clients=40, providers=4, events=3_000), "ten times larger": dict(clients=400, providers=40,
                                                                                       events=30_000)}


def _county(demo_database, directory, size) -> LiveServer:
    path = directory / "county.sqlite3"
    shutil.copy(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        generate(connection, date.today(), say=lambda _: None, **size)
    engine.dispose()
    return LiveServer(create_app({"SECRET_KEY": SECRET, "DATABASE_URL": f"sqlite:///{path}",
                                  "SESSION_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False, "SERVER_TIMING": True}))


def _queries(server: LiveServer) -> dict[tuple[str, str], int]:
    site = Site(server.server.server_port, 30, date.today())
    site.sign_in_everyone()
    counts = {}
    for role, label, template in PAGES:
        answer = site.browsers[role].get(site.path(template))
        assert answer.status == 200, (role, label, answer.status)
        counts[role, label] = server_timing(answer)[0]
    return counts


@pytest.fixture(scope="module")
def counted(demo_database, tmp_path_factory):
    found = {}
    for name, size in SIZES.items():
        server = _county(demo_database, tmp_path_factory.mktemp(name.replace(" ", "-")), size)
        try:
            found[name] = _queries(server)
        finally:
            server.stop()
            dispose(server.server.app)
    return found


def test_no_page_runs_more_queries_for_a_larger_county(counted):
    small, large = counted["small"], counted["ten times larger"]
    grown = {page: (small[page], large[page]) for page in small if large[page] > small[page]}
    assert grown == {}, f"pages whose queries grow with the data (small, large): {grown}"
    assert len(small) == len(PAGES)


LARGE_TABLES = {"service_events", "ledger_entries", "voucher_months", "vouchers", "clients", "plans", "plan_lines",
                "provider_choices", "access_log", "corrections", "messages", "plan_goals", "provider_ratings",
                "service_agreements", "agreement_history", "service_disputes"}


def _scans(server: LiveServer) -> dict[str, set[str]]:
    """Each large table that a main page's statements read whole, with the page: from SQLite's query plans."""
    app = server.server.app
    engines = {app.extensions["db_engine"], app.extensions["db_request_engine"]}  # pages read, forms write
    statements = []

    def keep(_connection, _cursor, statement, parameters, _context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and not executemany:
            statements.append((statement, parameters))

    site = Site(server.server.server_port, 30, date.today())
    site.sign_in_everyone()
    found: dict[str, set[str]] = {}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", keep)
    try:
        for role, label, template in PAGES:
            statements.clear()
            site.browsers[role].get(site.path(template))
            assert statements, f"{role}: {label}: no statement seen"
            with app.extensions["db_engine"].connect() as connection:
                for statement, parameters in list(statements):
                    for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters):
                        words = row[-1].split()
                        if words[0] == "SCAN" and words[1] in LARGE_TABLES and "COVERING" not in words:
                            found.setdefault(words[1], set()).add(f"{role}: {label}")
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", keep)
    return found


def test_no_main_page_reads_a_large_table_whole(demo_database, tmp_path):
    server = _county(demo_database, tmp_path, SIZES["small"])
    try:
        scans = _scans(server)
    finally:
        server.stop()
        dispose(server.server.app)
    assert scans == {}, f"full scans of large tables, with the pages that make them: {scans}"
