"""What the provider's and the client's agreement pages share: the forms, the sentences for a refused step, and the
agreement as a PDF."""

from datetime import date

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.domain.agreements import MAX_NOTICE_DAYS, AgreementError, ProposedTerms
from portal.web.i18n import date_input, date_numeric, parse_date
from portal.web.numbers import WholeNumberField, whole_number
from portal.web.pdf import pdf_response

ACCEPT, CHANGES = "accept", "changes"


class ProposalForm(FlaskForm):
    starts_on = StringField(_l("First day of the service"))
    usual_times = TextAreaField(_l("Usual days and times"))
    contact_person = StringField(_l("Contact person"))
    contact_phone = StringField(_l("Contact person's phone"))
    cancellation_terms = TextAreaField(_l("Cancellation terms"))
    notice_days = WholeNumberField(_l("Notice period in days"), validators=[
        InputRequired(_l("Enter the notice period in days, from 0 to 90")),
        NumberRange(min=0, max=MAX_NOTICE_DAYS, message=_l("Enter the notice period in days, from 0 to 90"))])
    version = HiddenField()


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Your answer"), choices=[
        SelectChoice(ACCEPT, _l("Accept the agreement")),
        SelectChoice(CHANGES, _l("Ask the provider for changes")),
    ], validators=[InputRequired(_l("Choose whether to accept the agreement or ask for changes"))])
    message = TextAreaField(_l("What should be changed?"), validators=[Optional()])
    version = HiddenField()


class NoticeForm(FlaskForm):
    last_day = StringField(_l("Last day of the agreement"))
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional()])


def terms_of(form: ProposalForm) -> ProposedTerms:
    return ProposedTerms(parse_date(form.starts_on.data), form.usual_times.data or "", form.contact_person.data or "",
                         form.contact_phone.data or "", form.cancellation_terms.data or "", form.notice_days.data)


def version_of(form) -> int | None:
    return whole_number(form.version.data or "")


TERMS_PROBLEMS = {
    "no_date": lambda: _("Enter the date as day.month.year, for example %(example)s.", example=date_input(date.today())),
    "before_choice": lambda: _("The first day cannot be before the client's choice starts, nor in the past."),
    "after_choice": lambda: _("The first day must be before the client's choice ends."),
    "no_price": lambda: _("You have no approved price for this service on that date."),
    "empty": lambda: _("Fill in this field."),
    "too_long": lambda: _("The text is too long. Shorten it."),
    "notice_range": lambda: _("Enter the notice period in days, from 0 to 90"),
}

REFUSED = {
    "choice_not_accepted": _l("Accept the client before proposing an agreement."),
    "choice_ended": _l("The client's choice has ended, so no agreement can be proposed."),
    "answered": _l("The agreement has already been accepted or withdrawn. Nothing was changed."),
    "stale": _l("The agreement changed while you were reading it. Nothing was saved. Read it again below."),
}


def show_terms_problems(form: ProposalForm, error: AgreementError) -> None:
    """The refused proposal's problems on their fields."""
    for field, code in error.details.get("problems", {}).items():
        form[field].errors.append(TERMS_PROBLEMS[code]())


def show_notice_problem(form: NoticeForm, error: AgreementError, earliest: date | None) -> None:
    """A refused notice's problem on its field."""
    field = form.reason if error.code == "too_long" else form.last_day
    field.errors.append(_notice_problem(error.code, earliest or date.today()))


def _notice_problem(code: str, earliest: date) -> str:
    match code:
        case "no_date":
            return _("Enter the date as day.month.year, for example %(example)s.", example=date_input(earliest))
        case "before_notice":
            return _("The last day can be %(date)s at the earliest, because of the notice period.",
                     date=date_numeric(earliest))
        case "too_far":
            return _("The last day can be at most a year from today.")
        case "already_ending":
            return _("The agreement already ends on an earlier day. Choose a day before it.")
        case "too_long":
            return _("The text is too long. Shorten it.")
    return _("The agreement has ended or is not in force, so notice cannot be given. Nothing was saved.")


def agreement_pdf(page, client_name: str | None = None):
    """The agreement on `page` (services/use_cases/agreements.py AgreementPage) as a PDF to keep, in the reader's
    language: the client's side gives the client's name; the provider's page names the client as it may see them.
    Its file name holds no personal data."""
    html = render_template("agreements/pdf.html", page=page, client_name=client_name)
    agreement = page.agreement
    return pdf_response(html, f"agreement-{agreement.id}-v{agreement.version}.pdf", "agreement.css")
