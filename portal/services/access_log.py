"""Recording and reading who has accessed a client's data."""

from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import AccessLogEntry, User, utcnow
from portal.domain.access_log import AccessAction

PAGE_SIZE = 50


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


@dataclass(frozen=True)
class LogPage:
    entries: list[AccessLogEntry]
    page: int
    pages: int
    total: int


def entries_for(session: Session, client_id: int, page: int, leave_out_user_id: int | None = None) -> LogPage:
    """A page of the client's log, newest first; the client's own visits can be left out."""
    condition = [AccessLogEntry.client_id == client_id]
    if leave_out_user_id is not None:
        condition.append(AccessLogEntry.actor_user_id != leave_out_user_id)
    total = session.scalar(select(func.count()).select_from(AccessLogEntry).where(*condition))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = session.scalars(
        select(AccessLogEntry)
        .where(*condition)
        .options(joinedload(AccessLogEntry.actor))
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return LogPage(list(entries), page, pages, total)
