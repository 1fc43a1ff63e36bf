"""Service agreements: the provider proposes terms for a choice it accepted, the client (or a relative acting
for them) accepts them or asks for changes, either side ends an accepted one with notice.

Every answer and every notice is one conditional update on the state it was given against (the version the
client read, the last day as it stood), so a stale or repeated one changes nothing and says so. Each step
appends a row to the agreement's history. The price and the own share per unit come from the approved price
and the voucher, never from the form.

An agreement belongs to a choice. A revised plan copies the choice onto its new line, and the agreement goes
on: the agreement of a choice is its own, or that of the same provider, client and service that still runs
when the copy starts (`agreement_for`).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.db.models import (
    AgreementHistory,
    Plan,
    PlanLine,
    ProviderChoice,
    ServiceAgreement,
    User,
    utcnow,
)
from portal.domain import alerts as alert_rules
from portal.domain.agreements import (
    AGREEMENT_LIFECYCLE,
    AgreementError,
    AgreementStatus,
    AgreementStep,
    Party,
    ProposedTerms,
    carries_to,
    changes_problem,
    end_problem,
    in_force,
    proposal_problem,
    terms_problems,
)
from portal.domain.charges import split_charge
from portal.domain.plans import PlanStatus
from portal.domain.providers import ChoiceStatus
from portal.services import alerts
from portal.services.prices import approved_price

SHOWN_PLANS = (PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)


def _lineage(session: Session, client_id: int, provider_id: int, service_type_id: int) -> list[ServiceAgreement]:
    """The client's agreements with the provider for this service, across the plan's versions, newest first."""
    return list(session.scalars(
        select(ServiceAgreement)
        .join(ProviderChoice, ServiceAgreement.choice_id == ProviderChoice.id)
        .join(PlanLine, ProviderChoice.plan_line_id == PlanLine.id)
        .where(ServiceAgreement.client_id == client_id, ServiceAgreement.provider_id == provider_id,
               PlanLine.service_type_id == service_type_id)
        .order_by(ServiceAgreement.id.desc())
    ))


def agreement_for(session: Session, choice: ProviderChoice) -> ServiceAgreement | None:
    """The choice's own agreement, or the one it continues from an earlier version of the plan."""
    line = choice.plan_line
    return pick_for(choice, _lineage(session, line.plan.client_id, choice.provider_id, line.service_type_id))


def pick_for(choice: ProviderChoice, lineage: list[ServiceAgreement]) -> ServiceAgreement | None:
    """Of the client's agreements with the provider for the choice's service (newest first), the choice's own, or
    the one it goes on with from an earlier version of the plan."""
    own = next((agreement for agreement in lineage if agreement.choice_id == choice.id), None)
    if own is not None:
        return own
    return next((agreement for agreement in lineage
                 if carries_to(agreement.status, agreement.ends_on, choice.valid_from)), None)


def in_force_for(session: Session, choice: ProviderChoice, day: date) -> bool:
    """Whether an accepted agreement covers the provider's services under the choice on the day."""
    line = choice.plan_line
    return any(in_force(agreement.status, agreement.starts_on, agreement.ends_on, day)
               for agreement in _lineage(session, line.plan.client_id, choice.provider_id, line.service_type_id))


def choice_of_client(session: Session, client_id: int, choice_id: int) -> ProviderChoice | None:
    """A choice on a line of the client's plan (in force or an earlier version); otherwise nothing."""
    return session.scalar(
        select(ProviderChoice)
        .join(PlanLine, ProviderChoice.plan_line_id == PlanLine.id)
        .join(Plan, PlanLine.plan_id == Plan.id)
        .where(ProviderChoice.id == choice_id, Plan.client_id == client_id, Plan.status.in_(SHOWN_PLANS))
        .options(joinedload(ProviderChoice.provider), joinedload(ProviderChoice.plan_line).options(
            joinedload(PlanLine.service_type), joinedload(PlanLine.plan).joinedload(Plan.client)))
    )


def agreements_of_client(session: Session, client_id: int) -> list[ServiceAgreement]:
    """The client's agreements, those to answer first, then the newest."""
    return list(session.scalars(
        select(ServiceAgreement).where(ServiceAgreement.client_id == client_id,
                                       ServiceAgreement.status != AgreementStatus.WITHDRAWN)
        .options(joinedload(ServiceAgreement.provider),
                 joinedload(ServiceAgreement.choice).joinedload(ProviderChoice.plan_line)
                 .joinedload(PlanLine.service_type))
        .order_by((ServiceAgreement.status == AgreementStatus.PROPOSED).desc(), ServiceAgreement.id.desc())
    ))


@dataclass(frozen=True)
class Price:
    unit_price_cents: int
    own_share_cents: int


def price_on(session: Session, choice: ProviderChoice, day: date) -> Price | None:
    """The approved price per unit on the day and the client's own share of one unit, or None without a price."""
    line = choice.plan_line
    offering = approved_price(session, choice.provider_id, line.service_type_id, day)
    if offering is None:
        return None
    return Price(offering.unit_price_cents,
                 split_charge(1, offering.unit_price_cents, line.voucher_value_cents).self_pay_cents)


def _step(session: Session, agreement: ServiceAgreement, step: AgreementStep, party: Party, user: User | None,
          **more) -> None:
    session.add(AgreementHistory(agreement_id=agreement.id, step=step, version=agreement.version, party=party,
                                 by_user_id=user.id if user else None, at=utcnow(), **more))
    session.flush()


def _terms_of(terms: ProposedTerms, price: Price) -> dict:
    return dict(starts_on=terms.starts_on.isoformat(), usual_times=terms.usual_times.strip(),
                contact_person=terms.contact_person.strip(), contact_phone=terms.contact_phone.strip(),
                cancellation_terms=terms.cancellation_terms.strip(), notice_days=terms.notice_days,
                unit_price_cents=price.unit_price_cents, own_share_cents=price.own_share_cents)


def propose(session: Session, choice: ProviderChoice, user: User, terms: ProposedTerms, today: date,
            seen_version: int | None = None) -> ServiceAgreement:
    """The provider's terms for a choice it accepted, as a new version; AgreementError with nothing saved.
    `seen_version`: the version the provider's form was made from (None for a first proposal)."""
    agreement = agreement_for(session, choice)
    problem = proposal_problem(choice.status == ChoiceStatus.ACCEPTED, choice.valid_to,
                               agreement.status if agreement else None, today)
    if problem:
        raise AgreementError(problem)
    problems = terms_problems(terms, today, choice.valid_from, choice.valid_to)
    if problems:
        raise AgreementError("terms", problems=problems)
    price = price_on(session, choice, terms.starts_on)
    if price is None:
        raise AgreementError("terms", problems={"starts_on": "no_price"})
    written = _terms_of(terms, price)
    values = {key: value for key, value in written.items() if key != "starts_on"} | dict(
        starts_on=terms.starts_on, status=AgreementStatus.PROPOSED.value, proposed_at=utcnow())
    if agreement is None:
        agreement = _first(session, choice, values)
    else:
        version = agreement.version if seen_version is None else seen_version
        moved = session.execute(
            update(ServiceAgreement)
            .where(ServiceAgreement.id == agreement.id, ServiceAgreement.version == version,
                   ServiceAgreement.status.in_(AGREEMENT_LIFECYCLE.sources(AgreementStatus.PROPOSED)))
            .values(version=ServiceAgreement.version + 1, **values)
            .execution_options(synchronize_session=False)
        ).rowcount
        session.refresh(agreement)
        if moved != 1:
            raise AgreementError("stale")
    _step(session, agreement, AgreementStep.PROPOSED, Party.PROVIDER, user, terms=written)
    alerts.tell(session, agreement.client_id, alert_rules.agreement_proposed(agreement.id, agreement.version), today,
                choice.plan_line.service_type_id)
    return agreement


def _first(session: Session, choice: ProviderChoice, values: dict) -> ServiceAgreement:
    """The choice's first proposal; a proposal sent at the same moment from another tab is refused as stale."""
    agreement = ServiceAgreement(choice_id=choice.id, provider_id=choice.provider_id,
                                 client_id=choice.plan_line.plan.client_id, version=1, **values)
    try:
        with session.begin_nested():
            session.add(agreement)
    except IntegrityError as error:
        raise AgreementError("stale") from error
    return agreement


@dataclass(frozen=True)
class Answered:
    agreement: ServiceAgreement
    changed: bool  # False: the version had been answered already, or replaced by a newer one


def answer(session: Session, agreement: ServiceAgreement, user: User, party: Party, accept: bool, seen_version: int,
           message: str) -> Answered:
    """The client's answer to the version they read: one conditional update, so a stale or repeated answer
    (or two at once) changes nothing. AgreementError when asking for changes without a message."""
    if not accept:
        problem = changes_problem(message)
        if problem:
            raise AgreementError(problem)
    status = AgreementStatus.ACCEPTED if accept else AgreementStatus.CHANGES_ASKED
    values = dict(status=status.value)
    if accept:
        values |= dict(accepted_at=utcnow(), accepted_by_user_id=user.id)
    moved = session.execute(
        update(ServiceAgreement)
        .where(ServiceAgreement.id == agreement.id, ServiceAgreement.status == AgreementStatus.PROPOSED,
               ServiceAgreement.version == seen_version)
        .values(**values).execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(agreement)
    if moved != 1:
        return Answered(agreement, changed=False)
    _step(session, agreement, AgreementStep.ACCEPTED if accept else AgreementStep.CHANGES_ASKED, party, user,
          message="" if accept else message.strip())
    return Answered(agreement, changed=True)


def give_notice(session: Session, agreement: ServiceAgreement, user: User, party: Party, last_day: date | None,
                reason: str, today: date) -> ServiceAgreement:
    """Either side ends an accepted agreement on a day at least its notice period away; the update holds only
    if the last day is still as it was read. AgreementError with nothing saved."""
    seen = agreement.ends_on
    problem = end_problem(last_day, today, agreement.starts_on, agreement.notice_days, agreement.status, seen, reason)
    if problem:
        raise AgreementError(problem)
    moved = session.execute(
        update(ServiceAgreement)
        .where(ServiceAgreement.id == agreement.id, ServiceAgreement.status == AgreementStatus.ACCEPTED,
               ServiceAgreement.ends_on.is_(None) if seen is None else ServiceAgreement.ends_on == seen)
        .values(ends_on=last_day).execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(agreement)
    if moved != 1:
        raise AgreementError("stale")
    _step(session, agreement, AgreementStep.NOTICE_GIVEN, party, user, message=reason.strip(), last_day=last_day)
    if party is Party.PROVIDER:
        alerts.tell(session, agreement.client_id, alert_rules.agreement_ending(agreement.id, last_day), today,
                    agreement.choice.plan_line.service_type_id)
    return agreement


def end_with_choice(session: Session, choice: ProviderChoice, last_day: date) -> None:
    """The client chose another provider: the earlier choice's accepted agreement ends on its last day, and
    one not yet accepted is withdrawn. Both by the portal, in the choice's transaction."""
    agreement = agreement_for(session, choice)
    if agreement is None:
        return
    if AGREEMENT_LIFECYCLE.allows(agreement.status, AgreementStatus.WITHDRAWN):
        moved = session.execute(
            update(ServiceAgreement)
            .where(ServiceAgreement.id == agreement.id,
                   ServiceAgreement.status.in_(AGREEMENT_LIFECYCLE.sources(AgreementStatus.WITHDRAWN)))
            .values(status=AgreementStatus.WITHDRAWN.value).execution_options(synchronize_session=False)
        ).rowcount
        step = dict(step=AgreementStep.WITHDRAWN)
    elif agreement.status == AgreementStatus.ACCEPTED:
        moved = session.execute(
            update(ServiceAgreement)
            .where(ServiceAgreement.id == agreement.id, ServiceAgreement.status == AgreementStatus.ACCEPTED,
                   or_(ServiceAgreement.ends_on.is_(None), ServiceAgreement.ends_on > last_day))
            .values(ends_on=last_day).execution_options(synchronize_session=False)
        ).rowcount
        step = dict(step=AgreementStep.NOTICE_GIVEN, last_day=last_day)
    else:
        return
    session.refresh(agreement)
    if moved == 1:
        _step(session, agreement, party=Party.PORTAL, user=None, **step)
