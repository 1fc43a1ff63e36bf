"""Paper letters: the county's staff print the alerts of those who chose a letter, a batch at a time.

Making a batch takes every waiting letter with one conditional update (`… WHERE delivery =
'waiting'`), so two staff members pressing at once cannot print the same letter twice: the
second finds none waiting. A letter without an address is not printed but marked failed.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Alert, LetterBatch, NotificationSetting, User
from portal.domain.alerts import DELIVERY, AlertKind, Channel, Delivery, decision_of, services_month_of
from portal.services.alerts import reader_of
from portal.services.decisions import contents_by_id


@dataclass(frozen=True)
class Address:
    name: str
    street_address: str
    postal_code: str
    post_office: str

    @property
    def complete(self) -> bool:
        return bool(self.name and self.street_address and self.postal_code and self.post_office)


@dataclass(frozen=True)
class Letter:
    alert_id: int
    client_id: int
    kind: AlertKind
    to: Address
    language: str
    client_name: str | None  # None: the letter is to the client
    service_code: str | None
    about: object  # the alert's date, if it speaks of one
    written: datetime
    decision: object | None = None  # a decision's letter prints the decision (domain.decisions.DecisionContent)
    month: date | None = None  # the month whose services wait for confirmation, if the letter tells of them


@dataclass(frozen=True)
class LettersPage:
    waiting: int
    batches: list[LetterBatch]


def _waiting():
    return (Alert.channel == Channel.LETTER) & (Alert.delivery == Delivery.WAITING)


def letters_page(session: Session) -> LettersPage:
    waiting = session.scalar(select(func.count()).select_from(Alert).where(_waiting())) or 0
    batches = list(session.scalars(select(LetterBatch).order_by(LetterBatch.id.desc()).limit(20)))
    return LettersPage(waiting, batches)


def _address(alert: Alert, setting: NotificationSetting | None) -> Address:
    if reader_of(alert, setting).is_client:  # the client's own letter goes to her register address
        client = alert.client
        return Address(client.full_name, client.street_address, client.postal_code, client.post_office)
    if setting is None:
        return Address(alert.user.display_name, "", "", "")
    return Address(setting.letter_name or alert.user.display_name, setting.street_address, setting.postal_code,
                   setting.post_office)


def _loaded(session: Session, where) -> list[tuple[Alert, NotificationSetting | None]]:
    return list(session.execute(
        select(Alert, NotificationSetting).outerjoin(NotificationSetting, NotificationSetting.user_id == Alert.user_id)
        .where(where).options(joinedload(Alert.client), joinedload(Alert.user), joinedload(Alert.service_type))
        .order_by(Alert.id)).all())


def make_batch(session: Session, made_by: User, now: datetime) -> LetterBatch | None:
    """A new batch of every waiting letter that has an address; None when none was waiting."""
    unaddressed = [alert.id for alert, setting in _loaded(session, _waiting())
                   if not _address(alert, setting).complete]
    if unaddressed:
        session.execute(update(Alert).where(Alert.id.in_(unaddressed), _waiting())
                        .values(delivery=Delivery.FAILED, failure="no postal address")
                        .execution_options(synchronize_session=False))
    batch = LetterBatch(made_by_user_id=made_by.id, made_at=now, letters=0)
    session.add(batch)
    session.flush()
    taken = session.execute(
        update(Alert).where(_waiting(), Alert.delivery.in_(DELIVERY.sources(Delivery.SENT)))
        .values(delivery=Delivery.SENT, letter_batch_id=batch.id, delivered_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if not taken:
        session.delete(batch)
        session.flush()
        return None
    batch.letters = taken
    return batch


def batch_of(session: Session, batch_id: int) -> LetterBatch | None:
    return session.get(LetterBatch, batch_id)


def letters_of(session: Session, batch_id: int) -> list[Letter]:
    letters = []
    loaded = _loaded(session, Alert.letter_batch_id == batch_id)
    decisions = contents_by_id(session, [decision_of(alert.event_key) for alert, _setting in loaded
                                         if alert.kind == AlertKind.DECISION_MADE])
    for alert, setting in loaded:
        reader = reader_of(alert, setting)
        letters.append(Letter(alert.id, alert.client_id, AlertKind(alert.kind), _address(alert, setting),
                              reader.language, reader.client_name,
                              alert.service_type.code if alert.service_type else None, alert.about_day,
                              alert.created_at, decisions.get(decision_of(alert.event_key)),
                              services_month_of(alert.event_key)))
    return letters
