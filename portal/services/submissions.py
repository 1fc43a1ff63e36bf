"""One-time keys of binding forms: the first submission is carried out, a repeat finds its result.

The key is claimed in the same transaction as the action it guards. Two submissions of
the same form at once cannot both claim it: the second waits for the first (the key is
the primary key) and then finds it taken.
"""

import re
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.db.models import Submission

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
