"""Signed-in sessions on the server: started at sign-in, checked on every request, ended at once.

The browser's cookie carries a random token; the table keeps its SHA-256, when the session
started and was last used, and when and why it ended. A copied cookie is worth nothing once
its session has ended.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.db.models import User, UserSession
from portal.domain.sessions import Ended, needs_renewal, why_ended
from portal.services.work import side_write, use_case


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, now: datetime, created_at: datetime | None = None,
          signed_in_with: str = "password", id_token: str | None = None) -> str:
    """A new session for the user, begun with a password or another way (with strong identification, the
    provider's ID token as the web layer seals it, for ending the provider's session too); returns the token for
    the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_hash(token), user_id=user.id, created_at=created_at or now, last_seen_at=now,
                            signed_in_with=signed_in_with, id_token=id_token))
    session.flush()
    return token


@dataclass(frozen=True)
class Checked:
    user_id: int | None
    ended: Ended | None  # why the session is over, when it is
    changes: bool = False  # its end or its renewal is still to be written, by keep()
    idle_until: datetime | None = None  # when it ends unless the user does something


def check(session: Session, token: str, now: datetime, idle: timedelta, absolute: timedelta,
          background: bool) -> Checked:
    """Whether the token's session goes on, read without writing: a request the user made (not a
    background one) renews it when it is due, and a session found over is ended, both by keep()."""
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.ended_at is not None:
        return Checked(None, Ended(row.ended_why) if row is not None and row.ended_why else Ended.SIGNED_OUT)
    last_seen_at = _aware(row.last_seen_at, now)
    ended = why_ended(_aware(row.created_at, now), last_seen_at, now, idle, absolute)
    if ended is not None:
        return Checked(None, ended, changes=True)
    if not background and needs_renewal(last_seen_at, now, idle):
        return Checked(row.user_id, None, changes=True, idle_until=now + idle)
    return Checked(row.user_id, None, idle_until=last_seen_at + idle)


def checked_and_kept(token: str, now: datetime, idle: timedelta, absolute: timedelta, background: bool) -> Checked:
    """A request's check of its session: read first, then the end or renewal written apart."""
    checked = _check_now(token, now, idle, absolute, background)
    if checked.changes:
        _keep_apart(token, checked, now)
    return checked


def keep(session: Session, token: str, checked: Checked, now: datetime) -> None:
    """Writes what check() found, as one conditional update: the session's end, or its renewal
    (which never reopens a session ended meanwhile)."""
    if checked.ended is not None:
        end(session, token, now, checked.ended)
    elif checked.changes:
        session.execute(update(UserSession).where(UserSession.token_hash == _hash(token),
                                                  UserSession.ended_at.is_(None)).values(last_seen_at=now))


def _aware(moment: datetime, now: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment.replace(tzinfo=now.tzinfo) if moment.tzinfo is None else moment


def end(session: Session, token: str, now: datetime, why: Ended = Ended.SIGNED_OUT) -> None:
    session.execute(update(UserSession).where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
                    .values(ended_at=now, ended_why=why.value))


def rotate(session: Session, token: str, user: User, now: datetime) -> str:
    """A new token for the same session (acting for someone else): the old one stops working; the
    session's absolute limit still counts from when the user signed in."""
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    end(session, token, now, Ended.ROTATED)
    if row is None:
        return start(session, user, now)
    return start(session, user, now, created_at=row.created_at, signed_in_with=row.signed_in_with,
                 id_token=row.id_token)


def id_token_of(session: Session, token: str) -> str | None:
    """The (sealed) ID token of a session begun with strong identification; None for any other."""
    return session.scalar(select(UserSession.id_token).where(UserSession.token_hash == _hash(token)))


def end_all(session: Session, user_id: int, now: datetime, why: Ended, keep_token: str | None = None) -> int:
    """End every open session of the user (but the one kept); returns how many were ended."""
    statement = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_token is not None:
        statement = statement.where(UserSession.token_hash != _hash(keep_token))
    return session.execute(statement.values(ended_at=now, ended_why=why.value)).rowcount


def open_count(session: Session, user_id: int) -> int:
    return len(session.scalars(select(UserSession.id).where(UserSession.user_id == user_id,
                                                            UserSession.ended_at.is_(None))).all())


_check_now = use_case(check)
stored_id_token = use_case(id_token_of)
_keep_apart = side_write(keep)
begin = side_write(start)  # sign-in
begin_anew = side_write(rotate)  # acting for someone else
sign_out = side_write(end)
