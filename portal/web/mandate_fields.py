"""Form fields every mandate form shares: what it covers and until when."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.domain.mandates import Scope


class MandateTermsMixin:
    scope = RadioField(
        _l("What may they do?"),
        choices=[
            SelectChoice(Scope.VIEW.value, _l("View: read the plan, the budget, what the budget has been used for, and the choices")),
            SelectChoice(Scope.ACT.value, _l("Act: also choose and change providers, rate them and accept plans")),
        ],
        validators=[InputRequired(_l("Choose what the mandate covers"))],
    )
    valid_until = StringField(_l("Valid until"))
