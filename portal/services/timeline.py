"""A client plan's timeline, read from what the database holds, in a few queries whatever the plan's size.

Shown: the plan in force and its earlier versions of the same period (those whose period reaches into its
period: the versions its services continue from), and a version proposed to the client. A plan of an
earlier period is a story of its own, on its own page (the plan's versions). Drafts are the case manager's
work, not yet anything that happened to the client.
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db.models import AgreementHistory, Plan, PlanLine, ProviderChoice, ServiceAgreement, ServiceEvent, Settlement
from portal.domain.agreements import AgreementStatus
from portal.domain.plans import PlanStatus
from portal.domain.timeline import (
    AgreementFacts,
    ChoiceFacts,
    LineFacts,
    PlanFacts,
    Settled,
    Timeline,
    local_day,
    plan_timeline,
)
from portal.services.ledger import month_of

SHOWN = (PlanStatus.PROPOSED, PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)


def versions_shown(plans: list[Plan]) -> list[Plan]:
    """The plan in force, its earlier versions of the same period and a proposed version, oldest first;
    a proposal alone when no plan is in force yet."""
    in_force = next((plan for plan in plans if plan.status == PlanStatus.ACCEPTED), None)
    shown = [plan for plan in plans if plan.status == PlanStatus.PROPOSED or plan is in_force or (
        in_force is not None and plan.status == PlanStatus.SUPERSEDED and plan.period_end >= in_force.period_start)]
    return sorted(shown, key=lambda plan: plan.version)


def _plans(session: Session, client_id: int) -> list[Plan]:
    return list(session.scalars(
        select(Plan).where(Plan.client_id == client_id, Plan.status.in_(SHOWN))
        .options(selectinload(Plan.lines).options(
            joinedload(PlanLine.service_type),
            selectinload(PlanLine.choices).joinedload(ProviderChoice.provider)))
    ))


def _first_services(session: Session, voucher_ids: list[int]) -> dict[int, dict[int, date]]:
    """Voucher → provider → the first day the provider served it: one grouped query."""
    first: dict[int, dict[int, date]] = defaultdict(dict)
    if not voucher_ids:
        return first
    for voucher_id, provider_id, day in session.execute(
        select(ServiceEvent.voucher_id, ServiceEvent.provider_id, func.min(ServiceEvent.service_date))
        .where(ServiceEvent.voucher_id.in_(voucher_ids))
        .group_by(ServiceEvent.voucher_id, ServiceEvent.provider_id)
    ):
        first[voucher_id][provider_id] = day
    return first


def _settlements(session: Session, voucher_ids: list[int]) -> dict[int, list[Settled]]:
    """Voucher → the settlements paid to its providers for the months they served it: one query."""
    service_month = month_of(session, ServiceEvent.service_date)
    paid: dict[int, list[Settled]] = defaultdict(list)
    if not voucher_ids:
        return paid
    for voucher_id, provider_id, month, paid_on in session.execute(
        select(ServiceEvent.voucher_id, Settlement.provider_id, Settlement.month, Settlement.paid_on)
        .join(Settlement, (Settlement.provider_id == ServiceEvent.provider_id) & (Settlement.month == service_month))
        .where(ServiceEvent.voucher_id.in_(voucher_ids))
        .distinct()
    ):
        paid[voucher_id].append(Settled(provider_id, month, paid_on))
    return paid


def _agreements(session: Session, choice_ids: list[int]) -> dict[int, list[AgreementFacts]]:
    """Choice → its service agreement with the steps of its history: one query."""
    rows: dict[int, list] = defaultdict(list)
    if not choice_ids:
        return {}
    for agreement, step, version, party, at, last_day in session.execute(
        select(ServiceAgreement, AgreementHistory.step, AgreementHistory.version, AgreementHistory.party,
               AgreementHistory.at, AgreementHistory.last_day)
        .outerjoin(AgreementHistory, AgreementHistory.agreement_id == ServiceAgreement.id)
        .where(ServiceAgreement.choice_id.in_(choice_ids))
        .order_by(ServiceAgreement.id, AgreementHistory.id)
    ):
        history = rows[agreement]  # an agreement made on paper has no history
        if step is not None:
            history.append((step, version, party, local_day(at), last_day))
    return {agreement.choice_id: [AgreementFacts(
        agreement.provider_id, history, agreement.ends_on if agreement.status == AgreementStatus.ACCEPTED else None)]
        for agreement, history in rows.items()}


def _choice(version: int, choice: ProviderChoice) -> ChoiceFacts:
    return ChoiceFacts(version, choice.provider_id, choice.provider.name, local_day(choice.created_at),
                       choice.valid_from, choice.valid_to, choice.status, local_day(choice.decided_at),
                       choice.decline_reason)


def timeline_of(session: Session, client_id: int, today: date) -> Timeline:
    """The timeline of the client's plan: its versions of the current period and each of its services."""
    shown = versions_shown(_plans(session, client_id))
    in_force = next((plan for plan in shown if plan.status == PlanStatus.ACCEPTED), None)
    plans = [PlanFacts(plan.version, plan.proposed_on, plan.accepted_on, plan.in_force_from,
                       plan.review_date if plan is in_force else None) for plan in shown]
    lines: dict[int, list[tuple[Plan, PlanLine]]] = defaultdict(list)  # voucher → its lines, oldest version first
    for plan in shown:
        for line in plan.lines:
            if line.voucher_id is not None:
                lines[line.voucher_id].append((plan, line))
    first, settled = _first_services(session, list(lines)), _settlements(session, list(lines))
    agreed = _agreements(session, [choice.id for versions in lines.values() for _plan, line in versions
                                   for choice in line.choices])
    facts = []
    for voucher_id, versions in lines.items():
        latest = versions[-1][1]
        facts.append(LineFacts(
            latest.service_type.code, latest.position,
            [_choice(plan.version, choice) for plan, line in versions for choice in line.choices],
            first.get(voucher_id, {}), settled.get(voucher_id, []),
            tuple(agreement for _plan, line in versions for choice in line.choices
                  for agreement in agreed.get(choice.id, [])),
        ))
    return plan_timeline(plans, facts, today)
