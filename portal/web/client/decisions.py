"""The county's decisions on the client's vouchers, for the client or a relative with a mandate: the list, a
decision as a page, and the same decision as a PDF. These views are open to whoever may read the client's
data (`client_data`), and to someone signed in with a decision's code; each read is one entry in the client's
access log."""

from flask import abort, g, render_template

from portal.domain.access_log import AccessAction
from portal.services.use_cases import client
from portal.web.access import open_to_decision_code
from portal.web.acting import client_data, current_acting
from portal.web.decisions import decision_pdf as pdf_of, decision_text
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


def _shown(decision_id: int):
    shown = client.client_decision(current_acting().client.id, decision_id)
    if shown is None:
        abort(404)
    g.access_detail = shown.content.number
    return shown


@routes.get("/decisions")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_DECISIONS)
def decisions():
    page = client.client_decisions(current_acting().client.id, where_from_query())
    return render_template("client/decisions.html", page=page)


@routes.get("/decisions/<int:decision_id>")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_DECISIONS)
def decision(decision_id: int):
    shown = _shown(decision_id)
    return render_template("client/decision.html", shown=shown, text=decision_text(shown.content))


@routes.get("/decisions/<int:decision_id>.pdf")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_DECISIONS)
def decision_pdf(decision_id: int):
    return pdf_of(_shown(decision_id))
