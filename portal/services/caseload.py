"""A case manager's caseload: their clients a page at a time, and one of them with what the client page shows."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import Client, Plan, PlanLine
from portal.domain.plans import PlanStatus
from portal.services.paging import Page, Where, page_by_id


def _caseload(case_manager_id: int, search: str, municipality_id: int | None, review_due_by: date | None):
    query = select(Client).where(Client.case_manager_id == case_manager_id)
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Client.first_name + " " + Client.last_name).like(pattern),
                                func.lower(Client.client_number).like(pattern)))
    if municipality_id is not None:
        query = query.where(Client.municipality_id == municipality_id)
    if review_due_by is not None:
        query = query.where(Client.plans.any((Plan.status == PlanStatus.ACCEPTED) & (Plan.review_date <= review_due_by)))
    return query


def clients_page(session: Session, case_manager_id: int, where: Where, search: str = "",
                 municipality_id: int | None = None, review_due_by: date | None = None) -> Page:
    """A page of the caseload by name (the address holds only a client's id, never a name)."""
    return page_by_id(session, _caseload(case_manager_id, search, municipality_id, review_due_by),
                      [Client.last_name, Client.first_name, Client.id], lambda c: (c.last_name, c.first_name, c.id),
                      where, options=(joinedload(Client.municipality),))


def own_client(session: Session, case_manager_id: int, client_id: int) -> Client | None:
    """The case manager's own client (with the municipality); any other is not found."""
    return session.scalar(
        select(Client)
        .where(Client.id == client_id, Client.case_manager_id == case_manager_id)
        .options(joinedload(Client.municipality))
    )


def client_of(session: Session, case_manager_id: int, client_id: int) -> Client | None:
    """The case manager's own client, with everything the client page shows; else nothing."""
    return session.scalar(
        select(Client)
        .where(Client.id == client_id, Client.case_manager_id == case_manager_id)
        .options(
            joinedload(Client.municipality),
            selectinload(Client.plans).options(
                selectinload(Plan.goals),
                selectinload(Plan.lines).options(joinedload(PlanLine.service_type), joinedload(PlanLine.voucher),
                                                 selectinload(PlanLine.choices)),
            ),
        )
    )
