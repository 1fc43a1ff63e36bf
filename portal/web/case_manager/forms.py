from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.web.mandate_fields import MandateTermsMixin
from portal.web.numbers import WholeNumberField


class PaperMandateForm(FlaskForm, MandateTermsMixin):
    username = StringField(
        _l("Username of the person who receives the mandate"),
        validators=[DataRequired(_l("Enter the person's username"))],
    )
    signed_on = StringField(_l("Date the client signed the mandate"))


class ClientSearchForm(FlaskForm):
    """Posted, so that a name typed in never enters an address."""

    q = StringField(_l("Name or client number"), validators=[Length(max=100, message=_l("Use at most 100 characters"))])
    municipality = SelectField(_l("Municipality"), choices=[], default="", validate_choice=True)
    review_due = BooleanField(_l("Only plans whose review is due within 30 days or overdue"))


class PlanBasicsForm(FlaskForm):
    goals = TextAreaField(_l("Goals"), validators=[DataRequired(_l("Write at least one goal"))])
    period_start = StringField(_l("Plan period starts"))
    period_end = StringField(_l("Plan period ends"))
    review_date = StringField(_l("Next review"))


class LineForm(FlaskForm):
    service_type = SelectField(_l("Service"), choices=[], validate_choice=True,
                               validators=[DataRequired(_l("Choose the service"))])
    weekday_units = WholeNumberField(_l("On weekdays, in the daytime"), default=0,
                                 validators=[Optional(), NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999"))])
    evening_units = WholeNumberField(_l("In the evening"), default=0,
                                 validators=[Optional(), NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999"))])
    saturday_units = WholeNumberField(_l("On Saturdays"), default=0,
                                  validators=[Optional(), NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999"))])
    sunday_units = WholeNumberField(_l("On Sundays and holidays"), default=0,
                                validators=[Optional(), NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999"))])
    travel = BooleanField(_l("The client lives far from the centre of the service area: add the travel supplement"))
    county_units = WholeNumberField(_l("Met by the county's own services (units a month, outside the budget)"), default=0,
                                validators=[Optional(), NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999"))])
