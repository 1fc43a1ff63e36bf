"""What the pages anyone may open ask of the services: signing in, a new password, feedback."""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.db.models import User
from portal.domain.feedback import FeedbackKind
from portal.domain.sessions import Ended
from portal.domain.alerts import Channel
from portal.services import auth, feedback, notifications, user_sessions
from portal.services.paging import Page, Where
from portal.services.work import use_case


@use_case
def sign_in(db: Session, username: str, password: str, address: str, now: datetime) -> User | None:
    """The user whose password this is, or None (the failure counted), or auth.TooManyAttempts."""
    return auth.authenticate(db, username, password, address, now)


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


@use_case
def unread_alerts(db: Session, user_id: int) -> int:
    """How many alerts the person has not read, for the navigation."""
    return notifications.unread_count(db, user_id)
