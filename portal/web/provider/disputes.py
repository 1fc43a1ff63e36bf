"""The provider's open disputes: the services its clients disputed, held out of its payment until it corrects
them (on the correction page) or the case manager resolves them."""

from flask import render_template
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.use_cases import confirmations
from portal.web.access import role_required
from portal.web.audit import log_reads
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


@routes.get("/disputes")
@role_required(Role.PROVIDER)
def disputes():
    page = confirmations.provider_disputes(current_user.provider_id, where_from_query())
    log_reads([dispute.client_id for dispute in page.rows], AccessAction.VIEW_RECORDINGS, "disputes")
    return render_template("confirmations/provider_disputes.html", page=page)
