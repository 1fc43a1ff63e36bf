"""Plans from the case manager's side: drafting, proposing, accepting, following up.

Accepting a plan issues its vouchers into the ledger and closes what was left of the
superseded plan's vouchers with reversing entries; nothing is ever edited away.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import (
    Client,
    County,
    Message,
    Plan,
    PlanGoal,
    PlanLine,
    ServiceType,
    User,
    Voucher,
    utcnow,
)
from portal.domain.budget import Band, LineBudget, PriceRules, calculate
from portal.domain.ledger import EntryKind
from portal.domain.plans import (
    PlanError,
    PlanStatus,
    check_transition,
    months_in_period,
    period_problem,
    use_is_unusual,
)
from portal.services.ledger import post_entry


def rules_of(service_type: ServiceType) -> PriceRules:
    return PriceRules(
        service_type.reference_price_cents,
        service_type.evening_coefficient,
        service_type.saturday_coefficient,
        service_type.sunday_coefficient,
        service_type.travel_supplement_cents,
    )


def budget_of(line: PlanLine) -> LineBudget:
    """How the line's amount was worked out, from the price rules in force."""
    weekday = line.quantity_per_month - line.evening_units - line.saturday_units - line.sunday_units
    units = {Band.WEEKDAY: weekday, Band.EVENING: line.evening_units, Band.SATURDAY: line.saturday_units,
             Band.SUNDAY: line.sunday_units}
    return calculate(rules_of(line.service_type), units, line.travel_supplement)


def catalogue(session: Session) -> list[ServiceType]:
    return list(session.scalars(select(ServiceType).order_by(ServiceType.id)))


def clients_of(
    session: Session, case_manager_id: int, search: str = "", municipality_id: int | None = None,
    review_due_by: date | None = None,
) -> list[Client]:
    query = (
        select(Client)
        .where(Client.case_manager_id == case_manager_id)
        .options(joinedload(Client.municipality))
        .order_by(Client.last_name, Client.first_name)
    )
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Client.first_name + " " + Client.last_name).like(pattern),
                                func.lower(Client.client_number).like(pattern)))
    if municipality_id is not None:
        query = query.where(Client.municipality_id == municipality_id)
    if review_due_by is not None:
        query = query.where(Client.plans.any((Plan.status == PlanStatus.ACCEPTED) & (Plan.review_date <= review_due_by)))
    return list(session.scalars(query))


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


def plan_of(session: Session, case_manager_id: int, plan_id: int) -> Plan | None:
    return session.scalar(
        select(Plan)
        .join(Client, Plan.client_id == Client.id)
        .where(Plan.id == plan_id, Client.case_manager_id == case_manager_id)
        .options(
            joinedload(Plan.client).joinedload(Client.municipality),
            selectinload(Plan.goals),
            selectinload(Plan.lines).joinedload(PlanLine.service_type),
        )
    )


def new_version(session: Session, client: Client, case_manager_id: int, today: date) -> Plan:
    """A draft to work on: a copy of the plan in force, or an empty one; never two drafts."""
    plans = sorted(client.plans, key=lambda plan: plan.version)
    open_plan = next((p for p in plans if p.status in (PlanStatus.DRAFT, PlanStatus.PROPOSED)), None)
    if open_plan is not None:
        raise PlanError("open_version_exists")
    current = next((p for p in plans if p.status == PlanStatus.ACCEPTED), None)
    start = today.replace(day=1)
    end = date(start.year + 1, start.month, 1).replace(day=1)
    draft = Plan(
        client_id=client.id,
        version=(plans[-1].version + 1) if plans else 1,
        status=PlanStatus.DRAFT.value,
        period_start=current.period_start if current else start,
        period_end=current.period_end if current else date.fromordinal(end.toordinal() - 1),
        review_date=current.review_date if current else start,
        case_manager_id=case_manager_id,
    )
    if current is not None:
        draft.goals = [PlanGoal(position=g.position, text=g.text) for g in current.goals]
        draft.lines = [
            PlanLine(position=l.position, service_type_id=l.service_type_id, quantity_per_month=l.quantity_per_month,
                     voucher_value_cents=l.voucher_value_cents, evening_units=l.evening_units,
                     saturday_units=l.saturday_units, sunday_units=l.sunday_units,
                     travel_supplement=l.travel_supplement, monthly_budget_cents=l.monthly_budget_cents,
                     county_units=l.county_units)
            for l in current.lines
        ]
    session.add(draft)
    session.flush()
    return draft


def _editable(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise PlanError("not_draft")


def save_basics(plan: Plan, goals: list[str], start: date | None, end: date | None, review: date | None) -> None:
    _editable(plan)
    problem = period_problem(start, end, review)
    if problem:
        raise PlanError(problem)
    plan.period_start, plan.period_end, plan.review_date = start, end, review
    kept = [text.strip() for text in goals if text.strip()]
    plan.goals.clear()
    plan.goals.extend(PlanGoal(position=i, text=text) for i, text in enumerate(kept))


def add_line(
    session: Session, plan: Plan, service_type: ServiceType, units: dict[Band, int], travel: bool, county_units: int
) -> PlanLine:
    """A service line priced by the county's rules; the budget is worked out here, not typed in."""
    _editable(plan)
    budget = calculate(rules_of(service_type), units, travel)
    line = PlanLine(
        position=len(plan.lines),
        service_type=service_type,
        quantity_per_month=budget.units,
        voucher_value_cents=budget.value_per_unit_cents,
        evening_units=units.get(Band.EVENING, 0),
        saturday_units=units.get(Band.SATURDAY, 0),
        sunday_units=units.get(Band.SUNDAY, 0),
        travel_supplement=budget.travel_units > 0,
        monthly_budget_cents=budget.total_cents,
        county_units=max(0, county_units),
    )
    plan.lines.append(line)
    session.flush()
    return line


def remove_line(session: Session, plan: Plan, line_id: int) -> None:
    _editable(plan)
    line = next((l for l in plan.lines if l.id == line_id), None)
    if line is None:
        raise PlanError("no_such_line")
    plan.lines.remove(line)
    session.delete(line)
    session.flush()


def propose(plan: Plan, today: date) -> None:
    check_transition(plan.status, PlanStatus.PROPOSED)
    if not plan.lines:
        raise PlanError("no_lines")
    if not plan.goals:
        raise PlanError("no_goals")
    plan.status = PlanStatus.PROPOSED.value
    plan.proposed_on = today


def proposed_plan(session: Session, client_id: int) -> Plan | None:
    return session.scalar(
        select(Plan)
        .where(Plan.client_id == client_id, Plan.status == PlanStatus.PROPOSED)
        .options(
            joinedload(Plan.case_manager),
            selectinload(Plan.goals),
            selectinload(Plan.lines).joinedload(PlanLine.service_type),
        )
    )


def plan_of_client(session: Session, client_id: int, plan_id: int) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.id == plan_id, Plan.client_id == client_id))


def accept(session: Session, client_id: int, plan_id: int, today: date) -> Plan:
    """The client accepts the proposed plan: vouchers are issued once, however often it is sent."""
    check = session.execute(
        update(Plan)
        .where(Plan.id == plan_id, Plan.client_id == client_id, Plan.status == PlanStatus.PROPOSED)
        .values(status=PlanStatus.ACCEPTED.value, accepted_on=today)
        .execution_options(synchronize_session=False)
    )
    if check.rowcount != 1:
        raise PlanError("not_proposed")
    plan = session.get(Plan, plan_id, populate_existing=True)
    previous = session.scalars(
        select(Plan).where(Plan.client_id == client_id, Plan.status == PlanStatus.ACCEPTED, Plan.id != plan_id)
        .options(selectinload(Plan.lines).joinedload(PlanLine.voucher))
    ).all()
    for old in previous:
        check_transition(old.status, PlanStatus.SUPERSEDED)
        old.status = PlanStatus.SUPERSEDED.value
        for line in old.lines:
            if line.voucher is not None and line.voucher.remaining_cents > 0:
                post_entry(session, line.voucher.id, EntryKind.CLOSE, line.voucher.remaining_cents)
    months = months_in_period(plan.period_start, plan.period_end)
    for line in plan.lines:
        voucher = Voucher(client_id=client_id, period_start=plan.period_start, period_end=plan.period_end)
        line.voucher = voucher
        session.flush()
        amount = line.monthly_budget_cents * months
        if amount > 0:
            post_entry(session, voucher.id, EntryKind.GRANT, amount)
    session.flush()
    return plan


def send_back(session: Session, client_id: int, plan_id: int) -> Plan:
    """The client asks for changes: the proposal goes back to the case manager as a draft."""
    plan = session.scalar(select(Plan).where(Plan.id == plan_id, Plan.client_id == client_id))
    if plan is None:
        raise PlanError("not_proposed")
    check_transition(plan.status, PlanStatus.DRAFT)
    plan.status = PlanStatus.DRAFT.value
    plan.proposed_on = None
    return plan


def messages_of(session: Session, client_id: int) -> list[Message]:
    return list(
        session.scalars(
            select(Message).where(Message.client_id == client_id)
            .options(joinedload(Message.author)).order_by(Message.sent_at, Message.id)
        )
    )


def send_message(session: Session, author: User, client_id: int, body: str, asks_for_review: bool = False) -> Message:
    message = Message(client_id=client_id, author_user_id=author.id, body=body.strip(),
                      asks_for_review=asks_for_review, sent_at=utcnow())
    session.add(message)
    session.flush()
    return message


@dataclass(frozen=True)
class FollowUp:
    client: Client
    plan: Plan
    review_overdue: bool
    review_due: bool
    use: str | None  # "low", "high" or None
    used_cents: int
    granted_cents: int


def follow_up(session: Session, case_manager_id: int, today: date, review_within_days: int = 30) -> list[FollowUp]:
    """Plans whose review is due or overdue, and budgets used much less or more than planned."""
    county = session.scalar(select(County).order_by(County.id).limit(1))
    plans = session.scalars(
        select(Plan)
        .join(Client, Plan.client_id == Client.id)
        .where(Client.case_manager_id == case_manager_id, Plan.status == PlanStatus.ACCEPTED)
        .options(joinedload(Plan.client), selectinload(Plan.lines).joinedload(PlanLine.voucher))
    ).all()
    rows = []
    for plan in plans:
        vouchers = [line.voucher for line in plan.lines if line.voucher]
        granted = sum(v.granted_cents for v in vouchers)
        used = sum(v.used_cents for v in vouchers)
        months = months_in_period(plan.period_start, plan.period_end)
        gone = max(0, min(months, months_in_period(plan.period_start, today) - 1)) if today >= plan.period_start else 0
        use = use_is_unusual(used, granted, gone, months, county.follow_up_low_percent, county.follow_up_high_percent)
        overdue = plan.review_date < today
        due = not overdue and (plan.review_date - today).days <= review_within_days
        if overdue or due or use:
            rows.append(FollowUp(plan.client, plan, overdue, due, use, used, granted))
    return sorted(rows, key=lambda row: (not row.review_overdue, row.plan.review_date))
