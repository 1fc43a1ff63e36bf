"""Settlements with providers, and the county's view of the money."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import (
    Correction,
    LedgerEntry,
    Plan,
    PlanLine,
    Provider,
    ProviderOffering,
    ProviderRating,
    ServiceEvent,
    Settlement,
    User,
    Voucher,
)
from portal.domain.money import to_euros
from portal.domain.plans import PlanStatus, next_month


@dataclass(frozen=True)
class MonthTotal:
    provider: Provider
    events: int
    charged_cents: int
    credited_cents: int
    settlement: Settlement | None

    @property
    def total_cents(self) -> int:
        return self.charged_cents - self.credited_cents


def month_totals(session: Session, month: date, provider_id: int | None = None) -> list[MonthTotal]:
    """Per provider: the month's recorded services, minus corrections, and whether it is paid."""
    in_month = (ServiceEvent.service_date >= month) & (ServiceEvent.service_date < next_month(month))
    query = (
        select(ServiceEvent.provider_id, func.count(ServiceEvent.id), func.sum(ServiceEvent.charged_cents))
        .where(in_month)
        .group_by(ServiceEvent.provider_id)
    )
    credits = (
        select(ServiceEvent.provider_id, func.sum(Correction.credited_cents))
        .join(Correction, Correction.service_event_id == ServiceEvent.id)
        .where(in_month)
        .group_by(ServiceEvent.provider_id)
    )
    if provider_id is not None:
        query, credits = query.where(ServiceEvent.provider_id == provider_id), credits.where(ServiceEvent.provider_id == provider_id)
    rows = session.execute(query).all()
    credited = dict(session.execute(credits).all())
    ids = [row[0] for row in rows]
    providers = {p.id: p for p in session.scalars(select(Provider).where(Provider.id.in_(ids)))}
    paid = {s.provider_id: s for s in session.scalars(select(Settlement).where(Settlement.month == month, Settlement.provider_id.in_(ids)))}
    totals = [
        MonthTotal(providers[pid], count, int(charged or 0), int(credited.get(pid) or 0), paid.get(pid))
        for pid, count, charged in rows
    ]
    return sorted(totals, key=lambda total: total.provider.name)


def mark_paid(session: Session, provider_id: int, month: date, user: User, today: date) -> Settlement:
    totals = month_totals(session, month, provider_id)
    if not totals:
        raise LookupError("nothing to settle")
    total = totals[0]
    if total.settlement is not None:
        return total.settlement
    settlement = Settlement(provider_id=provider_id, month=month, events=total.events, charged_cents=total.charged_cents,
                            credited_cents=total.credited_cents, total_cents=total.total_cents, paid_on=today,
                            marked_by_user_id=user.id)
    session.add(settlement)
    session.flush()
    return settlement


def settlement_csv(session: Session, provider_id: int, month: date) -> str:
    """Every recorded service of the month, one row each, with what was credited back."""
    events = session.scalars(
        select(ServiceEvent)
        .where(ServiceEvent.provider_id == provider_id, ServiceEvent.service_date >= month,
               ServiceEvent.service_date < next_month(month))
        .options(joinedload(ServiceEvent.voucher).joinedload(Voucher.plan_line).joinedload(PlanLine.service_type),
                 joinedload(ServiceEvent.voucher).joinedload(Voucher.plan_line).joinedload(PlanLine.plan)
                 .joinedload(Plan.client), joinedload(ServiceEvent.corrections))
        .order_by(ServiceEvent.service_date, ServiceEvent.id)
    ).unique().all()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["date", "client_number", "service", "units", "unit_price_eur", "charged_eur", "credited_eur", "net_eur", "self_pay_eur"])
    for event in events:
        credited = sum(c.credited_cents for c in event.corrections)
        writer.writerow([
            event.service_date.isoformat(), event.voucher.plan_line.plan.client.client_number,
            event.voucher.plan_line.service_type.code, event.units, to_euros(event.unit_price_cents),
            to_euros(event.charged_cents), to_euros(credited), to_euros(event.charged_cents - credited),
            to_euros(event.self_pay_cents),
        ])
    return out.getvalue()


@dataclass(frozen=True)
class CountyFigures:
    clients: int
    granted_cents: int
    used_cents: int
    providers: int
    rating_total: int
    rating_count: int


def county_figures(session: Session, year: int) -> CountyFigures:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    clients = session.scalar(select(func.count(func.distinct(Plan.client_id))).where(Plan.status == PlanStatus.ACCEPTED))
    entries = session.execute(
        select(
            func.sum(case((LedgerEntry.kind == "grant", LedgerEntry.amount_cents), else_=0)),
            func.sum(case((LedgerEntry.kind == "charge", -LedgerEntry.amount_cents),
                          (LedgerEntry.kind == "credit", -LedgerEntry.amount_cents), else_=0)),
        ).where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    ).one()
    providers = session.scalar(
        select(func.count(func.distinct(ProviderOffering.provider_id))).where(ProviderOffering.approved_on.is_not(None))
    )
    total, count = session.execute(select(func.sum(ProviderRating.score), func.count(ProviderRating.id))).one()
    return CountyFigures(int(clients or 0), int(entries[0] or 0), int(entries[1] or 0), int(providers or 0),
                         int(total or 0), int(count or 0))


def figure_csv(figures: CountyFigures, figure: str, year: int) -> str:
    values = {
        "clients": [("year", "clients_with_personal_budget"), (year, figures.clients)],
        "granted": [("year", "granted_eur"), (year, to_euros(figures.granted_cents))],
        "used": [("year", "used_eur"), (year, to_euros(figures.used_cents))],
        "providers": [("year", "approved_providers"), (year, figures.providers)],
        "satisfaction": [("year", "ratings", "average_score"),
                         (year, figures.rating_count,
                          round(figures.rating_total / figures.rating_count, 2) if figures.rating_count else "")],
    }[figure]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(values)
    return out.getvalue()
