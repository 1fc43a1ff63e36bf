"""The same code and migrations on a real PostgreSQL server."""

import os
import re
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from portal import create_app
from portal.db.migrate import upgrade
from portal.db.models import Base, LedgerEntry, Voucher
from portal.db.session import dispose as dispose_engines, make_engine
from portal.domain.ledger import EntryKind, InsufficientBalance
from portal.services.ledger import post_entry
from tests.conftest import SECRET, CheckedClient
from tests.postgres import TemporaryPostgres, copy_rows


@pytest.fixture(scope="module")
def postgres():
    server = TemporaryPostgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo_template(postgres, demo_database):
    """The demo data once, copied from the suite's SQLite demo; each test that changes it takes a copy."""
    url = postgres.create_database("demo")
    upgrade(url)
    copy_rows(f"sqlite:///{demo_database}", url)
    return "demo"


@pytest.fixture(scope="module")
def postgres_url(postgres, demo_template):
    return postgres.create_database("portal", template=demo_template)


def test_the_migrations_build_what_the_models_describe(postgres):
    url = postgres.create_database("fresh")
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_the_ledger_on_postgresql(postgres_url):
    engine = make_engine(postgres_url)
    with Session(engine) as db:
        sums = dict(db.execute(select(LedgerEntry.voucher_id, func.sum(LedgerEntry.amount_cents)).group_by(LedgerEntry.voucher_id)).all())
        for voucher in db.scalars(select(Voucher)):
            assert voucher.remaining_cents == sums[voucher.id] >= 0
        voucher = db.scalars(select(Voucher).where(Voucher.remaining_cents > 0)).first()
        with pytest.raises(InsufficientBalance):
            post_entry(db, voucher.id, EntryKind.CHARGE, voucher.remaining_cents + 1, date.today())
        db.rollback()
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(text("DELETE FROM ledger_entries"))
    engine.dispose()


def test_the_client_pages_on_postgresql(postgres_url):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": postgres_url})
    app.test_client_class = CheckedClient
    client = app.test_client()
    client.use_language("sv")
    assert client.sign_in("client").status_code == 303
    for path in ("/overview", "/plan", "/transactions"):
        assert client.get(path).status_code == 200
    months = re.findall(r'value="(\d{4}-\d\d)"', client.get("/transactions").get_data(as_text=True))
    page = client.get(f"/transactions?month={months[-1]}").get_data(as_text=True)
    assert "<table" in page
    dispose_engines(app)


def test_races_on_postgresql(postgres, demo_template):
    from tests.services import test_concurrent_recording as races

    url = postgres.create_database("races", template=demo_template)  # of its own: the races change the data
    races.check_overspend(url)
    races.check_month_limit(url)
    races.check_corrections(url)
    races.check_settling_while_recording(url)
    races.check_disputes_and_confirmations(url)


def test_two_acceptances_of_an_agreement_at_once_accept_once_on_postgresql(postgres):
    from tests.services.test_agreements import check_acceptances_at_once

    url = postgres.create_database("agreements")
    upgrade(url)
    check_acceptances_at_once(url)


def test_two_servers_share_sessions_sign_outs_and_rate_limits(postgres, demo_template, tmp_path):
    """Two gunicorn processes behind one (imagined) proxy, on one PostgreSQL: a session begun on
    one is known to the other, signing out on one ends it on both, and they count sign-in
    attempts together (Flask-Limiter in the database)."""
    from benchmarks.run import PASSWORD, Browser, FormReader, gunicorn

    url = postgres.create_database("two_servers", template=demo_template)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PORTAL_ENV": "development",
           "RATE_LIMIT_SIGN_IN": "6 per minute"}
    with gunicorn("portal:create_app()", env, 1, 60, tmp_path / "a.log") as port_a, \
            gunicorn("portal:create_app()", env, 1, 60, tmp_path / "b.log") as port_b:
        on_a = Browser(port_a, 30)
        form = FormReader(on_a.get("/sign-in").body.decode(), "/sign-in")
        assert on_a.post("/sign-in", {**form.hidden, "username": "client", "password": PASSWORD}).status == 303
        on_b = Browser(port_b, 30, on_a.cookies)
        assert on_b.get("/overview").status == 200  # server B knows the session server A began

        form = FormReader(on_b.get("/overview").body.decode(), "/sign-out")
        assert on_b.post("/sign-out", form.hidden).status == 303
        assert Browser(port_a, 30, on_a.cookies).get("/overview").status == 302  # ended on A too

        answers = []
        for port in (port_a, port_b, port_a, port_b, port_a, port_b, port_a):
            stranger = Browser(port, 30)
            form = FormReader(stranger.get("/sign-in").body.decode(), "/sign-in")
            answers.append(stranger.post("/sign-in", {**form.hidden, "username": "client", "password": "wrong"}).status)
        assert answers[:5] == [200] * 5 and answers[-1] == 429, answers  # 7 attempts, 6 allowed: counted together
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM rate_limits")) >= 1
    engine.dispose()


def test_scale_data_copies_into_postgresql_by_the_moneys_rules(postgres, demo_template):
    """The bulk generator writes PostgreSQL's rows with COPY; the books must hold all the same."""
    from portal.scale_data import generate
    from portal.services import ledger

    url = postgres.create_database("scaled", template=demo_template)
    engine = make_engine(url)
    with engine.connect() as connection:
        added = generate(connection, date.today(), clients=200, providers=10, events=20_000, say=lambda _: None)
    assert added["service_events"] > 15_000 and added["client_counts"] > 0
    with Session(engine) as session:
        assert ledger.discrepancies(session) == []
    engine.dispose()


def test_two_senders_at_once_send_each_alert_once_on_postgresql(postgres, demo_template, tmp_path):
    from tests.senders import check_each_alert_arrives_once

    check_each_alert_arrives_once(postgres.create_database("senders", template=demo_template), tmp_path)
