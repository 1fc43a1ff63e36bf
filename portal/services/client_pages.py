"""What a client's pages show: their plans, what is left, and the services charged.

Every query is scoped to one client, so an id from another client's data finds nothing.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import Municipality, Plan, PlanLine, ProviderChoice, ServiceEvent, Voucher
from portal.domain.plans import (
    MonthUse,
    PlanStatus,
    ServiceLineTerms,
    month_start,
    months_between,
    next_month,
)
from portal.domain.providers import choice_in_force, next_choice
from portal.services import providers

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
    use: MonthUse
    choice: ProviderChoice | None
    upcoming: ProviderChoice | None
    can_rate: bool


@dataclass(frozen=True)
class Overview:
    plan: Plan
    lines: list[LineThisMonth]
    granted_cents: int
    remaining_cents: int


def overview(session: Session, client_id: int, today: date) -> Overview | None:
    plan = current_plan(session, client_id)
    if plan is None:
        return None
    voucher_ids = [line.voucher.id for line in plan.lines if line.voucher]
    used = {
        voucher_id: (units, charged)
        for voucher_id, units, charged in session.execute(
            select(
                ServiceEvent.voucher_id,
                func.sum(ServiceEvent.units),
                func.sum(ServiceEvent.charged_cents),
            )
            .where(
                ServiceEvent.voucher_id.in_(voucher_ids),
                ServiceEvent.service_date >= month_start(today),
                ServiceEvent.service_date < next_month(today),
            )
            .group_by(ServiceEvent.voucher_id)
        )
    }
    delivered = providers.delivered_by(session, [line.id for line in plan.lines])
    lines = []
    for line in plan.lines:
        units, charged = used.get(line.voucher.id if line.voucher else None, (0, 0))
        terms = ServiceLineTerms(line.quantity_per_month, line.voucher_value_cents, line.monthly_budget_cents)
        choice = choice_in_force(line.choices, today)
        lines.append(
            LineThisMonth(
                line,
                MonthUse(terms, int(units), int(charged)),
                choice,
                next_choice(line.choices, today),
                choice is not None and (line.id, choice.provider_id) in delivered,
            )
        )
    vouchers = [line.voucher for line in plan.lines if line.voucher]
    return Overview(
        plan=plan,
        lines=lines,
        granted_cents=sum(v.granted_cents for v in vouchers),
        remaining_cents=sum(v.remaining_cents for v in vouchers),
    )


@dataclass(frozen=True)
class Transactions:
    plan: Plan
    month: date
    months: list[date]
    events: list[ServiceEvent]

    @property
    def charged_cents(self) -> int:
        return sum(event.charged_cents for event in self.events)

    @property
    def self_pay_cents(self) -> int:
        return sum(event.self_pay_cents for event in self.events)

    @property
    def units(self) -> int:
        return sum(event.units for event in self.events)


def months_of_plan(plan: Plan, today: date) -> list[date]:
    """The plan's months up to this one, newest first."""
    last = min(plan.period_end, today)
    if last < plan.period_start:
        return [month_start(plan.period_start)]
    return list(reversed(months_between(plan.period_start, last)))


def transactions(session: Session, plan: Plan, month: date) -> list[ServiceEvent]:
    return list(
        session.scalars(
            select(ServiceEvent)
            .join(Voucher, ServiceEvent.voucher_id == Voucher.id)
            .join(PlanLine, Voucher.plan_line_id == PlanLine.id)
            .where(
                PlanLine.plan_id == plan.id,
                ServiceEvent.service_date >= month,
                ServiceEvent.service_date < next_month(month),
            )
            .options(
                joinedload(ServiceEvent.provider),
                joinedload(ServiceEvent.voucher)
                .joinedload(Voucher.plan_line)
                .joinedload(PlanLine.service_type),
            )
            .order_by(ServiceEvent.service_date, ServiceEvent.id)
        )
    )


def municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.id)))
