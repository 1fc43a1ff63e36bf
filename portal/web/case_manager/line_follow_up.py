"""Follow-up by service line and month: each line of the case manager's clients' plans in force, a month at a
time (the last month that is over unless another is asked for), much less or much more used than planned."""

from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.plans import iso_month, month_start
from portal.domain.roles import Role
from portal.services.follow_up_lines import USES
from portal.services.use_cases import case_manager as use_cases
from portal.web.access import role_required
from portal.web.audit import log_reads
from portal.web.numbers import query_month
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


@routes.get("/follow-up/lines")
@role_required(Role.CASE_MANAGER)
def follow_up_lines():
    today = date.today()
    month = query_month(month_start(today) - timedelta(days=1))
    asked = request.args.get("use")
    use = next((each for each in USES if each == asked), None)
    found = use_cases.follow_up_by_line(current_user.case_manager_id, month, today, use, where_from_query())
    log_reads([line.client_id for line in found.page.rows], AccessAction.VIEW_CLIENT_LIST, "follow-up by line")
    return render_template("case_manager/follow_up_lines.html", found=found, month_param=iso_month(found.month))
