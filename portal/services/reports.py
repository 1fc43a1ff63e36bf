"""The county's reports, from its month totals (moved with every ledger entry) and its counts of
clients (moved whenever a plan's vouchers change): a few grouped queries over small tables, however
long the ledger."""

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, delete, extract, func, insert as insert_rows, or_, select, update
from sqlalchemy.orm import Session

from portal.db.models import (
    ChoiceMonth,
    Client,
    ClientCount,
    CountyMonth,
    Municipality,
    ProviderChoice,
    ServiceEvent,
    ServiceType,
    Voucher,
)
from portal.db.session import dialect_insert
from portal.domain.ledger import Balance
from portal.domain.providers import ChoiceStatus, Chooser
from portal.domain.reports import ANY_SERVICE, Cell, ReportBy, ReportRow, Span, added, client_cells

YEARS_SHOWN = 10

Period = tuple[date, date]


@dataclass(frozen=True)
class Report:
    by: ReportBy
    year: int
    rows: list[ReportRow]
    total: ReportRow
    years: list[int]  # the years with budget, for choosing one
    names: dict[int, object]  # a municipality or kind of service by its id

    @property
    def earlier_year(self) -> int:
        return self.year - 1


def _year(year: int) -> Period:
    return date(year, 1, 1), date(year + 1, 1, 1)


def _group_of(by: ReportBy, totals=CountyMonth):
    return {ReportBy.MUNICIPALITY: totals.municipality_id, ReportBy.SERVICE: totals.service_type_id,
            ReportBy.MONTH: totals.month, ReportBy.YEAR: extract("year", totals.month)}[by]


def _money(session: Session, by: ReportBy, period: Period) -> dict:
    group = _group_of(by)
    rows = session.execute(
        select(group, func.sum(CountyMonth.granted_cents), func.sum(CountyMonth.charged_cents),
               func.sum(CountyMonth.credited_cents))
        .where(CountyMonth.month >= period[0], CountyMonth.month < period[1]).group_by(group)
    )
    return {_as_key(key): Balance(int(granted or 0), int(charged or 0), int(credited or 0))
            for key, granted, charged, credited in rows}


def _used_by_chooser(session: Session, by: ReportBy, period: Period) -> dict:
    """Cents used by who chose the provider, for each group: {group: {chooser: cents}}."""
    group = _group_of(by, ChoiceMonth)
    rows = session.execute(
        select(group, ChoiceMonth.chosen_by, func.sum(ChoiceMonth.charged_cents), func.sum(ChoiceMonth.credited_cents))
        .where(ChoiceMonth.month >= period[0], ChoiceMonth.month < period[1]).group_by(group, ChoiceMonth.chosen_by)
    )
    found: dict = {}
    for key, chosen_by, charged, credited in rows:
        found.setdefault(_as_key(key), {})[Chooser(chosen_by)] = Balance(0, int(charged or 0), int(credited or 0)).used_cents
    return found


def _as_key(key):
    if isinstance(key, str):  # SQLite gives a grouped date as text
        return date.fromisoformat(key)
    return key if isinstance(key, date | int) else int(key)  # a year: a float or a Decimal on some databases


def _clients(session: Session, by: ReportBy | None, span: Span, periods: list[date]) -> dict:
    """Clients with budget granted in each period, from the stored counts: by municipality, by kind of
    service, or in all (each client once); keyed by (group, period), the group None for all."""
    group = {ReportBy.MUNICIPALITY: ClientCount.municipality_id, ReportBy.SERVICE: ClientCount.service_type_id}.get(by)
    kind = ClientCount.service_type_id != ANY_SERVICE if by is ReportBy.SERVICE else \
        ClientCount.service_type_id == ANY_SERVICE
    columns = [ClientCount.period] + ([group] if group is not None else [])
    rows = session.execute(
        select(*columns, func.sum(ClientCount.clients))
        .where(ClientCount.span == span.value, ClientCount.period.in_(periods), kind).group_by(*columns)
    )
    found = {}
    for row in rows:
        period = _as_key(row[0])
        found[(row[1] if group is not None else None, period)] = int(row[-1])
    return found


def years_with_budget(session: Session) -> list[int]:
    first, last = session.execute(select(func.min(CountyMonth.month), func.max(CountyMonth.month))).one()
    if first is None:
        return []
    first, last = (date.fromisoformat(day) if isinstance(day, str) else day for day in (first, last))
    return list(range(max(first.year, last.year - YEARS_SHOWN + 1), last.year + 1))


def report(session: Session, by: ReportBy, year: int) -> Report:
    years = years_with_budget(session)
    if by is ReportBy.YEAR:
        return Report(by, year, (rows := _by_year(session, years)), added(rows, None, None, 0), years, {})
    this, earlier = _year(year), _year(year - 1)
    now, before = _money(session, by, this), _money(session, by, earlier)
    chosen = _used_by_chooser(session, by, this)
    in_years = _clients(session, None, Span.YEAR, [this[0], earlier[0]])
    total_clients = (in_years.get((None, this[0]), 0), in_years.get((None, earlier[0]), 0))
    if by is ReportBy.MONTH:
        months = [date(year, number, 1) for number in range(1, 13)]
        counts = _clients(session, None, Span.MONTH, months + [_earlier(month) for month in months])
        rows = [ReportRow(month, counts.get((None, month), 0), now.get(month, Balance()),
                          counts.get((None, _earlier(month)), 0), before.get(_earlier(month), Balance()),
                          chosen.get(month, {})) for month in months]
        return Report(by, year, rows, added(rows, None, *total_clients), years, {})
    counts = _clients(session, by, Span.YEAR, [this[0], earlier[0]])
    names = _names(session, by)
    keys = sorted(set(now) | set(before) | {key for key, _ in counts}, key=lambda key: _sort_key(names.get(key), key))
    rows = [ReportRow(key, counts.get((key, this[0]), 0), now.get(key, Balance()), counts.get((key, earlier[0]), 0),
                      before.get(key, Balance()), chosen.get(key, {})) for key in keys]
    return Report(by, year, rows, added(rows, None, *total_clients), years, names)


def _by_year(session: Session, years: list[int]) -> list[ReportRow]:
    if not years:
        return []
    span = (_year(years[0] - 1)[0], _year(years[-1])[1])
    money, chosen = _money(session, ReportBy.YEAR, span), _used_by_chooser(session, ReportBy.YEAR, span)
    counts = _clients(session, None, Span.YEAR, [date(year, 1, 1) for year in [years[0] - 1, *years]])
    return [ReportRow(year, counts.get((None, date(year, 1, 1)), 0), money.get(year, Balance()),
                      counts.get((None, date(year - 1, 1, 1)), 0), money.get(year - 1, Balance()), chosen.get(year, {}))
            for year in years]


def chooser_of_event(event=ServiceEvent):
    """Who chose the provider of a recording: the accepted choice covering its day, for its plan
    line and provider, as when it was recorded. A revision accepted later may end that choice
    before the day (the service continues on the new plan's line); then it is the latest such
    choice begun by the day. A select of that one column, for the caller to narrow to its recordings."""
    begun = (select(ProviderChoice.chosen_by)
             .where(ProviderChoice.plan_line_id == event.plan_line_id, ProviderChoice.provider_id == event.provider_id,
                    ProviderChoice.status == ChoiceStatus.ACCEPTED.value, ProviderChoice.valid_from <= event.service_date))
    covering = begun.where(or_(ProviderChoice.valid_to.is_(None), ProviderChoice.valid_to >= event.service_date))
    return select(func.coalesce(
        covering.order_by(ProviderChoice.id.desc()).limit(1).correlate(event).scalar_subquery(),
        begun.order_by(ProviderChoice.valid_from.desc(), ProviderChoice.id.desc()).limit(1).correlate(event)
        .scalar_subquery(),
        Chooser.UNRECORDED.value))


def cells_of(session: Session, client_id: int) -> set[Cell]:
    """Where the client counts now, from their vouchers."""
    municipality_id = session.scalar(select(Client.municipality_id).where(Client.id == client_id))
    vouchers = session.execute(select(Voucher.service_type_id, Voucher.period_start, Voucher.period_end)
                               .where(Voucher.client_id == client_id, Voucher.granted_cents > 0))
    return client_cells(municipality_id, vouchers)


def move_counts(session: Session, before: set[Cell], after: set[Cell]) -> None:
    """The counts a client joined go up by one (inserted if new), those they left down by one: two
    statements, in the transaction that changed the vouchers."""
    def keyed(cells: set[Cell]) -> list[dict]:
        return [dict(in_span=span, in_period=period, municipality=municipality_id, kind=kind)
                for span, period, municipality_id, kind in sorted(cells)]

    if joined := keyed(after - before):
        statement = dialect_insert(session)(ClientCount).values(span=bindparam("in_span"), period=bindparam("in_period"),
                                               municipality_id=bindparam("municipality"),
                                               service_type_id=bindparam("kind"), clients=1)
        session.execute(statement.on_conflict_do_update(
            index_elements=["span", "period", "municipality_id", "service_type_id"],
            set_={"clients": ClientCount.clients + 1}), joined)
    if left := keyed(before - after):  # Core, not the ORM's bulk update by primary key
        session.connection().execute(
            update(ClientCount).where(ClientCount.span == bindparam("in_span"), ClientCount.period == bindparam("in_period"),
                                      ClientCount.municipality_id == bindparam("municipality"),
                                      ClientCount.service_type_id == bindparam("kind"))
            .values(clients=ClientCount.clients - 1), left)


def counted(connection) -> Counter:
    """Every count recounted from the vouchers: for the bulk generator and check-ledger."""
    cells: dict[int, set[Cell]] = {}
    rows = connection.execute(
        select(Voucher.client_id, Client.municipality_id, Voucher.service_type_id, Voucher.period_start,
               Voucher.period_end).join(Client, Client.id == Voucher.client_id).where(Voucher.granted_cents > 0))
    for client_id, municipality_id, service_type_id, start, end in rows:
        cells.setdefault(client_id, set()).update(client_cells(municipality_id, [(service_type_id, start, end)]))
    return Counter(cell for found in cells.values() for cell in found)


def recount(connection) -> int:
    """Replace the stored counts with a recount (after a bulk load). Returns how many there are."""
    counts = counted(connection)
    connection.execute(delete(ClientCount))
    if counts:
        connection.execute(insert_rows(ClientCount), [
            dict(span=span, period=period, municipality_id=municipality_id, service_type_id=kind, clients=clients)
            for (span, period, municipality_id, kind), clients in counts.items()])
    return len(counts)


def count_discrepancies(connection) -> list[str]:
    stored = {(span, _as_key(period), municipality_id, kind): clients
              for span, period, municipality_id, kind, clients in connection.execute(
                  select(ClientCount.span, ClientCount.period, ClientCount.municipality_id,
                         ClientCount.service_type_id, ClientCount.clients)) if clients}
    recounted = dict(counted(connection))
    wrong = sorted(cell for cell in set(stored) | set(recounted) if stored.get(cell) != recounted.get(cell))
    return [f"client counts {cell}: stored {stored.get(cell, 0)}, recounted {recounted.get(cell, 0)}"
            for cell in wrong[:5]] + ([f"… and {len(wrong) - 5} more"] if len(wrong) > 5 else [])


def _names(session: Session, by: ReportBy) -> dict[int, object]:
    model = Municipality if by is ReportBy.MUNICIPALITY else ServiceType
    return {row.id: row for row in session.scalars(select(model))}


def _sort_key(named, key) -> tuple:
    return (getattr(named, "name_fi", None) or getattr(named, "code", None) or "", key or 0)


def _earlier(month: date) -> date:
    return date(month.year - 1, month.month, 1)


@dataclass(frozen=True)
class ReportCsvStyle:
    """The report's CSV in its reader's language: the header, the group's name and the number format."""

    delimiter: str
    header: list[str]
    label: Callable[[object], str]
    euros: Callable[[int], str]
    percent: Callable[[object], str]
    total: str


def report_csv(found: Report, style: ReportCsvStyle) -> Iterator[str]:
    """The rows of the report and its total, the same figures as its page."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow(style.header)
    for row in [*found.rows, found.total]:
        writer.writerow([
            style.total if row is found.total else style.label(row.key), row.clients,
            style.euros(row.figures.granted_cents), style.euros(row.figures.used_cents),
            style.euros(row.figures.credited_cents), style.euros(row.figures.left_cents),
            style.percent(row.used_percent), style.percent(row.chosen_percent(Chooser.CLIENT)),
            style.percent(row.chosen_percent(Chooser.RELATIVE)), row.earlier_clients,
            style.euros(row.earlier.used_cents), style.percent(row.used_change_percent),
        ])
    yield out.getvalue()
