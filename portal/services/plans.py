"""Plans from the case manager's side: drafting, proposing and accepting them (the caseload and the
follow-up have modules of their own).

Accepting a plan puts its vouchers in force from that day: a revised plan continues the
lines it keeps (their vouchers and providers), budgets each line from that day on, and
closes what the plan in force would still have given; nothing is ever edited away.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, object_session, selectinload

from portal.db.models import (
    Client,
    Message,
    Plan,
    PlanGoal,
    PlanLine,
    Provider,
    ProviderChoice,
    ServiceType,
    User,
    Voucher,
    utcnow,
)
from portal.domain import alerts as alert_rules
from portal.domain.budget import Band, LineBudget, PriceRules, calculate
from portal.domain.ledger import EntryKind
from portal.domain.plans import (
    Change,
    LineChange,
    LineTerms,
    PlanError,
    PlanStatus,
    Revision,
    budget_between,
    check_transition,
    compare_lines,
    in_force_from,
    line_problem,
    monthly_budget,
    months_in_period,
    period_problem,
    revise,
)
from portal.domain.providers import choice_in_force, counts_as_provider, next_choice
from portal.domain.roles import Role
from portal.services import alerts, decisions, reports
from portal.services.ledger import close_at_most, post_entry, set_unit_limits



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


@dataclass(frozen=True)
class LineFigures:
    """A line's calculation, and what it gives over the plan's whole period."""

    budget: LineBudget
    months: int
    period_cents: int


@dataclass(frozen=True)
class PlanFigures:
    lines: dict[int, LineFigures]
    monthly_cents: int
    period_cents: int


def figures_of(plan: Plan) -> PlanFigures:
    """Each line's calculation, and the plan's budget a month and for its whole period."""
    months = months_in_period(plan.period_start, plan.period_end)
    terms = [terms_of(line) for line in plan.lines]
    return PlanFigures(
        {line.id: LineFigures(budget_of(line), months, budget_between([terms_of(line)], plan.period_start, plan.period_end))
         for line in plan.lines},
        monthly_budget(terms), budget_between(terms, plan.period_start, plan.period_end),
    )


def catalogue(session: Session) -> list[ServiceType]:
    return list(session.scalars(select(ServiceType).order_by(ServiceType.id)))


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
    # Read from the database, not from client.plans, which a long-lived session may hold from before a revision.
    plans = session.scalars(select(Plan).where(Plan.client_id == client.id).order_by(Plan.version)
                            .execution_options(populate_existing=True)).all()
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
    problem = line_problem([line.service_type_id for line in plan.lines], service_type.id)
    if problem:
        raise PlanError(problem)
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
    alerts.tell(object_session(plan), plan.client_id, alert_rules.plan_proposed(plan.id), today)


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


@dataclass(frozen=True)
class ProposedChange:
    """One service of the proposed plan beside the plan in force, and the provider who continues."""

    change: LineChange
    provider: Provider | None


@dataclass(frozen=True)
class Proposal:
    plan: Plan
    figures: PlanFigures
    effective: date  # the day the plan would take effect if accepted today
    changes: list[ProposedChange]
    from_effective_cents: int  # the new budget from that day to the end of the period


def proposal_of(session: Session, client_id: int, today: date) -> Proposal | None:
    """The proposed plan, its calculation, and what it changes line by line."""
    plan = proposed_plan(session, client_id)
    if plan is None:
        return None
    current = session.scalar(
        select(Plan).where(Plan.client_id == client_id, Plan.status == PlanStatus.ACCEPTED)
        .options(selectinload(Plan.lines).joinedload(PlanLine.service_type),
                 selectinload(Plan.lines).selectinload(PlanLine.choices).joinedload(ProviderChoice.provider))
    )
    effective = in_force_from(today, plan.period_start)
    old_lines = {line.service_type.code: line for line in current.lines} if current else {}
    changes = []
    for change in compare_lines((terms_of(l) for l in old_lines.values()), (terms_of(l) for l in plan.lines)):
        before = old_lines.get(change.service) if change.change in (Change.KEPT, Change.CHANGED) else None
        choice = (choice_in_force(before.choices, effective) or next_choice(before.choices, effective)) if before else None
        changes.append(ProposedChange(change, choice.provider if choice else None))
    terms = [terms_of(line) for line in plan.lines]
    return Proposal(plan, figures_of(plan), effective, changes, budget_between(terms, effective, plan.period_end))


def plan_of_client(session: Session, client_id: int, plan_id: int) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.id == plan_id, Plan.client_id == client_id))


def accept(session: Session, client_id: int, plan_id: int, today: date) -> Plan:
    """The client accepts the proposed plan: its vouchers are issued, and the decision made, once, however
    often it is sent."""
    check = session.execute(
        update(Plan)
        .where(Plan.id == plan_id, Plan.client_id == client_id, Plan.status == PlanStatus.PROPOSED)
        .values(status=PlanStatus.ACCEPTED.value, accepted_on=today)
        .execution_options(synchronize_session=False)
    )
    if check.rowcount != 1:
        raise PlanError("not_proposed")
    plan = session.scalar(select(Plan).where(Plan.id == plan_id).options(*_with_vouchers())
                          .execution_options(populate_existing=True))
    previous = session.scalars(
        select(Plan).where(Plan.client_id == client_id, Plan.status == PlanStatus.ACCEPTED, Plan.id != plan_id)
        .options(*_with_vouchers())
    ).unique().all()
    counted_in = reports.cells_of(session, client_id)
    put_in_force(session, plan, list(previous), in_force_from(today, plan.period_start))
    reports.move_counts(session, counted_in, reports.cells_of(session, client_id))
    decisions.make_decision(session, plan, today)  # the county's decision, in the same transaction
    return plan


def _with_vouchers():
    return (selectinload(Plan.lines).joinedload(PlanLine.voucher),
            selectinload(Plan.lines).selectinload(PlanLine.choices))


def put_in_force(session: Session, plan: Plan, previous: list[Plan], effective: date) -> None:
    """The plan's lines take over from the day it takes effect.

    A line whose kind of service the plan in force also has continues: it keeps the
    provider choices, and, when the two plans' periods meet, the voucher, so what was used
    stays used. From that day on each line gives its own quantity and budget, prorated by
    the days left of its first month; the lines the plan leaves out end the day before.
    """
    old_lines = {}
    for old in previous:
        check_transition(old.status, PlanStatus.SUPERSEDED)
        old.status = PlanStatus.SUPERSEDED.value
        ends = old.in_force_to or old.period_end
        for line in old.lines:
            old_lines[line.service_type_id] = (line, old.in_force_from or old.period_start, ends)
        old.in_force_to = min(ends, effective - timedelta(days=1))
    plan.in_force_from, plan.in_force_to = effective, plan.period_end
    for line in plan.lines:
        before, before_from, before_to = old_lines.pop(line.service_type_id, (None, None, None))
        continues = before is not None and before.voucher is not None and before_to >= effective
        if continues:
            line.voucher = before.voucher
            line.voucher.period_end = plan.period_end
        else:
            line.voucher = Voucher(client_id=plan.client_id, service_type_id=line.service_type_id,
                                   period_start=effective, period_end=plan.period_end)
        session.flush()
        if before is not None:
            _carry_choices(session, before, line, effective)
        revision = revise(terms_of(before) if continues else None, before_from, before_to, terms_of(line), effective,
                          plan.period_end)
        _apply(session, line.voucher.id, revision)
    for before, before_from, before_to in old_lines.values():
        if before.voucher is not None and before_to >= effective:
            before.voucher.period_end = max(before.voucher.period_start, effective - timedelta(days=1))
            _apply(session, before.voucher.id, revise(terms_of(before), before_from, before_to, None, effective, None))
    session.flush()


def terms_of(line: PlanLine) -> LineTerms:
    return LineTerms(line.service_type.code, line.quantity_per_month, line.voucher_value_cents, line.monthly_budget_cents)


def _carry_choices(session: Session, before: PlanLine, line: PlanLine, effective: date) -> None:
    """The provider chosen for a service continues on the new plan's line from the day it takes effect."""
    for choice in before.choices:
        if not counts_as_provider(choice.status) or (choice.valid_to is not None and choice.valid_to < effective):
            continue
        session.add(ProviderChoice(
            plan_line_id=line.id, provider_id=choice.provider_id, valid_from=max(choice.valid_from, effective),
            valid_to=choice.valid_to, status=choice.status, decided_at=choice.decided_at,
            chosen_by_user_id=choice.chosen_by_user_id, chosen_by=choice.chosen_by,
        ))
        if choice.valid_from < effective:
            choice.valid_to = effective - timedelta(days=1)


def _apply(session: Session, voucher_id: int, revision: Revision) -> None:
    """Quantities first, then grants, then closings (each no more than is left): what was used stays used."""
    set_unit_limits(session, voucher_id, revision.unit_limits)
    for month, cents in revision.grants.items():
        post_entry(session, voucher_id, EntryKind.GRANT, cents, month)
    for month, cents in revision.closings.items():
        close_at_most(session, voucher_id, cents, month)


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
    if author.role == Role.CASE_MANAGER:
        alerts.tell(session, client_id, alert_rules.message_from_case_manager(message.id), date.today())
    return message
