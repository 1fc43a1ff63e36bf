"""The client's own pages: overview, plan and transactions."""

from datetime import date

from flask import abort, g, render_template, request
from wtforms.fields.choices import SelectChoice

from portal.db.session import get_session
from portal.domain.mandates import MandateStatus, expires_soon
from portal.services import client_pages, mandates
from portal.services import plans as plan_service
from portal.domain.access_log import AccessAction
from portal.web.acting import client_data, current_acting
from portal.web.client.forms import MonthFilterForm
from portal.web.fragments import page_or_fragment
from portal.web.i18n import month_name
from portal.web.numbers import query_number
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


def _client_id() -> int:
    return current_acting().client.id


@routes.get("/overview")
@client_data(read=AccessAction.VIEW_OVERVIEW)
def overview():
    db, today, acting = get_session(), date.today(), current_acting()
    summary = client_pages.overview(db, _client_id(), today)
    ending = [
        m for m in mandates.given_by(db, acting.client.id)
        if m.status == MandateStatus.ACTIVE and expires_soon(m.valid_until, today)
    ] if acting.for_self else []
    proposed = plan_service.proposed_plan(db, acting.client.id)
    return render_template("client/overview.html", summary=summary, today=today, ending=ending, proposed=proposed)


@routes.get("/plan")
@client_data(read=AccessAction.VIEW_PLAN)
def plan():
    db = get_session()
    current = client_pages.current_plan(db, _client_id())
    return _render_plan(current, client_pages.plan_versions(db, _client_id()) if current else [])


@routes.get("/plan/<int:plan_id>")
@client_data(read=AccessAction.VIEW_PLAN)
def plan_version(plan_id: int):
    db = get_session()
    shown = client_pages.plan_of_client(db, _client_id(), plan_id)
    if shown is None:
        abort(404)
    return _render_plan(shown, client_pages.plan_versions(db, _client_id()))


def _render_plan(shown, versions):
    if shown is not None:
        g.access_detail = f"v{shown.version}"
    figures = plan_service.figures_of(shown) if shown is not None else None
    return render_template("client/plan.html", plan=shown, versions=versions, figures=figures)


@routes.get("/transactions")
@client_data(read=AccessAction.VIEW_TRANSACTIONS)
def transactions():
    db = get_session()
    plan_id = query_number("plan")
    shown = (
        client_pages.plan_of_client(db, _client_id(), plan_id)
        if plan_id is not None
        else client_pages.current_plan(db, _client_id())
    )
    if shown is None:
        if plan_id is not None:
            abort(404)
        return render_template("client/transactions.html", result=None, form=None)
    months = client_pages.months_of_plan(shown, date.today())
    form = MonthFilterForm(request.args)
    form.month.choices = [SelectChoice(month.strftime("%Y-%m"), month_name(month)) for month in months]
    month = months[0]
    if request.args.get("month") is not None:
        if not form.validate():
            return _render_transactions(client_pages.no_transactions(shown, month, months), form)
        month = date.fromisoformat(form.month.data + "-01")
    else:
        form.month.data = month.strftime("%Y-%m")
    return _render_transactions(client_pages.transactions(db, shown, month, months, where_from_query(dated=True)), form)


def _render_transactions(result, form):
    return page_or_fragment("client/transactions.html", "client/_transactions_results.html", result=result, form=form)
