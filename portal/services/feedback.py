from sqlalchemy.orm import Session

from portal.db.models import AccessibilityFeedback


def receive(session: Session, page: str, message: str, reply_to: str) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(page=page.strip(), message=message.strip(), reply_to=reply_to.strip())
    session.add(feedback)
    return feedback
