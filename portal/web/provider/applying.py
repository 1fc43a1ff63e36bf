"""Applying to be a provider: no account needed to start; one is made when the draft is first saved."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.domain.applications import EDITABLE, ApplicationStatus
from portal.domain.providers import Specialism
from portal.domain.roles import Role
from portal.services import applications
from portal.services.use_cases import provider
from portal.web import labels
from portal.web.access import public
from portal.web.limits import per_address
from portal.web.numbers import euros_to_cents
from portal.web.provider.forms import ApplicationForm
from portal.web.sessions import start_session
from portal.web.routing import Routes

routes = Routes()

PROBLEMS = {
    "missing": _l("Fill in this field before sending the application."),
    "invalid": _l("Check this: it is not in the right form."),
    "short": _l("Use a password of at least 12 characters."),
    "taken": _l("This username is taken. Choose another one."),
}
FIELD_PROBLEMS = {
    "business_id:invalid": _l("Enter the business ID in the form 1234567-8. Check the last digit."),
    "business_id:taken": _l("A provider with this business ID is already registered, or has applied. Contact the county if it is yours."),
    "email:invalid": _l("Enter an email address in the correct form, like name@example.fi"),
    "postal_code:invalid": _l("Enter the postal code as five digits, like 65100."),
}


def _choices(form: ApplicationForm, municipalities: list) -> None:
    form.office_municipality_id.choices = [SelectChoice("", _("Choose the municipality"))] + [
        SelectChoice(str(m.id), labels.municipality_name(m)) for m in municipalities]
    form.municipality_ids.choices = [SelectChoice(m.id, labels.municipality_name(m)) for m in municipalities]
    form.languages.choices = [SelectChoice(code, labels.language_name(code)) for code in ("fi", "sv", "en")]
    form.specialisms.choices = [SelectChoice(s.value, labels.specialism_name(s.value)) for s in Specialism]


def _prices(catalogue) -> tuple[dict, list]:
    prices, wrong = {}, []
    for service_type in catalogue:
        text = request.form.get(f"price-{service_type.code}", "").strip()
        if not text:
            continue
        cents = euros_to_cents(text)
        if cents is None:
            wrong.append(service_type.code)
        else:
            prices[service_type.code] = cents
    return prices, wrong


def _values(form: ApplicationForm, prices: dict) -> dict:
    values = {name: form[name].data for name in applications.FIELDS}
    values["business_id"] = (values["business_id"] or "").strip()
    office = form.office_municipality_id.data or ""
    offered = {str(choice.value) for choice in form.office_municipality_id.choices}
    values["office_municipality_id"] = int(office) if office in offered - {""} else None  # one of the choices only
    values.update(municipality_ids=form.municipality_ids.data or [], languages=form.languages.data or [],
                  specialisms=form.specialisms.data or [], prices=prices)
    return values


def _fill(form: ApplicationForm, application) -> None:
    for name in applications.FIELDS:
        form[name].data = getattr(application, name)
    form.office_municipality_id.data = str(application.office_municipality_id or "")
    form.municipality_ids.data = application.municipality_ids
    form.languages.data = application.languages
    form.specialisms.data = application.specialisms


@routes.route("/apply", methods=["GET", "POST"])
@per_address("RATE_LIMIT_APPLICATION")
@public
def apply():
    signed_in = current_user.is_authenticated
    if signed_in and (current_user.role != Role.PROVIDER or current_user.provider_id):
        return redirect(url_for("public.index"))
    shown = provider.application_page(current_user.id if signed_in else None)
    application = shown.application
    if application is not None and application.status not in EDITABLE:
        return render_template("provider/application_status.html", application=application)
    form = ApplicationForm()
    _choices(form, shown.municipalities)
    entered_prices = application.prices if application is not None and request.method == "GET" else {}
    if request.method == "GET" and application is not None:
        _fill(form, application)
    if form.validate_on_submit():
        return _save(form, shown, signed_in)
    return _page(form, shown.catalogue, entered_prices, [], application)


def _save(form: ApplicationForm, shown: provider.ApplicationPage, signed_in: bool):
    """The application saved as a draft (and its account made, then signed in); then the form again, or the
    check before sending."""
    catalogue = shown.catalogue
    prices, wrong_prices = _prices(catalogue)
    entered_prices = {code: request.form.get(f"price-{code}", "") for code in (t.code for t in catalogue)}
    account = provider.NewAccount(form.username.data or "", form.password.data or "",
                                  form.contact_person.data or form.company_name.data or "")
    try:
        saved = provider.save_application(current_user.id if signed_in else None, account, _values(form, prices))
    except applications.ApplicationError as problem:
        field, code = str(problem).split(":")
        if field not in form:  # sent meanwhile, from another window
            return redirect(url_for("provider.apply"), 303)
        form[field].errors.append(PROBLEMS[code])
        return _page(form, catalogue, entered_prices, wrong_prices, shown.application)
    if not signed_in:
        start_session(saved.user)
    if request.form.get("action") == "save" or wrong_prices:
        flash(_("Your application has been saved as a draft. You can sign in later with your username to continue it."), "success")
        if wrong_prices:
            return _page(form, catalogue, entered_prices, wrong_prices, saved.application)
        return redirect(url_for("provider.apply"), 303)
    if saved.problems:
        return _page(form, catalogue, entered_prices, [], saved.application, _missing(form, saved.problems))
    return render_template("provider/application_check.html", application=saved.application,
                           municipalities={m.id: m for m in shown.municipalities}, types={t.code: t for t in catalogue})


def _missing(form: ApplicationForm, problems: list[str]) -> bool:
    """The form's fields marked with what is missing or wrong; whether the prices are missing."""
    for problem in problems:
        field, code = problem.split(":")
        if field != "prices":
            form[field].errors.append(FIELD_PROBLEMS.get(problem, PROBLEMS[code]))
    return "prices:missing" in problems


def _page(form, catalogue, entered_prices, wrong_prices, application, no_prices=False):
    more_info = application is not None and application.status == ApplicationStatus.MORE_INFO
    return render_template("provider/application.html", form=form, catalogue=catalogue, entered=entered_prices,
                           wrong_prices=wrong_prices, no_prices=no_prices,
                           county_message=application.county_message if more_info else "")


@routes.post("/apply/send")
@public
def send_application():
    if not current_user.is_authenticated or not ApplicationForm().validate_on_submit():
        return redirect(url_for("provider.apply"), 303)
    try:
        sent = provider.send_application(current_user.id)
    except applications.ApplicationError:
        return redirect(url_for("provider.apply"), 303)
    if sent:
        flash(_("Your application has been sent. The county tells you its decision in this service."), "success")
    return redirect(url_for("provider.apply"), 303)
