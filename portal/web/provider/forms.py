from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.domain.recording import CorrectionReason


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason for declining"), validators=[Optional(), Length(max=1000)])


class RecordForm(FlaskForm):
    service_date = StringField(_l("Date of the service"))
    units = IntegerField(_l("Units delivered"), validators=[
        InputRequired(_l("Enter how many units you delivered")),
        NumberRange(min=1, max=99, message=_l("Enter a number from 1 to 99"))])


class CorrectionForm(FlaskForm):
    units = IntegerField(_l("Units to credit back"), validators=[
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
