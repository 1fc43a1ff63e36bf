"""What the pages anyone may open ask of the services: signing in, a new password, feedback."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from portal.db.models import CaseManager, County, Mandate, Municipality, ServiceType, User
from portal.domain.access_log import AccessAction
from portal.domain.feedback import FeedbackKind
from portal.domain.sessions import Ended
from portal.domain.alerts import Channel, services_month_of
from portal.domain.roles import Role
from portal.services import authorizations, identities
from portal.services import access_log, auth, client_pages, county, decision_codes, feedback, mandates, notifications
from portal.services import plans, user_sessions
from portal.services.paging import Page, Where
from portal.services.work import side_write, use_case


@use_case
def sign_in(db: Session, username: str, password: str, address: str, now: datetime) -> User | None:
    """The user whose password this is, or None (the failure counted), or auth.TooManyAttempts."""
    return auth.authenticate(db, username, password, address, now)


def _sign_in_strongly(db: Session, identity_code: str, secret: str, today: date,
                      register: authorizations.MandateRegister, issue: str) -> User | None:
    """The account of the person the identity provider identified, a client's or a relative's, or None when the
    portal knows nobody with that identity code (no account is made). A relative's mandates from Suomi.fi
    e-Authorizations are read anew."""
    user = identities.user_with_code(db, identity_code, secret)
    if user is not None and user.role == Role.RELATIVE:
        authorizations.refresh_from_register(db, user, identity_code, today, register, issue=issue, secret=secret)
    return user


# It answers the identity provider's redirect, a GET: what it writes goes in a short transaction of its own.
sign_in_strongly = side_write(_sign_in_strongly)


@use_case
def sign_in_with_decision_code(db: Session, number: str, code: str, address: str,
                               now: datetime) -> decision_codes.SignedIn | None:
    """The decision's client's code account when the letter's code is right and in force (and now used), or
    None (the failure counted), or auth.TooManyAttempts."""
    return decision_codes.sign_in(db, number, code, address, now)


@use_case
def change_password(db: Session, user: User, current: str, new: str, repeated: str, now: datetime,
                    keep_token: str | None) -> None:
    """The user's new password, every other session of theirs ended; ValueError with a code if refused."""
    auth.change_password(db, user, current, new, repeated)
    user_sessions.end_all(db, user.id, now, Ended.PASSWORD_CHANGED, keep_token=keep_token)


@use_case
def send_feedback(db: Session, kind: FeedbackKind, page: str, message: str, reply_to: str) -> None:
    """The person's feedback (on accessibility or anything else), kept for the county to answer."""
    feedback.receive(db, kind, page, message, reply_to)


@use_case
def notification_settings(db: Session, user: User) -> notifications.Settings:
    """How the person is told of alerts now (the portal only, until they choose)."""
    return notifications.settings_of(db, user)


@use_case
def save_notification_settings(db: Session, user: User, channel: Channel, language: str, email: str,
                               letter_name: str, street_address: str, postal_code: str, post_office: str) -> None:
    """The person's choice of how and in which language they are told, from the next alert on."""
    notifications.save_settings(db, user, channel, language, email, letter_name, street_address, postal_code,
                                post_office)


@use_case
def alerts_page(db: Session, user: User, where: Where) -> Page:
    """The person's alerts, newest first, a page at a time."""
    return notifications.alerts_page(db, user.id, where)


@use_case
def mark_alerts_read(db: Session, user: User, now: datetime) -> int:
    """Every alert of the person marked read."""
    return notifications.mark_all_read(db, user.id, now)


@dataclass(frozen=True)
class AlertToOpen:
    """The page an alert leads to, and in whose matters: the month whose services wait for confirmation."""

    month: date
    own: bool  # about the reader's own matters
    mandate: Mandate | None  # the reader's mandate in force for the client the alert is about, if not their own


@use_case
def alert_to_open(db: Session, user: User, alert_id: int, today: date) -> AlertToOpen | None:
    """Where one of the person's alerts leads (None: not theirs, or it leads to no page). Opening a client's
    page under a mandate in force starts acting for them, which the client's access log records."""
    alert = notifications.alert_of(db, user.id, alert_id)
    month = services_month_of(alert.event_key) if alert else None
    if alert is None or month is None:
        return None
    own = alert.client_id == user.client_id
    mandate = None if own else mandates.valid_mandate(user.id, alert.client_id, today)  # (a use case: it nests)
    if mandate is not None:
        access_log.record(db, user, mandate.client_id, AccessAction.START_ACTING, mandate.id)
    return AlertToOpen(month, own, mandate)


@use_case
def unread_alerts(db: Session, user_id: int) -> int:
    """How many alerts the person has not read, for the navigation."""
    return notifications.unread_count(db, user_id)


@dataclass(frozen=True)
class WhereToTurn:
    county: County | None  # its name and advice line
    contacts: county.Contacts | None  # the registry office, the review body, the ombudsman
    case_manager: CaseManager | None  # the signed-in client's own, when she reads the page herself


@use_case
def where_to_turn(db: Session, own_client_id: int | None) -> WhereToTurn:
    """Whom to ask, where to send a request for review or a complaint, how to reach the ombudsman."""
    found = county.the_county.within(db)
    manager = county.case_manager_of(db, own_client_id) if own_client_id is not None else None
    return WhereToTurn(found, county.contacts_of(found) if found else None, manager)


@dataclass(frozen=True)
class WhatTheCountyBuys:
    """What a company reads before applying to be a provider: the services the county buys with their voucher
    values and price rules, and the municipalities where it buys them."""

    county: County | None
    service_types: list[ServiceType]
    municipalities: list[Municipality]


@use_case
def what_the_county_buys(db: Session) -> WhatTheCountyBuys:
    return WhatTheCountyBuys(county.the_county.within(db), plans.catalogue(db), client_pages.municipalities(db))
