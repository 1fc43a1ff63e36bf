from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.providers import SortOrder, Specialism
from portal.web import labels
from portal.web.forms import MultiCheckboxField



class ProviderFilterForm(FlaskForm):
    """A GET form: its values come from the query string, so the URL can be shared."""

    class Meta:
        csrf = False

    language = MultiCheckboxField(_l("Language of service"), choices=[], validate_choice=True)
    office = SelectField(_l("Office in"), choices=[], default="", validate_choice=True)
    specialism = MultiCheckboxField(_l("Specialisms"), choices=[], validate_choice=True)
    new_clients = BooleanField(_l("Only providers that take new clients now"))
    sort = SelectField(_l("Sort by"), choices=[], default=SortOrder.OWN_SHARE.value, validate_choice=True)

    def set_choices(self, municipalities) -> None:
        self.language.choices = [SelectChoice(code, labels.language_name(code)) for code in ("fi", "sv", "en")]
        self.office.choices = [SelectChoice("", _l("Any municipality"))] + [
            SelectChoice(str(m.id), labels.municipality_name(m)) for m in municipalities
        ]
        self.specialism.choices = [SelectChoice(s.value, labels.specialism_name(s.value)) for s in Specialism]
        self.sort.choices = [
            SelectChoice(SortOrder.OWN_SHARE.value, _l("Own share, smallest first")),
            SelectChoice(SortOrder.RATING.value, _l("Rating, best first")),
            SelectChoice(SortOrder.NAME.value, _l("Name, A to Ö")),
        ]


class ChooseForm(FlaskForm):
    start = StringField(_l("Date from which the new provider starts"))


class RatingForm(FlaskForm):
    score = RadioField(
        _l("How satisfied are you with the provider?"),
        choices=[
            SelectChoice("5", _l("5 – very satisfied")),
            SelectChoice("4", _l("4 – satisfied")),
            SelectChoice("3", _l("3 – neither satisfied nor dissatisfied")),
            SelectChoice("2", _l("2 – dissatisfied")),
            SelectChoice("1", _l("1 – very dissatisfied")),
        ],
        validators=[InputRequired(_l("Choose how satisfied you are"))],
    )
    comment = TextAreaField(
        _l("Comment (optional)"),
        validators=[Optional(), Length(max=1000, message=_l("Use at most 1000 characters"))],
    )
