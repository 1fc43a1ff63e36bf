from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField


class MonthFilterForm(FlaskForm):
    """A GET form: no CSRF token, and its values come from the query string."""

    class Meta:
        csrf = False

    month = SelectField(_l("Month"), validate_choice=True)
