"""The one place a read or an action of the signed-in user is written to clients' access logs.

Every read of a client's data by someone else is logged once: a page, a fragment, a list or a
search (one entry for each client shown), an export (one for each client in it). What the page
fetches by itself (htmx polling) is not a read by anybody and is not logged.
"""

from collections.abc import Iterable

from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.services import access_log
from portal.web.sessions import is_background


def log_access(client_id: int, action: AccessAction, detail: str = "", mandate_id: int | None = None) -> None:
    if is_background():
        return
    access_log.log(current_user, client_id, action, mandate_id, detail)


def log_reads(client_ids: Iterable[int], action: AccessAction, detail: str = "") -> None:
    if is_background():
        return
    access_log.log_reads(current_user, client_ids, action, detail)
