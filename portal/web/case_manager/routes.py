"""Case managers' pages: their own clients, and mandates given on paper."""

import secrets

from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.budget import Band, BudgetError
from portal.domain.mandates import MandateError, Scope
from portal.domain.plans import FollowUpReason, PlanError
from portal.domain.roles import Role
from portal.services.use_cases import case_manager as use_cases
from portal.services.use_cases.case_manager import PlanEditor
from portal.web import labels
from portal.web.access import role_required
from portal.web.audit import log_access, log_reads
from portal.web.case_manager.forms import ClientSearchForm, LineForm, PaperMandateForm, PlanBasicsForm
from portal.web.forms import ButtonForm, MessageForm
from portal.web.i18n import date_input, parse_date
from portal.web.mandate_errors import show_problem, valid_until_of
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()

SEARCHES = "client_searches"
KEPT_SEARCHES = 10


def _municipality_choices(form: ClientSearchForm, municipalities) -> None:
    form.municipality.choices = [SelectChoice("", _("All municipalities"))] + [
        SelectChoice(str(m.id), labels.municipality_name(m)) for m in municipalities
    ]


def _keep_search(form: ClientSearchForm, searches: dict):
    """The search kept in the session under a new token (the last few only), and the list it finds."""
    token = secrets.token_urlsafe(12)
    searches = dict(list(searches.items())[-(KEPT_SEARCHES - 1):])
    searches[token] = {"q": form.q.data or "", "municipality": form.municipality.data or "",
                       "review_due": bool(form.review_due.data)}
    session[SEARCHES] = searches
    return redirect(url_for("case_manager.clients", search=token), 303)


@routes.route("/clients", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
def clients():
    """The caseload, searched by name or client number. The search is posted and kept in the
    session under a random token, so that a client's name never enters an address or a log."""
    searches = session.get(SEARCHES, {})
    kept = searches.get(request.args.get("search", ""))
    form = ClientSearchForm(formdata=request.form if request.method == "POST" else None, data=kept)
    if request.method == "POST":
        _municipality_choices(form, use_cases.municipalities())
        if form.validate_on_submit():
            return _keep_search(form, searches)
        return render_template("case_manager/clients.html", page=None, form=form)
    filters = kept or {}
    found = use_cases.caseload_search(
        current_user.case_manager_id, where_from_query(), filters.get("q", ""),
        int(filters["municipality"]) if filters.get("municipality") else None,
        bool(filters.get("review_due")), date.today(),
    )
    _municipality_choices(form, found.municipalities)
    log_reads([client.id for client in found.page.rows], AccessAction.VIEW_CLIENT_LIST)
    return render_template("case_manager/clients.html", page=found.page, form=form)


@routes.get("/clients/<int:client_id>")
@role_required(Role.CASE_MANAGER)
def client(client_id: int):
    today = date.today()
    found = use_cases.client_page(current_user.case_manager_id, client_id, today)
    if found is None:
        abort(404)
    page = render_template(
        "case_manager/client.html", client=found.client, summary=found.summary, today=today,
        versions=found.versions, given=found.given, messages=found.messages, form=MessageForm(),
        code_letters=found.code_letters, decisions=found.decisions,
    )
    log_access(found.client.id, AccessAction.VIEW_CLIENT)
    return page


@routes.post("/clients/<int:client_id>/messages")
@role_required(Role.CASE_MANAGER)
@binding("send_message")
def send_message(client_id: int):
    form = MessageForm()
    body = form.body.data if form.validate_on_submit() else None
    if not use_cases.send_message(current_user, client_id, body):
        abort(404)
    if body is None:
        flash(_("Write the message before sending it."), "info")
        return redirect(url_for("case_manager.client", client_id=client_id), 303)
    flash(_("Your message has been sent."), "success")
    return redirect(url_for("case_manager.client", client_id=client_id) + "#messages", 303)


@routes.post("/clients/<int:client_id>/plans")
@role_required(Role.CASE_MANAGER)
@binding("new_plan_version")
def new_plan(client_id: int):
    try:
        draft = use_cases.new_plan_version(current_user, client_id, date.today())
    except PlanError:
        flash(_("This client already has a plan version being drafted or proposed."), "info")
        return redirect(url_for("case_manager.client", client_id=client_id), 303)
    if draft is None:
        abort(404)
    return redirect(url_for("case_manager.plan", plan_id=draft.id), 303)


PLAN_PROBLEMS = {
    "missing": ("period_start", _l("Enter the dates as day.month.year, for example 1.1.2027.")),
    "end_before_start": ("period_end", _l("The plan period must end after it starts.")),
    "review_outside": ("review_date", _l("The review date must be within the plan period.")),
    "no_lines": ("goals", _l("Add at least one service before proposing the plan.")),
    "no_goals": ("goals", _l("Write at least one goal before proposing the plan.")),
    "not_draft": ("goals", _l("Only a draft can be changed.")),
}
LINE_PROBLEMS = {
    "no_units": ("weekday_units", _l("Enter how many units a month the client needs.")),
    "negative": ("weekday_units", _l("Enter a number from 0 to 999")),
    "no_evening": ("evening_units", _l("This service has no evening price. Enter the units as weekday units.")),
    "no_saturday": ("saturday_units", _l("This service has no Saturday price. Enter the units as weekday units.")),
    "no_sunday": ("sunday_units", _l("This service has no Sunday price. Enter the units as weekday units.")),
    "already_in_plan": ("service_type", _l("This service is already in the plan. Remove it first to change its amount.")),
}


def _editor(plan_id: int) -> PlanEditor:
    """A plan of one of this case manager's clients; any other is not found."""
    found = use_cases.plan_editor(current_user.case_manager_id, plan_id)
    if found is None:
        abort(404)
    return found


def _basics_of(found) -> PlanBasicsForm:
    """The goals-and-dates form filled from the plan as it is saved."""
    return PlanBasicsForm(formdata=None, goals="\n".join(g.text for g in found.goals),
                          period_start=date_input(found.period_start), period_end=date_input(found.period_end),
                          review_date=date_input(found.review_date))


def _render_plan(editor: PlanEditor, basics=None, line_form=None, status=200):
    if basics is None:
        basics = _basics_of(editor.plan)
    if line_form is None:
        line_form = LineForm(formdata=None)
    line_form.service_type.choices = [SelectChoice("", _("Choose a service"))] + [
        SelectChoice(str(t.id), labels.service_name(t.code)) for t in editor.catalogue
    ]
    return render_template("case_manager/plan.html", plan=editor.plan, basics=basics, line_form=line_form,
                           figures=editor.figures), status


def _changed(plan, message: str, anchor: str = ""):
    """After a change to a plan: not found if it is not this case manager's, else back to the plan."""
    if plan is None:
        abort(404)
    flash(message, "success")
    return redirect(url_for("case_manager.plan", plan_id=plan.id) + anchor, 303)


def _unconfirmed(plan_id: int):
    """A plan's button sent without its form: not found if the plan is not theirs, else a bad request."""
    _editor(plan_id)
    abort(400)


@routes.route("/plans/<int:plan_id>", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
@binding("save_plan_basics")
def plan(plan_id: int):
    if request.method == "GET":
        editor = _editor(plan_id)
        log_access(editor.plan.client_id, AccessAction.VIEW_PLAN, f"v{editor.plan.version}")
        return _render_plan(editor)
    basics = PlanBasicsForm()
    if basics.validate_on_submit():
        try:
            saved = use_cases.save_plan_basics(
                current_user, plan_id, basics.goals.data.splitlines(), parse_date(basics.period_start.data),
                parse_date(basics.period_end.data), parse_date(basics.review_date.data))
        except PlanError as problem:
            field, message = PLAN_PROBLEMS[str(problem)]
            basics[field].errors.append(message)
        else:
            return _changed(saved, _("The goals and dates have been saved."))
    return _render_plan(_editor(plan_id), basics)


@routes.post("/plans/<int:plan_id>/lines")
@role_required(Role.CASE_MANAGER)
@binding("add_plan_line")
def add_line(plan_id: int):
    form = LineForm()
    form.service_type.choices = [SelectChoice(str(t.id)) for t in _editor(plan_id).catalogue]
    if form.validate_on_submit():
        units = {Band.WEEKDAY: form.weekday_units.data or 0, Band.EVENING: form.evening_units.data or 0,
                 Band.SATURDAY: form.saturday_units.data or 0, Band.SUNDAY: form.sunday_units.data or 0}
        try:
            added = use_cases.add_plan_line(current_user, plan_id, int(form.service_type.data), units,
                                            bool(form.travel.data), form.county_units.data or 0)
        except (BudgetError, PlanError) as problem:
            field, message = LINE_PROBLEMS.get(str(problem), ("service_type", PLAN_PROBLEMS["not_draft"][1]))
            form[field].errors.append(message)
        else:
            return _changed(added, _("The service has been added to the plan."), "#services")
    return _render_plan(_editor(plan_id), line_form=form)


@routes.post("/plans/<int:plan_id>/lines/<int:line_id>/remove")
@role_required(Role.CASE_MANAGER)
@binding("remove_plan_line")
def remove_line(plan_id: int, line_id: int):
    if not ButtonForm().validate_on_submit():
        _unconfirmed(plan_id)
    try:
        removed = use_cases.remove_plan_line(current_user, plan_id, line_id)
    except PlanError:
        flash(_("This service is no longer in the plan, or the plan can no longer be changed."), "info")
        return redirect(url_for("case_manager.plan", plan_id=plan_id) + "#services", 303)
    return _changed(removed, _("The service has been removed from the plan."), "#services")


@routes.post("/plans/<int:plan_id>/propose")
@role_required(Role.CASE_MANAGER)
@binding("propose_plan")
def propose(plan_id: int):
    if not ButtonForm().validate_on_submit():
        _unconfirmed(plan_id)
    try:
        proposed = use_cases.propose_plan(current_user, plan_id, date.today())
    except PlanError as problem:
        editor = _editor(plan_id)
        basics = _basics_of(editor.plan)
        basics.goals.errors = [PLAN_PROBLEMS.get(str(problem), PLAN_PROBLEMS["not_draft"])[1]]
        return _render_plan(editor, basics)
    if proposed is None:
        abort(404)
    flash(_("The plan has been proposed to the client. They can now read and accept it."), "success")
    return redirect(url_for("case_manager.client", client_id=proposed.client_id), 303)


@routes.get("/follow-up")
@role_required(Role.CASE_MANAGER)
def follow_up():
    asked = request.args.get("reason")
    reason = FollowUpReason(asked) if asked in set(FollowUpReason) else None
    found = use_cases.follow_up(current_user.case_manager_id, date.today(), reason, where_from_query())
    log_reads([row.client.id for row in found.page.rows], AccessAction.VIEW_CLIENT_LIST, "follow-up")
    return render_template("case_manager/follow_up.html", found=found)


def _record_paper_mandate(form: PaperMandateForm, client_id: int, today: date):
    """The mandate recorded and a redirect to the client's mandates; None, with the problem on the form,
    when it cannot be."""
    try:
        mandate = use_cases.record_paper_mandate(current_user, client_id, form.username.data, Scope(form.scope.data),
                                                 valid_until_of(form), parse_date(form.signed_on.data), today)
    except MandateError as problem:
        show_problem(form, problem)
        return None
    if mandate is None:
        abort(404)
    flash(_("The mandate given on paper has been recorded. It is valid now."), "success")
    return redirect(url_for("case_manager.client_mandates", client_id=client_id), 303)


@routes.route("/clients/<int:client_id>/mandates", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
@binding("record_paper_mandate")
def client_mandates(client_id: int):
    today = date.today()
    form = PaperMandateForm()
    if form.validate_on_submit():
        recorded = _record_paper_mandate(form, client_id, today)
        if recorded is not None:
            return recorded
    found = use_cases.client_mandates(current_user.case_manager_id, client_id)
    if found is None:
        abort(404)
    if not form.errors:
        log_access(found.client.id, AccessAction.VIEW_MANDATES)
    return render_template("case_manager/client_mandates.html", client=found.client, given=found.given, form=form,
                           today=today)
