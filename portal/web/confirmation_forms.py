"""The forms of the client's confirmations: confirm all, dispute a row, and the case manager's resolution."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.domain.confirmations import MAX_REASON, Resolution
from portal.web.labels import DISPUTE_REASONS

LONG_NOTE = _l("Use at most %(max)d characters", max=MAX_REASON)


class ConfirmAllForm(FlaskForm):
    """What the page showed: its month and the highest id of the rows waiting on it."""

    month = HiddenField()
    up_to = HiddenField()


class DisputeForm(FlaskForm):
    reason = RadioField(_l("What is wrong with the service?"), choices=[
        SelectChoice(reason.value, label) for reason, label in DISPUTE_REASONS.items()], validators=[InputRequired(_l("Choose what is wrong with the service"))])
    note = TextAreaField(_l("Tell more (required if you chose \"Something else\")"),
                         validators=[Length(max=MAX_REASON, message=LONG_NOTE)])


class ResolveForm(FlaskForm):
    resolution = RadioField(_l("How is the dispute resolved?"), choices=[
        SelectChoice(Resolution.STANDS.value, _l("The recording stands: the provider is paid for it")),
        SelectChoice(Resolution.CREDITED.value, _l("Credit units back to the voucher")),
    ], validators=[InputRequired(_l("Choose how the dispute is resolved"))])
    units = IntegerField(_l("Units to credit back"), validators=[
        Optional(), NumberRange(min=1, max=10_000, message=_l("Enter a whole number of units, at least 1"))])
    note = TextAreaField(_l("Reasons for the resolution"), validators=[Length(max=MAX_REASON, message=LONG_NOTE)])
