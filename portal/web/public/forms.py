from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class SignInForm(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username"))]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password"))]
    )


class FeedbackForm(FlaskForm):
    page = StringField(
        _l("Page or part of the service (optional)"),
        validators=[Optional(), Length(max=200, message=_l("Use at most 200 characters"))],
    )
    message = TextAreaField(
        _l("What did you find difficult to use?"),
        validators=[
            DataRequired(_l("Tell us what was difficult to use")),
            Length(max=4000, message=_l("Use at most 4000 characters")),
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
