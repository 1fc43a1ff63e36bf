"""What a client's pages show: their plans, what is left, and the services charged.

Every query is scoped to one client, so an id from another client's data finds nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import Municipality, Plan, PlanLine, ProviderChoice, ServiceEvent
from portal.domain.forecast import WINDOW_DAYS, DayUse, Forecast, forecast
from portal.domain.ledger import MonthPosition, Position, total_position
from portal.domain.plans import PlanStatus, month_start, months_between, next_month
from portal.domain.providers import choice_in_force, declined_choice, next_choice
from portal.domain.statement import StatementLine, Totals, charge_line, credit_line, month_figures, totals_of
from portal.services import ledger, ratings
from portal.services.paging import Page, Where, page_of

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
    can_rate: bool  # the client's agreement with the provider in force has run a month
    forecast: Forecast | None = None  # None: not used in the last eight weeks


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
    rateable = ratings.may_rate(session, client_id, [c.provider_id for line in plan.lines for c in line.choices], today)
    recent = recent_use(session, [line.voucher_id for line in plan.lines if line.voucher_id], today)
    lines = []
    for line in plan.lines:
        position = positions.get(line.voucher_id, Position())
        choice = choice_in_force(line.choices, today)
        lines.append(
            LineThisMonth(
                line, position, position.month(today), choice, next_choice(line.choices, today),
                declined_choice(line.choices, today),
                choice is not None and choice.provider_id in rateable,
                _forecast_of(line, position, recent.get(line.voucher_id, []), today, plan.period_end),
            )
        )
    return Overview(plan=plan, lines=lines, position=total_position(item.position for item in lines))


def forecasts_of(session: Session, plan: Plan, today: date) -> dict[int, Forecast | None]:
    """How long each line of the plan in force lasts at the recent pace; an earlier version has none."""
    if plan.status != PlanStatus.ACCEPTED:
        return {}
    voucher_ids = [line.voucher_id for line in plan.lines if line.voucher_id]
    positions, recent = ledger.positions_of(session, voucher_ids), recent_use(session, voucher_ids, today)
    return {line.id: _forecast_of(line, positions.get(line.voucher_id, Position()), recent.get(line.voucher_id, []),
                                  today, plan.period_end) for line in plan.lines}


def recent_use(session: Session, voucher_ids: list[int], today: date) -> dict[int, list[DayUse]]:
    """What each voucher used day by day in the last eight weeks, in one query: the units recorded
    less credited back, and the cents charged and credited back, by the day of the service."""
    if not voucher_ids:
        return {}
    rows = session.execute(
        select(ServiceEvent.voucher_id, ServiceEvent.service_date,
               func.sum(ServiceEvent.units - ServiceEvent.credited_units),
               func.sum(ServiceEvent.charged_cents), func.sum(ServiceEvent.credited_cents))
        .where(ServiceEvent.voucher_id.in_(voucher_ids),
               ServiceEvent.service_date > today - timedelta(days=WINDOW_DAYS), ServiceEvent.service_date <= today)
        .group_by(ServiceEvent.voucher_id, ServiceEvent.service_date)
    )
    use: dict[int, list[DayUse]] = defaultdict(list)
    for voucher_id, day, units, charged, credited in rows:
        use[voucher_id].append(DayUse(day, int(units), int(charged), int(credited)))
    return use


def _forecast_of(line: PlanLine, position: Position, use: list[DayUse], today: date,
                 period_end: date) -> Forecast | None:
    if line.voucher is None:
        return None
    return forecast(use, today=today, line_start=line.voucher.period_start, period_end=period_end,
                    left_cents=position.left_cents, quantity_per_month=line.quantity_per_month)


@dataclass(frozen=True)
class Transactions:
    """A month of the plan's vouchers, a page at a time: the services charged in it, each with the
    credits that correct it."""

    plan: Plan
    month: date
    months: list[date]
    page: Page  # of StatementLine: a page of services, each followed by its credits
    totals: Totals  # the whole month's, from the ledger (the own share, which the ledger does not hold, from sums)

    @property
    def rows(self) -> list[StatementLine]:
        return self.page.rows

    @property
    def page_totals(self) -> Totals:
        return totals_of(self.page.rows)


TRANSACTIONS_PAGE = 50


def no_transactions(plan: Plan, month: date, months: list[date]) -> Transactions:
    return Transactions(plan, month, months, Page([], 0, 1, None, None), Totals())


def months_of_plan(plan: Plan, today: date) -> list[date]:
    """The months of the plan's vouchers up to this one, newest first: a service that continues
    from an earlier version of the plan brings its earlier months along."""
    starts = [line.voucher.period_start for line in plan.lines if line.voucher is not None]
    first = min(starts, default=plan.in_force_from or plan.period_start)
    last = min(plan.in_force_to or plan.period_end, today)
    if last < first:
        return [month_start(first)]
    return list(reversed(months_between(first, last)))


def transactions(session: Session, plan: Plan, month: date, months: list[date], where: Where) -> Transactions:
    voucher_ids = [line.voucher_id for line in plan.lines if line.voucher_id]
    in_month = (ServiceEvent.voucher_id.in_(voucher_ids), ServiceEvent.service_date >= month,
                ServiceEvent.service_date < next_month(month))
    page = page_of(
        session, select(ServiceEvent).where(*in_month), [ServiceEvent.service_date, ServiceEvent.id],
        lambda event: (event.service_date, event.id), where, TRANSACTIONS_PAGE,
        options=(joinedload(ServiceEvent.provider), joinedload(ServiceEvent.plan_line).joinedload(PlanLine.service_type),
                 selectinload(ServiceEvent.corrections)),
    )
    rows = []
    for event in page.rows:
        rows.append(charge_line(event))
        rows.extend(credit_line(event, correction) for correction in event.corrections)
    position = total_position(ledger.positions_of(session, voucher_ids).values()).month(month)
    own_share, own_share_back = session.execute(
        select(func.coalesce(func.sum(ServiceEvent.self_pay_cents), 0),
               func.coalesce(func.sum(ServiceEvent.credited_self_pay_cents), 0)).where(*in_month)).one()
    totals = month_figures(position.charged_cents, position.credited_cents, int(own_share), int(own_share_back))
    return Transactions(plan, month, months, replace(page, rows=rows), totals)


def municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.id)))
