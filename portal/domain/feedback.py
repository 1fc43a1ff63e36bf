"""Feedback given through the portal, and the county's reply to it.

The Act on the Provision of Digital Services (306/2019, section 10) expects a reply to
accessibility feedback within 14 days; the county answers other feedback in the same time.
"""

from datetime import date, timedelta
from enum import StrEnum

from portal.domain.states import Lifecycle

REPLY_WITHIN_DAYS = 14


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


def reply_due(received_on: date) -> date:
    return received_on + timedelta(days=REPLY_WITHIN_DAYS)


def days_left(received_on: date, today: date) -> int:
    """Days until the reply is due; negative when it is late."""
    return (reply_due(received_on) - today).days
