"""The county's contacts, as decisions and the "where to turn" page print them: the registry office that receives
requests for review and complaints, the body that decides on the reviews, the social welfare ombudsman, and the
staff's IT support. Each field is checked for its length and its form (an e-mail address, a phone number)."""

from dataclasses import asdict, fields

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from portal.domain.roles import Role
from portal.services.county import Contacts
from portal.services.use_cases import county as staff
from portal.web.access import role_required
from portal.web.once import binding
from portal.web.routing import Routes

routes = Routes()

PHONE = r"^[+(]?[0-9][0-9 ()-]*[0-9]$"
PHONE_MESSAGE = _l("Enter a phone number with digits, spaces and the characters + - ( ) only, like 06 555 0200")
EMAIL_MESSAGE = _l("Enter an email address in the correct format, like name@example.fi")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _text(label, message: str, most: int, required: bool = True, kind=StringField):
    first = DataRequired(message) if required else Optional()
    return kind(label, filters=[_strip], validators=[
        first, Length(max=most, message=_l("Use at most %(num)s characters", num=most))])


def _email(label, message: str | None = None):
    first = DataRequired(message) if message else Optional()
    return StringField(label, filters=[_strip], validators=[
        first, Email(EMAIL_MESSAGE), Length(max=200, message=_l("Use at most %(num)s characters", num=200))])


def _phone(label, message: str | None = None):
    first = DataRequired(message) if message else Optional()
    return StringField(label, filters=[_strip], validators=[
        first, Length(max=40, message=_l("Use at most %(num)s characters", num=40)),
        Regexp(PHONE, message=PHONE_MESSAGE)])


class ContactsForm(FlaskForm):
    registry_address = TextAreaField(_l("Postal address of the registry office"), filters=[_strip], validators=[
        DataRequired(_l("Enter the postal address of the registry office")),
        Length(max=500, message=_l("Use at most %(num)s characters", num=500))])
    registry_email = _email(_l("E-mail address of the registry office"),
                            _l("Enter the e-mail address of the registry office"))
    registry_phone = _phone(_l("Phone number of the registry office (optional)"))
    review_body_fi = _text(_l("Who decides on requests for review, in Finnish"),
                           _l("Enter who decides on requests for review, in Finnish"), 300, kind=TextAreaField)
    review_body_sv = _text(_l("Who decides on requests for review, in Swedish"),
                           _l("Enter who decides on requests for review, in Swedish"), 300, kind=TextAreaField)
    ombudsman_name = _text(_l("Name of the social welfare ombudsman"),
                           _l("Enter the name of the social welfare ombudsman"), 200)
    ombudsman_phone = _phone(_l("Phone number of the social welfare ombudsman"),
                             _l("Enter the phone number of the social welfare ombudsman"))
    ombudsman_email = _email(_l("E-mail address of the social welfare ombudsman (optional)"))
    staff_support_phone = _phone(_l("Phone number of the staff's IT support (optional)"))

    def contacts(self) -> Contacts:
        return Contacts(**{field.name: self[field.name].data or "" for field in fields(Contacts)})


@routes.route("/contacts", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("set_county_contacts")
def contacts():
    form = ContactsForm(data=asdict(staff.county_contacts()))
    if form.validate_on_submit():
        staff.set_county_contacts(form.contacts())
        flash(_("The contacts have been saved. Decisions made from now on print them."), "success")
        return redirect(url_for("admin.contacts"), 303)
    return render_template("admin/contacts.html", form=form)
