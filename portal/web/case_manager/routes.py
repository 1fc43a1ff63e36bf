"""Case managers' pages: their own clients, and mandates given on paper."""

import secrets

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from flask_login import current_user

from portal.db.session import get_session
from portal.domain.access_log import AccessAction
from portal.domain.budget import Band, BudgetError
from portal.domain.mandates import MandateError, Scope
from portal.domain.plans import FollowUpReason, PlanError
from portal.domain.roles import Role
from portal.services import access_log, caseload, client_pages, county, mandates, plans
from portal.services.follow_up import follow_up_list
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


def _own_client(client_id: int):
    """A client assigned to this case manager; any other is not found."""
    client = caseload.own_client(get_session(), current_user.case_manager_id, client_id)
    if client is None:
        abort(404)
    return client


SEARCHES = "client_searches"
KEPT_SEARCHES = 10


@routes.route("/clients", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
def clients():
    """The caseload, searched by name or client number. The search is posted and kept in the
    session under a random token, so that a client's name never enters an address or a log."""
    db, today = get_session(), date.today()
    searches = session.get(SEARCHES, {})
    kept = searches.get(request.args.get("search", ""))
    form = ClientSearchForm(formdata=request.form if request.method == "POST" else None, data=kept)
    form.municipality.choices = [SelectChoice("", _("All municipalities"))] + [
        SelectChoice(str(m.id), labels.municipality_name(m)) for m in client_pages.municipalities(db)
    ]
    if request.method == "POST":
        if form.validate_on_submit():
            token = secrets.token_urlsafe(12)
            searches = dict(list(searches.items())[-(KEPT_SEARCHES - 1):])
            searches[token] = {"q": form.q.data or "", "municipality": form.municipality.data or "",
                               "review_due": bool(form.review_due.data)}
            session[SEARCHES] = searches
            return redirect(url_for("case_manager.clients", search=token), 303)
        return render_template("case_manager/clients.html", page=None, form=form)
    filters = kept or {}
    page = caseload.clients_page(
        db, current_user.case_manager_id, where_from_query(), filters.get("q", ""),
        int(filters["municipality"]) if filters.get("municipality") else None,
        today + timedelta(days=30) if filters.get("review_due") else None,
    )
    log_reads([client.id for client in page.rows], AccessAction.VIEW_CLIENT_LIST)
    return render_template("case_manager/clients.html", page=page, form=form)


@routes.get("/clients/<int:client_id>")
@role_required(Role.CASE_MANAGER)
def client(client_id: int):
    db, today = get_session(), date.today()
    found = caseload.client_of(db, current_user.case_manager_id, client_id)
    if found is None:
        abort(404)
    summary = client_pages.overview(db, found.id, today)
    page = render_template(
        "case_manager/client.html", client=found, summary=summary, today=today,
        versions=sorted(found.plans, key=lambda plan: plan.version, reverse=True),
        given=mandates.given_by(db, found.id), messages=plans.messages_of(db, found.id), form=MessageForm(),
    )
    log_access(found.id, AccessAction.VIEW_CLIENT)
    return page


@routes.post("/clients/<int:client_id>/messages")
@role_required(Role.CASE_MANAGER)
@binding("send_message")
def send_message(client_id: int):
    db = get_session()
    found = _own_client(client_id)
    form = MessageForm()
    if not form.validate_on_submit():
        flash(_("Write the message before sending it."), "info")
        return redirect(url_for("case_manager.client", client_id=found.id), 303)
    plans.send_message(db, current_user, found.id, form.body.data)
    access_log.record(db, current_user, found.id, AccessAction.SEND_MESSAGE)
    db.commit()
    flash(_("Your message has been sent."), "success")
    return redirect(url_for("case_manager.client", client_id=found.id) + "#messages", 303)


@routes.post("/clients/<int:client_id>/plans")
@role_required(Role.CASE_MANAGER)
@binding("new_plan_version")
def new_plan(client_id: int):
    db = get_session()
    found = caseload.client_of(db, current_user.case_manager_id, client_id)
    if found is None:
        abort(404)
    try:
        draft = plans.new_version(db, found, current_user.case_manager_id, date.today())
    except PlanError:
        db.rollback()
        flash(_("This client already has a plan version being drafted or proposed."), "info")
        return redirect(url_for("case_manager.client", client_id=found.id), 303)
    access_log.record(db, current_user, found.id, AccessAction.EDIT_PLAN, detail=f"v{draft.version}")
    db.commit()
    return redirect(url_for("case_manager.plan", plan_id=draft.id), 303)


def _plan(plan_id: int):
    found = plans.plan_of(get_session(), current_user.case_manager_id, plan_id)
    if found is None:
        abort(404)
    return found


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


def _basics_of(found) -> PlanBasicsForm:
    """The goals-and-dates form filled from the plan as it is saved."""
    return PlanBasicsForm(formdata=None, goals="\n".join(g.text for g in found.goals),
                          period_start=date_input(found.period_start), period_end=date_input(found.period_end),
                          review_date=date_input(found.review_date))


def _render_plan(found, basics=None, line_form=None, status=200):
    db = get_session()
    if basics is None:
        basics = _basics_of(found)
    if line_form is None:
        line_form = LineForm(formdata=None)
    line_form.service_type.choices = [SelectChoice("", _("Choose a service"))] + [
        SelectChoice(str(t.id), labels.service_name(t.code)) for t in plans.catalogue(db)
    ]
    return render_template("case_manager/plan.html", plan=found, basics=basics, line_form=line_form,
                           figures=plans.figures_of(found)), status


@routes.route("/plans/<int:plan_id>", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
@binding("save_plan_basics")
def plan(plan_id: int):
    db = get_session()
    found = _plan(plan_id)
    basics = PlanBasicsForm() if request.method == "POST" else None
    if basics is not None and basics.validate_on_submit():
        try:
            plans.save_basics(found, basics.goals.data.splitlines(), parse_date(basics.period_start.data),
                              parse_date(basics.period_end.data), parse_date(basics.review_date.data))
        except PlanError as problem:
            db.rollback()
            field, message = PLAN_PROBLEMS[str(problem)]
            basics[field].errors.append(message)
        else:
            access_log.record(db, current_user, found.client_id, AccessAction.EDIT_PLAN, detail=f"v{found.version}")
            db.commit()
            flash(_("The goals and dates have been saved."), "success")
            return redirect(url_for("case_manager.plan", plan_id=found.id), 303)
    if request.method == "GET":
        log_access(found.client_id, AccessAction.VIEW_PLAN, f"v{found.version}")
    return _render_plan(found, basics)


@routes.post("/plans/<int:plan_id>/lines")
@role_required(Role.CASE_MANAGER)
@binding("add_plan_line")
def add_line(plan_id: int):
    db = get_session()
    found = _plan(plan_id)
    form = LineForm()
    form.service_type.choices = [SelectChoice(str(t.id)) for t in plans.catalogue(db)]
    if form.validate_on_submit():
        service_type = county.service_type(db, int(form.service_type.data))
        units = {Band.WEEKDAY: form.weekday_units.data or 0, Band.EVENING: form.evening_units.data or 0,
                 Band.SATURDAY: form.saturday_units.data or 0, Band.SUNDAY: form.sunday_units.data or 0}
        try:
            plans.add_line(db, found, service_type, units, bool(form.travel.data), form.county_units.data or 0)
        except (BudgetError, PlanError) as problem:
            db.rollback()
            field, message = LINE_PROBLEMS.get(str(problem), ("service_type", PLAN_PROBLEMS["not_draft"][1]))
            form[field].errors.append(message)
        else:
            access_log.record(db, current_user, found.client_id, AccessAction.EDIT_PLAN, detail=f"v{found.version}")
            db.commit()
            flash(_("The service has been added to the plan."), "success")
            return redirect(url_for("case_manager.plan", plan_id=found.id) + "#services", 303)
    return _render_plan(_plan(plan_id), line_form=form)


@routes.post("/plans/<int:plan_id>/lines/<int:line_id>/remove")
@role_required(Role.CASE_MANAGER)
@binding("remove_plan_line")
def remove_line(plan_id: int, line_id: int):
    db = get_session()
    found = _plan(plan_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        plans.remove_line(db, found, line_id)
    except PlanError:
        db.rollback()
        flash(_("This service is no longer in the plan, or the plan can no longer be changed."), "info")
        return redirect(url_for("case_manager.plan", plan_id=found.id) + "#services", 303)
    access_log.record(db, current_user, found.client_id, AccessAction.EDIT_PLAN, detail=f"v{found.version}")
    db.commit()
    flash(_("The service has been removed from the plan."), "success")
    return redirect(url_for("case_manager.plan", plan_id=found.id) + "#services", 303)


@routes.post("/plans/<int:plan_id>/propose")
@role_required(Role.CASE_MANAGER)
@binding("propose_plan")
def propose(plan_id: int):
    db = get_session()
    found = _plan(plan_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        plans.propose(found, date.today())
    except PlanError as problem:
        db.rollback()
        basics = _basics_of(found)
        basics.goals.errors = [PLAN_PROBLEMS.get(str(problem), PLAN_PROBLEMS["not_draft"])[1]]
        return _render_plan(found, basics)
    access_log.record(db, current_user, found.client_id, AccessAction.PROPOSE_PLAN, detail=f"v{found.version}")
    db.commit()
    flash(_("The plan has been proposed to the client. They can now read and accept it."), "success")
    return redirect(url_for("case_manager.client", client_id=found.client_id), 303)


@routes.get("/follow-up")
@role_required(Role.CASE_MANAGER)
def follow_up():
    asked = request.args.get("reason")
    reason = FollowUpReason(asked) if asked in set(FollowUpReason) else None
    found = follow_up_list(get_session(), current_user.case_manager_id, date.today(), reason, where_from_query())
    log_reads([row.client.id for row in found.page.rows], AccessAction.VIEW_CLIENT_LIST, "follow-up")
    return render_template("case_manager/follow_up.html", found=found)


@routes.route("/clients/<int:client_id>/mandates", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
@binding("record_paper_mandate")
def client_mandates(client_id: int):
    db, today = get_session(), date.today()
    client = _own_client(client_id)
    form = PaperMandateForm()
    if form.validate_on_submit():
        try:
            mandate = mandates.record_paper(
                db, current_user, client.id, form.username.data, Scope(form.scope.data),
                valid_until_of(form), parse_date(form.signed_on.data), today,
            )
        except MandateError as problem:
            db.rollback()
            show_problem(form, problem)
        else:
            access_log.record(db, current_user, client.id, AccessAction.RECORD_PAPER_MANDATE, mandate.id)
            db.commit()
            flash(_("The mandate given on paper has been recorded. It is valid now."), "success")
            return redirect(url_for("case_manager.client_mandates", client_id=client.id), 303)
    given = mandates.given_by(db, client.id)
    if not form.errors:
        log_access(client.id, AccessAction.VIEW_MANDATES)
    return render_template("case_manager/client_mandates.html", client=client, given=given, form=form, today=today)
