"""The county's form for one feedback: the reply, and the button pressed says the new status."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from portal.domain.feedback import REPLY_MAX_CHARS, FeedbackStatus

CHOOSE_STATUS = _l("Choose what to do with the feedback: mark it as answered or as in progress")


class FeedbackReplyForm(FlaskForm):
    status = StringField(validators=[InputRequired(CHOOSE_STATUS),
                                     AnyOf([status.value for status in FeedbackStatus], message=CHOOSE_STATUS)])
    reply = TextAreaField(_l("Reply"), validators=[
        Optional(), Length(max=REPLY_MAX_CHARS, message=_l("Use at most 4000 characters"))])
