from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional, Regexp

from portal.domain.alerts import Channel
from portal.domain.feedback import MESSAGE_MAX_CHARS, FeedbackKind


class SignInForm(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username"))]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password"))]
    )


class DecisionCodeForm(FlaskForm):
    """The decision number and the one-time code printed in a letter; spaces, dashes and case do not matter."""

    number = StringField(_l("Decision number"), validators=[
        DataRequired(_l("Enter the decision number")), Length(max=40, message=_l("Use at most 40 characters"))])
    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Enter the code")), Length(max=40, message=_l("Use at most 40 characters"))])


class FeedbackForm(FlaskForm):
    kind = RadioField(
        _l("What is your feedback about?"),
        choices=[
            SelectChoice(FeedbackKind.ACCESSIBILITY.value,
                         _l("Accessibility: something is difficult to use, or you need the content in another way")),
            SelectChoice(FeedbackKind.OTHER.value, _l("Something else about the portal or the service")),
        ],
        validate_choice=False,
        validators=[InputRequired(_l("Choose what your feedback is about")),
                    AnyOf([kind.value for kind in FeedbackKind], message=_l("Choose what your feedback is about"))],
    )
    page = StringField(
        _l("Page or part of the service (optional)"),
        validators=[Optional(), Length(max=200, message=_l("Use at most 200 characters"))],
    )
    message = TextAreaField(
        _l("Your feedback"),
        validators=[
            DataRequired(_l("Write your feedback")),
            Length(max=MESSAGE_MAX_CHARS, message=_l("Use at most 4000 characters")),
        ],
    )
    reply_to = StringField(
        _l("Email address for a reply (optional)"),
        validators=[
            Optional(),
            Email(_l("Enter an email address in the correct format, like name@example.fi")),
            Length(max=200, message=_l("Use at most 200 characters")),
        ],
    )


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password"))])
    new = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Enter a new password")), Length(max=200, message=_l("Use at most 200 characters"))])
    repeated = PasswordField(_l("The new password again"), validators=[DataRequired(_l("Enter the new password again"))])


class NotificationSettingsForm(FlaskForm):
    """How a client or a relative is told of alerts; the address fields only for a relative's letters."""

    channel = RadioField(_l("How do you want to be told?"), choices=[
        SelectChoice(Channel.PORTAL.value, _l("Only here in the portal")),
        SelectChoice(Channel.EMAIL.value, _l("By e-mail, and here in the portal")),
        SelectChoice(Channel.LETTER.value, _l("By a letter on paper, and here in the portal")),
    ], validators=[InputRequired(_l("Choose how you want to be told"))])
    language = RadioField(_l("In which language?"), choices=[
        SelectChoice("fi", "suomeksi", render_kw={"lang": "fi"}), SelectChoice("sv", "på svenska", render_kw={"lang": "sv"}),
        SelectChoice("en", "in English", render_kw={"lang": "en"})],
        validators=[InputRequired(_l("Choose the language"))])
    email = StringField(_l("E-mail address"), validators=[
        Optional(), Email(_l("Enter an email address in the correct format, like name@example.fi")),
        Length(max=200, message=_l("Use at most 200 characters"))])
    letter_name = StringField(_l("Name on the letter"), validators=[
        Optional(), Length(max=200, message=_l("Use at most 200 characters"))])
    street_address = StringField(_l("Street address"), validators=[
        Optional(), Length(max=200, message=_l("Use at most 200 characters"))])
    postal_code = StringField(_l("Postal code"), validators=[
        Optional(), Regexp(r"^[0-9]{5}$", message=_l("Enter the postal code as five digits, like 65100"))])
    post_office = StringField(_l("Post office"), validators=[
        Optional(), Length(max=100, message=_l("Use at most 100 characters"))])

    def checked(self, for_client: bool) -> bool:
        """Sent and valid, with what the chosen way needs: an e-mail address, or a relative's postal address."""
        valid = self.validate_on_submit()
        if not self.is_submitted():
            return False
        if self.channel.data == Channel.EMAIL and not (self.email.data or "").strip():
            self.email.errors.append(_l("Enter the e-mail address the alerts are sent to"))
        if self.channel.data == Channel.LETTER and not for_client:
            for name, message in (("letter_name", _l("Enter the name on the letter")),
                                  ("street_address", _l("Enter the street address")),
                                  ("postal_code", _l("Enter the postal code")),
                                  ("post_office", _l("Enter the post office"))):
                if not (self[name].data or "").strip():
                    self[name].errors.append(message)
        return valid and not any(field.errors for field in self)
