"""A provider's users: the clients who chose them, recording services, and corrections."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.domain.access_log import AccessAction
from portal.domain.plans import iso_month
from portal.domain.recording import RecordingError
from portal.domain.roles import Role
from portal.services import applications, settlements
from portal.services.use_cases import provider
from portal.web import labels
from portal.web.access import role_required
from portal.web.audit import log_access, log_reads
from portal.web.exports import csv_response, settlement_lines
from portal.web.i18n import date_input, date_numeric, money, month_in, month_name, parse_date
from portal.web.numbers import query_month
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.provider.forms import CorrectionForm, DecisionForm, PriceChangeForm, RecordForm
from portal.web.routing import Routes

routes = Routes()

RECORDING_PROBLEMS = {
    "no_date": ("service_date", _l("Enter the date as day.month.year, for example 1.11.2026.")),
    "future": ("service_date", _l("The date cannot be in the future.")),
    "too_old": ("service_date", _l("A service can be recorded at most 60 days after it was delivered.")),
    "outside_period": ("service_date", _l("The date is outside the period of the client's voucher.")),
    "not_chosen_then": ("service_date", _l("The client had not chosen you for this service on that date.")),
    "no_units": ("units", _l("Enter how many units you delivered")),
    "no_price": ("service_date", _l("You have no approved price for this service on that date.")),
    "no_voucher": ("service_date", _l("This service has no voucher yet.")),
    "not_accepted": ("service_date", _l("Accept the client before recording services.")),
    "no_agreement": ("service_date", _l("There is no service agreement accepted by the client in force on that date. "
                                        "Services can be recorded only under an accepted agreement. Nothing was saved.")),
}


def _problem(error: RecordingError, unit: str) -> tuple[str, str]:
    """The field and the sentence for a refused recording or correction: what happened, what is left."""
    details = error.details
    match error.code:
        case "over_month_limit":
            text = _("You can record at most %(left)s more for %(month)s: the plan gives %(limit)s a month. Nothing was saved.",
                     left=labels.quantity(unit, details["units_left"]), month=month_in(details["month"]),
                     limit=labels.quantity(unit, details["unit_limit"]))
            if details["next_from"]:
                text += " " + _("The quantity for %(month)s becomes available on %(date)s.",
                                month=month_name(details["next_from"]), date=date_numeric(details["next_from"]))
            else:
                text += " " + _("The plan period ends in %(month)s.", month=month_name(details["month"]))
            return "units", text
        case "month_settled":
            return "service_date", _("%(month)s has been settled with the county, so services dated in it can no "
                                     "longer be recorded. Nothing was saved.", month=month_in(details["month"]))
        case "too_little_left":
            return "units", _("The voucher has only %(left)s left, too little for this recording. Nothing was saved.",
                              left=money(details["left_cents"]))
        case "too_many_units":
            return "units", _("You can credit back at most %(left)s of this recording. Nothing was saved.",
                              left=labels.quantity(unit, details["units_left"]))
    return RECORDING_PROBLEMS[error.code]


def applicants_apply_first():
    """An applicant's account has no provider yet: its only page is the application."""
    if (current_user.is_authenticated and current_user.role == Role.PROVIDER and current_user.provider_id is None
            and request.endpoint not in ("provider.apply", "provider.send_application")):
        return redirect(url_for("provider.apply"))
    return None


@routes.get("/clients")
@role_required(Role.PROVIDER)
def clients():
    shown = provider.client_list(current_user.provider_id, date.today(), request.args.get("status"),
                                 where_from_query(dated=True))
    log_reads(shown.client_ids, AccessAction.VIEW_CLIENT_LIST)
    return render_template("provider/clients.html", page=shown.page, clients=shown.clients, counts=shown.counts,
                           status=shown.status, form=DecisionForm(), today=date.today())


@routes.post("/clients/<int:choice_id>/decision")
@role_required(Role.PROVIDER)
@binding("decide_choice")
def decide(choice_id: int):
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    accept = request.form.get("decision") == "accept"
    try:
        choice = provider.answer_client(current_user, choice_id, accept, form.reason.data or "", date.today())
    except RecordingError as problem:
        if problem.code == provider.ALREADY_ANSWERED:
            flash(_("You had already answered this client. Nothing was changed."), "info")
            return redirect(url_for("provider.clients"), 303)
        flash(_("Write the reason for declining, so that the client knows what to do."), "info")
        return redirect(url_for("provider.clients") + f"#choice-{choice_id}", 303)
    if choice is None:
        abort(404)
    flash(_("You accepted the client.") if accept else _("You declined the client. They will see your reason."), "success")
    return redirect(url_for("provider.clients"), 303)


@routes.route("/clients/<int:choice_id>/record", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("record_service")
def record(choice_id: int):
    today = date.today()
    page = provider.recording_page(current_user.provider_id, choice_id, today)
    if page is None:
        abort(404)
    form = RecordForm()
    if form.validate_on_submit():
        try:
            provider.record_service(current_user, page.choice.id, parse_date(form.service_date.data), form.units.data,
                                    today)
        except RecordingError as problem:
            field, message = _problem(problem, page.unit)
            form[field].errors.append(message)
        else:
            flash(_("The service has been recorded and charged to the client's voucher."), "success")
            return redirect(url_for("provider.services"), 303)
    if request.method == "GET":
        log_access(page.client_id, AccessAction.VIEW_CLIENT)
    return render_template("provider/record.html", choice=page.choice, seen=page.seen, form=form, today=today,
                           month=page.month)


@routes.get("/services")
@role_required(Role.PROVIDER)
def services():
    month = query_month(date.today())
    showing = settlements.Showing.CREDITS if request.args.get("show") == "credits" else settlements.Showing.SERVICES
    shown = provider.services_of_month(current_user.provider_id, month, showing,
                                       where_from_query(dated=showing is settlements.Showing.SERVICES), date.today())
    log_reads(shown.client_ids, AccessAction.VIEW_RECORDINGS, f"{month:%Y-%m}")
    return render_template("provider/services.html", statement=shown.statement, named=shown.named, month=month)


@routes.route("/services/<int:event_id>/correction", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("correct_service")
def correct(event_id: int):
    today = date.today()
    shown = provider.recorded_service(current_user.provider_id, event_id, today)
    if shown is None:
        abort(404)
    event = shown.event
    form = CorrectionForm()
    if form.validate_on_submit():
        try:
            settled_in = provider.correct_service(current_user, event.id, form.units.data, form.reason.data,
                                                  form.note.data or "", today)
        except RecordingError as problem:
            field, message = _problem(problem, event.plan_line.service_type.unit)
            form[field].errors.append(message)
            shown = provider.recorded_service(current_user.provider_id, event_id, today)
        else:
            flash(_("The correction has been recorded. The units were credited back to the voucher."), "success")
            return redirect(url_for("provider.services", month=iso_month(settled_in), show="credits", last=1),
                            303)
    if request.method == "GET":
        log_access(event.plan_line.plan.client_id, AccessAction.VIEW_CLIENT)
    return render_template("provider/correction.html", event=shown.event, named=shown.named, form=form)


def _valid_from(form: PriceChangeForm, today: date) -> date | None:
    """The day the new price is to apply from, or None with the form's error: it must be after today."""
    valid_from = parse_date(form.valid_from.data)
    if valid_from is None or valid_from <= today:
        form.valid_from.errors.append(_("Enter a date after today, for example %(example)s.",
                                        example=date_input(today.replace(day=1))))
        return None
    return valid_from


@routes.route("/prices", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("propose_price")
def prices():
    today, shown = date.today(), provider.prices(current_user.provider_id)
    form = PriceChangeForm()
    form.service_type.choices = [SelectChoice("", _("Choose the service"))] + [
        SelectChoice(str(t.id), labels.service_name(t.code)) for t in shown.catalogue]
    if form.is_submitted():
        form.validate()
        valid_from = _valid_from(form, today)
        if not form.errors:
            try:
                provider.propose_price(current_user.provider_id, int(form.service_type.data), form.price.data,
                                       valid_from, today)
            except applications.ApplicationError:
                form.valid_from.errors.append(_("You have already given a price for this service from that date."))
            else:
                flash(_("The new price has been sent to the county. It applies once the county approves it."), "success")
                return redirect(url_for("provider.prices"), 303)
    return render_template("provider/prices.html", offerings=shown.offerings, form=form)


@routes.get("/settlements")
@role_required(Role.PROVIDER)
def settlements_page():
    month = query_month(date.today())
    total = provider.settlement_of_month(current_user.provider_id, month)
    return render_template("provider/settlements.html", total=total, month=month)


@routes.get("/settlements/<int:year>/<int:month>.csv")
@role_required(Role.PROVIDER)
def settlement_csv(year: int, month: int):
    try:
        first = date(year, month, 1)
    except ValueError:
        abort(404)
    log_reads(provider.clients_in_settlement(current_user.provider_id, first), AccessAction.EXPORT_SETTLEMENT,
              f"{first:%Y-%m}")
    return csv_response(settlement_lines(current_user.provider_id, first), f"settlement-{first:%Y-%m}.csv")
