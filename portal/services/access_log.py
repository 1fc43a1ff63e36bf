"""Recording and reading who has accessed a client's data."""

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import AccessLogEntry, User, utcnow
from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.paging import Page, Where, page_by_id
from portal.services.work import side_write


def record(
    session: Session,
    actor: User,
    client_id: int,
    action: AccessAction,
    mandate_id: int | None = None,
    detail: str = "",
) -> AccessLogEntry:
    entry = AccessLogEntry(
        actor_user_id=actor.id,
        actor_role=actor.role,
        client_id=client_id,
        mandate_id=mandate_id,
        action=AccessAction(action).value,
        detail=detail[:200],
    )
    session.add(entry)
    return entry


def record_reads(session: Session, actor: User, client_ids, action: AccessAction, detail: str = "") -> None:
    """One entry for each client whose data the actor saw at once (a list, a search, an export),
    written in one statement."""
    rows = [dict(actor_user_id=actor.id, actor_role=actor.role, client_id=client_id, mandate_id=None,
                 action=AccessAction(action).value, detail=detail[:200], at=utcnow())
            for client_id in dict.fromkeys(client_ids)]
    if rows:
        session.execute(insert(AccessLogEntry), rows)


log = side_write(record)  # a read or an action written apart from a page's reading session
log_reads = side_write(record_reads)


def entries_for(session: Session, client_id: int, where: Where) -> Page:
    """A page of the client's log, newest first: what others did, the client's own visits left out."""
    query = select(AccessLogEntry).where(AccessLogEntry.client_id == client_id)
    own_user_id = session.scalar(select(User.id).where(User.client_id == client_id, User.role == Role.CLIENT))
    if own_user_id is not None:
        query = query.where(AccessLogEntry.actor_user_id != own_user_id)
    return page_by_id(session, query, [AccessLogEntry.at, AccessLogEntry.id], lambda entry: (entry.at, entry.id),
                      where, options=(joinedload(AccessLogEntry.actor),), newest_first=True)
