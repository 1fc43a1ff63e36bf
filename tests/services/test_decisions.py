"""The county's decisions on the vouchers: made once with each accepted plan, in the client's language, never
changed (by the ORM or by the database, on SQLite and PostgreSQL), a revision's naming the one it replaces, and
printed whole in the letters of those who chose paper."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from portal.builders import (
    a_client,
    a_county,
    a_mandate,
    a_proposed_version,
    an_accepted_plan,
    an_account,
)
from portal.db.migrate import upgrade
from portal.db.models import Alert, AppendOnlyError, CaseManager, Client, Decision, Plan
from portal.db.session import make_engine
from portal.domain.alerts import AlertKind, Channel
from portal.domain.budget import Band
from portal.domain.decisions import from_json
from portal.domain.plans import PlanError, PlanStatus
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import decisions, letters, notifications, plans
from portal.services.paging import Where
from tests.postgres import TemporaryPostgres

START = date(2026, 1, 1)
REVISED_ON = date(2026, 3, 10)


def _engine(url: str):
    return make_engine(url, immediate=url.startswith("sqlite"))


@pytest.fixture()
def url(empty_database_url):
    return empty_database_url


@pytest.fixture()
def session(url):
    engine = _engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def a_family(session, language: str = "fi"):
    """A client with an account, a plan of home care and meals in force, and a relative with a mandate."""
    county = a_county(session)
    client = a_client(session, county, "Aino", "Virtanen", language)
    account = an_account(session, Role.CLIENT, f"aino-{language}", client=client)
    relative = an_account(session, Role.RELATIVE, f"mikko-{language}", "Mikko Virtanen")
    a_mandate(session, client, relative, date(2030, 1, 1))
    plan = an_accepted_plan(session, client, {ServiceKind.HOME_CARE: 20, ServiceKind.MEALS: 30}, start=START)
    return client, account, relative, plan


def a_revision(session, client) -> Plan:
    """A proposed version with more home care in the evenings and home help instead of meals."""
    draft = a_proposed_version(session, client, REVISED_ON, {ServiceKind.HOME_CARE: {Band.WEEKDAY: 18, Band.EVENING: 6},
                                                             ServiceKind.HOME_HELP: {Band.WEEKDAY: 4}})
    plans.send_back(session, client.id, draft.id)
    plans.remove_line(session, draft, next(l.id for l in draft.lines if l.service_type.code == ServiceKind.MEALS))
    plans.propose(draft, REVISED_ON)
    return draft


def the_decision(session, plan: Plan) -> Decision:
    return session.scalar(select(Decision).where(Decision.plan_id == plan.id))


def decision_alerts(session, user_id: int) -> list[Alert]:
    return list(session.scalars(select(Alert).where(Alert.user_id == user_id, Alert.kind == AlertKind.DECISION_MADE)))


def test_accepting_a_plan_makes_its_decision_with_every_voucher_the_legal_basis_and_the_review(session):
    client, account, relative, plan = a_family(session)
    decision = the_decision(session, plan)
    content = from_json(decision.content)

    assert (decision.number, decision.client_id, decision.decided_on) == (f"PB-2025-{plan.id:06d}", client.id,
                                                                          plan.accepted_on)
    assert content.number == decision.number and decision.language == content.language == "fi"
    assert (content.client.name, content.client.client_number) == ("Aino Virtanen", client.client_number)
    assert content.decision_maker.name == plan.case_manager.name
    assert [(v.service, v.value_per_unit_cents, v.quantity_per_month, v.monthly_budget_cents, v.valid_from, v.valid_to)
            for v in content.vouchers] == [
        (line.service_type.code, line.voucher_value_cents, line.quantity_per_month, line.monthly_budget_cents,
         START, plan.period_end) for line in plan.lines]
    assert content.legal_basis == ("569/2009", "1301/2014") and content.review_days == 30
    assert content.review.body == "Pohjanmaan hyvinvointialueen yksilöasioiden jaosto"
    assert content.review.email == "kirjaamo@example.fi" and "65101" in content.review.address
    assert content.replaces is None and decision.replaces_decision_id is None
    assert len(decision_alerts(session, account.id)) == len(decision_alerts(session, relative.id)) == 1


def test_a_swedish_speaking_clients_decision_is_in_swedish(session):
    _client, _account, _relative, plan = a_family(session, "sv")
    content = from_json(the_decision(session, plan).content)
    assert content.language == "sv" and content.county_name == "Österbottens välfärdsområde"
    assert content.review.body == "Österbottens välfärdsområdes sektion för individärenden"


def test_a_revision_makes_a_new_decision_that_names_the_one_it_replaces_and_ends_the_dropped_voucher(session):
    client, account, _relative, first = a_family(session)
    revised = plans.accept(session, client.id, a_revision(session, client).id, REVISED_ON)
    old, new = the_decision(session, first), the_decision(session, revised)
    content = from_json(new.content)

    assert new.id != old.id and new.replaces_decision_id == old.id
    assert (content.replaces.number, content.replaces.decided_on) == (old.number, old.decided_on)
    assert content.valid_from == REVISED_ON and content.starts_mid_month
    assert sorted(v.service for v in content.vouchers) == ["home_care", "home_help"]
    assert [(e.service, e.last_day) for e in content.ended] == [("meals", REVISED_ON - timedelta(days=1))]
    assert from_json(old.content).replaces is None  # the old decision says what it said
    assert len(decision_alerts(session, account.id)) == 2
    page = decisions.decisions_of(session, client.id, Where())
    assert [row.number for row in page.rows] == [new.number, old.number]  # newest first
    assert page.rows[0].replaces == old.number


def test_a_decision_keeps_what_it_said_when_the_client_the_case_manager_or_the_plan_change(session):
    client, _account, _relative, plan = a_family(session)
    said = the_decision(session, plan).content
    client.first_name = "Aina"
    session.get(CaseManager, plan.case_manager_id).name = "Someone Else"
    session.execute(update(Plan).where(Plan.id == plan.id).values(review_date=date(2026, 5, 5)))
    session.flush()
    session.expire_all()
    assert the_decision(session, plan).content == said
    assert from_json(said).client.name == "Aino Virtanen"


def test_the_orm_refuses_to_change_or_delete_a_decision(session):
    _client, _account, _relative, plan = a_family(session)
    session.commit()
    decision = the_decision(session, plan)
    decision.content = "{}"
    with pytest.raises(AppendOnlyError):
        session.flush()
    session.rollback()
    session.delete(session.get(Decision, decision.id))
    with pytest.raises(AppendOnlyError):
        session.flush()


def test_the_database_refuses_to_change_or_delete_a_decision(session):
    a_family(session)
    session.commit()
    for statement in ("UPDATE decisions SET content = '{}'", "DELETE FROM decisions"):
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert session.scalar(select(func.count()).select_from(Decision)) == 1


def test_accepting_again_or_making_the_decision_again_makes_no_second_one(session):
    client, account, _relative, plan = a_family(session)
    with pytest.raises(PlanError):
        plans.accept(session, client.id, plan.id, START)
    again = decisions.make_decision(session, plan, START + timedelta(days=40))
    assert again.id == the_decision(session, plan).id and again.decided_on == plan.accepted_on
    assert session.scalar(select(func.count()).select_from(Decision)) == 1
    assert len(decision_alerts(session, account.id)) == 1


def _a_proposal_waiting(url: str) -> tuple[int, int]:
    engine = _engine(url)
    with Session(engine) as session:
        client, _account, _relative, _plan = a_family(session)
        proposed = a_revision(session, client)
        session.commit()
        ids = client.id, proposed.id
    engine.dispose()
    return ids


def _at_once(url: str, work, workers: int = 6) -> list[str]:
    """The same work in several threads, each with a session of its own, started at one moment."""
    engine, start, outcomes = _engine(url), threading.Barrier(workers), []

    def run():
        with Session(engine) as session:
            start.wait()
            try:
                work(session)
                session.commit()
                outcomes.append("ok")
            except PlanError:
                session.rollback()
                outcomes.append("refused")
            except Exception as error:  # noqa: BLE001 - counted: any of these would be a server error
                session.rollback()
                outcomes.append(f"error:{type(error).__name__}:{error}")

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    engine.dispose()
    return outcomes


def check_one_decision_when_accepted_at_once(url: str) -> None:
    client_id, plan_id = _a_proposal_waiting(url)
    outcomes = _at_once(url, lambda session: plans.accept(session, client_id, plan_id, REVISED_ON))
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5, outcomes
    engine = _engine(url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Decision).where(Decision.plan_id == plan_id)) == 1
        made = session.scalar(select(Decision).where(Decision.plan_id == plan_id))
        told = select(func.count()).select_from(Alert).where(Alert.event_key == f"decision:{made.id}")
        assert session.scalar(told) == 2  # the client and the relative, once each
    engine.dispose()


def check_one_decision_when_made_at_once(url: str) -> None:
    """Even without the acceptance's own guard, the INSERT cannot happen twice."""
    client_id, plan_id = _a_proposal_waiting(url)
    engine = _engine(url)
    with Session(engine) as session:
        session.execute(update(Plan).where(Plan.id == plan_id).values(status=PlanStatus.ACCEPTED,
                                                                        in_force_from=REVISED_ON))
        session.commit()
    engine.dispose()
    outcomes = _at_once(url, lambda session: decisions.make_decision(session, session.get(Plan, plan_id), REVISED_ON))
    assert outcomes == ["ok"] * 6, outcomes
    engine = _engine(url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Decision).where(Decision.plan_id == plan_id)) == 1
    engine.dispose()


def test_one_decision_when_the_plan_is_accepted_many_times_at_once_on_sqlite(url):
    check_one_decision_when_accepted_at_once(url)


def test_one_decision_when_it_is_made_many_times_at_once_on_sqlite(url):
    check_one_decision_when_made_at_once(url)


@pytest.fixture(scope="module")
def postgres():
    server = TemporaryPostgres().start()
    yield server
    server.stop()


def test_decisions_on_postgresql(postgres):
    """Append-only in the database, and one decision per plan under a race, on a real PostgreSQL server."""
    for name, check in (("accepted", check_one_decision_when_accepted_at_once),
                        ("made", check_one_decision_when_made_at_once)):
        url = postgres.create_database(f"decisions_{name}")
        upgrade(url)
        check(url)
    engine = _engine(url)
    with Session(engine) as session:
        for statement in ("UPDATE decisions SET content = '{}'", "DELETE FROM decisions"):
            with pytest.raises(DatabaseError, match="append-only"):
                session.execute(text(statement))
            session.rollback()
    engine.dispose()


def test_a_client_who_chose_letters_gets_the_whole_decision_in_the_county_batch(session):
    client, account, _relative, _plan = a_family(session, "sv")
    notifications.save_settings(session, account, Channel.LETTER, "sv", "")
    admin = an_account(session, Role.ADMIN, "admin")
    revised = plans.accept(session, client.id, a_revision(session, client).id, REVISED_ON)
    batch = letters.make_batch(session, admin, datetime(2026, 3, 11, 9, tzinfo=UTC))
    (letter,) = [letter for letter in letters.letters_of(session, batch.id) if letter.kind == AlertKind.DECISION_MADE]
    assert letter.decision == from_json(the_decision(session, revised).content)
    assert letter.to.name == "Aino Virtanen" and letter.language == "sv"


def test_the_demo_plans_have_their_decisions_and_the_revised_ones_name_the_earlier(demo_database):
    engine = make_engine(f"sqlite:///{demo_database}")
    with Session(engine) as session:
        accepted = session.scalars(select(Plan).where(Plan.status.in_([PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED])))
        made = {decision.plan_id: decision for decision in session.scalars(select(Decision))}
        for plan in accepted:
            decision = made[plan.id]
            earlier = session.scalar(select(Plan).where(Plan.client_id == plan.client_id, Plan.version < plan.version)
                                     .order_by(Plan.version.desc()).limit(1))
            assert decision.replaces_decision_id == (made[earlier.id].id if earlier else None)
        aino = session.scalar(select(Client).where(Client.client_number == "A0000001"))
        assert len([d for d in made.values() if d.client_id == aino.id]) == 2
    engine.dispose()
