"""Settlements with providers, and the county's view of the money.

A provider's settlement month holds the services dated in it and the corrections booked in
it (a correction of a month already settled is booked in the next open month). Its totals
are running totals kept with every recording and correction; settling stops them moving,
so a paid settlement never changes. The provider's and the county's pages and CSVs read the
same rows and the same totals.
"""

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import cache

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import (
    Client,
    Correction,
    CountyMonth,
    Plan,
    PlanLine,
    Provider,
    ProviderMonth,
    ProviderOffering,
    ProviderRating,
    ServiceEvent,
    ServiceType,
    Settlement,
    User,
    Voucher,
)
from portal.domain.plans import PlanStatus, month_start, next_month
from portal.domain.settlement import Confirmed, can_settle, payable_cents, settles_from
from portal.domain.statement import StatementLine, Totals, charge_line, credit_line, month_figures, totals_of
from portal.services.ledger import is_settled
from portal.services.paging import Page, Where, page_by_id, page_of
from portal.services.work import long_read


SNAPSHOT = ("confirmed_events", "held_events", "held_cents", "resolved_events", "released_events", "released_cents")


class SettlementError(ValueError):
    """A settlement that cannot be made; the message is a code."""


@dataclass(frozen=True)
class MonthTotal:
    """A provider's settlement month: its running totals, and the settlement once paid."""

    provider: Provider | None
    events: int
    charged_cents: int
    credited_cents: int
    settlement: Settlement | None
    self_pay_cents: int = 0  # the clients' own share of the month's services
    credits: int = 0  # the corrections paid back in the month
    self_pay_credited_cents: int = 0  # the own share they gave back
    confirmed: Confirmed = Confirmed()
    settles_from: date | None = None  # an open month's first day to settle

    @property
    def total_cents(self) -> int:
        """What the county pays for the month."""
        return payable_cents(self.charged_cents, self.credited_cents, self.confirmed.held_cents,
                             self.confirmed.released_cents)


def _total(row: ProviderMonth, provider: Provider | None, settlement: Settlement | None) -> MonthTotal:
    own_share = dict(self_pay_cents=row.self_pay_cents, credits=row.credits,
                     self_pay_credited_cents=row.self_pay_credited_cents)  # a settled month's do not move
    if settlement is not None:  # the paid snapshot, which the running totals can no longer leave
        return MonthTotal(provider, settlement.events, settlement.charged_cents, settlement.credited_cents, settlement,
                          **own_share, confirmed=Confirmed.of(settlement))
    return MonthTotal(provider, row.events, row.charged_cents, row.credited_cents, None, **own_share,
                      confirmed=Confirmed.of(row), settles_from=settles_from(row.month, row.last_recorded_on))


def _providers_in_month(month: date):
    """Each provider with anything in the month: its running totals, the provider and its settlement, if any."""
    return (
        select(ProviderMonth, Provider, Settlement)
        .join(Provider, Provider.id == ProviderMonth.provider_id)
        .outerjoin(Settlement, (Settlement.provider_id == ProviderMonth.provider_id) & (Settlement.month == ProviderMonth.month))
        .where(ProviderMonth.month == month_start(month),
               (ProviderMonth.events > 0) | (ProviderMonth.credited_cents > 0) | (ProviderMonth.charged_cents > 0)
               | (ProviderMonth.released_events > 0))
        .execution_options(populate_existing=True)
    )


def month_totals(session: Session, month: date, provider_id: int | None = None) -> list[MonthTotal]:
    """Per provider with anything in the month: its totals, and whether it is paid."""
    query = _providers_in_month(month).order_by(Provider.name, Provider.id)
    if provider_id is not None:
        query = query.where(ProviderMonth.provider_id == provider_id)
    return [_total(row, provider, settlement) for row, provider, settlement in session.execute(query)]


class Paid(StrEnum):
    OPEN = "open"
    PAID = "paid"


@dataclass(frozen=True)
class MonthOverview:
    """The county's settlements of a month a page at a time, with the whole month's sums."""

    month: date
    page: Page  # of MonthTotal, by the provider's name
    providers: int
    events: int
    charged_cents: int
    credited_cents: int
    held_cents: int = 0
    released_cents: int = 0

    @property
    def total_cents(self) -> int:
        return payable_cents(self.charged_cents, self.credited_cents, self.held_cents, self.released_cents)


def month_overview(session: Session, month: date, paid: Paid | None, where: Where) -> MonthOverview:
    """Providers with anything in the month, by name."""
    month = month_start(month)
    query = _providers_in_month(month)
    if paid is not None:
        query = query.where(ProviderMonth.settled_on.is_(None) if paid is Paid.OPEN else ProviderMonth.settled_on.is_not(None))
    page = page_by_id(session, query, [Provider.name, Provider.id], lambda row: (row[1].name, row[1].id), where)
    page = replace(page, rows=[_total(*row) for row in page.rows])
    sums = session.execute(query.with_only_columns(func.count(), *(
        func.coalesce(func.sum(column), 0) for column in (ProviderMonth.events, ProviderMonth.charged_cents,
                                                           ProviderMonth.credited_cents, ProviderMonth.held_cents,
                                                           ProviderMonth.released_cents)))).one()
    return MonthOverview(month, page, *(int(value) for value in sums))


def month_total(session: Session, provider_id: int, month: date) -> MonthTotal | None:
    totals = month_totals(session, month, provider_id)
    return totals[0] if totals else None


@dataclass(frozen=True)
class Settled:
    settlement: Settlement
    already: bool  # the month had been settled before this request


def settle(session: Session, provider_id: int, month: date, user: User, today: date) -> Settled:
    """Mark a month as paid once it has ended and its services are past their days to confirm (a recording
    made meanwhile, later than the one checked, stops it): its totals stop moving and are kept as they were."""
    month = month_start(month)
    latest = session.scalar(select(ProviderMonth.last_recorded_on).where(ProviderMonth.provider_id == provider_id,
                                                                         ProviderMonth.month == month))
    if not can_settle(month, today, latest):
        raise SettlementError("month_not_ended")
    result = session.execute(
        update(ProviderMonth)
        .where(ProviderMonth.provider_id == provider_id, ProviderMonth.month == month, ProviderMonth.settled_on.is_(None),
               or_(ProviderMonth.last_recorded_on.is_(None), ProviderMonth.last_recorded_on <= (latest or month)))
        .values(settled_on=today)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        earlier = session.scalar(select(Settlement).where(Settlement.provider_id == provider_id, Settlement.month == month))
        if earlier is None and latest is not None and not is_settled(session, provider_id, month):
            raise SettlementError("month_not_ended")  # recorded meanwhile: its days to confirm start again
        if earlier is None:
            raise LookupError("nothing to settle")
        return Settled(earlier, already=True)
    row = session.scalar(select(ProviderMonth).where(ProviderMonth.provider_id == provider_id, ProviderMonth.month == month)
                         .execution_options(populate_existing=True))
    total = _total(row, None, None)
    settlement = Settlement(provider_id=provider_id, month=month, events=total.events, charged_cents=total.charged_cents,
                            credited_cents=total.credited_cents, total_cents=total.total_cents, paid_on=today,
                            marked_by_user_id=user.id, **{name: getattr(row, name) for name in SNAPSHOT})
    session.add(settlement)
    session.flush()
    return Settled(settlement, already=False)


@dataclass(frozen=True)
class Statement:
    month: date
    rows: list[StatementLine]
    total: MonthTotal | None

    @property
    def client_ids(self) -> list[int]:
        """Whose data the statement shows: for the access log."""
        return list(dict.fromkeys(row.event.plan_line.plan.client_id for row in self.rows))

    @property
    def totals(self) -> Totals:
        """The month's figures from its running totals (or its paid snapshot); the client's own
        share, which the county does not pay, from the rows."""
        charged, credited = (self.total.charged_cents, self.total.credited_cents) if self.total else (0, 0)
        return Totals(charged, credited, totals_of(self.rows).self_pay_cents)


def _event_options():
    return (
        joinedload(ServiceEvent.dispute),  # the provider's list marks a disputed row
        joinedload(ServiceEvent.plan_line).joinedload(PlanLine.service_type),
        joinedload(ServiceEvent.plan_line).joinedload(PlanLine.plan).joinedload(Plan.client),
    )


def statement(session: Session, provider_id: int, month: date) -> Statement:
    """The settlement month's rows: services dated in it, then credits booked in it."""
    month = month_start(month)
    events = session.scalars(
        select(ServiceEvent)
        .where(ServiceEvent.provider_id == provider_id, ServiceEvent.service_date >= month,
               ServiceEvent.service_date < next_month(month))
        .options(*_event_options())
        .order_by(ServiceEvent.service_date, ServiceEvent.id)
    ).unique().all()
    corrections = session.scalars(
        select(Correction)
        .join(ServiceEvent, ServiceEvent.id == Correction.service_event_id)
        .where(ServiceEvent.provider_id == provider_id, Correction.settlement_month == month)
        .options(joinedload(Correction.event).options(*_event_options()))
        .order_by(Correction.recorded_at, Correction.id)
    ).unique().all()
    rows = [charge_line(event) for event in events] + [credit_line(c.event, c) for c in corrections]
    return Statement(month, rows, month_total(session, provider_id, month))


class Showing(StrEnum):
    SERVICES = "services"
    CREDITS = "credits"


@dataclass(frozen=True)
class StatementPage:
    """A page of a settlement month's services or of its credits, with the whole month's totals."""

    month: date
    showing: Showing
    page: Page  # of StatementLine
    total: MonthTotal | None
    credits: int  # credits booked in the month
    totals: Totals  # the whole month's, from its running totals (the own share from an indexed sum)

    @property
    def rows(self) -> list[StatementLine]:
        return self.page.rows

    @property
    def page_totals(self) -> Totals:
        return totals_of(self.page.rows)

    @property
    def client_ids(self) -> list[int]:
        return list(dict.fromkeys(row.event.plan_line.plan.client_id for row in self.page.rows))


def statement_page(session: Session, provider_id: int, month: date, showing: Showing, where: Where) -> StatementPage:
    """The provider's settlement month a page at a time: its services by date, or its credits."""
    month = month_start(month)
    services = select(ServiceEvent).where(ServiceEvent.provider_id == provider_id, ServiceEvent.service_date >= month,
                                          ServiceEvent.service_date < next_month(month))
    credits = (select(Correction).join(ServiceEvent, ServiceEvent.id == Correction.service_event_id)
               .where(ServiceEvent.provider_id == provider_id, Correction.settlement_month == month))
    if showing is Showing.CREDITS:
        page = page_of(session, credits, [Correction.id], lambda c: (c.id,), where,
                       options=(joinedload(Correction.event).options(*_event_options()),))
        page = replace(page, rows=[credit_line(c.event, c) for c in page.rows])
    else:
        page = page_of(session, services, [ServiceEvent.service_date, ServiceEvent.id],
                       lambda e: (e.service_date, e.id), where, options=_event_options())
        page = replace(page, rows=[charge_line(e) for e in page.rows])
    total = month_total(session, provider_id, month)
    return StatementPage(month, showing, page, total, total.credits if total else 0, _month_figures(total))


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV is written for its reader: Excel in Finland and Sweden takes `;` between fields
    and a decimal comma; the words (header, kinds of row, services, reasons) in the reader's language."""

    delimiter: str
    decimal: str
    header: list[str]
    words: dict[str, str]  # service, credit, total, to_pay, paid, not_paid
    service_name: Callable[[str], str]
    reason_name: Callable[[str], str]

    def euros(self, cents: int) -> str:
        """12,50 or -0,40: whole cents as text without a Decimal, for thousands of rows a second."""
        whole, part = divmod(abs(cents), 100)
        return f"{'-' if cents < 0 else ''}{whole}{self.decimal}{part:02d}"


CSV_BATCH = 5_000


def clients_in_month(session: Session, provider_id: int, month: date) -> list[int]:
    """Whose data a settlement month holds: for the access log, before its rows are sent."""
    month = month_start(month)
    services = (select(Voucher.client_id).join(ServiceEvent, ServiceEvent.voucher_id == Voucher.id)
                .where(ServiceEvent.provider_id == provider_id, ServiceEvent.service_date >= month,
                       ServiceEvent.service_date < next_month(month)))
    credits = (select(Voucher.client_id).join(ServiceEvent, ServiceEvent.voucher_id == Voucher.id)
               .join(Correction, Correction.service_event_id == ServiceEvent.id)
               .where(ServiceEvent.provider_id == provider_id, Correction.settlement_month == month))
    return sorted(set(session.scalars(services.distinct())) | set(session.scalars(credits.distinct())))


@long_read
def settlement_csv(session: Session, provider_id: int, month: date, style: CsvStyle) -> Iterator[str]:
    """Every row of the settlement month, its totals, and a SHA-256 checksum of what is above it,
    a few thousand rows at a time (memory stays the same however long the month)."""
    month = month_start(month)
    digest = hashlib.sha256()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        digest.update(text.encode("utf-8"))
        return text

    writer.writerow(style.header)
    euros, service_name = cache(style.euros), cache(style.service_name)  # a month repeats a few hundred amounts
    services = (
        select(ServiceEvent.service_date, ServiceEvent.id, Client.client_number, ServiceType.code, ServiceEvent.units,
               ServiceEvent.unit_price_cents, ServiceEvent.charged_cents, ServiceEvent.self_pay_cents)
        .join(Voucher, Voucher.id == ServiceEvent.voucher_id).join(Client, Client.id == Voucher.client_id)
        .join(ServiceType, ServiceType.id == Voucher.service_type_id)
        .where(ServiceEvent.provider_id == provider_id, ServiceEvent.service_date >= month,
               ServiceEvent.service_date < next_month(month))
        .order_by(ServiceEvent.service_date, ServiceEvent.id)
    )
    rows_of = session.connection().execution_options(yield_per=CSV_BATCH).execute  # Core rows: no ORM in the way
    for number, row in enumerate(rows_of(services), 1):
        day, event_id, client_number, service, units, price, charged, own_share = row
        writer.writerow([style.words["service"], day.isoformat(), event_id, client_number, service_name(service),
                         units, euros(price), euros(charged), euros(0), euros(own_share),
                         "", "", ""])
        if number % CSV_BATCH == 0:
            yield flush()
    credits = (
        select(Correction.recorded_at, Correction.id, Client.client_number, ServiceType.code, Correction.units,
               ServiceEvent.unit_price_cents, Correction.credited_cents, Correction.self_pay_credited_cents,
               Correction.reason, ServiceEvent.id, ServiceEvent.service_date)
        .join(ServiceEvent, ServiceEvent.id == Correction.service_event_id)
        .join(Voucher, Voucher.id == ServiceEvent.voucher_id).join(Client, Client.id == Voucher.client_id)
        .join(ServiceType, ServiceType.id == Voucher.service_type_id)
        .where(ServiceEvent.provider_id == provider_id, Correction.settlement_month == month)
        .order_by(Correction.recorded_at, Correction.id)
    )
    for row in rows_of(credits):
        at, correction_id, client_number, service, units, price, credited, own_share_back, reason, event_id, day = row
        writer.writerow([style.words["credit"], at.date().isoformat(), correction_id, client_number,
                         service_name(service), units, euros(price), euros(0), euros(credited),
                         euros(-own_share_back), style.reason_name(reason), event_id, day.isoformat()])
    total = month_total(session, provider_id, month)
    totals = _month_figures(total)
    confirmed = total.confirmed if total else Confirmed()
    for word, count, cents in (("confirmed", confirmed.confirmed_events, None),
                               ("unanswered", confirmed.unanswered_events, None),
                               ("held", confirmed.held_events, confirmed.held_cents),
                               ("resolved", confirmed.resolved_events, None),
                               ("released", confirmed.released_events, confirmed.released_cents)):
        writer.writerow([style.words[word], f"{month:%Y-%m}", count, "", "", "", "", "", "", "", "",
                         "" if cents is None else euros(cents), ""])
    writer.writerow([style.words["total"], f"{month:%Y-%m}", total.events if total else 0, "", "", "", "",
                     euros(totals.charged_cents), euros(totals.credited_cents),
                     euros(totals.self_pay_cents), style.words["to_pay"], euros(total.total_cents if total else 0),
                     style.words["paid"] if total and total.settlement else style.words["not_paid"]])
    yield flush()
    yield style.delimiter.join(["checksum", "sha256", digest.hexdigest()]) + "\r\n"


def _month_figures(total: MonthTotal | None) -> Totals:
    """The month's totals, all from its running totals."""
    if total is None:
        return month_figures(0, 0, 0, 0)
    return month_figures(total.charged_cents, total.credited_cents, total.self_pay_cents, total.self_pay_credited_cents)
