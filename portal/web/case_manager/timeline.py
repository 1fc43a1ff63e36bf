"""The timeline of one of the case manager's own clients' plan."""

from datetime import date

from flask import abort, render_template
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.use_cases import case_manager as use_cases
from portal.web.access import role_required
from portal.web.audit import log_access
from portal.web.routing import Routes

routes = Routes()


@routes.get("/clients/<int:client_id>/timeline")
@role_required(Role.CASE_MANAGER)
def timeline(client_id: int):
    found = use_cases.client_timeline(current_user.case_manager_id, client_id, date.today())
    if found is None:
        abort(404)
    page = render_template("case_manager/timeline.html", client=found.client, timeline=found.timeline)
    log_access(found.client.id, AccessAction.VIEW_TIMELINE)
    return page
