"""The client's confirmations and disputes of recorded services, and the resolution of disputes.

Every write is a conditional one, in the ledger's lock order (recording, dispute, voucher month, voucher,
provider month; see `portal.services.provider_work`):
- "Confirm all" confirms, in one UPDATE, the rows the page showed (up to the highest id shown) that still wait,
  unless their settlement month is settled, and counts them in their provider's month in the same transaction.
- A dispute locks its recording, is inserted once per recording (ON CONFLICT DO NOTHING), and holds the
  recording's charged less credited budget out of its settlement month, by an update that matches only while
  the month is not settled.
- A resolution sets `resolved_at` only while it is empty (so it happens once) and releases what was held: in
  the held month while it is open, or else in the next open month (`released_month`).
Over any sequence: what the settled months paid plus what the open months would pay plus what open disputes
hold is what the services charged less what was credited back (tests/services/test_ledger_properties.py).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Plan, PlanLine, ProviderMonth, ServiceDispute, ServiceEvent, User, Voucher, utcnow
from portal.db.session import dialect_insert
from portal.domain.agreements import Party
from portal.domain.confirmations import (
    Confirmation,
    ConfirmationError,
    MonthToConfirm,
    Resolution,
    confirm_by,
    confirmation_of,
    dispute_problem,
    held_by_dispute,
    months_to_confirm,
    still_to_confirm_from,
)
from portal.domain.plans import month_start, next_month
from portal.services import ledger
from portal.services.paging import PAGE_SIZE, Page, Where, page_of


@dataclass(frozen=True)
class Row:
    event: ServiceEvent
    state: Confirmation
    confirm_by: date


def _state(event: ServiceEvent, today: date) -> Row:
    dispute = event.dispute
    state = confirmation_of(event.service_date, event.recorded_at.date(), event.confirmed_at is not None,
                            dispute is not None, dispute is not None and dispute.resolved_at is not None, today)
    return Row(event, state, confirm_by(event.service_date, event.recorded_at.date()))


def _of_client(client_id: int):
    return select(ServiceEvent).join(Voucher, Voucher.id == ServiceEvent.voucher_id).where(Voucher.client_id == client_id)


@dataclass(frozen=True)
class ToConfirm:
    """A month's recorded services of the client, as the page shows them."""

    month: date
    rows: list[Row]
    months: list[date]  # the months with recorded services, newest first

    @property
    def waiting(self) -> list[Row]:
        return [row for row in self.rows if row.state is Confirmation.TO_CONFIRM]

    @property
    def last_day(self) -> date | None:
        """The first of the waiting rows' last days to confirm: after it, rows start to count as confirmed."""
        return min((row.confirm_by for row in self.waiting), default=None)

    @property
    def up_to_id(self) -> int:
        """The highest id of the rows shown waiting: "Confirm all" confirms none recorded after the page loaded."""
        return max((row.event.id for row in self.waiting), default=0)


def waiting_months(session: Session, client_id: int, today: date) -> list[MonthToConfirm]:
    """The client's ended months with services still to confirm, the oldest first (in one query)."""
    month_from, recorded_from = still_to_confirm_from(today)
    unanswered = session.execute(
        _of_client(client_id).with_only_columns(ServiceEvent.service_date, ServiceEvent.recorded_at)
        .where(ServiceEvent.confirmed_at.is_(None), ~ServiceEvent.dispute.has(),
               ServiceEvent.service_date < month_start(today),
               or_(ServiceEvent.service_date >= month_from,
                   ServiceEvent.recorded_at >= datetime.combine(recorded_from, time(), UTC)))
    ).all()
    return months_to_confirm(((day, recorded_at.date()) for day, recorded_at in unanswered), today)


def months_with_services(session: Session, client_id: int) -> list[date]:
    days = session.scalars(_of_client(client_id).with_only_columns(ServiceEvent.service_date).distinct())
    return sorted({month_start(day) for day in days}, reverse=True)


def month_of_event(session: Session, client_id: int, event_id: int) -> date | None:
    """The month of the client's recorded service; None when it is not the client's."""
    day = session.scalar(_of_client(client_id).where(ServiceEvent.id == event_id).with_only_columns(ServiceEvent.service_date))
    return month_start(day) if day else None


def services_to_confirm(session: Session, client_id: int, month: date | None, today: date) -> ToConfirm:
    """The client's recorded services of the month (the latest with any, unless given) and where each stands."""
    months = months_with_services(session, client_id)
    month = month_start(month) if month else (months[0] if months else month_start(today))
    events = session.scalars(
        _of_client(client_id).where(ServiceEvent.service_date >= month, ServiceEvent.service_date < next_month(month))
        .options(joinedload(ServiceEvent.provider), joinedload(ServiceEvent.plan_line).joinedload(PlanLine.service_type),
                 joinedload(ServiceEvent.dispute))
        .order_by(ServiceEvent.service_date, ServiceEvent.id).execution_options(populate_existing=True)
    ).unique().all()
    return ToConfirm(month, [_state(event, today) for event in events], months)


def confirm_all(session: Session, client_id: int, user: User, month: date, up_to_id: int, today: date) -> int:
    """Confirm the month's services shown (ids up to `up_to_id`) that still wait; how many were confirmed."""
    month = month_start(month)
    shown = services_to_confirm(session, client_id, month, today)
    ids = [row.event.id for row in shown.waiting if row.event.id <= up_to_id]
    if not ids:
        return 0
    settled = exists().where(ProviderMonth.provider_id == ServiceEvent.provider_id, ProviderMonth.month == month,
                             ProviderMonth.settled_on.is_not(None))
    disputed = exists().where(ServiceDispute.service_event_id == ServiceEvent.id)
    # Lock the rows first (in id order), as a dispute does: the UPDATE below then reads, in a statement of its own,
    # any dispute committed while it waited. (PostgreSQL re-checks an UPDATE's own row, not its subqueries.)
    session.execute(select(ServiceEvent.id).where(ServiceEvent.id.in_(ids)).order_by(ServiceEvent.id).with_for_update())
    confirmed = session.execute(
        update(ServiceEvent)
        .where(ServiceEvent.id.in_(ids), ServiceEvent.confirmed_at.is_(None), ~disputed, ~settled)
        .values(confirmed_at=utcnow(), confirmed_by_user_id=user.id)
        .returning(ServiceEvent.provider_id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    for provider_id, count in sorted(Counter(confirmed).items()):  # provider months in a fixed order
        if not ledger.book_for_provider(session, provider_id, month, confirmed_events=count):
            raise ConfirmationError("month_settled")
    return len(confirmed)


def dispute(session: Session, client_id: int, user: User, party: Party, event_id: int, reason: str, note: str,
            today: date) -> ServiceDispute:
    """Dispute one of the client's recorded services, holding its amount out of the settlement; or
    ConfirmationError (its message a code of `dispute_problem`, or "month_settled") with nothing saved."""
    event = session.scalar(_of_client(client_id).where(ServiceEvent.id == event_id)
                           .with_for_update(of=ServiceEvent).execution_options(populate_existing=True))
    if event is None:
        raise LookupError("not this client's service")
    problem = dispute_problem(_state(event, today).state, reason, note)
    if problem:
        raise ConfirmationError(problem)
    held = held_by_dispute(event.charged_cents, event.credited_cents)
    month = month_start(event.service_date)
    made = session.execute(
        dialect_insert(session)(ServiceDispute).values(
            service_event_id=event.id, provider_id=event.provider_id, client_id=client_id, reason=reason,
            note=note.strip(), party=party.value, disputed_at=utcnow(), disputed_by_user_id=user.id, held_cents=held,
            held_month=month, resolution_note="")
        .on_conflict_do_nothing(index_elements=["service_event_id"]).returning(ServiceDispute.id)
    ).scalar()
    if made is None:
        raise ConfirmationError("already_disputed")
    if not ledger.hold_for_dispute(session, event.provider_id, month, held):
        raise ConfirmationError("month_settled")
    session.expire(event)
    return session.get(ServiceDispute, made)


@dataclass(frozen=True)
class Closed:
    """A dispute just resolved, whose held amount is still to be released."""

    dispute_id: int
    provider_id: int
    held_month: date
    held_cents: int


def close(session: Session, user: User, resolution: Resolution, note: str = "", *, event_id: int | None = None,
          dispute_id: int | None = None) -> Closed | None:
    """Resolve the open dispute of a recording (or the one given): once, by a conditional update. None when
    there is no open one."""
    which = ServiceDispute.service_event_id == event_id if dispute_id is None else ServiceDispute.id == dispute_id
    row = session.execute(
        update(ServiceDispute).where(which, ServiceDispute.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_user_id=user.id, resolution=resolution.value,
                resolution_note=note.strip())
        .returning(ServiceDispute.id, ServiceDispute.provider_id, ServiceDispute.held_month, ServiceDispute.held_cents)
        .execution_options(synchronize_session=False)
    ).first()
    return Closed(*row) if row else None


def release(session: Session, closed: Closed, today: date) -> date:
    """Release what the dispute held; the month it went to."""
    into = ledger.release_held(session, closed.provider_id, closed.held_month, closed.held_cents, today)
    if into is None:
        raise ConfirmationError("month_settled")
    if into != closed.held_month:
        session.execute(update(ServiceDispute).where(ServiceDispute.id == closed.dispute_id).values(released_month=into)
                        .execution_options(synchronize_session=False))
    ledger.forget(session, ServiceDispute, closed.dispute_id)
    return into


def open_disputes(session: Session, *, client_id: int | None = None, provider_id: int | None = None,
                  dispute_id: int | None = None) -> list[ServiceDispute]:
    """Open disputes of a client or of a provider (or the one given), oldest first, with their recordings."""
    query = select(ServiceDispute).where(ServiceDispute.resolved_at.is_(None))
    if client_id is not None:
        query = query.where(ServiceDispute.client_id == client_id)
    if provider_id is not None:
        query = query.where(ServiceDispute.provider_id == provider_id)
    if dispute_id is not None:
        query = query.where(ServiceDispute.id == dispute_id)
    return list(session.scalars(query.options(*_SHOWN).order_by(ServiceDispute.id)
                                .execution_options(populate_existing=True)).unique())


_SHOWN = (joinedload(ServiceDispute.event).joinedload(ServiceEvent.provider),
          joinedload(ServiceDispute.event).joinedload(ServiceEvent.plan_line).joinedload(PlanLine.service_type),
          joinedload(ServiceDispute.event).joinedload(ServiceEvent.plan_line).joinedload(PlanLine.plan)
          .joinedload(Plan.client))


def open_disputes_of_provider(session: Session, provider_id: int, where: Where, size: int = PAGE_SIZE) -> Page:
    """A provider's open disputes a page at a time, oldest first, with their recordings."""
    query = select(ServiceDispute).where(ServiceDispute.resolved_at.is_(None), ServiceDispute.provider_id == provider_id)
    return page_of(session, query, [ServiceDispute.id], lambda dispute: (dispute.id,), where, size, _SHOWN)
