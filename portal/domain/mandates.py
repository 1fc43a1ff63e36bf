"""Mandates (valtuutus / fullmakt) in the Suomi.fi way: who may act for a client, how far, until when.

A mandate names its giver (the client), its holder, its scope and its end date. There is no
general mandate to do everything: "view" lets the holder read, "act" also lets them choose
providers, rate and accept plans. A requested mandate is valid only once the client confirms it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from portal.domain.roles import Role
from portal.domain.states import Lifecycle

EXPIRY_NOTICE_DAYS = 30
LONGEST_VALIDITY_YEARS = 10


class Scope(StrEnum):
    VIEW = "view"
    ACT = "act"


class MandateStatus(StrEnum):
    REQUESTED = "requested"
    ACTIVE = "active"
    DECLINED = "declined"
    REVOKED = "revoked"


class RequestedBy(StrEnum):
    CLIENT = "client"
    HOLDER = "holder"
    CASE_MANAGER = "case_manager"
    REGISTER = "register"  # read from Suomi.fi e-Authorizations, not asked for in the portal


class MandateSource(StrEnum):
    """Where a mandate comes from: given in the portal (or on paper), or read from Suomi.fi e-Authorizations."""

    PORTAL = "portal"
    SUOMI_FI = "suomi_fi"


class MandateError(ValueError):
    """A mandate that cannot be given, asked for or changed; the message is a code."""


def is_valid(status: str, valid_until: date, today: date) -> bool:
    return status == MandateStatus.ACTIVE and today <= valid_until


def allows(held: str, needed: Scope) -> bool:
    """Acting includes viewing; viewing allows nothing more."""
    return held == Scope.ACT or needed == Scope.VIEW


def expires_soon(valid_until: date, today: date) -> bool:
    return today <= valid_until <= today + timedelta(days=EXPIRY_NOTICE_DAYS)


def longest_validity(today: date) -> date:
    """The last day a mandate given today may run to: ten years on (from 29 February, the 28th)."""
    year = today.year + LONGEST_VALIDITY_YEARS
    return today.replace(year=year, day=28) if (today.month, today.day) == (2, 29) else today.replace(year=year)


def validity_problem(valid_until: date | None, today: date) -> str | None:
    """Why a mandate cannot end on this date: a code the web layer words."""
    if valid_until is None:
        return "no_date"
    if valid_until <= today:
        return "not_future"
    if valid_until > longest_validity(today):
        return "too_long"
    return None


MAY_HOLD = (Role.RELATIVE, Role.CLIENT)  # a person's own account; never staff or a provider


def holder_problem(holder_role: str | None, holder_client_id: int | None, client_id: int) -> str | None:
    """Why this account cannot hold a mandate for the client (no such person, or the client themself)."""
    if holder_role not in MAY_HOLD:
        return "no_such_person"
    if holder_client_id == client_id:
        return "self"
    return None


# What a state may become, and who may make it so.
TRANSITIONS = {
    (MandateStatus.REQUESTED, MandateStatus.ACTIVE),
    (MandateStatus.REQUESTED, MandateStatus.DECLINED),
    (MandateStatus.ACTIVE, MandateStatus.REVOKED),
}


# A relative's request starts as requested; a mandate the client or the case manager gives is active at once.
MANDATE_LIFECYCLE = Lifecycle(MandateStatus, {MandateStatus.REQUESTED, MandateStatus.ACTIVE}, TRANSITIONS)


def check_transition(current: str, new: MandateStatus) -> None:
    if not MANDATE_LIFECYCLE.allows(current, new):
        raise MandateError("not_allowed")


def check_changeable_here(source: str) -> None:
    """A mandate read from Suomi.fi e-Authorizations is changed and revoked there, never in the portal: the
    register is where it was given, and the next reading would bring it back."""
    if source == MandateSource.SUOMI_FI:
        raise MandateError("in_register")


# Mandates from Suomi.fi e-Authorizations. The county's issue for personal-budget matters gives the holder one of
# two rights, as the issue names them in the register: handling the principal's matters, or viewing them only.
class RegisterRight(StrEnum):
    HANDLE = "asiointi"
    VIEW = "katselu"


REGISTER_SCOPES = {RegisterRight.HANDLE: Scope.ACT, RegisterRight.VIEW: Scope.VIEW}


def scope_from_register(rights: Iterable[str]) -> Scope | None:
    """Our scope for the register's rights: the widest they give; a right we do not know gives nothing, so a
    holder never gets more here than the register says. None: nothing we can honour."""
    scopes = {REGISTER_SCOPES[RegisterRight(right)] for right in rights if right in RegisterRight}
    return Scope.ACT if Scope.ACT in scopes else Scope.VIEW if scopes else None


class Terms(NamedTuple):
    scope: Scope
    valid_until: date


def the_terms_that_count(terms: Iterable[Terms]) -> Terms:
    """Of several authorizations for one principal, the one that lasts longest (then the wider)."""
    return max(terms, key=lambda each: (each.valid_until, each.scope == Scope.ACT))


@dataclass(frozen=True)
class RegisterChanges:
    """What to do to a holder's register mandates so that they say what the register says today."""

    added: dict[int, Terms] = field(default_factory=dict)  # client id: the terms of a new mandate
    changed: dict[int, Terms] = field(default_factory=dict)  # mandate id: its new terms
    ended: list[int] = field(default_factory=list)  # mandate ids

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.ended)


def register_changes(held: Iterable[tuple[int, int, Terms]], read: Mapping[int, Terms], today: date) -> RegisterChanges:
    """`held`: (mandate id, client id, terms) of the holder's active register mandates; `read`: the register's
    terms by client. A client the register still names keeps one mandate (its terms brought in line); any other
    mandate still valid is ended; an authorization already over is not in force. Nothing changes when all agree."""
    in_force = {client_id: terms for client_id, terms in read.items() if terms.valid_until >= today}
    changes, kept = RegisterChanges(), set()
    for mandate_id, client_id, terms in held:
        if client_id in in_force and client_id not in kept:
            kept.add(client_id)
            if terms != in_force[client_id]:
                changes.changed[mandate_id] = in_force[client_id]
        elif terms.valid_until >= today:
            changes.ended.append(mandate_id)
    changes.added.update({client_id: terms for client_id, terms in in_force.items() if client_id not in kept})
    return changes
