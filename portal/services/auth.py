"""Signing in: a slow password hash, and growing waits after failed attempts (see portal.domain.sign_in)."""

import hashlib
from datetime import datetime

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.db.models import SignInFailure, User
from portal.domain.sign_in import WINDOW, Counted, next_try
from portal.services.hashing import HASHER
from portal.services.work import use_case

_hasher = HASHER
# Verified against when the account does not exist, so that both cases take as long.
_UNKNOWN_ACCOUNT_HASH = _hasher.hash("no account has this password")


class TooManyAttempts(Exception):
    """Sign-in is refused until `until`, after repeated failures."""

    def __init__(self, until: datetime):
        super().__init__(until.isoformat())
        self.until = until


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _key(kind: Counted, *values: str) -> str:
    # Only a hash is stored: no account names or addresses at rest.
    joined = "\x1f".join(value.strip().casefold() for value in values)
    return hashlib.sha256(f"{kind.value}:{joined}".encode()).hexdigest()


def attempt_keys(name: str, address: str) -> dict[Counted, str]:
    """What a sign-in attempt's failures are counted by: the name tried (an account, or a decision's number),
    that name from the address, and the address whatever it tries."""
    return {Counted.ACCOUNT_FROM_ADDRESS: _key(Counted.ACCOUNT_FROM_ADDRESS, name, address),
            Counted.ACCOUNT: _key(Counted.ACCOUNT, name), Counted.ADDRESS: _key(Counted.ADDRESS, address)}


def _failures(session: Session, keys: dict[Counted, str], since: datetime) -> dict[Counted, tuple[int, datetime | None]]:
    found = {key: (count, last) for key, count, last in session.execute(
        select(SignInFailure.key_hash, func.count(), func.max(SignInFailure.at))
        .where(SignInFailure.key_hash.in_(list(keys.values())), SignInFailure.at >= since)
        .group_by(SignInFailure.key_hash)
    )}
    counted = {}
    for kind, key in keys.items():
        count, last = found.get(key, (0, None))
        counted[kind] = (count, _aware(last, since))
    return counted


def _aware(moment: datetime | None, like: datetime) -> datetime | None:
    return moment.replace(tzinfo=like.tzinfo) if moment is not None and moment.tzinfo is None else moment


def check_waits(session: Session, keys: dict[Counted, str], now: datetime) -> None:
    """TooManyAttempts (with when to try again) while earlier failures make this attempt wait."""
    until = next_try(_failures(session, keys, now - WINDOW))
    if until is not None and until > now:
        raise TooManyAttempts(until)


def count_failure(session: Session, keys: dict[Counted, str], now: datetime) -> None:
    session.add_all(SignInFailure(key_hash=key, at=now) for key in keys.values())


def forget_failures(session: Session, keys: dict[Counted, str]) -> None:
    """After a success, the name's failures are forgotten; the address's still count."""
    session.execute(delete(SignInFailure).where(
        SignInFailure.key_hash.in_([keys[Counted.ACCOUNT], keys[Counted.ACCOUNT_FROM_ADDRESS]])))


def authenticate(session: Session, username: str, password: str, address: str, now: datetime) -> User | None:
    """The user whose password this is, None for a wrong one, or TooManyAttempts (with when to try again)."""
    keys = attempt_keys(username, address)
    check_waits(session, keys, now)
    user = session.scalar(select(User).where(User.username == username.strip()))
    try:
        _hasher.verify(user.password_hash if user else _UNKNOWN_ACCOUNT_HASH, password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None:
        count_failure(session, keys, now)
        return None
    forget_failures(session, keys)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(session: Session, user: User, current: str, new: str, repeated: str) -> None:
    """The user's new password, or ValueError with a code: wrong, short, same, mismatch."""
    if not verify(user, current):
        raise ValueError("wrong")
    if len(new) < 12:
        raise ValueError("short")
    if new != repeated:
        raise ValueError("mismatch")
    if new == current:
        raise ValueError("same")
    user.password_hash = hash_password(new)


@use_case
def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
