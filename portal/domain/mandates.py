"""Mandates (valtuutus / fullmakt) in the Suomi.fi way: who may act for a client, how far, until when.

A mandate names its giver (the client), its holder, its scope and its end date. There is no
general mandate to do everything: "view" lets the holder read, "act" also lets them choose
providers, rate and accept plans. A requested mandate is valid only once the client confirms it.
"""

from datetime import date, timedelta
from enum import StrEnum

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
