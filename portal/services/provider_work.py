"""A provider's work: the clients who chose them, recording delivered services, corrections.

A provider sees only clients who chose them (and not those they declined or who chose
someone else), and only what the service needs (`portal.services.sharing`: the name, address
and plan goals only while the client's agreement runs). Services are recorded only under an accepted agreement in force on their day. Every check that protects money is part of its write (see `portal.services.ledger`):
the month's quantity, the voucher's total, the recording's credited units and the
settlement month's lock. The locks are always taken in one order: recording, its dispute,
voucher month, voucher, provider month.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import (
    Client,
    Correction,
    Plan,
    PlanLine,
    ProviderChoice,
    ServiceEvent,
    User,
    utcnow,
)
from portal.domain import alerts as alert_rules
from portal.domain.charges import Charge, credit_for, split_charge
from portal.domain.ledger import EntryKind, InsufficientBalance, LedgerError, MonthPosition
from portal.domain.plans import PlanStatus, month_start, next_month
from portal.services.prices import approved_price
from portal.domain.providers import CHOICE_LIFECYCLE, ChoiceStatus, may_record
from portal.domain.recording import CorrectionReason, RecordingError, next_quantity_from, recording_problem
from portal.domain.confirmations import Resolution
from portal.services import agreements, alerts, disputes, ledger
from portal.services.paging import Page, Where, page_of

COUNTING = (ChoiceStatus.PENDING.value, ChoiceStatus.ACCEPTED.value)


def _current_choices(provider_id: int, today: date):
    """The provider's current choices (in force or to come) in plans in force: a provider sees a
    client only while the client's choice lasts."""
    return (
        select(ProviderChoice)
        .join(PlanLine, ProviderChoice.plan_line_id == PlanLine.id)
        .join(Plan, PlanLine.plan_id == Plan.id)
        .where(ProviderChoice.provider_id == provider_id, Plan.status == PlanStatus.ACCEPTED,
               ProviderChoice.status.in_(COUNTING),
               or_(ProviderChoice.valid_to.is_(None), ProviderChoice.valid_to >= today))
    )


_WITH_VOUCHER = (joinedload(ProviderChoice.plan_line).joinedload(PlanLine.voucher),)
_AS_SHOWN = (
    joinedload(ProviderChoice.plan_line).joinedload(PlanLine.service_type),
    joinedload(ProviderChoice.plan_line).joinedload(PlanLine.plan).joinedload(Plan.client)
    .joinedload(Client.municipality),
)


def _choices_query(provider_id: int, today: date, shown: bool = True):
    """`shown` loads what the pages show with them."""
    return _current_choices(provider_id, today).options(*_WITH_VOUCHER, *(_AS_SHOWN if shown else ()))


def choices_of(session: Session, provider_id: int, today: date) -> list[ProviderChoice]:
    """The provider's clients: choices waiting for an answer or accepted, in force or still to come."""
    return list(
        session.scalars(
            _choices_query(provider_id, today)
            .order_by(ProviderChoice.status.desc(), ProviderChoice.valid_from, ProviderChoice.id)
        ).unique()
    )


def clients_page(session: Session, provider_id: int, today: date, status: ChoiceStatus, where: Where) -> Page:
    """A page of the provider's clients with choices of one status, by the day the service starts."""
    return page_of(session, _current_choices(provider_id, today).where(ProviderChoice.status == status.value),
                   [ProviderChoice.valid_from, ProviderChoice.id], lambda c: (c.valid_from, c.id), where,
                   options=_WITH_VOUCHER + _AS_SHOWN)


def client_counts(session: Session, provider_id: int, today: date) -> dict[ChoiceStatus, int]:
    """How many of the provider's current choices wait for an answer, and how many are accepted."""
    counted = dict(session.execute(_current_choices(provider_id, today)
                                   .with_only_columns(ProviderChoice.status, func.count())
                                   .group_by(ProviderChoice.status)).all())
    return {status: counted.get(status.value, 0) for status in (ChoiceStatus.PENDING, ChoiceStatus.ACCEPTED)}


def choice_of(session: Session, provider_id: int, choice_id: int, today: date) -> ProviderChoice | None:
    return session.scalars(_choices_query(provider_id, today).where(ProviderChoice.id == choice_id)).unique().first()


@dataclass(frozen=True)
class Decided:
    choice: ProviderChoice
    already: bool  # the choice had been answered already (this answer changed nothing)


def decide(session: Session, choice: ProviderChoice, accept: bool, reason: str) -> Decided:
    """Accept or decline a client once: the answer is a conditional update on a pending choice."""
    if not accept and not reason.strip():
        raise RecordingError("no_reason")
    status = ChoiceStatus.ACCEPTED if accept else ChoiceStatus.DECLINED
    result = session.execute(
        update(ProviderChoice)
        .where(ProviderChoice.id == choice.id, ProviderChoice.status.in_(CHOICE_LIFECYCLE.sources(status)))
        .values(status=status.value, decline_reason="" if accept else reason.strip(), decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(choice)
    if result.rowcount == 1:
        line = choice.plan_line
        alerts.tell(session, line.plan.client_id, alert_rules.provider_decided(choice.id, accept), date.today(),
                    line.service_type_id)
    return Decided(choice, already=result.rowcount != 1)


@dataclass(frozen=True)
class Recorded:
    event: ServiceEvent
    client_id: int


def _dated(session: Session, voucher_id: int, provider_id: int, day: date) -> tuple[PlanLine | None, ProviderChoice | None]:
    """The line in force on the day on this voucher, and this provider's choice for it then."""
    line = session.scalar(
        select(PlanLine)
        .join(Plan, PlanLine.plan_id == Plan.id)
        .where(PlanLine.voucher_id == voucher_id, Plan.status.in_((PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)),
               Plan.in_force_from <= day, Plan.in_force_to >= day)
    )
    if line is None:
        return None, None
    choice = session.scalar(
        select(ProviderChoice).where(
            ProviderChoice.plan_line_id == line.id, ProviderChoice.provider_id == provider_id,
            ProviderChoice.valid_from <= day, or_(ProviderChoice.valid_to.is_(None), ProviderChoice.valid_to >= day),
            ProviderChoice.status.in_(COUNTING),
        )
    )
    return line, choice


def month_of_line(session: Session, voucher_id: int, day: date) -> MonthPosition:
    """The voucher's month: its quantity and how much of it is used (for the recording page)."""
    return ledger.position_of_voucher(session, voucher_id).month(day)


def record(
    session: Session, provider_id: int, user: User | None, choice_id: int, service_date: date | None, units: int | None,
    today: date,
) -> Recorded:
    """Record a delivered service and charge the voucher, or RecordingError with nothing saved."""
    choice = session.scalars(_choices_query(provider_id, today, shown=False).where(ProviderChoice.id == choice_id)).first()
    if choice is None:
        raise LookupError("not this provider's client")
    voucher = choice.plan_line.voucher
    if voucher is None:
        raise RecordingError("no_voucher")
    problem = recording_problem(service_date, units, today, voucher.period_start, voucher.period_end)
    if problem:
        raise RecordingError(problem)
    line, dated_choice = _dated(session, voucher.id, provider_id, service_date)
    if line is None:
        raise RecordingError("outside_period")
    if dated_choice is None:
        raise RecordingError("not_chosen_then")
    if not may_record(dated_choice.status):
        raise RecordingError("not_accepted")
    if not agreements.in_force_for(session, dated_choice, service_date):
        raise RecordingError("no_agreement")  # notice never ends one before today: no later write can change this
    month = month_start(service_date)
    if ledger.is_settled(session, provider_id, month):
        raise RecordingError("month_settled", month=month)
    offering = approved_price(session, provider_id, line.service_type_id, service_date)
    if offering is None:
        raise RecordingError("no_price")
    charge = split_charge(units, offering.unit_price_cents, line.voucher_value_cents)
    if not ledger.take_units(session, voucher.id, month, units):
        left = month_of_line(session, voucher.id, month)
        raise RecordingError("over_month_limit", units_left=left.units_left, unit_limit=left.unit_limit, month=month,
                             next_from=next_quantity_from(service_date, voucher.period_end))
    event = ServiceEvent(
        voucher_id=voucher.id, plan_line_id=line.id, provider_id=provider_id, service_date=service_date, units=units,
        unit_price_cents=offering.unit_price_cents, charged_cents=charge.to_budget_cents,
        self_pay_cents=charge.self_pay_cents, recorded_by_user_id=user.id if user else None,
    )
    session.add(event)
    session.flush()
    if charge.to_budget_cents:
        try:
            ledger.post_entry(session, voucher.id, EntryKind.CHARGE, charge.to_budget_cents, month, event.id)
        except InsufficientBalance as error:
            left = ledger.position_of_voucher(session, voucher.id).left_cents
            raise RecordingError("too_little_left", left_cents=left) from error
    if not ledger.book_for_provider(session, provider_id, month, recorded_on=today, events=1,
                                    charged_cents=charge.to_budget_cents, self_pay_cents=charge.self_pay_cents):
        raise RecordingError("month_settled", month=month)
    return Recorded(event, voucher.client_id)


def _events_query():
    return select(ServiceEvent).options(
        joinedload(ServiceEvent.plan_line).joinedload(PlanLine.service_type),
        joinedload(ServiceEvent.plan_line).joinedload(PlanLine.plan).joinedload(Plan.client),
    )


def event_of(session: Session, provider_id: int, event_id: int) -> ServiceEvent | None:
    return session.scalar(
        _events_query().where(ServiceEvent.id == event_id, ServiceEvent.provider_id == provider_id)
        .options(joinedload(ServiceEvent.corrections)).execution_options(populate_existing=True)
    )


def correct(
    session: Session, provider_id: int, user: User, event_id: int, units: int | None, reason: str, note: str,
    today: date, resolution: Resolution = Resolution.CORRECTED,
) -> Correction:
    """Credit units of a recording back to the voucher with a reason; the recording stays as it was.
    A correction of a disputed recording resolves its dispute (`resolution`) and releases what it held.

    The recording's credited units move by a conditional update first, so two corrections at
    once can never credit more units than were recorded. A correction of a settled month is
    paid back in the next month that is not settled.
    """
    event = session.scalar(select(ServiceEvent).where(ServiceEvent.id == event_id, ServiceEvent.provider_id == provider_id))
    if event is None:
        raise LookupError("not this provider's recording")
    if reason not in set(CorrectionReason):
        raise RecordingError("no_reason")
    if units is None or units <= 0:
        raise RecordingError("no_units")
    credited_before = ledger.take_credited_units(session, event.id, units)
    if credited_before is None:
        session.refresh(event)
        raise RecordingError("too_many_units", units_left=event.units - event.credited_units)
    closed = disputes.close(session, user, resolution, note, event_id=event.id)  # a disputed recording's dispute
    credit = credit_for(Charge(event.charged_cents, event.self_pay_cents), event.units, credited_before, units)
    ledger.add_credited_amounts(session, event.id, credit)
    service_month = month_start(event.service_date)
    ledger.give_back_units(session, event.voucher_id, service_month, units)
    entry = None
    if credit.to_budget_cents:
        try:
            entry = ledger.post_entry(session, event.voucher_id, EntryKind.CREDIT, credit.to_budget_cents,
                                      service_month, event.id)
        except LedgerError as error:  # the voucher's own check: never more back than was charged
            raise RecordingError("too_many_units", units_left=0) from error
    settlement_month = ledger.book_in_open_month(session, provider_id, service_month, today, credits=1,
                                                 credited_cents=credit.to_budget_cents,
                                                 self_pay_credited_cents=credit.self_pay_cents)
    if settlement_month is None:
        raise RecordingError("month_settled", month=next_month(month_start(today)))
    correction = Correction(service_event_id=event.id, units=units, credited_cents=credit.to_budget_cents,
                            self_pay_credited_cents=credit.self_pay_cents, reason=reason, note=note.strip(),
                            settlement_month=settlement_month, ledger_entry_id=entry,
                            recorded_by_user_id=user.id)
    session.add(correction)
    session.flush()
    if closed:
        disputes.release(session, closed, today)
    session.refresh(event)
    return correction

