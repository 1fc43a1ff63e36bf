from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired

from portal.web.mandate_fields import MandateTermsMixin


class ChooseWhomForm(FlaskForm):
    whom = RadioField(_l("Whose matters do you want to handle?"), choices=[],
                      validators=[InputRequired(_l("Choose whose matters you want to handle"))])


class RequestMandateForm(FlaskForm, MandateTermsMixin):
    client_number = StringField(
        _l("The client number of the person"),
        validators=[DataRequired(_l("Enter the client number"))],
    )
    last_name = StringField(
        _l("The last name of the person"),
        validators=[DataRequired(_l("Enter the last name"))],
    )
    confirm = HiddenField()
