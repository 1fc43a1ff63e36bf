"""Mandates from the national register, Suomi.fi e-Authorizations (Suomi.fi-valtuudet / Suomi.fi-fullmakter).

A register answers one question: for whom may this person (the holder, by personal identity code) handle matters
of the county's issue for personal budgets, how far and until when. `refresh_from_register` reads it once when a
holder signs in with strong identification, and brings the holder's register mandates in the `mandates` table
(source SUOMI_FI) in line with it. From then on they work like any other mandate while valid (`services.mandates`,
`web.acting`): the access checks read the table, never the register. The portal's own mandates are never touched.

Two registers stand behind the interface: `LocalRegister` (no register: the portal's own mandates only) and
`FakeRegister` (in memory, filled by the tests and the demo). AUTHORIZATION_REGISTER chooses one (`register_named`),
once, in the app factory.

There is no client for the real register here. Its Authorization REST API answers only ALLOWED or DISALLOWED for a
holder and a principal both already known, and its Web API lists principals only after the holder has picked them
in Suomi.fi's own selection pages; neither gives the list with end dates that this interface asks for. A real
client needs that selection step in the strong sign-in, and is still to be written.
"""

import logging
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Client, Mandate, User, utcnow
from portal.domain.access_log import AccessAction
from portal.domain.mandates import (
    MandateSource,
    MandateStatus,
    RequestedBy,
    Scope,
    Terms,
    check_transition,
    holder_problem,
    register_changes,
    scope_from_register,
    the_terms_that_count,
)
from portal.services import access_log
from portal.services.identities import identity_key

log = logging.getLogger(__name__)


class RegisterUnavailable(Exception):
    """The register did not answer, or answered with something that cannot be read."""


@dataclass(frozen=True)
class RegisterMandate:
    """One principal the holder may act for, in our terms: the register's rights already mapped to a scope."""

    principal_code: str
    scope: Scope
    valid_until: date


class MandateRegister(Protocol):
    def mandates_of(self, holder_code: str, issue: str) -> list[RegisterMandate]:
        """The principals the holder may act for in this issue today; RegisterUnavailable when it cannot say."""


class LocalRegister:
    """No register: the portal's own mandates only. It knows of no authorizations, so register mandates read
    earlier end at the holder's next strong sign-in."""

    def mandates_of(self, holder_code: str, issue: str) -> list[RegisterMandate]:
        return []


@dataclass(frozen=True)
class _Authorization:
    principal_code: str
    issue: str
    rights: frozenset[str]
    valid_until: date


class FakeRegister:
    """An in-memory register that the tests and the demo control: authorizations are added and removed in the
    register's own terms (issue, rights), and read back through the same mapping a real client would use."""

    def __init__(self) -> None:
        self._authorizations: dict[str, list[_Authorization]] = {}
        self.answers = True  # False: it does not answer, as when the national service is down

    def authorize(self, holder_code: str, principal_code: str, issue: str, rights: set[str], valid_until: date) -> None:
        self.withdraw(holder_code, principal_code, issue)
        self._authorizations.setdefault(holder_code, []).append(
            _Authorization(principal_code, issue, frozenset(rights), valid_until))

    def withdraw(self, holder_code: str, principal_code: str, issue: str) -> None:
        held = self._authorizations.get(holder_code, [])
        self._authorizations[holder_code] = [each for each in held
                                             if (each.principal_code, each.issue) != (principal_code, issue)]

    def mandates_of(self, holder_code: str, issue: str) -> list[RegisterMandate]:
        if not self.answers:
            raise RegisterUnavailable("the fake register was told not to answer")
        found = []
        for each in self._authorizations.get(holder_code, []):
            scope = scope_from_register(each.rights) if each.issue == issue else None
            if scope is not None:
                found.append(RegisterMandate(each.principal_code, scope, each.valid_until))
        return found


REGISTERS = {"none": LocalRegister, "fake": FakeRegister}


def register_named(name: str) -> MandateRegister:
    """The register AUTHORIZATION_REGISTER names; a name we do not know stops the portal from starting."""
    if name not in REGISTERS:
        raise ValueError(f"AUTHORIZATION_REGISTER must be one of {', '.join(REGISTERS)}, not {name!r}")
    return REGISTERS[name]()


def refresh_from_register(session: Session, holder: User, identity_code: str, today: date,
                          register: MandateRegister, *, issue: str, secret: str) -> None:
    """Bring the holder's register mandates in line with what the register says now (after a strong sign-in):
    new ones active, changed scopes and end dates updated, those the register no longer has ended. A principal
    who is not a client is ignored. Each client whose mandate changed gets one line in their access log; when
    nothing changed, nothing is written. Runs in the caller's unit of work (a write); the register is asked before
    this function touches the session.

    When the register does not answer, the register mandates read earlier are kept as they were, valid until
    their own end dates, and the holder sees no error. They are what the register itself said at an earlier
    sign-in, bounded by its end dates; ending them would lock relatives out of an old person's care matters
    whenever the national service is down, while nothing suggests they were withdrawn. A withdrawal reaches the
    portal at the next reading that succeeds. The failure is written to the application log, without any
    identity code or name, for the operators to follow up."""
    try:
        answer = register.mandates_of(identity_code, issue)
    except RegisterUnavailable:
        log.warning("Suomi.fi e-Authorizations did not answer; the register mandates read earlier are kept")
        return
    held = list(session.scalars(select(Mandate).where(
        Mandate.holder_user_id == holder.id, Mandate.source == MandateSource.SUOMI_FI,
        Mandate.status == MandateStatus.ACTIVE).order_by(Mandate.id)))
    changes = register_changes([(m.id, m.client_id, Terms(m.scope, m.valid_until)) for m in held],
                               _terms_by_client(session, holder, answer, secret), today)
    by_id = {mandate.id: mandate for mandate in held}
    for mandate_id, terms in changes.changed.items():
        _set_terms(by_id[mandate_id], terms)
    for mandate_id in changes.ended:
        check_transition(by_id[mandate_id].status, MandateStatus.REVOKED)
        by_id[mandate_id].status, by_id[mandate_id].decided_at = MandateStatus.REVOKED.value, utcnow()
    added = [_new_mandate(session, holder, client_id, terms) for client_id, terms in changes.added.items()]
    session.flush()
    logged = ([(mandate, "added") for mandate in added] + [(by_id[i], "changed") for i in changes.changed]
              + [(by_id[i], "ended") for i in changes.ended])
    for mandate, what in logged:
        access_log.record(session, holder, mandate.client_id, AccessAction.READ_REGISTER_MANDATES, mandate.id, what)


def _terms_by_client(session: Session, holder: User, answer: list[RegisterMandate], secret: str) -> dict[int, Terms]:
    """The register's answer by client: principals who are not clients, and the holder themself, left out."""
    by_key: dict[str, list[Terms]] = {}
    for each in answer:
        by_key.setdefault(identity_key(each.principal_code, secret), []).append(Terms(each.scope, each.valid_until))
    clients = session.scalars(select(Client).where(Client.identity_key.in_(by_key))) if by_key else []
    return {client.id: the_terms_that_count(by_key[client.identity_key]) for client in clients
            if holder_problem(holder.role, holder.client_id, client.id) is None}


def _set_terms(mandate: Mandate, terms: Terms) -> None:
    mandate.scope, mandate.valid_until, mandate.decided_at = Scope(terms.scope).value, terms.valid_until, utcnow()


def _new_mandate(session: Session, holder: User, client_id: int, terms: Terms) -> Mandate:
    mandate = Mandate(client_id=client_id, holder_user_id=holder.id, scope=Scope(terms.scope).value,
                      status=MandateStatus.ACTIVE.value, valid_until=terms.valid_until,
                      requested_by=RequestedBy.REGISTER.value, source=MandateSource.SUOMI_FI, decided_at=utcnow())
    session.add(mandate)
    return mandate
