"""The county's staff: prices and follow-up limits, settlements, figures and reports, providers'
applications and price changes, users and their sessions."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.domain.plans import iso_month
from portal.domain.providers import Rating
from portal.domain.roles import Role
from portal.domain.reports import ReportBy
from portal.services import applications, county, overview_figures, reports, settlements
from portal.services.use_cases import county as staff
from portal.web.access import role_required
from portal.web.admin.forms import ApplicationDecisionForm, FindUserForm, FollowUpForm, PriceRulesForm
from portal.web.forms import ButtonForm
from portal.domain.access_log import AccessAction
from portal.web.audit import log_reads
from portal.web import charts
from portal.web.exports import csv_response, figure_style, report_label, report_style, settlement_lines
from portal.web.i18n import date_numeric
from portal.web.numbers import query_month
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.sessions import now
from portal.web.routing import Routes

routes = Routes()


@routes.route("/prices", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("set_follow_up_limits")
def prices():
    page = staff.prices_page()
    form = FollowUpForm(data={"low": page.county.follow_up_low_percent, "high": page.county.follow_up_high_percent})
    if form.validate_on_submit():
        staff.set_follow_up_limits(form.low.data, form.high.data)
        flash(_("The follow-up limits have been saved."), "success")
        return redirect(url_for("admin.prices"), 303)
    return render_template("admin/prices.html", service_types=page.service_types, form=form)


@routes.route("/prices/<int:service_type_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("set_price_rules")
def price_rules(service_type_id: int):
    service_type = staff.service_type(service_type_id)
    if service_type is None:
        abort(404)
    rules = county.price_rules_of(service_type)
    form = PriceRulesForm(data={
        "reference_price": rules.reference_price_cents, "evening": rules.evening, "saturday": rules.saturday,
        "sunday": rules.sunday, "travel_supplement": rules.travel_supplement_cents,
    })
    if form.validate_on_submit():
        staff.set_price_rules(service_type_id, county.PriceRules(
            form.reference_price.data, form.evening.data, form.saturday.data, form.sunday.data,
            form.travel_supplement.data or 0))
        flash(_("The prices have been saved. They apply to plans drawn up from now on."), "success")
        return redirect(url_for("admin.prices"), 303)
    return render_template("admin/price_rules.html", service_type=service_type, form=form)


def _month_of(year: int, month: int) -> date:
    try:
        return date(year, month, 1)
    except ValueError:
        abort(404)


@routes.get("/settlements")
@role_required(Role.ADMIN)
def settlements_page():
    month = query_month(date.today())
    asked = request.args.get("paid")
    paid = settlements.Paid(asked) if asked in set(settlements.Paid) else None
    overview = staff.settlements_of_month(month, paid, where_from_query())
    return render_template("admin/settlements.html", overview=overview, totals=overview.page.rows, month=month,
                           paid=paid, form=ButtonForm(), today=date.today())


@routes.post("/settlements/<int:provider_id>/<int:year>/<int:month>/paid")
@role_required(Role.ADMIN)
@binding("settle")
def mark_paid(provider_id: int, year: int, month: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    first = _month_of(year, month)
    back = redirect(url_for("admin.settlements_page", month=iso_month(first)), 303)
    try:
        settled = staff.mark_settlement_paid(provider_id, first, current_user, date.today())
    except settlements.SettlementError:
        flash(_("A month can be settled only after it has ended and the clients' days to confirm its services are over. Nothing was marked as paid."), "info")
        return back
    if settled is None:
        abort(404)
    if settled.already:
        flash(_("This settlement had already been marked as paid on %(date)s.", date=date_numeric(settled.settlement.paid_on)), "info")
    else:
        flash(_("The settlement has been marked as paid. Its figures can no longer change."), "success")
    return back


@routes.get("/settlements/<int:provider_id>/<int:year>/<int:month>.csv")
@role_required(Role.ADMIN)
def settlement_csv(provider_id: int, year: int, month: int):
    first = _month_of(year, month)
    log_reads(staff.clients_in_settlement(provider_id, first), AccessAction.EXPORT_SETTLEMENT, f"{first:%Y-%m}")
    return csv_response(settlement_lines(provider_id, first), f"settlement-{provider_id}-{first:%Y-%m}.csv")


@routes.get("/overview")
@role_required(Role.ADMIN)
def overview():
    year = date.today().year
    figures = staff.county_figures(year)
    return render_template("admin/overview.html", figures=figures, year=year,
                           rating=Rating(figures.rating_total, figures.rating_count))


@routes.get("/overview/<any(clients, granted, used, providers, satisfaction):figure>.csv")
@role_required(Role.ADMIN)
def figure_csv(figure: str):
    year = date.today().year
    figures = staff.county_figures(year)
    return csv_response([overview_figures.figure_csv(figures, figure, year, figure_style(figure))], f"{figure}-{year}.csv")


def _report_from_query() -> reports.Report:
    by = request.args.get("by", ReportBy.MUNICIPALITY)
    year = request.args.get("year", "")
    this_year = date.today().year
    chosen = int(year) if year.isdigit() and len(year) == 4 else this_year
    return staff.budget_report(ReportBy(by) if by in set(ReportBy) else ReportBy.MUNICIPALITY, chosen, this_year)


@routes.get("/reports")
@role_required(Role.ADMIN)
def reports_page():
    found = _report_from_query()
    return render_template("admin/reports.html", report=found, chart=charts.bars(found.rows),
                           label=report_label(found))


@routes.get("/reports.csv")
@role_required(Role.ADMIN)
def report_csv():
    found = _report_from_query()
    return csv_response(reports.report_csv(found, report_style(found)), f"report-{found.by}-{found.year}.csv")


@routes.get("/price-changes")
@role_required(Role.ADMIN)
def price_changes():
    return render_template("admin/price_changes.html", pending=staff.pending_price_changes(), form=ButtonForm())


@routes.post("/price-changes/<int:offering_id>")
@role_required(Role.ADMIN)
@binding("decide_price")
def decide_price(offering_id: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    approve = request.form.get("decision") == "approve"
    try:
        staff.decide_price_change(offering_id, approve, date.today())
    except applications.ApplicationError:
        flash(_("This price change has already been decided. Nothing was changed."), "info")
        return redirect(url_for("admin.price_changes"), 303)
    flash(_("The new price has been approved.") if approve else _("The new price has been refused."), "success")
    return redirect(url_for("admin.price_changes"), 303)


@routes.get("/applications")
@role_required(Role.ADMIN)
def application_list():
    asked = request.args.get("status")
    status = asked if asked in applications.SENT else None
    found = staff.provider_applications(status, where_from_query())
    return render_template("admin/applications.html", found=found)


@routes.route("/applications/<int:application_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("decide_application")
def application(application_id: int):
    page = staff.application_page(application_id)
    if page is None:
        abort(404)
    form = ApplicationDecisionForm()
    if form.validate_on_submit():
        try:
            staff.decide_application(application_id, request.form.get("decision", ""), form.message.data or "",
                                     date.today())
        except applications.ApplicationError as problem:
            if str(problem) != "message:missing":
                flash(_("This application has already been decided. Nothing was changed."), "info")
                return redirect(url_for("admin.application_list"), 303)
            form.message.errors.append(_("Write the reason or the question to the applicant."))
        else:
            flash(_("The decision has been saved."), "success")
            return redirect(url_for("admin.application_list"), 303)
    return render_template("admin/application.html", application=page.application, form=form,
                           municipalities=page.municipalities, types=page.types)


@routes.route("/users", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def users():
    """Find a user by username (sent in the form, never in the address) to end their sessions."""
    form = FindUserForm()
    if form.validate_on_submit():
        found = staff.user_named(form.username.data)
        if found is not None:
            return redirect(url_for("admin.user", user_id=found.id), 303)
        form.username.errors.append(_("No user has this username. Check it and try again."))
    return render_template("admin/users.html", form=form)


@routes.get("/users/<int:user_id>")
@role_required(Role.ADMIN)
def user(user_id: int):
    page = staff.user_page(user_id)
    if page is None:
        abort(404)
    return render_template("admin/user.html", user=page.user, open_sessions=page.open_sessions, form=ButtonForm())


@routes.post("/users/<int:user_id>/end-sessions")
@role_required(Role.ADMIN)
@binding("end_sessions")
def end_sessions(user_id: int):
    if not ButtonForm().validate_on_submit():
        abort(404)
    ended = staff.end_sessions_of(user_id, now())
    if ended is None:
        abort(404)
    flash(ngettext("%(num)s session was ended. The user must sign in again.",
                   "%(num)s sessions were ended. The user must sign in again.", ended), "success")
    return redirect(url_for("admin.user", user_id=user_id), 303)
