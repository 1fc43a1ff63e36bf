"""Whose data a request is about: the signed-in client's own, or a client's under a mandate.

The mandate is looked up again on every request, so one that has expired or been revoked
stops access at once, even in the middle of a session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps

from flask import abort, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.domain.access_log import AccessAction
from portal.domain.mandates import Scope, allows, expires_soon
from portal.services import mandates
from portal.web.audit import log_access
from portal.web.sessions import renew_session_id

ACTING_FOR = "acting_for"


@dataclass(frozen=True)
class Acting:
    client: object  # the client's record, as the services read it
    mandate: object | None  # the mandate in force, when acting for someone else

    @property
    def for_self(self) -> bool:
        return self.mandate is None

    @property
    def can_act(self) -> bool:
        return self.mandate is None or allows(self.mandate.scope, Scope.ACT)

    @property
    def expires_soon(self) -> bool:
        return self.mandate is not None and expires_soon(self.mandate.valid_until, date.today())


def current_acting() -> Acting | None:
    """The client whose data this request may show, once per request."""
    if "acting" not in g:
        g.acting = _resolve() if current_user.is_authenticated else None
    return g.acting


def _resolve() -> Acting | None:
    client_id = session.get(ACTING_FOR)
    if client_id is not None:
        mandate = mandates.valid_mandate(current_user.id, client_id, date.today())
        if mandate is None:
            session.pop(ACTING_FOR, None)
            flash(_("Your mandate is no longer valid, so you can no longer see that person's information."), "info")
            return None
        return Acting(mandate.client, mandate)
    if current_user.client_id is not None:
        return Acting(current_user.client, None)
    return None


def start_acting(mandate) -> None:
    """Act for the mandate's client, or for oneself; the session id is renewed either way."""
    if mandate is None:
        session.pop(ACTING_FOR, None)
    else:
        session[ACTING_FOR] = mandate.client_id
    renew_session_id()
    g.pop("acting", None)


def _refused():
    title = _("You cannot do this with your mandate")
    advice = _("Your mandate lets you view this person's information but not act on their behalf. Nothing was changed.")
    return render_template("errors/error.html", title=title, advice=advice), 403


def _log(acting: Acting, action: AccessAction) -> None:
    mandate_id = acting.mandate.id if acting.mandate else None
    log_access(acting.client.id, action, g.get("access_detail", ""), mandate_id)


def client_data(read: AccessAction | None = None, write: AccessAction | None = None) -> Callable:
    """A view of a client's data: reading needs a view mandate, a POST an act mandate.

    Successful reads (200) and actions (303) go to the access log.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            acting = current_acting()
            if acting is None:
                if mandates.valid_held_by(current_user.id, date.today()):
                    return redirect(url_for("relative.choose"))
                abort(403)
            needed = Scope.ACT if request.method == "POST" else Scope.VIEW
            if acting.mandate is not None and not allows(acting.mandate.scope, needed):
                return _refused()
            response = make_response(view(*args, **kwargs))
            if request.method == "GET" and response.status_code == 200 and read:
                _log(acting, read)
            elif request.method == "POST" and response.status_code == 303 and write and not g.get("repeated_submission"):
                _log(acting, g.get("write_action") or write)  # a view with two outcomes names the one it did
            return response

        wrapped = login_required(checked)
        wrapped.access = "client_data"
        return wrapped

    return decorate


def own_client_data(read: AccessAction | None = None) -> Callable:
    """A page only the client may open for themselves, never a holder of their mandate."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            acting = current_acting()
            if acting is None or not acting.for_self:
                abort(403)
            response = make_response(view(*args, **kwargs))
            if request.method == "GET" and response.status_code == 200 and read:
                _log(acting, read)
            return response

        wrapped = login_required(checked)
        wrapped.access = "own_client_data"
        return wrapped

    return decorate
