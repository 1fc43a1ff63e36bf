"""Sign-in codes for a decision's letter: made by the case manager, used once to sign in to a limited view.

Only an Argon2 hash of a code is stored. Making a code withdraws the client's earlier unused ones, so at
most one works at a time. Signing in checks and uses a code in one conditional update (`… WHERE used_at
IS NULL AND withdrawn_at IS NULL AND expires_at > :now`): of two requests with the same code at the same
moment, one finds it unused and the other finds nothing. Failed tries wait longer and longer, as with a
password (`auth.check_waits`), counted for the decision number, the number from one address, and the address.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Client, Decision, DecisionCode, User
from portal.domain.decision_codes import could_be_code, expires_at, new_code, typed_code, typed_number
from portal.domain.roles import Role
from portal.services import auth
from portal.services.hashing import HASHER

_hasher = HASHER
# Verified against when no code can match (an unknown number, no code in force), so that every try takes as long.
_NO_CODE_HASH = _hasher.hash("no decision has this code")
# What a decision-code account has for a password: not an Argon2 hash, so no password ever matches it.
NO_PASSWORD = "!signs in only with a decision code"
SIGNED_IN_WITH = "decision_code"


@dataclass(frozen=True)
class MadeCode:
    code: str  # the plain code: printed in this one letter, never stored
    row: DecisionCode


@dataclass(frozen=True)
class SignedIn:
    user: User
    decision: Decision


@dataclass(frozen=True)
class CodeLetters:
    """What the client's page says of sign-in code letters."""

    decision: Decision | None  # the latest decision: a new letter's code is for it
    last: DecisionCode | None  # the last code made for the client, used, withdrawn, expired or in force


def letters_of(session: Session, client_id: int) -> CodeLetters:
    return CodeLetters(latest_decision(session, client_id), latest_code(session, client_id))


def latest_decision(session: Session, client_id: int) -> Decision | None:
    """The client's newest decision: the one a new letter's code is for."""
    return session.scalar(select(Decision).where(Decision.client_id == client_id)
                          .order_by(Decision.decided_on.desc(), Decision.id.desc()).limit(1))


def latest_code(session: Session, client_id: int) -> DecisionCode | None:
    """The last code made for any of the client's decisions, with its decision."""
    return session.scalar(select(DecisionCode).join(Decision).where(Decision.client_id == client_id)
                          .options(joinedload(DecisionCode.decision)).order_by(DecisionCode.id.desc()).limit(1))


def code_of(session: Session, client_id: int, code_id: int) -> DecisionCode | None:
    return session.scalar(select(DecisionCode).join(Decision)
                          .where(DecisionCode.id == code_id, Decision.client_id == client_id)
                          .options(joinedload(DecisionCode.decision)))


def _lock_client(session: Session, client_id: int) -> None:
    """Codes and accounts of one client are made one request at a time (on SQLite every write is anyway)."""
    session.execute(select(Client.id).where(Client.id == client_id).with_for_update())


def make_code(session: Session, decision: Decision, made_by: User, now: datetime, days: int) -> MadeCode:
    """A new code for the decision's letter, valid for `days` days; the client's earlier unused codes stop working."""
    _lock_client(session, decision.client_id)
    session.execute(
        update(DecisionCode)
        .where(DecisionCode.decision_id.in_(select(Decision.id).where(Decision.client_id == decision.client_id)),
               DecisionCode.used_at.is_(None), DecisionCode.withdrawn_at.is_(None))
        .values(withdrawn_at=now).execution_options(synchronize_session=False))
    code = new_code()
    row = DecisionCode(decision_id=decision.id, code_hash=_hasher.hash(code), created_at=now,
                       expires_at=expires_at(now, days), created_by_user_id=made_by.id)
    session.add(row)
    session.flush()
    return MadeCode(code, row)


def _in_force(session: Session, number: str, now: datetime) -> tuple[int, str] | None:
    """The id and hash of the newest code in force for the decision of that number, in one query."""
    return session.execute(
        select(DecisionCode.id, DecisionCode.code_hash).join(Decision)
        .where(Decision.number == number,
               DecisionCode.used_at.is_(None), DecisionCode.withdrawn_at.is_(None), DecisionCode.expires_at > now)
        .order_by(DecisionCode.id.desc()).limit(1)).first()


def _matches(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def _use(session: Session, code_id: int, now: datetime) -> bool:
    """Checks and uses the code in one step: true for the one request that finds it still unused."""
    return session.execute(
        update(DecisionCode)
        .where(DecisionCode.id == code_id, DecisionCode.used_at.is_(None), DecisionCode.withdrawn_at.is_(None),
               DecisionCode.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount == 1


def account_for(session: Session, client: Client) -> User:
    """The client's one decision-code account, made the first time a code is used."""
    _lock_client(session, client.id)
    user = session.scalar(select(User).where(User.client_id == client.id, User.role == Role.DECISION_CODE))
    if user is None:
        user = User(username=f"decision-code:{secrets.token_hex(16)}", password_hash=NO_PASSWORD,
                    role=Role.DECISION_CODE, display_name=client.full_name, client_id=client.id)
        session.add(user)
        session.flush()
    return user


def sign_in(session: Session, number: str, code: str, address: str, now: datetime) -> SignedIn | None:
    """The decision's client's account when the code is right and in force (the code used), None otherwise
    (the failure counted), or auth.TooManyAttempts. A wrong code, an unknown number, a used, withdrawn or
    expired code: each takes one Argon2 check and gives the same None."""
    number, code = typed_number(number), typed_code(code)
    keys = auth.attempt_keys(f"decision:{number}", address)
    auth.check_waits(session, keys, now)
    found = _in_force(session, number, now) if number else None
    right = _matches(found.code_hash if found else _NO_CODE_HASH, code) and found is not None and could_be_code(code)
    if not right or not _use(session, found.id, now):
        auth.count_failure(session, keys, now)
        return None
    auth.forget_failures(session, keys)
    decision = session.scalar(select(Decision).join(DecisionCode).where(DecisionCode.id == found.id)
                              .options(joinedload(Decision.client)))
    return SignedIn(account_for(session, decision.client), decision)
