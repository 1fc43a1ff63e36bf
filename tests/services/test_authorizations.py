"""Reading Suomi.fi e-Authorizations after a strong sign-in: the holder's register mandates follow the register
(added, changed, ended), the portal's own are never touched, a second reading changes nothing, principals who are
not clients are ignored, and a register that does not answer leaves everything as it was."""

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.builders import a_client, a_county, a_mandate, an_account
from portal.db.models import AccessLogEntry, Client, Mandate
from portal.db.session import make_engine
from portal.domain.access_log import AccessAction
from portal.domain.identity_codes import for_tests
from portal.domain.mandates import MandateError, MandateSource, MandateStatus, RegisterRight, RequestedBy, Scope
from portal.domain.roles import Role
from portal.services import mandates
from portal.services.authorizations import FakeRegister, LocalRegister, refresh_from_register, register_named
from portal.services.identities import identity_key

TODAY = date(2026, 12, 3)
LATER = date(2028, 6, 30)
SECRET = "identity-secret-for-the-tests"
ISSUE = "henkilokohtainen-budjetti"
MIKKO = for_tests(date(1958, 3, 14), 931)
AINO = for_tests(date(1934, 11, 2), 952)
BERTIL = for_tests(date(1931, 5, 20), 953)
STRANGER = for_tests(date(1940, 1, 1), 954)  # in the register, but not a client of the county


@pytest.fixture()
def session(empty_database_url):
    engine = make_engine(empty_database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture()
def county(session):
    county = a_county(session)
    for first, last, code in (("Aino", "Virtanen", AINO), ("Bertil", "Holm", BERTIL)):
        a_client(session, county, first, last).identity_key = identity_key(code, SECRET)
    session.flush()
    return county


@pytest.fixture()
def mikko(session, county):
    return an_account(session, Role.RELATIVE, "mikko", "Mikko Virtanen")


@pytest.fixture()
def register():
    return FakeRegister()


def _client(session, code):
    return session.scalar(select(Client).where(Client.identity_key == identity_key(code, SECRET)))


def _refresh(session, holder, register, today=TODAY):
    refresh_from_register(session, holder, MIKKO, today, register, issue=ISSUE, secret=SECRET)
    session.flush()


def _register_mandates(session, holder):
    return list(session.scalars(select(Mandate).where(Mandate.holder_user_id == holder.id,
                                                      Mandate.source == MandateSource.SUOMI_FI).order_by(Mandate.id)))


def _log(session):
    return [(entry.client_id, entry.action, entry.detail, entry.mandate_id)
            for entry in session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))]


def test_a_new_authorization_becomes_an_active_register_mandate_logged_for_the_client(session, mikko, register):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)

    _refresh(session, mikko, register)

    [mandate] = _register_mandates(session, mikko)
    aino = _client(session, AINO)
    assert (mandate.client_id, mandate.scope, mandate.status, mandate.valid_until, mandate.requested_by) == \
        (aino.id, Scope.ACT, MandateStatus.ACTIVE, LATER, RequestedBy.REGISTER)
    assert mandates.valid_mandate.within(session, mikko.id, aino.id, TODAY) == mandate  # it works like any other
    assert _log(session) == [(aino.id, AccessAction.READ_REGISTER_MANDATES, "added", mandate.id)]


def test_a_changed_scope_or_end_date_is_updated_in_place(session, mikko, register):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)
    _refresh(session, mikko, register)
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.VIEW}, LATER + timedelta(days=30))

    _refresh(session, mikko, register)

    [mandate] = _register_mandates(session, mikko)
    assert (mandate.scope, mandate.valid_until, mandate.status) == (Scope.VIEW, LATER + timedelta(days=30), "active")
    assert [detail for _client_id, _action, detail, _id in _log(session)] == ["added", "changed"]


def test_an_authorization_withdrawn_in_the_register_ends_the_mandate_at_once(session, mikko, register):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)
    _refresh(session, mikko, register)
    register.withdraw(MIKKO, AINO, ISSUE)

    _refresh(session, mikko, register)

    [mandate] = _register_mandates(session, mikko)
    assert mandate.status == MandateStatus.REVOKED
    assert mandates.valid_mandate.within(session, mikko.id, _client(session, AINO).id, TODAY) is None
    assert [detail for _client_id, _action, detail, _id in _log(session)] == ["added", "ended"]


def test_the_portals_own_mandates_are_never_touched(session, county, mikko, register):
    aino, bertil = _client(session, AINO), _client(session, BERTIL)
    given_here = a_mandate(session, aino, mikko, LATER, Scope.VIEW)
    on_paper = a_mandate(session, bertil, mikko, TODAY + timedelta(days=20), requested_by=RequestedBy.CASE_MANAGER)
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)
    _refresh(session, mikko, register)
    register.withdraw(MIKKO, AINO, ISSUE)
    _refresh(session, mikko, register)  # the register now says nothing at all

    for mandate, scope in ((given_here, Scope.VIEW), (on_paper, Scope.ACT)):
        session.refresh(mandate)
        assert (mandate.status, mandate.scope, mandate.source) == (MandateStatus.ACTIVE, scope, MandateSource.PORTAL)


def test_reading_the_register_twice_changes_nothing_the_second_time(session, mikko, register):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.VIEW}, LATER)
    register.authorize(MIKKO, BERTIL, ISSUE, {RegisterRight.HANDLE, RegisterRight.VIEW}, LATER)
    _refresh(session, mikko, register)
    before = [(m.id, m.scope, m.status, m.valid_until, m.decided_at) for m in _register_mandates(session, mikko)]
    log_before = _log(session)

    _refresh(session, mikko, register)

    assert [(m.id, m.scope, m.status, m.valid_until, m.decided_at) for m in _register_mandates(session, mikko)] == before
    assert len(before) == 2 and _log(session) == log_before  # no second line in anyone's access log
    assert not session.dirty


def test_principals_who_are_not_clients_and_other_issues_are_ignored(session, mikko, register):
    register.authorize(MIKKO, STRANGER, ISSUE, {RegisterRight.HANDLE}, LATER)
    register.authorize(MIKKO, AINO, "verotus", {RegisterRight.HANDLE}, LATER)  # another service's issue
    register.authorize(MIKKO, BERTIL, ISSUE, {"allekirjoitus"}, LATER)  # a right that is not ours

    _refresh(session, mikko, register)

    assert _register_mandates(session, mikko) == [] and _log(session) == []


def test_a_client_is_never_given_a_register_mandate_for_themself(session, county, register):
    aino_account = an_account(session, Role.CLIENT, "aino", client=_client(session, AINO))
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)  # as if Aino's own code answered
    _refresh(session, aino_account, register)
    assert _register_mandates(session, aino_account) == []


def test_a_register_that_does_not_answer_leaves_the_mandates_as_they_were(session, mikko, register, caplog):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)
    _refresh(session, mikko, register)
    register.withdraw(MIKKO, AINO, ISSUE)
    register.answers = False
    log_before = _log(session)

    with caplog.at_level(logging.WARNING, logger="portal.services.authorizations"):
        _refresh(session, mikko, register)  # no exception: the holder signs in as usual

    [mandate] = _register_mandates(session, mikko)
    assert mandate.status == MandateStatus.ACTIVE and _log(session) == log_before
    assert "did not answer" in caplog.text
    assert MIKKO not in caplog.text and AINO not in caplog.text and "Virtanen" not in caplog.text
    register.answers = True
    _refresh(session, mikko, register)  # the withdrawal reaches the portal at the next reading that succeeds
    assert _register_mandates(session, mikko)[0].status == MandateStatus.REVOKED


def test_without_a_register_the_register_mandates_end_and_the_portals_own_stay(session, mikko, register):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)
    _refresh(session, mikko, register)
    given_here = a_mandate(session, _client(session, BERTIL), mikko, LATER)

    _refresh(session, mikko, LocalRegister())

    assert _register_mandates(session, mikko)[0].status == MandateStatus.REVOKED
    assert given_here.status == MandateStatus.ACTIVE


def test_the_setting_names_a_register_or_the_portal_does_not_start():
    assert isinstance(register_named("none"), LocalRegister)
    assert isinstance(register_named("fake"), FakeRegister)
    with pytest.raises(ValueError, match="AUTHORIZATION_REGISTER"):
        register_named("suomi-fi")


def test_a_register_mandate_cannot_be_revoked_in_the_portal(session, mikko, register):
    register.authorize(MIKKO, AINO, ISSUE, {RegisterRight.HANDLE}, LATER)
    _refresh(session, mikko, register)
    [mandate] = _register_mandates(session, mikko)
    with pytest.raises(MandateError, match="in_register"):
        mandates.decide(session, mandate, MandateStatus.REVOKED, TODAY)
    assert mandate.status == MandateStatus.ACTIVE
    assert session.scalar(select(func.count()).select_from(AccessLogEntry)) == 1
