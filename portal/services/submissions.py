"""One-time keys of binding forms: the first submission is carried out, a repeat finds its result.

The key is claimed in the same transaction as the action it guards. Two submissions of
the same form at once cannot both claim it: the second waits for the first (the key is
the primary key) and then finds it taken.
"""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sqlalchemy.exc import IntegrityError

from portal.db.models import Submission
from portal.services.work import unit_of_work

R = TypeVar("R")

KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_key() -> str:
    return secrets.token_urlsafe(24)


def is_key(text: str) -> bool:
    return bool(KEY.fullmatch(text or ""))


def earlier(session: Session, key: str, user_id: int) -> Submission | None:
    """The submission already made with this key by this user, if any."""
    return session.scalar(select(Submission).where(Submission.key == key, Submission.user_id == user_id)
                          .execution_options(populate_existing=True))


def taken_by_another(session: Session, key: str, user_id: int) -> bool:
    return session.scalar(select(Submission.user_id).where(Submission.key == key)) not in (None, user_id)


def claim(session: Session, key: str, user_id: int, action: str) -> None:
    """Take the key for this action; IntegrityError at the flush if it is taken already."""
    session.add(Submission(key=key, user_id=user_id, action=action))
    session.flush()


def keep_result(session: Session, key: str, result_path: str) -> None:
    session.execute(update(Submission).where(Submission.key == key).values(result_path=result_path[:500]))


def release(session: Session, key: str) -> None:
    """Free a key whose submission was refused, so that the corrected form can be sent."""
    session.execute(delete(Submission).where(Submission.key == key, Submission.result_path == ""))


@dataclass(frozen=True)
class Once(Generic[R]):
    """What became of a binding form: carried out now (`result`), done before (`earlier_path`, where
    its result is shown), or neither, because the key is not this user's or not a key (`expired`)."""
    result: R | None = None
    earlier_path: str | None = None
    expired: bool = False


def carry_out_once(key: str, user_id: int, action: str, run: Callable[[], R],
                   result_path: Callable[[R], str | None]) -> Once[R]:
    """Claim the key and run the action in one unit of work. The result's path is kept with the key
    when the action succeeded (`result_path` gives one); otherwise all of it is undone and the key
    freed, so that the corrected form can be sent."""
    if not is_key(key):
        return Once(expired=True)
    with unit_of_work() as db:
        if taken_by_another(db, key, user_id):
            return Once(expired=True)
        done = earlier(db, key, user_id)
        if done is not None:
            return Once(earlier_path=done.result_path)
        try:
            claim(db, key, user_id, action)
        except IntegrityError:
            db.rollback()  # the same form, sent again while the first was being saved
            done = earlier(db, key, user_id)
            return Once(earlier_path=done.result_path) if done else Once(expired=True)
        result = run()
        path = result_path(result)
        if path:
            keep_result(db, key, path)
        else:
            db.rollback()
            release(db, key)
        return Once(result=result)
