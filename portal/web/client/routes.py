"""The client's own pages: overview, plan and transactions."""

from datetime import date

from flask import abort, g, render_template, request
from wtforms.fields.choices import SelectChoice

from portal.domain.access_log import AccessAction
from portal.services.use_cases import client
from portal.domain.plans import iso_month
from portal.web.access import open_to_decision_code
from portal.web.acting import client_data, current_acting
from portal.web.client.forms import MonthFilterForm
from portal.web.easy import readable
from portal.web.fragments import page_or_fragment
from portal.web.i18n import month_name
from portal.web.numbers import query_number
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


def _client_id() -> int:
    return current_acting().client.id


@routes.get("/overview")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_OVERVIEW)
def overview():
    today, acting = date.today(), current_acting()
    shown = client.client_overview(acting.client.id, acting.for_self, today)
    return render_template(readable("client/overview.html"), summary=shown.summary, today=today, ending=shown.ending,
                           proposed=shown.proposed, to_answer=shown.to_answer, to_confirm=shown.to_confirm)


@routes.get("/plan")
@client_data(read=AccessAction.VIEW_PLAN)
def plan():
    return _render_plan(client.client_plan(_client_id(), date.today()))


@routes.get("/plan/<int:plan_id>")
@client_data(read=AccessAction.VIEW_PLAN)
def plan_version(plan_id: int):
    shown = client.client_plan(_client_id(), date.today(), plan_id)
    if shown is None:
        abort(404)
    return _render_plan(shown)


def _render_plan(shown: client.ClientPlan):
    if shown.plan is not None:
        g.access_detail = f"v{shown.plan.version}"
    return render_template(readable("client/plan.html"), plan=shown.plan, versions=shown.versions, figures=shown.figures,
                           forecasts=shown.forecasts)


@routes.get("/transactions")
@client_data(read=AccessAction.VIEW_TRANSACTIONS)
def transactions():
    plan_id, month = query_number("plan"), request.args.get("month")
    result = client.plan_transactions(_client_id(), plan_id, month, date.today(), where_from_query(dated=True))
    if result is None:
        if plan_id is not None:
            abort(404)
        return render_template("client/transactions.html", result=None, form=None)
    form = MonthFilterForm(request.args)
    form.month.choices = [SelectChoice(iso_month(m), month_name(m)) for m in result.months]
    if month is None:
        form.month.data = iso_month(result.month)
    else:
        form.validate()  # a month the plan does not have: its error, and no transactions
    return page_or_fragment("client/transactions.html", "client/_transactions_results.html", result=result, form=form)
