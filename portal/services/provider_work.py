"""A provider's work: the clients who chose them, recording delivered services, corrections.

A provider sees only clients who chose them, and only what the service needs: the name, the
service, its amount and the dates. Money moves only through the ledger's conditional update,
so recordings made at the same moment can never overspend a voucher.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import (
    Client,
    Correction,
    Plan,
    PlanLine,
    ProviderChoice,
    ProviderOffering,
    ServiceEvent,
    User,
    Voucher,
    utcnow,
)
from portal.domain.charges import split_charge
from portal.domain.ledger import EntryKind, InsufficientBalance
from portal.domain.plans import PlanStatus, next_month
from portal.domain.recording import CorrectionReason, RecordingError, recording_problem
from portal.services.ledger import post_entry


def choices_of(session: Session, provider_id: int, today: date) -> list[ProviderChoice]:
    """Choices of this provider that are in force or still to come, in accepted plans."""
    return list(
        session.scalars(
            select(ProviderChoice)
            .join(PlanLine, ProviderChoice.plan_line_id == PlanLine.id)
            .join(Plan, PlanLine.plan_id == Plan.id)
            .where(
                ProviderChoice.provider_id == provider_id,
                Plan.status == PlanStatus.ACCEPTED,
                or_(ProviderChoice.valid_to.is_(None), ProviderChoice.valid_to >= today),
            )
            .options(
                joinedload(ProviderChoice.plan_line).joinedload(PlanLine.service_type),
                joinedload(ProviderChoice.plan_line).joinedload(PlanLine.plan).joinedload(Plan.client)
                .joinedload(Client.municipality),
            )
            .order_by(ProviderChoice.status.desc(), ProviderChoice.valid_from)
        ).unique()
    )


def choice_of(session: Session, provider_id: int, choice_id: int) -> ProviderChoice | None:
    return next((c for c in choices_of(session, provider_id, date.min) if c.id == choice_id), None)


def decide(session: Session, choice: ProviderChoice, accept: bool, reason: str) -> None:
    if choice.status != "pending":
        raise RecordingError("already_decided")
    if not accept and not reason.strip():
        raise RecordingError("no_reason")
    choice.status = "accepted" if accept else "declined"
    choice.decline_reason = "" if accept else reason.strip()
    choice.decided_at = utcnow()


@dataclass(frozen=True)
class Recorded:
    event: ServiceEvent
    client_id: int


def record(
    session: Session, provider_id: int, user: User, choice_id: int, service_date: date | None, units: int | None,
    today: date,
) -> Recorded:
    """Record a delivered service and charge the voucher, or RecordingError with nothing saved."""
    choice = choice_of(session, provider_id, choice_id)
    if choice is None:
        raise LookupError("not this provider's client")
    if choice.status != "accepted":
        raise RecordingError("not_accepted")
    line = choice.plan_line
    voucher = session.scalar(select(Voucher).where(Voucher.plan_line_id == line.id))
    if voucher is None:
        raise RecordingError("no_voucher")
    problem = recording_problem(service_date, units, today, voucher.period_start, voucher.period_end)
    if problem:
        raise RecordingError(problem)
    if service_date < choice.valid_from or (choice.valid_to is not None and service_date > choice.valid_to):
        raise RecordingError("not_chosen_then")
    offering = session.scalar(
        select(ProviderOffering).where(
            ProviderOffering.provider_id == provider_id,
            ProviderOffering.service_type_id == line.service_type_id,
            ProviderOffering.approved_on.is_not(None),
            ProviderOffering.valid_from <= service_date,
            or_(ProviderOffering.valid_to.is_(None), ProviderOffering.valid_to >= service_date),
        )
    )
    if offering is None:
        raise RecordingError("no_price")
    charge = split_charge(units, offering.unit_price_cents, line.voucher_value_cents)
    event = ServiceEvent(
        voucher_id=voucher.id, provider_id=provider_id, service_date=service_date, units=units,
        unit_price_cents=offering.unit_price_cents, charged_cents=charge.to_budget_cents,
        self_pay_cents=charge.self_pay_cents, recorded_by_user_id=user.id,
    )
    session.add(event)
    session.flush()
    if charge.to_budget_cents:
        try:
            post_entry(session, voucher.id, EntryKind.CHARGE, charge.to_budget_cents, event.id)
        except InsufficientBalance as error:
            raise RecordingError("too_little_left") from error
    return Recorded(event, line.plan.client_id)


def events_of(session: Session, provider_id: int, month: date) -> list[ServiceEvent]:
    return list(
        session.scalars(
            select(ServiceEvent)
            .where(ServiceEvent.provider_id == provider_id, ServiceEvent.service_date >= month,
                   ServiceEvent.service_date < next_month(month))
            .options(
                joinedload(ServiceEvent.voucher).joinedload(Voucher.plan_line).joinedload(PlanLine.service_type),
                joinedload(ServiceEvent.voucher).joinedload(Voucher.plan_line).joinedload(PlanLine.plan)
                .joinedload(Plan.client),
            )
            .order_by(ServiceEvent.service_date.desc(), ServiceEvent.id.desc())
        ).unique()
    )


def event_of(session: Session, provider_id: int, event_id: int) -> ServiceEvent | None:
    return session.scalar(
        select(ServiceEvent)
        .where(ServiceEvent.id == event_id, ServiceEvent.provider_id == provider_id)
        .options(
            joinedload(ServiceEvent.voucher).joinedload(Voucher.plan_line).joinedload(PlanLine.service_type),
            joinedload(ServiceEvent.voucher).joinedload(Voucher.plan_line).joinedload(PlanLine.plan)
            .joinedload(Plan.client),
        )
    )


def correct(
    session: Session, provider_id: int, user: User, event_id: int, units: int | None, reason: str, note: str
) -> Correction:
    """Credit units of a recording back to the voucher with a reason; the recording stays as it was."""
    event = session.scalar(select(ServiceEvent).where(ServiceEvent.id == event_id, ServiceEvent.provider_id == provider_id))
    if event is None:
        raise LookupError("not this provider's recording")
    if reason not in set(CorrectionReason):
        raise RecordingError("no_reason")
    if units is None or units <= 0 or units > event.units - event.credited_units:
        raise RecordingError("too_many_units")
    before, after = event.credited_units, event.credited_units + units
    # Shares of the whole, so that crediting every unit returns exactly what was charged.
    credited = _share(event.charged_cents, after, event.units) - _share(event.charged_cents, before, event.units)
    self_pay = _share(event.self_pay_cents, after, event.units) - _share(event.self_pay_cents, before, event.units)
    correction = Correction(service_event_id=event.id, units=units, credited_cents=credited,
                            self_pay_credited_cents=self_pay, reason=reason, note=note.strip(),
                            recorded_by_user_id=user.id)
    session.add(correction)
    session.flush()
    if credited:
        post_entry(session, event.voucher_id, EntryKind.CREDIT, credited, event.id)
    return correction


def _share(cents: int, units: int, of_units: int) -> int:
    return cents * units // of_units
