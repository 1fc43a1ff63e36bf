"""The case manager resolves a client's dispute: "the recording stands", or "credit back N units" (a
correction made through the provider's correction code, which resolves the dispute in its transaction)."""

from datetime import date

from sqlalchemy.orm import Session

from portal.db.models import Correction, ServiceDispute, User
from portal.domain.confirmations import ConfirmationError, Resolution, resolution_problem
from portal.domain.recording import RecordingError
from portal.services import disputes, provider_work


def resolve(session: Session, dispute: ServiceDispute, user: User, resolution: str, units: int | None, note: str,
            today: date) -> Correction | None:
    """Resolve an open dispute once; the correction when units were credited back. ConfirmationError with a
    code (from `resolution_problem`, or "resolved" when someone resolved it meanwhile) and nothing saved."""
    event = dispute.event
    problem = resolution_problem(resolution, units, event.units - event.credited_units)
    if problem:
        raise ConfirmationError(problem)
    if resolution == Resolution.STANDS:
        closed = disputes.close(session, user, Resolution.STANDS, note, dispute_id=dispute.id)
        if closed is None:
            raise ConfirmationError("resolved")
        disputes.release(session, closed, today)
        return None
    try:
        correction = provider_work.correct(session, event.provider_id, user, event.id, units, dispute.reason, note, today,
                                           resolution=Resolution.CREDITED)
    except RecordingError as error:
        raise ConfirmationError(str(error)) from error
    session.refresh(dispute)
    if dispute.resolution != Resolution.CREDITED:  # the provider's correction resolved it first
        raise ConfirmationError("resolved")
    return correction
