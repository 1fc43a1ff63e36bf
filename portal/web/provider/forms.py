from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.domain.recording import CorrectionReason
from portal.web.forms import MultiCheckboxField
from portal.web.numbers import EuroField, WholeNumberField


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason for declining"), validators=[Optional(), Length(max=1000)])


class RecordForm(FlaskForm):
    service_date = StringField(_l("Date of the service"))
    units = WholeNumberField(_l("Units delivered"), validators=[
        InputRequired(_l("Enter how many units you delivered")),
        NumberRange(min=1, max=99, message=_l("Enter a number from 1 to 99"))])


class CorrectionForm(FlaskForm):
    units = WholeNumberField(_l("Units to credit back"), validators=[
        InputRequired(_l("Enter how many units to credit back")),
        NumberRange(min=1, max=99, message=_l("Enter a number from 1 to 99"))])
    reason = RadioField(_l("Why is the recording corrected?"), choices=[
        SelectChoice(CorrectionReason.WRONG_UNITS.value, _l("Too many units were recorded")),
        SelectChoice(CorrectionReason.NOT_DELIVERED.value, _l("The service was not delivered")),
        SelectChoice(CorrectionReason.DUPLICATE.value, _l("The service was recorded twice")),
        SelectChoice(CorrectionReason.WRONG_DATE.value, _l("The date was wrong")),
        SelectChoice(CorrectionReason.OTHER.value, _l("Another reason")),
    ], validators=[InputRequired(_l("Choose why the recording is corrected"))])
    note = TextAreaField(_l("Explanation (optional)"), validators=[Optional(), Length(max=1000)])


class ApplicationForm(FlaskForm):
    """The whole application on one page; it can be saved half-done and sent after checking."""

    username = StringField(_l("Username for the service"))
    password = PasswordField(_l("Password"))
    company_name = StringField(_l("Company name"))
    business_id = StringField(_l("Business ID"))
    contact_person = StringField(_l("Contact person"))
    phone = StringField(_l("Phone"))
    email = StringField(_l("Email"))
    street = StringField(_l("Street address"))
    postal_code = StringField(_l("Postal code"))
    office_municipality_id = SelectField(_l("Municipality of the office"), choices=[], default="", validate_choice=False)
    municipality_ids = MultiCheckboxField(_l("Municipalities you serve"), choices=[], coerce=int, validate_choice=False)
    languages = MultiCheckboxField(_l("Languages of service"), choices=[], validate_choice=False)
    specialisms = MultiCheckboxField(_l("Specialisms"), choices=[], validate_choice=False)


class PriceChangeForm(FlaskForm):
    service_type = SelectField(_l("Service"), choices=[], validators=[InputRequired(_l("Choose the service"))])
    price = EuroField(_l("New price per unit, euros"), validators=[
        InputRequired(_l("Enter the price in euros, for example 45,00.")),
        NumberRange(min=1, max=1_000_000, message=_l("Enter a price above 0 and at most 10 000 euros"))])
    valid_from = StringField(_l("Valid from"))
