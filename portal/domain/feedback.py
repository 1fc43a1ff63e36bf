"""Feedback given through the portal, and the county's reply to it.

The Act on the Provision of Digital Services (306/2019, section 10) expects a reply to
accessibility feedback within 14 days; the county answers other feedback in the same time.
The days are counted in Finnish time, from the day the feedback was received.
"""

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from portal.domain.states import Lifecycle

REPLY_WITHIN_DAYS = 14
MESSAGE_MAX_CHARS = 4000
REPLY_MAX_CHARS = 4000
FINNISH_TIME = ZoneInfo("Europe/Helsinki")


class FeedbackKind(StrEnum):
    ACCESSIBILITY = "accessibility"
    OTHER = "other"


class FeedbackStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"


FEEDBACK = Lifecycle(
    FeedbackStatus,
    starts=(FeedbackStatus.NEW,),
    moves=(
        (FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS),
        (FeedbackStatus.NEW, FeedbackStatus.ANSWERED),
        (FeedbackStatus.IN_PROGRESS, FeedbackStatus.ANSWERED),
    ),
)

# Waiting for the county's reply: what the inbox shows first, and what the navigation counts.
NOT_ANSWERED = (FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS)


def reply_due(received_on: date) -> date:
    return received_on + timedelta(days=REPLY_WITHIN_DAYS)


def days_left(received_on: date, today: date) -> int:
    """Days until the reply is due; negative when it is late."""
    return (reply_due(received_on) - today).days


def day_in_finland(moment: datetime) -> date:
    """The date in Finland at a moment (a moment without a zone is taken as UTC, as the database keeps it)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(FINNISH_TIME).date()


def days_to_reply(received_at: datetime, status: str, today: date) -> int | None:
    """Days left to reply to feedback received at `received_at` (negative when late); None once answered."""
    if FeedbackStatus(status) is FeedbackStatus.ANSWERED:
        return None
    return days_left(day_in_finland(received_at), today)


def next_statuses(current: str) -> tuple[FeedbackStatus, ...]:
    """The statuses the county may move feedback to from `current`, in the order of the lifecycle."""
    return tuple(status for status in FeedbackStatus if FEEDBACK.allows(current, status))


def reply_problem(new: FeedbackStatus, reply: str) -> str | None:
    """Why this reply cannot be saved with the new status; None when it can. A reply is needed to answer."""
    if new is FeedbackStatus.ANSWERED and not reply.strip():
        return "no_reply"
    if len(reply.strip()) > REPLY_MAX_CHARS:
        return "too_long"
    return None
