"""Giving, asking for, confirming and ending mandates; finding the one in force."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Client, Mandate, MandateRequest, User, utcnow
from portal.domain import alerts as alert_rules
from portal.domain.mandates import (
    MandateError,
    MandateStatus,
    RequestedBy,
    Scope,
    check_changeable_here,
    check_transition,
    holder_problem,
    is_valid,
    validity_problem,
)
from portal.services import alerts
from portal.services.work import use_case


@use_case
def valid_mandate(session: Session, holder_id: int, client_id: int, today: date) -> Mandate | None:
    """The holder's mandate for the client that is in force today, if any."""
    mandate = session.scalar(
        select(Mandate)
        .where(
            Mandate.holder_user_id == holder_id,
            Mandate.client_id == client_id,
            Mandate.status == MandateStatus.ACTIVE,
            Mandate.valid_until >= today,
        )
        .options(joinedload(Mandate.client))
        .order_by(Mandate.valid_until.desc())
        .limit(1)
    )
    return mandate if mandate and is_valid(mandate.status, mandate.valid_until, today) else None


def held_by(session: Session, holder_id: int) -> list[Mandate]:
    """Every mandate the user holds or held, newest first (requests still waiting: `requests_of`)."""
    return list(
        session.scalars(
            select(Mandate)
            .where(Mandate.holder_user_id == holder_id, Mandate.status != MandateStatus.REQUESTED)
            .options(joinedload(Mandate.client))
            .order_by(Mandate.created_at.desc(), Mandate.id.desc())
        )
    )


@use_case
def valid_held_by(session: Session, holder_id: int, today: date) -> list[Mandate]:
    return [m for m in held_by(session, holder_id) if is_valid(m.status, m.valid_until, today)]


def given_by(session: Session, client_id: int) -> list[Mandate]:
    return list(
        session.scalars(
            select(Mandate)
            .where(Mandate.client_id == client_id)
            .options(joinedload(Mandate.holder), joinedload(Mandate.recorded_by))
            .order_by(Mandate.created_at.desc(), Mandate.id.desc())
        )
    )


def of_client(session: Session, client_id: int, mandate_id: int) -> Mandate | None:
    return session.scalar(
        select(Mandate)
        .where(Mandate.id == mandate_id, Mandate.client_id == client_id)
        .options(joinedload(Mandate.holder))
    )


def holder_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def _check_new(session: Session, client_id: int, holder: User | None, valid_until: date | None, today: date) -> User:
    role, own_client_id = (holder.role, holder.client_id) if holder is not None else (None, None)
    problem = holder_problem(role, own_client_id, client_id) or validity_problem(valid_until, today)
    if problem:
        raise MandateError(problem)
    if valid_mandate.within(session, holder.id, client_id, today) is not None:
        raise MandateError("already_valid")
    return holder


def check_grant(session: Session, client_id: int, holder_username: str, valid_until: date | None, today: date) -> User:
    """The person a mandate would go to, or MandateError: for the check-your-answers step."""
    return _check_new(session, client_id, holder_by_username(session, holder_username), valid_until, today)


def grant(
    session: Session, client_id: int, holder_username: str, scope: Scope, valid_until: date | None, today: date
) -> Mandate:
    """The client gives a mandate: it is valid at once."""
    holder = check_grant(session, client_id, holder_username, valid_until, today)
    return _in_force(session, client_id, holder, scope, valid_until, RequestedBy.CLIENT)


def _in_force(session: Session, client_id: int, holder: User, scope: Scope, valid_until: date,
              given: RequestedBy, **paper) -> Mandate:
    """A mandate valid at once: given by the client here, or on paper and recorded."""
    mandate = Mandate(
        client_id=client_id,
        holder_user_id=holder.id,
        scope=Scope(scope).value,
        status=MandateStatus.ACTIVE.value,
        valid_until=valid_until,
        requested_by=given.value,
        decided_at=utcnow(),
        **paper,
    )
    session.add(mandate)
    session.flush()
    return mandate


def client_by_number(session: Session, client_number: str, last_name: str) -> Client | None:
    """The client with this number and last name; both must match."""
    return session.scalar(
        select(Client).where(
            Client.client_number == client_number.strip().upper(),
            func.lower(Client.last_name) == last_name.strip().lower(),
        )
    )


def request(
    session: Session, holder: User, client_number: str, last_name: str, scope: Scope, valid_until: date | None, today: date
) -> MandateRequest:
    """Someone asks a client for a mandate. The request is kept whether or not the details match,
    and it says nothing of which they did: only when they match, and the client has no mandate
    for the holder yet, is the client asked (a requested mandate, valid once confirmed)."""
    problem = validity_problem(valid_until, today)
    if problem:
        raise MandateError(problem)
    sent = MandateRequest(holder_user_id=holder.id, client_number=client_number.strip().upper()[:12],
                          scope=Scope(scope).value, valid_until=valid_until)
    session.add(sent)
    client = client_by_number(session, client_number, last_name)
    client_id = client.id if client is not None else -1
    taken = session.scalar(
        select(Mandate.id).where(Mandate.holder_user_id == holder.id, Mandate.client_id == client_id,
                                 Mandate.status.in_((MandateStatus.REQUESTED, MandateStatus.ACTIVE)),
                                 Mandate.valid_until >= today)
    )
    if client is not None and taken is None and holder.client_id != client.id:
        sent.mandate = Mandate(client_id=client.id, holder_user_id=holder.id, scope=Scope(scope).value,
                               status=MandateStatus.REQUESTED.value, valid_until=valid_until,
                               requested_by=RequestedBy.HOLDER.value)
    session.flush()
    if sent.mandate is not None:
        alerts.tell(session, client.id, alert_rules.mandate_to_confirm(sent.mandate.id), today)
    return sent


def requests_of(session: Session, holder_id: int) -> list[MandateRequest]:
    """The holder's requests still waiting: for each, nothing tells whether it matched a client."""
    return list(session.scalars(
        select(MandateRequest).outerjoin(Mandate, Mandate.id == MandateRequest.mandate_id)
        .where(MandateRequest.holder_user_id == holder_id,
               (MandateRequest.mandate_id.is_(None)) | (Mandate.status == MandateStatus.REQUESTED))
        .order_by(MandateRequest.sent_at.desc(), MandateRequest.id.desc())
    ))


def decide(session: Session, mandate: Mandate, new_status: MandateStatus, today: date) -> Mandate:
    """Confirm or decline a request, or revoke a mandate in force (never one read from Suomi.fi)."""
    check_changeable_here(mandate.source)
    check_transition(mandate.status, new_status)
    if new_status is MandateStatus.ACTIVE and mandate.valid_until < today:
        raise MandateError("not_future")
    mandate.status = new_status.value
    mandate.decided_at = utcnow()
    session.flush()
    return mandate


def record_paper(
    session: Session,
    case_manager: User,
    client_id: int,
    holder_username: str,
    scope: Scope,
    valid_until: date | None,
    signed_on: date | None,
    today: date,
) -> Mandate:
    """A case manager records a mandate the client gave on paper; it is valid at once."""
    if signed_on is None or signed_on > today:
        raise MandateError("signed_on")
    holder = check_grant(session, client_id, holder_username, valid_until, today)
    return _in_force(session, client_id, holder, scope, valid_until, RequestedBy.CASE_MANAGER,
                     paper_signed_on=signed_on, recorded_by_user_id=case_manager.id)
