"""check-ledger's replay of the providers' settlement months and their settlements (called by
`ledger.discrepancies`).

Each month's stored running totals are held against the recordings, corrections and disputes they are
made of: its services, charged and own share (by the day of service); its credits (by the month a
correction was booked in); the services the client confirmed; what the month's disputes hold out (open
ones, and those resolved after the month was settled, whose amount another month released); the disputes
resolved while it was open; and what disputes of settled months released into it. A settlement equals
its month at settling, and its total is what `payable_cents` makes of it.
"""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from portal.db.models import Correction, ProviderMonth, ServiceDispute, ServiceEvent, Settlement
from portal.domain.settlement import payable_cents
from portal.services import ledger

MONTH_COLUMNS = ("events", "charged_cents", "credited_cents", "self_pay_cents", "credits", "self_pay_credited_cents",
                 "confirmed_events", "held_events", "held_cents", "resolved_events", "released_events",
                 "released_cents")
SETTLED_COLUMNS = ("events", "charged_cents", "credited_cents", "confirmed_events", "held_events", "held_cents",
                   "resolved_events", "released_events", "released_cents")


def _by_month(session: Session, query) -> dict:
    return {(row[0], ledger.as_date(row[1])): tuple(int(value or 0) for value in row[2:]) for row in session.execute(query)}


def _replayed(session: Session) -> dict:
    service_month = ledger.month_of(session, ServiceEvent.service_date).label("month")
    recordings = _by_month(session, select(
        ServiceEvent.provider_id, service_month, func.count(), func.sum(ServiceEvent.charged_cents),
        func.sum(ServiceEvent.self_pay_cents), func.count(ServiceEvent.confirmed_at))
        .group_by(ServiceEvent.provider_id, service_month))
    credits = _by_month(session, select(
        ServiceEvent.provider_id, Correction.settlement_month, func.sum(Correction.credited_cents), func.count(),
        func.sum(Correction.self_pay_credited_cents))
        .join(ServiceEvent, ServiceEvent.id == Correction.service_event_id)
        .group_by(ServiceEvent.provider_id, Correction.settlement_month))
    dispute = ServiceDispute
    held = _by_month(session, select(dispute.provider_id, dispute.held_month, func.count(), func.sum(dispute.held_cents))
                     .where(or_(dispute.resolved_at.is_(None), dispute.released_month.is_not(None)))
                     .group_by(dispute.provider_id, dispute.held_month))
    resolved = _by_month(session, select(dispute.provider_id, dispute.held_month, func.count())
                         .where(dispute.resolved_at.is_not(None), dispute.released_month.is_(None))
                         .group_by(dispute.provider_id, dispute.held_month))
    released = _by_month(session, select(dispute.provider_id, dispute.released_month, func.count(),
                                         func.sum(dispute.held_cents))
                         .where(dispute.released_month.is_not(None))
                         .group_by(dispute.provider_id, dispute.released_month))
    replayed = {}
    for key in set(recordings) | set(credits) | set(held) | set(resolved) | set(released):
        events, charged, self_pay, confirmed = recordings.get(key, (0, 0, 0, 0))
        credited, count, self_pay_back = credits.get(key, (0, 0, 0))
        replayed[key] = (events, charged, credited, self_pay, count, self_pay_back, confirmed,
                         *held.get(key, (0, 0)), *resolved.get(key, (0,)), *released.get(key, (0, 0)))
    return replayed


def discrepancies(session: Session) -> list[str]:
    """The providers' months and settlements against what they are made of; an empty list when all agree."""
    booked = {(row[0], row[1]): tuple(row[2:]) for row in session.execute(
        select(ProviderMonth.provider_id, ProviderMonth.month, *(getattr(ProviderMonth, name) for name in MONTH_COLUMNS)))}
    replayed = _replayed(session)
    zeros = (0,) * len(MONTH_COLUMNS)
    found = ledger.differences("provider months", booked, {key: replayed.get(key, zeros) for key in booked} | replayed)
    settled, at_settling = {}, {}
    for row in session.execute(select(Settlement, ProviderMonth).join(ProviderMonth, (
            ProviderMonth.provider_id == Settlement.provider_id) & (ProviderMonth.month == Settlement.month))):
        settlement, month = row
        key = (settlement.provider_id, settlement.month)
        settled[key] = (*(getattr(settlement, name) for name in SETTLED_COLUMNS), settlement.total_cents)
        at_settling[key] = (*(getattr(month, name) for name in SETTLED_COLUMNS), payable_cents(
            month.charged_cents, month.credited_cents, month.held_cents, month.released_cents))
    return found + ledger.differences("settlements", settled, at_settling)
