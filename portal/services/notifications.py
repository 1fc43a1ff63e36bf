"""A client's or a relative's alerts in the portal, and how they want to be told."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Alert, Client, NotificationSetting, User, utcnow
from portal.domain.alerts import Channel
from portal.services.paging import Page, Where, page_of


@dataclass(frozen=True)
class Settings:
    channel: Channel
    language: str
    email: str
    letter_name: str
    street_address: str
    postal_code: str
    post_office: str
    register_address: Client | None  # a client's letters go to the population register's address


def settings_of(session: Session, user: User) -> Settings:
    chosen = session.get(NotificationSetting, user.id)
    client = session.get(Client, user.client_id) if user.client_id else None
    if chosen is None:
        return Settings(Channel.PORTAL, client.language if client else "fi", "", "", "", "", "", client)
    return Settings(Channel(chosen.channel), chosen.language, chosen.email, chosen.letter_name,
                    chosen.street_address, chosen.postal_code, chosen.post_office, client)


def save_settings(session: Session, user: User, channel: Channel, language: str, email: str, letter_name: str = "",
                  street_address: str = "", postal_code: str = "", post_office: str = "") -> None:
    """Alerts from now on go this way; those already waiting keep the way they were written with."""
    chosen = session.get(NotificationSetting, user.id) or NotificationSetting(user_id=user.id)
    chosen.channel, chosen.language = channel, language
    chosen.email = email.strip() if channel == Channel.EMAIL else chosen.email or ""
    if user.client_id is None:
        chosen.letter_name, chosen.street_address = letter_name.strip(), street_address.strip()
        chosen.postal_code, chosen.post_office = postal_code.strip(), post_office.strip()
    else:
        chosen.letter_name = chosen.street_address = chosen.postal_code = chosen.post_office = ""
    chosen.updated_at = utcnow()
    session.add(chosen)
    session.flush()


def alerts_page(session: Session, user_id: int, where: Where) -> Page:
    """The person's alerts, newest first (ids grow with time)."""
    return page_of(session, select(Alert).where(Alert.user_id == user_id), [Alert.id], lambda alert: (alert.id,),
                   where, size=20,
                   options=(joinedload(Alert.client), joinedload(Alert.service_type)), newest_first=True)


def alert_of(session: Session, user_id: int, alert_id: int) -> Alert | None:
    """One of the person's own alerts; None for anyone else's."""
    return session.scalar(select(Alert).where(Alert.id == alert_id, Alert.user_id == user_id))


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Alert)
                          .where(Alert.user_id == user_id, Alert.read_at.is_(None))) or 0


def mark_all_read(session: Session, user_id: int, now: datetime) -> int:
    return session.execute(update(Alert).where(Alert.user_id == user_id, Alert.read_at.is_(None))
                           .values(read_at=now).execution_options(synchronize_session=False)).rowcount
