"""The county's decisions on the vouchers of one of the case manager's own clients, as the client reads them."""

from flask import abort, render_template
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.use_cases import case_manager as use_cases
from portal.web.access import role_required
from portal.web.audit import log_access
from portal.web.decisions import decision_pdf as pdf_of, decision_text
from portal.web.routing import Routes

routes = Routes()


def _shown(client_id: int, decision_id: int):
    shown = use_cases.client_decision(current_user.case_manager_id, client_id, decision_id)
    if shown is None:
        abort(404)
    return shown


@routes.get("/clients/<int:client_id>/decisions/<int:decision_id>")
@role_required(Role.CASE_MANAGER)
def decision(client_id: int, decision_id: int):
    shown = _shown(client_id, decision_id)
    page = render_template("case_manager/decision.html", shown=shown, text=decision_text(shown.content))
    log_access(client_id, AccessAction.VIEW_DECISIONS, shown.content.number)
    return page


@routes.get("/clients/<int:client_id>/decisions/<int:decision_id>.pdf")
@role_required(Role.CASE_MANAGER)
def decision_pdf(client_id: int, decision_id: int):
    shown = _shown(client_id, decision_id)
    response = pdf_of(shown)
    log_access(client_id, AccessAction.VIEW_DECISIONS, shown.content.number)
    return response
