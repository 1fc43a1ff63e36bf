"""Sending the alerts that go out by e-mail: safe to run from cron every few minutes, on several servers at once.

Each run (1) looks over the service lines once a day (`alerts.scan_once`), (2) gives up claims
that a stopped sender left behind, (3) claims a batch of waiting e-mails with a conditional update
(`… WHERE delivery = 'waiting'`: two senders never claim the same alert) and commits the claim,
(4) hands each message to the mail server outside any transaction, and (5) marks it sent, or
back to waiting for another try when the server could not be reached. An alert is never sent twice:
a claim left by a sender that stopped in the middle is marked failed, not sent again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Alert, NotificationSetting, utcnow
from portal.domain.alerts import CLAIM_EXPIRES, DELIVERY, AlertKind, Channel, Delivery, after_failure
from portal.services import alerts
from portal.services.mail import Mailer, MailError
from portal.services.work import use_case

BATCH = 50


@dataclass(frozen=True)
class Outgoing:
    """What an e-mail about one alert may say: no budget figures, the client's name only to a relative."""

    alert_id: int
    kind: AlertKind
    address: str
    language: str
    client_name: str | None  # None: the client is the recipient, and reads "your"
    service_code: str | None


@dataclass
class Report:
    scanned: int | None = None  # alerts written by today's look over the lines; None: done earlier today
    sent: int = 0
    retry: int = 0
    failed: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)


@use_case
def scan_today(db: Session, today: date) -> int | None:
    return alerts.scan_once(db, today)


@use_case
def give_up_stale_claims(db: Session, now: datetime) -> int:
    """Claims older than CLAIM_EXPIRES belong to a sender that stopped: the alert may have left, so it
    is not sent again but marked failed, for the county to see."""
    result = db.execute(
        update(Alert).where(Alert.delivery == Delivery.CLAIMED, Alert.claimed_at < now - CLAIM_EXPIRES)
        .values(delivery=Delivery.FAILED, failure="the sender stopped while sending")
        .execution_options(synchronize_session=False))
    return result.rowcount


@use_case
def claim_emails(db: Session, token: str, now: datetime, limit: int = BATCH) -> list[Outgoing]:
    """Claim up to `limit` waiting e-mails for this sender, in one conditional update."""
    waiting = select(Alert.id).where(Alert.delivery == Delivery.WAITING, Alert.channel == Channel.EMAIL) \
        .order_by(Alert.id).limit(limit).with_for_update(skip_locked=True)
    db.execute(
        update(Alert).where(Alert.id.in_(waiting.scalar_subquery()),
                            Alert.delivery.in_(DELIVERY.sources(Delivery.CLAIMED)))
        .values(delivery=Delivery.CLAIMED, claim=token, claimed_at=now, attempts=Alert.attempts + 1)
        .execution_options(synchronize_session=False))
    claimed = db.execute(
        select(Alert, NotificationSetting).outerjoin(NotificationSetting, NotificationSetting.user_id == Alert.user_id)
        .where(Alert.claim == token, Alert.delivery == Delivery.CLAIMED)
        .options(joinedload(Alert.client), joinedload(Alert.user), joinedload(Alert.service_type))
        .order_by(Alert.id)).all()
    return [_outgoing(alert, setting) for alert, setting in claimed]


def _outgoing(alert: Alert, setting: NotificationSetting | None) -> Outgoing:
    reader = alerts.reader_of(alert, setting)
    return Outgoing(
        alert_id=alert.id, kind=AlertKind(alert.kind), address=setting.email if setting else "",
        language=reader.language, client_name=reader.client_name,
        service_code=alert.service_type.code if alert.service_type else None)


def _move(db: Session, alert_id: int, token: str, to: Delivery, **values) -> bool:
    result = db.execute(
        update(Alert).where(Alert.id == alert_id, Alert.claim == token, Alert.delivery == Delivery.CLAIMED,
                            Alert.delivery.in_(DELIVERY.sources(to)))
        .values(delivery=to, **values).execution_options(synchronize_session=False))
    return result.rowcount == 1


@use_case
def mark_sent(db: Session, alert_id: int, token: str, now: datetime) -> bool:
    return _move(db, alert_id, token, Delivery.SENT, delivered_at=now, failure="")


@use_case
def mark_not_sent(db: Session, alert_id: int, token: str, reason: str) -> Delivery:
    """The server could not take it: back to waiting for the next run, or failed after MAX_ATTEMPTS."""
    attempts = db.scalar(select(Alert.attempts).where(Alert.id == alert_id)) or 0
    to = after_failure(attempts)
    _move(db, alert_id, token, to, claim=None if to is Delivery.WAITING else token, failure=reason[:200])
    return to


@use_case
def mark_undeliverable(db: Session, alert_id: int, token: str, reason: str) -> bool:
    return _move(db, alert_id, token, Delivery.FAILED, failure=reason[:200])


def send_alerts(compose: Callable[[Outgoing], EmailMessage], mailer: Mailer, today: date, token: str,
                now: Callable[[], datetime] = utcnow, batch: int = BATCH) -> Report:
    """One run of the sender: today's look over the lines, then every waiting e-mail, batch by batch."""
    report = Report(scanned=scan_today(today), given_up=give_up_stale_claims(now()))
    while outgoing := claim_emails(token, now(), batch):
        for message in outgoing:
            if not message.address:
                mark_undeliverable(message.alert_id, token, "no e-mail address")
                report.failed += 1
                continue
            try:
                mailer.send(compose(message))
            except MailError as error:
                if mark_not_sent(message.alert_id, token, str(error)) is Delivery.WAITING:
                    report.retry += 1
                else:
                    report.failed += 1
                report.errors.append(str(error))
                continue
            mark_sent(message.alert_id, token, now())
            report.sent += 1
        if report.retry:
            break  # the server is not answering: leave the rest for the next run
    return report
