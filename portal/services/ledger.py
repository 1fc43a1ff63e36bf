"""The ledger's writes and the budget positions read from its running totals.

Every entry moves its voucher's totals and its month's totals in the same transaction.
Each check is part of the write: a conditional UPDATE matches no row when the voucher
has too little left (or a credit would give back more than was charged), so two
requests at once can never overspend a voucher or over-credit it. On PostgreSQL the
UPDATE holds the row until the transaction ends; on SQLite every request's transaction
is an immediate one (see `portal.db.session`).
"""

from collections.abc import Iterable
from functools import cache
from datetime import date

from sqlalchemy import Date, bindparam, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from portal.db.models import (
    ChoiceMonth,
    Client,
    CountyMonth,
    LedgerEntry,
    ProviderMonth,
    ServiceEvent,
    Voucher,
    VoucherMonth,
    utcnow,
)
from portal.db.session import dialect_insert
from portal.domain.charges import Charge
from portal.domain.ledger import (
    Balance,
    EntryKind,
    InsufficientBalance,
    MonthPosition,
    Position,
    deltas,
    refusal_of,
    signed_amount,
)
from portal.domain.plans import month_start, next_month
from portal.domain.providers import Chooser
from portal.services import reports, settlement_books


def forget(session: Session, model, key) -> None:
    """Running totals move by UPDATE statements: an object of the row held in the session is stale."""
    held = session.identity_map.get(session.identity_key(model, key))
    if held is not None:
        session.expire(held)


def insert_missing(session: Session, model, **key) -> None:
    """Insert a running-totals row with zeros unless it exists (safe when two requests race)."""
    session.execute(_inserting_zeros(dialect_insert(session), model, tuple(key)),
                    {f"key_{name}": value for name, value in key.items()})


@cache
def _inserting_zeros(insert_of, model, key_names: tuple[str, ...]):
    """INSERT … VALUES (:key_key …) ON CONFLICT DO NOTHING, built once for each database and shape."""
    columns = model.__table__.columns
    return (insert_of(model).values({name: bindparam(f"key_{name}", type_=columns[name].type) for name in key_names})
            .on_conflict_do_nothing(index_elements=list(key_names)))


@cache
def _adding(model, key_names: tuple[str, ...], amount_names: tuple[str, ...]):
    """UPDATE … SET amount = amount + :add_amount … WHERE key = :key_key …, built once for each shape."""
    return (update(model).where(*(getattr(model, name) == bindparam(f"key_{name}") for name in key_names))
            .values({name: getattr(model, name) + bindparam(f"add_{name}") for name in amount_names})
            .execution_options(synchronize_session=False))


def add_to_totals(session: Session, model, key: dict, **amounts: int) -> None:
    """Add to a row of running totals (made with zeros if it is missing): one UPDATE, no read."""
    insert_missing(session, model, **key)
    session.execute(_adding(model, tuple(key), tuple(amounts)),
                    {f"key_{name}": value for name, value in key.items()}
                    | {f"add_{name}": value for name, value in amounts.items()})


def post_entry(
    session: Session,
    voucher_id: int,
    kind: EntryKind,
    amount_cents: int,
    month: date,
    service_event_id: int | None = None,
) -> int:
    """Append an entry and move the voucher's and the month's totals with it, or raise LedgerError.
    Returns the entry's id."""
    signed = signed_amount(kind, amount_cents)
    granted, charged, credited = deltas(kind, amount_cents)
    month = month_start(month)
    moved = session.execute(_moving_voucher(kind), dict(voucher_id=voucher_id, amount=amount_cents, granted=granted,
                                                         charged=charged, credited=credited, signed=signed)).first()
    if moved is None:
        voucher = session.get(Voucher, voucher_id, populate_existing=True)
        if voucher is None:
            raise LookupError("no such voucher")
        raise refusal_of(voucher.balance, kind, amount_cents) or InsufficientBalance("changed meanwhile")
    add_to_totals(session, VoucherMonth, dict(voucher_id=voucher_id, month=month), granted_cents=granted,
                  charged_cents=charged, credited_cents=credited)
    place = _move_county_month(session, moved.client_id, moved.service_type_id, month, granted, charged, credited)
    if charged or credited:
        _move_choice_month(session, place, service_event_id, charged, credited)
    forget(session, Voucher, voucher_id)
    forget(session, VoucherMonth, (voucher_id, month))
    return session.execute(
        _APPENDING, dict(voucher_id=voucher_id, kind=kind.value, amount_cents=signed, month=month,
                         service_event_id=service_event_id, created_at=utcnow())
    ).scalar_one()


_APPENDING = insert(LedgerEntry).returning(LedgerEntry.id)


@cache
def _moving_voucher(kind: EntryKind):
    """The voucher's totals moved by an entry of this kind, if it may be made: one conditional UPDATE (:voucher_id,
    :amount and the deltas :granted, :charged, :credited, :signed), built once for each kind."""
    statement = (
        update(Voucher)
        .where(Voucher.id == bindparam("voucher_id"))
        .values(
            granted_cents=Voucher.granted_cents + bindparam("granted"),
            charged_cents=Voucher.charged_cents + bindparam("charged"),
            credited_cents=Voucher.credited_cents + bindparam("credited"),
            remaining_cents=Voucher.remaining_cents + bindparam("signed"),
        )
        .returning(Voucher.client_id, Voucher.service_type_id)
        .execution_options(synchronize_session=False)
    )
    if kind in (EntryKind.CHARGE, EntryKind.CLOSE):
        statement = statement.where(Voucher.remaining_cents >= bindparam("amount"))
    if kind is EntryKind.CREDIT:
        statement = statement.where(Voucher.charged_cents - Voucher.credited_cents >= bindparam("amount"))
    return statement


def _move_county_month(session: Session, client_id: int, service_type_id: int, month: date, granted: int, charged: int,
                       credited: int) -> dict:
    """The county's totals of the month, for the client's municipality and the kind of service.
    Returns their key."""
    municipality_id = session.scalar(select(Client.municipality_id).where(Client.id == client_id))
    key = dict(month=month, municipality_id=municipality_id, service_type_id=service_type_id)
    add_to_totals(session, CountyMonth, key, granted_cents=granted, charged_cents=charged, credited_cents=credited)
    return key


def _move_choice_month(session: Session, place: dict, service_event_id: int | None, charged: int,
                       credited: int) -> None:
    """The month's budget used by who chose the provider of the recording charged or credited."""
    chosen_by = Chooser.UNRECORDED.value if service_event_id is None else session.scalar(
        reports.chooser_of_event(ServiceEvent).where(ServiceEvent.id == service_event_id))
    add_to_totals(session, ChoiceMonth, dict(place, chosen_by=chosen_by), charged_cents=charged, credited_cents=credited)


def close_at_most(session: Session, voucher_id: int, amount_cents: int, month: date) -> int | None:
    """Close budget that will not be used, but never more than is left: what was used stays used."""
    left = session.scalar(select(Voucher.remaining_cents).where(Voucher.id == voucher_id))
    closing = min(amount_cents, left)
    return post_entry(session, voucher_id, EntryKind.CLOSE, closing, month) if closing > 0 else None


def take_units(session: Session, voucher_id: int, month: date, units: int) -> bool:
    """Count units against the month's quantity, if they fit in it: one conditional update."""
    result = session.execute(
        update(VoucherMonth)
        .where(VoucherMonth.voucher_id == voucher_id, VoucherMonth.month == month_start(month),
               VoucherMonth.units_used + units <= VoucherMonth.unit_limit)
        .values(units_used=VoucherMonth.units_used + units)
        .execution_options(synchronize_session=False)
    )
    forget(session, VoucherMonth, (voucher_id, month_start(month)))
    return result.rowcount == 1


def give_back_units(session: Session, voucher_id: int, month: date, units: int) -> None:
    session.execute(
        update(VoucherMonth)
        .where(VoucherMonth.voucher_id == voucher_id, VoucherMonth.month == month_start(month))
        .values(units_used=VoucherMonth.units_used - units)
        .execution_options(synchronize_session=False)
    )
    forget(session, VoucherMonth, (voucher_id, month_start(month)))


def take_credited_units(session: Session, event_id: int, units: int) -> int | None:
    """Count units of a recording as credited back, if that many are not yet: one conditional
    update. Returns how many were credited before (so the credit's share is computed from the
    locked row), or None when there are not that many left to credit."""
    after = session.execute(
        update(ServiceEvent)
        .where(ServiceEvent.id == event_id, ServiceEvent.credited_units + units <= ServiceEvent.units)
        .values(credited_units=ServiceEvent.credited_units + units)
        .returning(ServiceEvent.credited_units)
        .execution_options(synchronize_session=False)
    ).scalar()
    forget(session, ServiceEvent, event_id)
    return None if after is None else after - units


def add_credited_amounts(session: Session, event_id: int, credit: Charge) -> None:
    session.execute(
        update(ServiceEvent).where(ServiceEvent.id == event_id)
        .values(credited_cents=ServiceEvent.credited_cents + credit.to_budget_cents,
                credited_self_pay_cents=ServiceEvent.credited_self_pay_cents + credit.self_pay_cents)
        .execution_options(synchronize_session=False)
    )
    forget(session, ServiceEvent, event_id)


def set_unit_limits(session: Session, voucher_id: int, limits: dict[date, int]) -> None:
    """The months' quantities as a plan sets them; months are taken in order (a fixed lock order)."""
    for month in sorted(limits):
        insert_missing(session, VoucherMonth, voucher_id=voucher_id, month=month)
        session.execute(
            update(VoucherMonth)
            .where(VoucherMonth.voucher_id == voucher_id, VoucherMonth.month == month)
            .values(unit_limit=limits[month])
            .execution_options(synchronize_session=False)
        )
        forget(session, VoucherMonth, (voucher_id, month))


def book_for_provider(session: Session, provider_id: int, month: date, recorded_on: date | None = None,
                      **amounts: int) -> bool:
    """Add to the provider's settlement month's running totals (events, charged_cents, credited_cents,
    self_pay_cents, credits, self_pay_credited_cents, and the confirmations' confirmed_events, held_events,
    held_cents, resolved_events, released_events, released_cents), unless it is settled: one conditional
    update. A recording's day (`recorded_on`) moves the month's latest recording day forward, never back."""
    month = month_start(month)
    insert_missing(session, ProviderMonth, provider_id=provider_id, month=month)
    values = {name: getattr(ProviderMonth, name) + amount for name, amount in amounts.items()}
    if recorded_on is not None:
        latest = ProviderMonth.last_recorded_on
        values["last_recorded_on"] = case((or_(latest.is_(None), latest < recorded_on), recorded_on), else_=latest)
    result = session.execute(
        update(ProviderMonth)
        .where(ProviderMonth.provider_id == provider_id, ProviderMonth.month == month, ProviderMonth.settled_on.is_(None))
        .values(values)
        .execution_options(synchronize_session=False)
    )
    forget(session, ProviderMonth, (provider_id, month))
    return result.rowcount == 1


def book_in_open_month(session: Session, provider_id: int, month: date, today: date, **amounts: int) -> date | None:
    """Book in the month, or in the next one that is not settled (up to today's); the month booked in, or
    None when every month up to today's is settled."""
    month = month_start(month)
    while not book_for_provider(session, provider_id, month, **amounts):
        month = next_month(month)  # that month is settled: the next open one
        if month > month_start(today):
            return None
    return month


def hold_for_dispute(session: Session, provider_id: int, month: date, held_cents: int) -> bool:
    """Hold a disputed recording's amount out of its month's settlement, unless the month is settled."""
    return book_for_provider(session, provider_id, month, held_events=1, held_cents=held_cents)


def release_held(session: Session, provider_id: int, held_month: date, held_cents: int, today: date) -> date | None:
    """Release what a resolved dispute held: in its own month while that is open (no longer held, one more
    resolved), or else into the next open month (released). Returns the month released into, or None when
    no month up to today's is open."""
    if book_for_provider(session, provider_id, held_month, held_events=-1, held_cents=-held_cents, resolved_events=1):
        return month_start(held_month)
    return book_in_open_month(session, provider_id, next_month(month_start(held_month)), today, released_events=1,
                              released_cents=held_cents)


def is_settled(session: Session, provider_id: int, month: date) -> bool:
    return session.scalar(
        select(ProviderMonth.settled_on).where(ProviderMonth.provider_id == provider_id,
                                               ProviderMonth.month == month_start(month))
    ) is not None


def positions_of(session: Session, voucher_ids: Iterable[int]) -> dict[int, Position]:
    """The budget position of each voucher, from its stored running totals: two queries for any number."""
    ids = list(set(voucher_ids))
    if not ids:
        return {}
    totals = {
        voucher_id: Balance(granted, charged, credited)
        for voucher_id, granted, charged, credited in session.execute(
            select(Voucher.id, Voucher.granted_cents, Voucher.charged_cents, Voucher.credited_cents)
            .where(Voucher.id.in_(ids))
        )
    }
    months: dict[int, list[MonthPosition]] = {voucher_id: [] for voucher_id in totals}
    for row in session.execute(
        select(VoucherMonth).where(VoucherMonth.voucher_id.in_(ids)).order_by(VoucherMonth.voucher_id, VoucherMonth.month)
        .execution_options(populate_existing=True)
    ).scalars():
        months[row.voucher_id].append(MonthPosition(
            row.month, Balance(row.granted_cents, row.charged_cents, row.credited_cents), row.unit_limit, row.units_used))
    return {voucher_id: Position(balance, tuple(months[voucher_id])) for voucher_id, balance in totals.items()}


def position_of_voucher(session: Session, voucher_id: int | None) -> Position:
    if voucher_id is None:
        return Position()
    return positions_of(session, [voucher_id]).get(voucher_id, Position())


def month_of(session: Session, day):
    """The first day of a date column's month, in the database's own words (a key to group or join by)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.cast(func.date_trunc("month", day), Date)
    return func.date(day, "start of month")


def _totals_by_kind(key_columns):
    amount = LedgerEntry.amount_cents
    return select(
        *key_columns,
        func.sum(case((LedgerEntry.kind.in_((EntryKind.GRANT.value, EntryKind.CLOSE.value)), amount), else_=0)),
        func.sum(case((LedgerEntry.kind == EntryKind.CHARGE.value, -amount), else_=0)),
        func.sum(case((LedgerEntry.kind == EntryKind.CREDIT.value, amount), else_=0)),
    ).group_by(*key_columns)


def differences(what: str, stored: dict, replayed: dict, shown: int = 5) -> list[str]:
    keys = [key for key in sorted(set(stored) | set(replayed), key=str)
            if tuple(stored.get(key, ())) != tuple(replayed.get(key, ()))]
    if not keys:
        return []
    return [f"{what}: {len(keys)} differ"] + [
        f"  {key}: stored {tuple(stored.get(key, ()))}, from the entries {tuple(replayed.get(key, ()))}"
        for key in keys[:shown]]


def discrepancies(session: Session) -> list[str]:
    """Every stored running total against what its entries and recordings add up to: the
    vouchers' and their months' granted, charged and credited amounts, the county's months by
    municipality and kind of service, the months' units used, each provider's settlement months
    and each settlement; and the county's counts of clients against their vouchers. An empty list
    when all agree."""
    found = []
    zero = (0, 0, 0)
    vouchers = {row[0]: tuple(row[1:]) for row in session.execute(
        select(Voucher.id, Voucher.granted_cents, Voucher.charged_cents, Voucher.credited_cents))}
    entries = {row[0]: tuple(row[1:]) for row in session.execute(_totals_by_kind([LedgerEntry.voucher_id]))}
    found += differences("vouchers", vouchers, {key: entries.get(key, zero) for key in vouchers} | entries)
    months = {(row[0], row[1]): tuple(row[2:]) for row in session.execute(
        select(VoucherMonth.voucher_id, VoucherMonth.month, VoucherMonth.granted_cents, VoucherMonth.charged_cents,
               VoucherMonth.credited_cents))}
    month_entries = {(row[0], row[1]): tuple(row[2:]) for row in session.execute(
        _totals_by_kind([LedgerEntry.voucher_id, LedgerEntry.month]))}
    found += differences("voucher months", months, {key: month_entries.get(key, zero) for key in months} | month_entries)

    county = {(row[0], row[1], row[2]): tuple(row[3:]) for row in session.execute(
        select(CountyMonth.month, CountyMonth.municipality_id, CountyMonth.service_type_id, CountyMonth.granted_cents,
               CountyMonth.charged_cents, CountyMonth.credited_cents))}
    by_place = [VoucherMonth.month, Client.municipality_id, Voucher.service_type_id]
    places = {(row[0], row[1], row[2]): tuple(int(v) for v in row[3:]) for row in session.execute(
        select(*by_place, func.sum(VoucherMonth.granted_cents), func.sum(VoucherMonth.charged_cents),
               func.sum(VoucherMonth.credited_cents))
        .join(Voucher, Voucher.id == VoucherMonth.voucher_id).join(Client, Client.id == Voucher.client_id)
        .group_by(*by_place))}
    found += differences("county months", county, {key: places.get(key, zero) for key in county} | places)

    service_month = month_of(session, ServiceEvent.service_date).label("month")
    used = {(row[0], row[1]): (row[2],) for row in session.execute(
        select(VoucherMonth.voucher_id, VoucherMonth.month, VoucherMonth.units_used).where(VoucherMonth.units_used != 0))}
    recorded = {(row[0], as_date(row[1])): (row[2],) for row in session.execute(
        select(ServiceEvent.voucher_id, service_month, func.sum(ServiceEvent.units - ServiceEvent.credited_units))
        .group_by(ServiceEvent.voucher_id, service_month))}
    found += differences("units used", used, {key: value for key, value in recorded.items() if value != (0,)})

    found += settlement_books.discrepancies(session)
    found += differences("choice months", {tuple(row[:4]): (0, *row[4:]) for row in session.execute(
        select(ChoiceMonth.month, ChoiceMonth.municipality_id, ChoiceMonth.service_type_id, ChoiceMonth.chosen_by,
               ChoiceMonth.charged_cents, ChoiceMonth.credited_cents)) if any(row[4:])}, _choice_months_replayed(session))
    return found + reports.count_discrepancies(session)


def _choice_months_replayed(session: Session) -> dict:
    """The budget charged and credited back by month, municipality, kind of service and who chose
    the provider of the recording, from the entries."""
    chooser = case((ServiceEvent.id.is_(None), Chooser.UNRECORDED.value),
                   else_=reports.chooser_of_event(ServiceEvent).scalar_subquery())
    key = [LedgerEntry.month, Client.municipality_id, Voucher.service_type_id, chooser]
    rows = session.execute(
        _totals_by_kind(key).join(Voucher, Voucher.id == LedgerEntry.voucher_id)
        .join(Client, Client.id == Voucher.client_id)
        .outerjoin(ServiceEvent, ServiceEvent.id == LedgerEntry.service_event_id)
        .where(LedgerEntry.kind.in_((EntryKind.CHARGE.value, EntryKind.CREDIT.value))))
    return {tuple(row[:4]): tuple(int(value) for value in row[4:]) for row in rows if any(row[5:])}


def as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
