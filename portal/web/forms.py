"""Forms and fields more than one audience uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget


class ButtonForm(FlaskForm):
    """Only the CSRF token: the button pressed says what to do."""


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write the message")),
                                                    Length(max=4000, message=_l("Use at most 4000 characters"))])


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one for each choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
