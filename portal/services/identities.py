"""People by their personal identity code, which is never stored: only a keyed hash of it (HMAC-SHA256
with IDENTITY_KEY_SECRET), so that the table alone does not give the codes away, however few they are."""

import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Client, User
from portal.domain import identity_codes
from portal.domain.roles import Role


def identity_key(code: str, secret: str) -> str:
    return hmac.new(secret.encode(), identity_codes.normalized(code).encode(), hashlib.sha256).hexdigest()


def user_with_code(session: Session, code: str, secret: str) -> User | None:
    """The account a strongly identified person signs in to: a relative's (or anyone's) own key, or else the
    account of the client whose register entry has the code."""
    key = identity_key(code, secret)
    user = session.scalar(select(User).where(User.identity_key == key))
    if user is not None:
        return user
    return session.scalar(
        select(User).join(Client, User.client_id == Client.id).where(Client.identity_key == key, User.role == Role.CLIENT)
    )


def client_with_code(session: Session, code: str, secret: str) -> Client | None:
    return session.scalar(select(Client).where(Client.identity_key == identity_key(code, secret)))
