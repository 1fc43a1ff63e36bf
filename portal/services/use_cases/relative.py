"""What the pages of people who act for others ask of the services: their mandates, whom they act for."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from portal.db.models import Mandate, MandateRequest, User
from portal.domain.access_log import AccessAction
from portal.domain.mandates import Scope
from portal.services import access_log, mandates
from portal.services.work import use_case


@dataclass(frozen=True)
class MyMandates:
    held: list[Mandate]  # held now or before, newest first
    waiting: list[MandateRequest]  # requests the client has not answered yet


@use_case
def my_mandates(db: Session, holder_id: int) -> MyMandates:
    """The mandates the user holds or held, and the requests still waiting."""
    return MyMandates(mandates.held_by(db, holder_id), mandates.requests_of(db, holder_id))


@use_case
def start_acting_for(db: Session, holder: User, mandate: Mandate) -> None:
    """The client's access log says that the holder of the mandate began acting for them."""
    access_log.record(db, holder, mandate.client_id, AccessAction.START_ACTING, mandate.id)


@use_case
def request_mandate(db: Session, holder: User, client_number: str, last_name: str, scope: Scope,
                    valid_until: date | None, today: date) -> None:
    """The request is kept, and the client asked when the details match (MandateError for a wrong date)."""
    sent = mandates.request(db, holder, client_number, last_name, scope, valid_until, today)
    if sent.mandate is not None:
        access_log.record(db, holder, sent.mandate.client_id, AccessAction.REQUEST_MANDATE, sent.mandate.id)
