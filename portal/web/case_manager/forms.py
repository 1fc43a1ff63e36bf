from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.web.mandate_fields import MandateTermsMixin


class PaperMandateForm(FlaskForm, MandateTermsMixin):
    username = StringField(
        _l("Username of the person who receives the mandate"),
        validators=[DataRequired(_l("Enter the person's username"))],
    )
    signed_on = StringField(_l("Date the client signed the mandate"))
