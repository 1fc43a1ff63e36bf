"""The county's decisions on the vouchers: made once for each accepted plan, in the same transaction as its
acceptance, and read by the client, a relative with a mandate, and the case manager.

A decision is a row that is never changed (an ORM listener and database triggers refuse it). It is
inserted with ON CONFLICT DO NOTHING: however often, or however many requests at once, a plan is
accepted, it has one decision. Its content is the snapshot of `domain/decisions.py`, in the client's
language; the client and whoever holds a mandate are told of it (a letter, for those who chose one, prints
the whole decision).
"""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import Client, Decision, Plan, PlanLine, utcnow
from portal.db.session import dialect_insert
from portal.domain import alerts as alert_rules
from portal.domain.decisions import (
    DecidedFor,
    DecisionContent,
    DecisionMaker,
    GrantedVoucher,
    Replaced,
    ReviewTo,
    decision_number,
    ended_vouchers,
    from_json,
    to_json,
)
from portal.services import alerts
from portal.services.county import the_county
from portal.services.paging import Page, Where, page_by_id


def _plan_in_full(session: Session, plan_id: int) -> Plan:
    return session.scalar(select(Plan).where(Plan.id == plan_id).options(
        joinedload(Plan.client), joinedload(Plan.case_manager),
        selectinload(Plan.lines).joinedload(PlanLine.service_type)))


def _replaced(session: Session, plan: Plan) -> Decision | None:
    """The decision of the plan this one supersedes: that of the client's latest earlier version that has one."""
    return session.scalar(
        select(Decision).join(Plan, Plan.id == Decision.plan_id)
        .where(Decision.client_id == plan.client_id, Plan.version < plan.version)
        .order_by(Plan.version.desc()).limit(1))


def content_of(session: Session, plan: Plan, today: date, replaced: Decision | None) -> DecisionContent:
    """What the decision on an accepted plan says, in the client's language, as it is today."""
    plan = _plan_in_full(session, plan.id)
    client, manager, county = plan.client, plan.case_manager, the_county.within(session)
    swedish = client.language == "sv"
    vouchers = tuple(
        GrantedVoucher(line.service_type.code, line.service_type.unit, line.voucher_value_cents,
                       line.quantity_per_month, line.monthly_budget_cents, plan.in_force_from, plan.in_force_to)
        for line in plan.lines)
    earlier = from_json(replaced.content) if replaced is not None else None
    return DecisionContent(
        number=decision_number(plan.id, today), decided_on=today, language=client.language,
        county_name=county.name_sv if swedish else county.name_fi,
        decision_maker=DecisionMaker(manager.name, manager.phone, manager.email),
        client=DecidedFor(client.full_name, client.client_number), plan_version=plan.version,
        valid_from=plan.in_force_from, valid_to=plan.in_force_to, vouchers=vouchers,
        ended=ended_vouchers(earlier, vouchers, plan.in_force_from),
        review=ReviewTo(county.review_body_sv if swedish else county.review_body_fi, county.registry_address,
                        county.registry_email, county.registry_phone),
        replaces=Replaced(earlier.number, earlier.decided_on) if earlier is not None else None,
    )


def make_decision(session: Session, plan: Plan, today: date) -> Decision:
    """The decision on the plan's vouchers, made once: called again (a repeated or a concurrent acceptance),
    it finds the one made first and tells nobody twice."""
    made_before = session.scalar(select(Decision).where(Decision.plan_id == plan.id))
    if made_before is not None:
        return made_before
    replaced = _replaced(session, plan)
    content = content_of(session, plan, today, replaced)
    inserted = session.execute(
        dialect_insert(session)(Decision).values(
            number=content.number, plan_id=plan.id, client_id=plan.client_id, case_manager_id=plan.case_manager_id,
            decided_on=today, replaces_decision_id=replaced.id if replaced is not None else None,
            language=content.language, content=to_json(content), created_at=utcnow())
        # No conflict target: the number is unique too and is made from the plan, so a concurrent insert for the
        # same plan may meet either constraint first (PostgreSQL raises on a conflict outside a named target).
        .on_conflict_do_nothing().returning(Decision.id)).first()
    if inserted is None:  # another transaction made it meanwhile
        return session.scalar(select(Decision).where(Decision.plan_id == plan.id))
    alerts.tell(session, plan.client_id, alert_rules.decision_made(inserted.id, today), today)
    return session.get(Decision, inserted.id)


@dataclass(frozen=True)
class DecisionRow:
    """A decision on the client's list."""

    id: int
    number: str
    decided_on: date
    valid_from: date
    valid_to: date
    services: int
    replaces: str | None  # the number of the decision it replaced


def decisions_of(session: Session, client_id: int, where: Where) -> Page:
    """A page of the client's decisions (DecisionRow), newest first."""
    page = page_by_id(session, select(Decision).where(Decision.client_id == client_id),
                      [Decision.decided_on, Decision.id], lambda decision: (decision.decided_on, decision.id), where,
                      newest_first=True)
    rows = []
    for decision in page.rows:
        content = from_json(decision.content)
        rows.append(DecisionRow(decision.id, decision.number, decision.decided_on, content.valid_from,
                                content.valid_to, len(content.vouchers),
                                content.replaces.number if content.replaces else None))
    return replace(page, rows=rows)


@dataclass(frozen=True)
class DecisionShown:
    id: int
    client: Client  # for the address a printed decision is sent to (the client's register address now)
    content: DecisionContent
    replaces_id: int | None
    replaced_by: Decision | None  # a newer decision that replaced this one


def decision_of(session: Session, client_id: int, decision_id: int) -> DecisionShown | None:
    """One of the client's decisions; another client's is not found."""
    decision = session.scalar(select(Decision).where(Decision.id == decision_id, Decision.client_id == client_id)
                              .options(joinedload(Decision.client)))
    if decision is None:
        return None
    newer = session.scalar(select(Decision).where(Decision.replaces_decision_id == decision.id).limit(1))
    return DecisionShown(decision.id, decision.client, from_json(decision.content), decision.replaces_decision_id,
                         newer)


def contents_by_id(session: Session, decision_ids: list[int | None]) -> dict[int, DecisionContent]:
    """What each decision says, in one query (the decisions a batch of letters prints)."""
    wanted = {decision_id for decision_id in decision_ids if decision_id is not None}
    if not wanted:
        return {}
    return {decision_id: from_json(content) for decision_id, content in session.execute(
        select(Decision.id, Decision.content).where(Decision.id.in_(wanted)))}
