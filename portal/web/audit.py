"""Writing a read or an action of the signed-in user to the client's access log, at once."""

from flask_login import current_user

from portal.db.session import get_session
from portal.domain.access_log import AccessAction
from portal.services import access_log


def log_access(client_id: int, action: AccessAction, detail: str = "", mandate_id: int | None = None) -> None:
    db = get_session()
    access_log.record(db, current_user, client_id, action, mandate_id, detail)
    db.commit()
