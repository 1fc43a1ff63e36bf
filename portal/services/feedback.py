"""Feedback given through the portal: received from anyone, read and answered by the county's staff.

The reply is not sent from here: staff write it to the reply-to address themselves and record
it with the status. Two staff members at once cannot both answer: the status moves by a
conditional update that the lifecycle's allowed sources hold.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.db.models import AccessibilityFeedback, User
from portal.domain.feedback import (
    FEEDBACK,
    NOT_ANSWERED,
    FeedbackKind,
    FeedbackStatus,
    day_in_finland,
    days_to_reply,
    reply_due,
    reply_problem,
)
from portal.services.paging import Page, Where, page_by_id
from portal.services.work import use_case

INBOX_PAGE = 25


class FeedbackError(ValueError):
    """A change to feedback that is refused. The message is a code (answered, not_allowed, no_reply,
    too_long); `status` is the status the feedback is in now, when that is why."""

    def __init__(self, code: str, status: FeedbackStatus | None = None):
        super().__init__(code)
        self.code, self.status = code, status


def receive(session: Session, kind: FeedbackKind, page: str, message: str, reply_to: str) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(kind=kind, page=page.strip(), message=message.strip(), reply_to=reply_to.strip(),
                                     status=FeedbackStatus.NEW)
    session.add(feedback)
    session.flush()
    return feedback


@use_case
def unanswered_count(session: Session) -> int:
    """How much feedback waits for the county's reply: one count on the (status, received_at) index."""
    return session.scalar(select(func.count()).select_from(AccessibilityFeedback)
                          .where(AccessibilityFeedback.status.in_(NOT_ANSWERED)))


@dataclass(frozen=True)
class Received:
    feedback: AccessibilityFeedback
    due_on: date  # the day the reply is due
    days_left: int | None  # to reply; negative when late, None once answered


def _received(feedback: AccessibilityFeedback, today: date) -> Received:
    return Received(feedback, reply_due(day_in_finland(feedback.received_at)),
                    days_to_reply(feedback.received_at, feedback.status, today))


@dataclass(frozen=True)
class Inbox:
    page: Page  # of Received: the oldest first, the answered the latest first
    status: FeedbackStatus | None  # the status shown; None for all not yet answered
    counts: dict[FeedbackStatus | None, int]  # feedback in each status, and (None) not yet answered


def inbox(session: Session, status: FeedbackStatus | None, where: Where, now: datetime) -> Inbox:
    """A page of the feedback in one status, or (None) of all not yet answered, with the days left to reply."""
    found = dict(session.execute(select(AccessibilityFeedback.status, func.count())
                                 .group_by(AccessibilityFeedback.status)).all())
    counts = {each: found.get(each, 0) for each in FeedbackStatus}
    counts[None] = sum(counts[each] for each in NOT_ANSWERED)
    query = select(AccessibilityFeedback).where(AccessibilityFeedback.status.in_(
        NOT_ANSWERED if status is None else (status,)))
    page = page_by_id(session, query, [AccessibilityFeedback.received_at, AccessibilityFeedback.id],
                      lambda feedback: (feedback.received_at, feedback.id), where, INBOX_PAGE,
                      newest_first=status is FeedbackStatus.ANSWERED)
    today = day_in_finland(now)
    rows = [_received(feedback, today) for feedback in page.rows]
    return Inbox(replace(page, rows=rows), status, counts)


@dataclass(frozen=True)
class FeedbackPage:
    received: Received
    replied_by: User | None  # who recorded the reply


def feedback_page(session: Session, feedback_id: int, now: datetime) -> FeedbackPage | None:
    feedback = session.get(AccessibilityFeedback, feedback_id)
    if feedback is None:
        return None
    replied_by = session.get(User, feedback.replied_by_user_id) if feedback.replied_by_user_id else None
    return FeedbackPage(_received(feedback, day_in_finland(now)), replied_by)


def change(session: Session, feedback_id: int, new: FeedbackStatus, reply: str, user_id: int, now: datetime) -> None:
    """Move the feedback to `new` with the reply written so far; answering records who and when.
    FeedbackError if the reply does not do or the lifecycle does not allow the move from where the
    feedback is now (answered by someone else meanwhile, say); LookupError if there is no such feedback."""
    problem = reply_problem(new, reply)
    if problem:
        raise FeedbackError(problem)
    values = {"status": new, "reply": reply.strip()}
    if new is FeedbackStatus.ANSWERED:
        values.update(replied_at=now, replied_by_user_id=user_id)
    moved = session.execute(update(AccessibilityFeedback).where(
        AccessibilityFeedback.id == feedback_id, AccessibilityFeedback.status.in_(FEEDBACK.sources(new)),
    ).values(**values).execution_options(synchronize_session=False))
    if moved.rowcount == 1:
        return
    current = session.scalar(select(AccessibilityFeedback.status).where(AccessibilityFeedback.id == feedback_id))
    if current is None:
        raise LookupError(feedback_id)
    current = FeedbackStatus(current)
    raise FeedbackError("answered" if current is FeedbackStatus.ANSWERED else "not_allowed", current)
