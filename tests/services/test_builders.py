"""The builders make a county's rows in one line each, through the services: what a test needs, nothing more."""

from datetime import date

import pytest
from sqlalchemy.orm import Session

from portal.builders import (
    a_choice,
    a_client,
    a_county,
    a_mandate,
    a_proposed_version,
    a_provider,
    an_accepted_plan,
    an_account,
    services_recorded,
    the_line,
)
from portal.db.migrate import upgrade
from portal.db.session import make_engine
from portal.domain.budget import Band
from portal.domain.mandates import MandateStatus, Scope, is_valid
from portal.domain.plans import PlanStatus
from portal.domain.providers import ChoiceStatus, Chooser
from portal.domain.recording import RecordingError
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import ledger, plans

START = date(2026, 1, 1)


@pytest.fixture()
def session(tmp_path):
    """A migrated database with nothing in it."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture()
def county(session):
    return a_county(session)


def test_a_client_with_an_accepted_plan_has_a_voucher_for_each_line(session, county):
    client = a_client(session, county, "Aino", "Virtanen")
    plan = an_accepted_plan(session, client, {ServiceKind.HOME_CARE: 20, ServiceKind.MEALS: 30}, start=START)

    assert plan.status == PlanStatus.ACCEPTED and client.client_number == "A0000001"
    home_care = the_line(plan, ServiceKind.HOME_CARE)
    position = ledger.position_of_voucher(session, home_care.voucher_id)
    january = position.month(START)
    assert (january.unit_limit, january.granted_cents) == (20, 20 * 4500)
    assert position.granted_cents == 12 * 20 * 4500 == position.left_cents


def test_a_recorded_service_moves_the_vouchers_position(session, county):
    provider = a_provider(session, county, "Aurinko Kotiapu Oy", offers={ServiceKind.HOME_CARE: 4600})
    client = a_client(session, county, "Aino", "Virtanen")
    line = the_line(an_accepted_plan(session, client, {ServiceKind.HOME_CARE: 20}, start=START), ServiceKind.HOME_CARE)
    choice = a_choice(session, line, provider, START)

    [event] = services_recorded(session, choice, [(date(2026, 1, 5), 2)])

    assert (event.charged_cents, event.self_pay_cents) == (2 * 4500, 2 * 100)  # the price is €1 above the voucher's
    january = ledger.position_of_voucher(session, line.voucher_id).month(START)
    assert (january.units_used, january.charged_cents, january.left_cents) == (2, 9000, 20 * 4500 - 9000)


def test_a_choice_the_provider_has_not_accepted_takes_no_recording(session, county):
    provider = a_provider(session, county, "Kotirinne Oy", offers={ServiceKind.MEALS: 950})
    client = a_client(session, county, "Astrid", "Lindholm", language="sv")
    line = the_line(an_accepted_plan(session, client, {ServiceKind.MEALS: 20}, start=START), ServiceKind.MEALS)
    choice = a_choice(session, line, provider, START, chosen_by=Chooser.RELATIVE, status=ChoiceStatus.PENDING)

    with pytest.raises(RecordingError, match="not_accepted"):
        services_recorded(session, choice, [(date(2026, 1, 5), 1)])


def test_a_relatives_mandate_is_valid_until_its_day_and_a_revoked_one_never(session, county):
    client = a_client(session, county, "Aino", "Virtanen")
    relative = an_account(session, Role.RELATIVE, "relative", "Mikko Virtanen")
    acting = a_mandate(session, client, relative, valid_until=date(2026, 6, 30), scope=Scope.ACT)
    revoked = a_mandate(session, client, relative, date(2026, 6, 30), Scope.VIEW, MandateStatus.REVOKED)

    assert (acting.holder_user_id, acting.client_id, acting.scope) == (relative.id, client.id, Scope.ACT)
    assert is_valid(acting.status, acting.valid_until, date(2026, 6, 30))
    assert not is_valid(acting.status, acting.valid_until, date(2026, 7, 1))
    assert not is_valid(revoked.status, revoked.valid_until, date(2026, 3, 1))


def test_a_proposed_version_waits_for_the_client(session, county):
    client = a_client(session, county, "Aino", "Virtanen")
    an_accepted_plan(session, client, {ServiceKind.HOME_CARE: 20}, start=START)

    draft = a_proposed_version(session, client, date(2026, 3, 10), {ServiceKind.HOME_CARE: {Band.WEEKDAY: 25}})

    assert (draft.version, draft.status, draft.proposed_on) == (2, PlanStatus.PROPOSED, date(2026, 3, 10))
    assert plans.proposed_plan(session, client.id).id == draft.id
    assert the_line(draft, ServiceKind.HOME_CARE).quantity_per_month == 25
