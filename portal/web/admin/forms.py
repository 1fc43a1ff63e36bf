import re

from babel.numbers import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.web.i18n import get_locale
from portal.web.numbers import EuroField, WholeNumberField


DECIMAL = re.compile(r"-?[0-9]{1,7}(\.[0-9]{1,4})?")


class LocalDecimalField(DecimalField):
    """A decimal typed as people here do: 1,15 as well as 1.15, with spaces in 1 000; shown as the language
    writes it (1,15 in Finnish and Swedish)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format_decimal(self.data, format="0.00", locale=get_locale())

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [value.replace("\u00a0", "").replace(" ", "").replace(",", ".") for value in valuelist]
            if valuelist[0] and not DECIMAL.fullmatch(valuelist[0]):  # not NaN, Infinity, 1e9 or ١٢
                self.data = None
                raise ValueError(self.gettext("Enter a number like 1.15"))
        super().process_formdata(valuelist)


def _coefficient(label):
    return LocalDecimalField(label, places=2, validators=[
        Optional(), NumberRange(min=1, max=5, message=_l("Enter a coefficient from 1.00 to 5.00, or leave it empty"))])


class PriceRulesForm(FlaskForm):
    reference_price = EuroField(_l("Reference price per unit, euros"), validators=[
        InputRequired(_l("Enter the reference price")),
        NumberRange(min=0, max=1_000_000, message=_l("Enter a price from 0 to 10 000 euros"))])
    evening = _coefficient(_l("Evening coefficient"))
    saturday = _coefficient(_l("Saturday coefficient"))
    sunday = _coefficient(_l("Sunday and holiday coefficient"))
    travel_supplement = EuroField(_l("Travel supplement per unit, euros"), default=0, validators=[
        Optional(), NumberRange(min=0, max=100_000, message=_l("Enter an amount from 0 to 1 000 euros"))])


class FollowUpForm(FlaskForm):
    low = WholeNumberField(_l("Used less than this share of the plan so far (%)"), validators=[
        InputRequired(_l("Enter a percentage")), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100"))])
    high = WholeNumberField(_l("Used more than this share of the plan so far (%)"), validators=[
        InputRequired(_l("Enter a percentage")), NumberRange(min=100, max=500, message=_l("Enter a percentage from 100 to 500"))])



class ApplicationDecisionForm(FlaskForm):
    message = TextAreaField(_l("Reason, or the question to the applicant"), validators=[Optional(), Length(max=2000)])


class FindUserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        InputRequired(_l("Enter the username")), Length(max=100, message=_l("Use at most 100 characters"))])
