"""Mandate problems, worded for the field they belong to."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from portal.domain.mandates import MandateError
from portal.web.i18n import parse_date

PROBLEMS = {
    "no_date": ("valid_until", _l("Enter the end date as day.month.year, for example 31.12.2027.")),
    "not_future": ("valid_until", _l("The end date must be in the future.")),
    "too_long": ("valid_until", _l("A mandate can be valid for at most 10 years.")),
    "no_such_person": ("username", _l("No one in the service has this username. Check the username.")),
    "self": ("username", _l("You cannot give a mandate to yourself.")),
    "already_valid": ("username", _l("This person already has a valid mandate. Revoke it first if you want to change it.")),
    "no_such_client": ("client_number", _l("No client has this client number and last name. Check them.")),
    "already_requested": ("client_number", _l("You have already asked this person for a mandate. Wait for them to confirm it.")),
    "signed_on": ("signed_on", _l("Enter the date of signing as day.month.year. It cannot be in the future.")),
}


def show_problem(form: FlaskForm, error: MandateError) -> None:
    field_name, message = PROBLEMS[str(error)]
    if field_name == "username" and not hasattr(form, "username"):
        field_name = "client_number"  # a request names the client, not a username
    form[field_name].errors.append(message)


def valid_until_of(form: FlaskForm):
    return parse_date(form.valid_until.data)
