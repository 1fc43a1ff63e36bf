"""What the pages anyone may open ask of the services: signing in, a new password, accessibility feedback."""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.db.models import User
from portal.domain.sessions import Ended
from portal.services import auth, feedback, user_sessions
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
def send_accessibility_feedback(db: Session, page: str, message: str, reply_to: str) -> None:
    """The user's feedback on accessibility, kept for the county to answer."""
    feedback.receive(db, page, message, reply_to)
