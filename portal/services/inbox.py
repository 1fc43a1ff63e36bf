"""The case manager's inbox: what her clients and their relatives write to her, unread first, and the
read mark she puts on a message or takes off it again.

Only a message the client or a relative wrote waits to be read; the case manager's own never does.
Every query is scoped to her own clients: a message of anybody else's client is not found.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Client, Message, User, utcnow
from portal.domain.roles import Role
from portal.services.paging import Page, Where, page_by_id

INBOX_PAGE = 25
WRITERS = (Role.CLIENT, Role.RELATIVE)  # whose messages the case manager reads


@dataclass(frozen=True)
class InboxMessage:
    message: Message  # with its author
    client: Client

    @property
    def unread(self) -> bool:
        return self.message.read_at is None

    @property
    def from_the_client(self) -> bool:
        """Written by the client themself, not by a relative."""
        return self.message.author.role == Role.CLIENT


def _hers(query, case_manager_id: int):
    """The query narrowed to what her own clients and their relatives wrote."""
    return (query.join(Client, Client.id == Message.client_id).join(User, User.id == Message.author_user_id)
            .where(Client.case_manager_id == case_manager_id, User.role.in_(WRITERS)))


def unread_count(session: Session, case_manager_id: int) -> int:
    """How many of her clients' messages she has not read: one count, through the caseload's index on
    clients and the messages' index on their client."""
    return session.scalar(_hers(select(func.count()).select_from(Message), case_manager_id)
                          .where(Message.read_at.is_(None)))


def inbox_page(session: Session, case_manager_id: int, where: Where) -> Page:
    """A page of her clients' messages (InboxMessage), the unread first, then the newest first."""
    unread = case((Message.read_at.is_(None), 1), else_=0)
    page = page_by_id(
        session, _hers(select(Message, Client), case_manager_id), [unread, Message.sent_at, Message.id],
        lambda row: (int(row[0].read_at is None), row[0].sent_at, row[0].id), where, INBOX_PAGE,
        options=(joinedload(Message.author),), newest_first=True,
    )
    return replace(page, rows=[InboxMessage(message, client) for message, client in page.rows])


def message_of(session: Session, case_manager_id: int, message_id: int) -> InboxMessage | None:
    """One message her client or their relative wrote; any other is not found."""
    found = session.execute(
        _hers(select(Message, Client), case_manager_id).where(Message.id == message_id)
        .options(joinedload(Message.author)).execution_options(populate_existing=True)
    ).first()
    return InboxMessage(*found) if found else None


def mark(session: Session, case_manager_id: int, message_id: int, read: bool) -> InboxMessage | None:
    """The message marked read (or unread) by one conditional update, which touches it only when it is
    her client's and not so already: a repeat changes nothing. None when it is not hers to mark."""
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.read_at.is_(None) if read else Message.read_at.is_not(None),
               _her_client(case_manager_id), _from_writer())
        .values(read_at=utcnow() if read else None)
        .execution_options(synchronize_session=False)
    )
    return message_of(session, case_manager_id, message_id)


def mark_thread_read(session: Session, case_manager_id: int, client_id: int, until: datetime) -> None:
    """Her client's messages sent up to `until` marked read: a reply answers what came before it."""
    session.execute(
        update(Message)
        .where(Message.client_id == client_id, Message.sent_at <= until, Message.read_at.is_(None),
               _her_client(case_manager_id), _from_writer())
        .values(read_at=until)
        .execution_options(synchronize_session=False)
    )


def _her_client(case_manager_id: int):
    return select(Client.id).where(Client.id == Message.client_id, Client.case_manager_id == case_manager_id).exists()


def _from_writer():
    return select(User.id).where(User.id == Message.author_user_id, User.role.in_(WRITERS)).exists()
