from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired

from portal.web.mandate_fields import MandateTermsMixin


class MonthFilterForm(FlaskForm):
    """A GET form: no CSRF token, and its values come from the query string."""

    class Meta:
        csrf = False

    month = SelectField(_l("Month"), validate_choice=True)


class GrantMandateForm(FlaskForm, MandateTermsMixin):
    username = StringField(
        _l("The username of the person you give the mandate to"),
        validators=[DataRequired(_l("Enter the person's username"))],
    )
    confirm = HiddenField()
