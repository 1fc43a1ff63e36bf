"""Alerts written once per person and event: when something happens, and once a day for the service lines.

An event's alert is written in the same transaction as the event (a plan proposed, a provider's
answer, a mandate request, the case manager's message), so both are saved or neither. The lines'
alerts (little left, runs out early, period ending, unused) come from one look over every plan in
force, once a day, by whichever sender claims the day first (`scan_once`); the same look finds the ended
months whose recorded services wait for the client's confirmation. Each row is inserted
with ON CONFLICT DO NOTHING on (person, event key): asking twice never writes twice.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from portal.db.models import (
    Alert,
    AlertScan,
    Mandate,
    NotificationSetting,
    Plan,
    PlanLine,
    ProviderChoice,
    ServiceDispute,
    ServiceEvent,
    User,
    Voucher,
)
from portal.db.session import dialect_insert
from portal.domain.alerts import (
    FOR_THE_CLIENT_ONLY,
    Channel,
    Due,
    LineState,
    first_delivery,
    line_alerts,
    period_alert,
    services_to_confirm,
)
from portal.domain.confirmations import still_to_confirm_from
from portal.domain.forecast import DayUse, WINDOW_DAYS, forecast
from portal.domain.mandates import MandateStatus
from portal.domain.plans import PlanStatus, month_start
from portal.domain.providers import ChoiceStatus
from portal.domain.recording import MAX_DAYS_BACK
from portal.domain.roles import Role
from portal.services.ledger import month_of

CHUNK = 500


@dataclass(frozen=True)
class Recipient:
    user_id: int
    is_client: bool


@dataclass(frozen=True)
class Raised:
    client_id: int
    due: Due
    service_type_id: int | None = None


def recipients_of(session: Session, client_ids: Iterable[int], today: date) -> dict[int, list[Recipient]]:
    """Each client's own account and the holders of the client's valid mandates, in two queries."""
    ids = list(set(client_ids))
    found: dict[int, list[Recipient]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        for user_id, client_id in session.execute(
                select(User.id, User.client_id).where(User.client_id.in_(part), User.role == Role.CLIENT)):
            found[client_id].append(Recipient(user_id, True))
        for user_id, client_id in session.execute(
                select(Mandate.holder_user_id, Mandate.client_id).where(
                    Mandate.client_id.in_(part), Mandate.status == MandateStatus.ACTIVE, Mandate.valid_until >= today)):
            found[client_id].append(Recipient(user_id, False))
    return found


def channels_of(session: Session, user_ids: Iterable[int]) -> dict[int, Channel]:
    """How each person chose to be told; the portal only unless they chose otherwise."""
    ids = list(set(user_ids))
    chosen: dict[int, Channel] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(select(NotificationSetting.user_id, NotificationSetting.channel)
                               .where(NotificationSetting.user_id.in_(ids[start:start + CHUNK])))
        chosen.update({user_id: Channel(channel) for user_id, channel in rows})
    return chosen


def write(session: Session, raised: list[Raised], today: date) -> int:
    """Write each alert to each of its recipients unless that person has it already; the number written."""
    if not raised:
        return 0
    recipients = recipients_of(session, (r.client_id for r in raised), today)
    channels = channels_of(session, (p.user_id for people in recipients.values() for p in people))
    rows = []
    for alert in raised:
        for person in recipients.get(alert.client_id, []):
            if alert.due.kind in FOR_THE_CLIENT_ONLY and not person.is_client:
                continue
            channel = channels.get(person.user_id, Channel.PORTAL)
            rows.append(dict(user_id=person.user_id, client_id=alert.client_id, kind=alert.due.kind,
                             event_key=alert.due.key, about_day=alert.due.day,
                             service_type_id=alert.service_type_id, channel=channel,
                             delivery=first_delivery(channel), attempts=0, failure=""))
    written = 0
    insert = dialect_insert(session)
    for start in range(0, len(rows), CHUNK):
        written += len(session.execute(insert(Alert).values(rows[start:start + CHUNK])
                                       .on_conflict_do_nothing(index_elements=["user_id", "event_key"])
                                       .returning(Alert.id)).all())
    return written


def tell(session: Session, client_id: int, due: Due, today: date, service_type_id: int | None = None) -> int:
    """An event's alert, in the event's own transaction."""
    return write(session, [Raised(client_id, due, service_type_id)], today)


@dataclass(frozen=True)
class _Line:
    client_id: int
    plan_id: int
    plan_period_end: date
    service_type_id: int
    quantity_per_month: int
    voucher: tuple  # id, granted, left, first day, last day


def _lines_in_force(session: Session, today: date) -> list[_Line]:
    rows = session.execute(
        select(Plan.client_id, Plan.id, Plan.period_end, PlanLine.service_type_id, PlanLine.quantity_per_month,
               Voucher.id, Voucher.granted_cents, Voucher.remaining_cents, Voucher.period_start, Voucher.period_end)
        .join(PlanLine, PlanLine.plan_id == Plan.id).join(Voucher, Voucher.id == PlanLine.voucher_id)
        .where(Plan.status == PlanStatus.ACCEPTED, Plan.in_force_from <= today, Plan.in_force_to >= today)
    )
    return [_Line(c, p, end, s, q, tuple(voucher)) for c, p, end, s, q, *voucher in rows]


def _window_use(session: Session, today: date) -> dict[int, tuple[int, int, int, date]]:
    """Each voucher's use in the last eight weeks, added up by the database: units, charged,
    credited, and the last day used. The forecast needs only the window's totals."""
    rows = session.execute(
        select(ServiceEvent.voucher_id, func.sum(ServiceEvent.units - ServiceEvent.credited_units),
               func.sum(ServiceEvent.charged_cents), func.sum(ServiceEvent.credited_cents),
               func.max(ServiceEvent.service_date))
        .where(ServiceEvent.service_date > today - timedelta(days=WINDOW_DAYS), ServiceEvent.service_date <= today)
        .group_by(ServiceEvent.voucher_id)
    )
    return {voucher_id: (int(units), int(charged), int(credited), last) for voucher_id, units, charged, credited, last
            in rows}


def _last_used(session: Session, voucher_ids: list[int]) -> dict[int, date]:
    """The last day of use of vouchers unused in the window (their last use is older, or none)."""
    last: dict[int, date] = {}
    for start in range(0, len(voucher_ids), CHUNK):
        last.update(session.execute(
            select(ServiceEvent.voucher_id, func.max(ServiceEvent.service_date))
            .where(ServiceEvent.voucher_id.in_(voucher_ids[start:start + CHUNK]))
            .group_by(ServiceEvent.voucher_id)).all())
    return last


def _served(session: Session, line_ids_of: dict[int, int], today: date) -> set[int]:
    """The vouchers whose line has a provider that accepted the client, today."""
    served = set()
    line_ids = list(line_ids_of)
    for start in range(0, len(line_ids), CHUNK):
        served.update(line_ids_of[line_id] for line_id in session.scalars(
            select(ProviderChoice.plan_line_id).where(
                ProviderChoice.plan_line_id.in_(line_ids[start:start + CHUNK]),
                ProviderChoice.status == ChoiceStatus.ACCEPTED, ProviderChoice.valid_from <= today,
                (ProviderChoice.valid_to.is_(None)) | (ProviderChoice.valid_to >= today))))
    return served


def due_for_lines(session: Session, today: date) -> list[Raised]:
    """The alerts every plan in force calls for today, in a handful of queries for the whole county."""
    lines = _lines_in_force(session, today)
    line_ids_of = dict(session.execute(
        select(PlanLine.id, PlanLine.voucher_id).join(Plan, Plan.id == PlanLine.plan_id)
        .where(Plan.status == PlanStatus.ACCEPTED, Plan.in_force_from <= today, Plan.in_force_to >= today)).all())
    served = _served(session, line_ids_of, today)
    window = _window_use(session, today)
    older = _last_used(session, [line.voucher[0] for line in lines if line.voucher[0] not in window
                                 and line.voucher[0] in served])
    raised, plans_seen = [], set()
    for line in lines:
        voucher_id, granted, left, first_day, last_day = line.voucher
        units, charged, credited, last = window.get(voucher_id, (0, 0, 0, older.get(voucher_id)))
        use = [DayUse(today, units, charged, credited)] if units else []
        state = LineState(
            voucher_id=voucher_id, granted_cents=granted, left_cents=left, period_end=last_day, line_start=first_day,
            has_provider=voucher_id in served, last_used_on=last,
            forecast=forecast(use, today=today, line_start=first_day, period_end=last_day, left_cents=left,
                              quantity_per_month=line.quantity_per_month))
        raised.extend(Raised(line.client_id, due, line.service_type_id) for due in line_alerts(state, today))
        if line.plan_id not in plans_seen:
            plans_seen.add(line.plan_id)
            ending = period_alert(line.plan_id, line.plan_period_end, today)
            if ending is not None:
                raised.append(Raised(line.client_id, ending))
    return raised


def due_for_confirmations(session: Session, today: date) -> list[Raised]:
    """Each client's ended months with services neither confirmed nor disputed whose days to confirm are not
    over: one query grouped by client and month for the whole county. A service is recorded at most
    MAX_DAYS_BACK after its day, which bounds the service days read."""
    open_months_from, recorded_since = still_to_confirm_from(today)
    of_month = type_coerce(month_of(session, ServiceEvent.service_date), Date)
    rows = session.execute(
        select(Voucher.client_id, of_month, func.min(ServiceEvent.recorded_at))
        .join(Voucher, Voucher.id == ServiceEvent.voucher_id)
        .where(ServiceEvent.service_date < month_start(today),
               ServiceEvent.service_date >= recorded_since - timedelta(days=MAX_DAYS_BACK),
               (ServiceEvent.service_date >= open_months_from)
               | (ServiceEvent.recorded_at >= datetime.combine(recorded_since, time(), UTC)),
               ServiceEvent.confirmed_at.is_(None),
               ~exists().where(ServiceDispute.service_event_id == ServiceEvent.id))
        .group_by(Voucher.client_id, of_month))
    raised = [(client_id, services_to_confirm(client_id, month, first.date(), today))
              for client_id, month, first in rows]
    return [Raised(client_id, due) for client_id, due in raised if due is not None]


def scan_once(session: Session, today: date) -> int | None:
    """Look over the service lines for today's alerts, unless another sender has done it today:
    the day is claimed by its primary key in the same transaction as the alerts it writes (a second
    sender waits for the first to commit, then finds the day taken). None when it was taken."""
    claimed = session.execute(dialect_insert(session)(AlertScan).values(day=today, alerts=0)
                              .on_conflict_do_nothing(index_elements=["day"]).returning(AlertScan.day)).first()
    if claimed is None:  # (an INSERT's rowcount is not to be trusted on every driver; what it returns is)
        return None
    written = write(session, due_for_lines(session, today) + due_for_confirmations(session, today), today)
    session.get(AlertScan, today).alerts = written
    return written


@dataclass(frozen=True)
class Reader:
    """Who reads an alert's e-mail or letter, and in which language: the client ("your"), or a relative, who
    reads the client's name."""

    language: str
    client_name: str | None  # None: the client herself

    @property
    def is_client(self) -> bool:
        return self.client_name is None


def reader_of(alert: Alert, setting: NotificationSetting | None) -> Reader:
    is_client = alert.user.client_id == alert.client_id
    return Reader(setting.language if setting else alert.client.language,
                  None if is_client else alert.client.full_name)

