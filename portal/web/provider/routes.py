"""A provider's users: the clients who chose them, recording services, and corrections."""

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.db.models import ProviderOffering
from portal.db.session import get_session
from portal.domain.money import to_cents
from portal.domain.access_log import AccessAction
from portal.domain.plans import month_start
from portal.domain.recording import RecordingError
from portal.services import access_log, applications, plans, provider_work, settlements
from portal.web import labels
from portal.web.access import role_required
from portal.web.audit import log_access
from portal.web.i18n import date_input, parse_date
from portal.web.provider.forms import CorrectionForm, DecisionForm, PriceChangeForm, RecordForm

blueprint = Blueprint("provider", __name__, url_prefix="/provider")

RECORDING_PROBLEMS = {
    "no_date": ("service_date", _l("Enter the date as day.month.year, for example 1.11.2026.")),
    "future": ("service_date", _l("The date cannot be in the future.")),
    "too_old": ("service_date", _l("A service can be recorded at most 60 days after it was delivered.")),
    "outside_period": ("service_date", _l("The date is outside the period of the client's voucher.")),
    "not_chosen_then": ("service_date", _l("The client had not chosen you for this service on that date.")),
    "no_units": ("units", _l("Enter how many units you delivered")),
    "too_little_left": ("units", _l("The voucher has too little left for this recording. Nothing was saved.")),
    "no_price": ("service_date", _l("You have no approved price for this service on that date.")),
    "no_voucher": ("service_date", _l("This service has no voucher yet.")),
    "not_accepted": ("service_date", _l("Accept the client before recording services.")),
    "too_many_units": ("units", _l("You cannot credit back more units than remain in the recording.")),
}


def _provider_id() -> int:
    return current_user.provider_id


@blueprint.before_request
def _applicants_apply_first():
    """An applicant's account has no provider yet: its only page is the application."""
    if (current_user.is_authenticated and current_user.role == "provider" and current_user.provider_id is None
            and request.endpoint not in ("provider.apply", "provider.send_application")):
        return redirect(url_for("provider.apply"))
    return None


def _choice(choice_id: int):
    choice = provider_work.choice_of(get_session(), _provider_id(), choice_id)
    if choice is None:
        abort(404)
    return choice


@blueprint.get("/clients")
@role_required("provider")
def clients():
    choices = provider_work.choices_of(get_session(), _provider_id(), date.today())
    return render_template("provider/clients.html", choices=choices, form=DecisionForm())


@blueprint.post("/clients/<int:choice_id>/decision")
@role_required("provider")
def decide(choice_id: int):
    db = get_session()
    choice = _choice(choice_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    accept = request.form.get("decision") == "accept"
    try:
        provider_work.decide(db, choice, accept, form.reason.data or "")
    except RecordingError as problem:
        db.rollback()
        if str(problem) == "no_reason":
            flash(_("Write the reason for declining, so that the client knows what to do."), "info")
            return redirect(url_for("provider.clients") + f"#choice-{choice.id}", 303)
        abort(409)
    access_log.record(db, current_user, choice.plan_line.plan.client_id, AccessAction.PROVIDER_DECISION,
                      detail="accepted" if accept else "declined")
    db.commit()
    flash(_("You accepted the client.") if accept else _("You declined the client. They will see your reason."), "success")
    return redirect(url_for("provider.clients"), 303)


@blueprint.route("/clients/<int:choice_id>/record", methods=["GET", "POST"])
@role_required("provider")
def record(choice_id: int):
    db, today = get_session(), date.today()
    choice = _choice(choice_id)
    client_id = choice.plan_line.plan.client_id
    form = RecordForm()
    if form.validate_on_submit():
        try:
            provider_work.record(db, _provider_id(), current_user, choice.id, parse_date(form.service_date.data),
                                 form.units.data, today)
        except RecordingError as problem:
            db.rollback()
            field, message = RECORDING_PROBLEMS[str(problem)]
            form[field].errors.append(message)
        else:
            access_log.record(db, current_user, client_id, AccessAction.RECORD_SERVICE)
            db.commit()
            flash(_("The service has been recorded and charged to the client's voucher."), "success")
            return redirect(url_for("provider.services"), 303)
    if request.method == "GET":
        log_access(client_id, AccessAction.VIEW_CLIENT)
    return render_template("provider/record.html", choice=choice, form=form, today=today)


@blueprint.get("/services")
@role_required("provider")
def services():
    try:
        month = date.fromisoformat(request.args.get("month", "") + "-01")
    except ValueError:
        month = month_start(date.today())
    events = provider_work.events_of(get_session(), _provider_id(), month)
    return render_template("provider/services.html", events=events, month=month)


@blueprint.route("/services/<int:event_id>/correction", methods=["GET", "POST"])
@role_required("provider")
def correct(event_id: int):
    db = get_session()
    event = provider_work.event_of(db, _provider_id(), event_id)
    if event is None:
        abort(404)
    form = CorrectionForm()
    if form.validate_on_submit():
        try:
            provider_work.correct(db, _provider_id(), current_user, event.id, form.units.data, form.reason.data,
                                  form.note.data or "")
        except RecordingError as problem:
            db.rollback()
            field, message = RECORDING_PROBLEMS[str(problem)]
            form[field].errors.append(message)
        else:
            access_log.record(db, current_user, event.voucher.plan_line.plan.client_id, AccessAction.CORRECT_SERVICE)
            db.commit()
            flash(_("The correction has been recorded. The units were credited back to the voucher."), "success")
            return redirect(url_for("provider.services", month=event.service_date.strftime("%Y-%m")), 303)
    return render_template("provider/correction.html", event=event, form=form)


@blueprint.route("/prices", methods=["GET", "POST"])
@role_required("provider")
def prices():
    db, today = get_session(), date.today()
    form = PriceChangeForm()
    form.service_type.choices = [SelectChoice("", _("Choose the service"))] + [
        SelectChoice(str(t.id), labels.service_name(t.code)) for t in plans.catalogue(db)]
    if form.validate_on_submit():
        cents, valid_from = _euros(form.price.data), parse_date(form.valid_from.data)
        if cents is None:
            form.price.errors.append(_("Enter the price in euros, for example 45,00."))
        if valid_from is None or valid_from <= today:
            form.valid_from.errors.append(_("Enter a date after today, for example %(example)s.", example=date_input(today.replace(day=1))))
        if not form.errors:
            applications.propose_price(db, _provider_id(), int(form.service_type.data), cents, valid_from, today)
            db.commit()
            flash(_("The new price has been sent to the county. It applies once the county approves it."), "success")
            return redirect(url_for("provider.prices"), 303)
    offerings = db.scalars(
        select(ProviderOffering).where(ProviderOffering.provider_id == _provider_id())
        .options(joinedload(ProviderOffering.service_type)).order_by(ProviderOffering.service_type_id, ProviderOffering.valid_from)
    ).all()
    return render_template("provider/prices.html", offerings=offerings, form=form)


def _euros(text: str | None) -> int | None:
    try:
        amount = Decimal((text or "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return to_cents(amount) if 0 < amount <= 10000 else None


@blueprint.get("/settlements")
@role_required("provider")
def settlements_page():
    try:
        month = date.fromisoformat(request.args.get("month", "") + "-01")
    except ValueError:
        month = month_start(date.today())
    totals = settlements.month_totals(get_session(), month, _provider_id())
    return render_template("provider/settlements.html", total=totals[0] if totals else None, month=month)


@blueprint.get("/settlements/<int:year>/<int:month>.csv")
@role_required("provider")
def settlement_csv(year: int, month: int):
    try:
        first = date(year, month, 1)
    except ValueError:
        abort(404)
    response = Response("\ufeff" + settlements.settlement_csv(get_session(), _provider_id(), first), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="settlement-{first:%Y-%m}.csv"'
    return response
