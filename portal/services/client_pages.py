"""What a client's pages show: their plans, what is left, and the services charged.

Every query is scoped to one client, so an id from another client's data finds nothing.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import Municipality, Plan, PlanLine, ProviderChoice, ServiceEvent
from portal.domain.ledger import MonthPosition, Position, total_position
from portal.domain.plans import PlanStatus, month_start, months_between, next_month
from portal.domain.providers import choice_in_force, declined_choice, next_choice
from portal.domain.statement import StatementLine, Totals, charge_line, credit_line, totals_of
from portal.services import ledger, providers

VISIBLE_TO_CLIENT = (PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)


def _plan_query(client_id: int):
    return (
        select(Plan)
        .where(Plan.client_id == client_id, Plan.status.in_(VISIBLE_TO_CLIENT))
        .options(
            joinedload(Plan.case_manager),
            selectinload(Plan.goals),
            selectinload(Plan.lines).joinedload(PlanLine.service_type),
            selectinload(Plan.lines).joinedload(PlanLine.voucher),
            selectinload(Plan.lines).selectinload(PlanLine.choices).joinedload(ProviderChoice.provider),
        )
    )


def current_plan(session: Session, client_id: int) -> Plan | None:
    """The client's accepted plan: the one their budget is spent from now."""
    return session.scalar(_plan_query(client_id).where(Plan.status == PlanStatus.ACCEPTED))


def plan_of_client(session: Session, client_id: int, plan_id: int) -> Plan | None:
    return session.scalar(_plan_query(client_id).where(Plan.id == plan_id))


def plan_versions(session: Session, client_id: int) -> list[Plan]:
    query = select(Plan).where(Plan.client_id == client_id, Plan.status.in_(VISIBLE_TO_CLIENT))
    return list(session.scalars(query.order_by(Plan.version.desc())))


@dataclass(frozen=True)
class LineThisMonth:
    line: PlanLine
    position: Position  # the line's whole period
    month: MonthPosition  # this month of it
    choice: ProviderChoice | None
    upcoming: ProviderChoice | None
    declined: ProviderChoice | None
    can_rate: bool


@dataclass(frozen=True)
class Overview:
    plan: Plan
    lines: list[LineThisMonth]
    position: Position  # every line of the plan together


def overview(session: Session, client_id: int, today: date) -> Overview | None:
    plan = current_plan(session, client_id)
    if plan is None:
        return None
    positions = ledger.positions_of(session, [line.voucher_id for line in plan.lines if line.voucher_id])
    delivered = providers.delivered_by(session, [line.id for line in plan.lines])
    lines = []
    for line in plan.lines:
        position = positions.get(line.voucher_id, Position())
        choice = choice_in_force(line.choices, today)
        lines.append(
            LineThisMonth(
                line, position, position.month(today), choice, next_choice(line.choices, today),
                declined_choice(line.choices, today),
                choice is not None and (line.id, choice.provider_id) in delivered,
            )
        )
    return Overview(plan=plan, lines=lines, position=total_position(item.position for item in lines))


@dataclass(frozen=True)
class Transactions:
    """A month of the plan's vouchers: the services charged in it and the credits that correct them."""

    plan: Plan
    month: date
    months: list[date]
    rows: list[StatementLine]
    position: MonthPosition  # the month of every line together, from the ledger

    @property
    def totals(self) -> Totals:
        """The month's figures from the ledger; the client's own share, which the ledger does not
        hold (the client pays it to the provider), from the rows."""
        return Totals(self.position.charged_cents, self.position.credited_cents, totals_of(self.rows).self_pay_cents)


def months_of_plan(plan: Plan, today: date) -> list[date]:
    """The months of the plan's vouchers up to this one, newest first: a service that continues
    from an earlier version of the plan brings its earlier months along."""
    starts = [line.voucher.period_start for line in plan.lines if line.voucher is not None]
    first = min(starts, default=plan.in_force_from or plan.period_start)
    last = min(plan.in_force_to or plan.period_end, today)
    if last < first:
        return [month_start(first)]
    return list(reversed(months_between(first, last)))


def transactions(session: Session, plan: Plan, month: date, months: list[date]) -> Transactions:
    voucher_ids = [line.voucher_id for line in plan.lines if line.voucher_id]
    events = session.scalars(
        select(ServiceEvent)
        .where(ServiceEvent.voucher_id.in_(voucher_ids), ServiceEvent.service_date >= month,
               ServiceEvent.service_date < next_month(month))
        .options(
            joinedload(ServiceEvent.provider),
            joinedload(ServiceEvent.plan_line).joinedload(PlanLine.service_type),
            selectinload(ServiceEvent.corrections),
        )
        .order_by(ServiceEvent.service_date, ServiceEvent.id)
    ).unique().all()
    rows = []
    for event in events:
        rows.append(charge_line(event))
        rows.extend(credit_line(event, correction) for correction in event.corrections)
    positions = ledger.positions_of(session, voucher_ids).values()
    return Transactions(plan, month, months, rows, total_position(positions).month(month))


def municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.id)))
