"""When a signed-in session ends: after a quiet spell, after a whole working day, or when revoked.

The quiet spell counts from the session's last renewal. A request renews the session at most once
a minute (or a tenth of the idle limit, when that is shorter), so that a user reading page after
page does not write on every one of them; the page is told when the spell ends, counted from the
renewal, so that its warning never comes late.
"""

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


RENEWAL_STEP = timedelta(minutes=1)


def needs_renewal(last_seen_at: datetime, now: datetime, idle: timedelta) -> bool:
    """Whether a request the user makes now moves the session's last use to now."""
    return now - last_seen_at >= min(RENEWAL_STEP, idle / 10)
