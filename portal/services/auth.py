"""Signing in: a slow password hash, and a limit on failed attempts per account and address."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.db.models import SignInFailure, User

_hasher = PasswordHasher()
# Verified against when the account does not exist, so that both cases take as long.
_UNKNOWN_ACCOUNT_HASH = _hasher.hash("no account has this password")


class TooManyAttempts(Exception):
    """Sign-in is refused for a while after repeated failures."""


@dataclass(frozen=True)
class AttemptLimit:
    max_failures: int
    window: timedelta


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _key(kind: str, value: str) -> str:
    # Only a hash is stored: no account names or addresses at rest.
    return hashlib.sha256(f"{kind}:{value.strip().casefold()}".encode()).hexdigest()


def _is_limited(session: Session, keys: list[str], since: datetime, limit: AttemptLimit) -> bool:
    counts = session.execute(
        select(SignInFailure.key_hash, func.count())
        .where(SignInFailure.key_hash.in_(keys), SignInFailure.at >= since)
        .group_by(SignInFailure.key_hash)
    ).all()
    return any(count >= limit.max_failures for _key_hash, count in counts)


def authenticate(
    session: Session, username: str, password: str, address: str, now: datetime, limit: AttemptLimit
) -> User | None:
    """The user whose password this is, None for a wrong one, or TooManyAttempts."""
    keys = [_key("account", username), _key("address", address)]
    if _is_limited(session, keys, now - limit.window, limit):
        raise TooManyAttempts
    user = session.scalar(select(User).where(User.username == username.strip()))
    try:
        _hasher.verify(user.password_hash if user else _UNKNOWN_ACCOUNT_HASH, password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None:
        session.add_all(SignInFailure(key_hash=key, at=now) for key in keys)
        return None
    session.execute(delete(SignInFailure).where(SignInFailure.key_hash == keys[0]))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
