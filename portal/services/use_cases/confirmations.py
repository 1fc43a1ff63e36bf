"""What the pages of the client's confirmations ask of the services: the client (or a relative acting for
them) confirms or disputes recorded services, the provider sees its disputes, the client's case manager
resolves them."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Client, Correction, ServiceDispute, User
from portal.domain.agreements import Party
from portal.services import dispute_resolution, disputes
from portal.services.paging import Page, Where
from portal.services.work import use_case


@use_case
def services_to_confirm(db: Session, client_id: int, month: date | None, today: date) -> disputes.ToConfirm:
    return disputes.services_to_confirm(db, client_id, month, today)


@use_case
def confirm_all(db: Session, user: User, client_id: int, month: date, up_to_id: int, today: date) -> int:
    return disputes.confirm_all(db, client_id, user, month, up_to_id, today)


@use_case
def service_to_dispute(db: Session, client_id: int, event_id: int, today: date) -> disputes.Row | None:
    """The client's recorded service, as the dispute form shows it; None when it is not the client's."""
    month = disputes.month_of_event(db, client_id, event_id)
    if month is None:
        return None
    return next(row for row in disputes.services_to_confirm(db, client_id, month, today).rows if row.event.id == event_id)


@use_case
def dispute(db: Session, user: User, client_id: int, for_self: bool, event_id: int, reason: str, note: str,
            today: date) -> ServiceDispute:
    party = Party.CLIENT if for_self else Party.RELATIVE
    return disputes.dispute(db, client_id, user, party, event_id, reason, note, today)


@use_case
def provider_disputes(db: Session, provider_id: int, where: Where) -> Page:
    return disputes.open_disputes_of_provider(db, provider_id, where)


def _managed(db: Session, case_manager_id: int, client_id: int) -> bool:
    return db.scalar(select(Client.id).where(Client.id == client_id, Client.case_manager_id == case_manager_id)) is not None


@use_case
def client_disputes(db: Session, case_manager_id: int, client_id: int) -> list[ServiceDispute] | None:
    """The open disputes of the case manager's own client; None when the client is not theirs."""
    return disputes.open_disputes(db, client_id=client_id) if _managed(db, case_manager_id, client_id) else None


@use_case
def dispute_of_client(db: Session, case_manager_id: int, client_id: int, dispute_id: int) -> ServiceDispute | None:
    if not _managed(db, case_manager_id, client_id):
        return None
    found = disputes.open_disputes(db, client_id=client_id, dispute_id=dispute_id)
    return found[0] if found else None


@use_case
def resolved_dispute_of_client(db: Session, case_manager_id: int, client_id: int, dispute_id: int) -> bool:
    """Whether the case manager's client has this dispute and it was resolved already (by another window or
    person, or by the provider's correction)."""
    return _managed(db, case_manager_id, client_id) and db.scalar(select(ServiceDispute.id).where(
        ServiceDispute.id == dispute_id, ServiceDispute.client_id == client_id,
        ServiceDispute.resolved_at.is_not(None))) is not None


@use_case
def resolve_dispute(db: Session, user: User, client_id: int, dispute_id: int, resolution: str, units: int | None,
                    note: str, today: date) -> Correction | None:
    """Resolve the open dispute of the case manager's client (LookupError when there is none)."""
    found = dispute_of_client.within(db, user.case_manager_id, client_id, dispute_id)
    if found is None:
        raise LookupError("no open dispute of this client")
    return dispute_resolution.resolve(db, found, user, resolution, units, note, today)
