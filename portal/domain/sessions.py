"""When a signed-in session ends: after a quiet spell, after a whole working day, or when revoked."""

from datetime import datetime, timedelta
from enum import StrEnum


class Ended(StrEnum):
    SIGNED_OUT = "signed_out"
    IDLE = "idle"
    ABSOLUTE = "absolute"
    ROTATED = "rotated"  # replaced by a new session id (acting for someone else)
    PASSWORD_CHANGED = "password_changed"
    BY_COUNTY = "by_county"


def why_ended(created_at: datetime, last_seen_at: datetime, now: datetime, idle: timedelta,
              absolute: timedelta) -> Ended | None:
    """Why a session still open must end now, or None while it may go on."""
    if now >= created_at + absolute:
        return Ended.ABSOLUTE
    if now > last_seen_at + idle:
        return Ended.IDLE
    return None
