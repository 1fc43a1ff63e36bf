"""A letter with a one-time sign-in code, printed by the case manager for a client without online banking codes.

The code is shown once, in the answer to the POST that makes it; only its hash is kept. The same form sent
again makes no second code: it goes to a page that says when the code was made and how to make a new one.
"""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal.domain.access_log import AccessAction
from portal.domain.decision_codes import grouped, last_day, state_of
from portal.domain.feedback import day_in_finland
from portal.domain.roles import Role
from portal.services.use_cases import case_manager as use_cases
from portal.web.access import role_required
from portal.web.audit import log_access
from portal.web.i18n import in_language
from portal.web.once import binding, shown_once
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()


@routes.post("/clients/<int:client_id>/sign-in-code")
@role_required(Role.CASE_MANAGER)
@binding("make_sign_in_code")
def make_sign_in_code(client_id: int):
    letter = use_cases.make_sign_in_code(current_user, client_id, now(), current_app.config["DECISION_CODE_DAYS"])
    if letter is None:
        abort(404)
    if letter.made is None:
        flash(_("The client has no decision yet, so no code was made. A code can be made once a plan has been "
                "accepted."), "info")
        return redirect(url_for("case_manager.client", client_id=client_id), 303)
    shown_once(url_for("case_manager.sign_in_code", client_id=client_id, code_id=letter.made.row.id))
    return render_template("case_manager/code_letter.html", client=letter.client, written=_written(letter))


def _written(letter: use_cases.CodeLetter) -> Markup:
    """The letter in the client's language (the page around it is in the case manager's)."""
    made = letter.made.row
    sign_in_at = current_app.config["PORTAL_URL"].rstrip("/") + url_for("public.decision_code_sign_in")
    with in_language(letter.client.language):
        return Markup(render_template("case_manager/_code_letter.html", letter=letter, sign_in_at=sign_in_at,
                                      code=grouped(letter.made.code), made_on=day_in_finland(made.created_at),
                                      last_day=last_day(made.expires_at)))


@routes.get("/clients/<int:client_id>/sign-in-codes/<int:code_id>")
@role_required(Role.CASE_MANAGER)
def sign_in_code(client_id: int, code_id: int):
    """A code made earlier: when, for which decision, and whether it has been used; never the code itself."""
    code = use_cases.sign_in_code(current_user.case_manager_id, client_id, code_id)
    if code is None:
        abort(404)
    log_access(client_id, AccessAction.VIEW_CLIENT)
    return render_template("case_manager/code_made.html", code=code, client_id=client_id,
                           last_day=last_day(code.expires_at),
                           state=state_of(code.used_at, code.withdrawn_at, code.expires_at, now()))
