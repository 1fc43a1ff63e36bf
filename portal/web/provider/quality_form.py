"""The provider's form of its quality information, and how it becomes a report for the county."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, RadioField, TextAreaField
from wtforms.fields import FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.domain.quality import COMPLAINT_ROWS, ComplaintYear, OfficeAccess, QualityReport
from portal.web.forms import MultiCheckboxField
from portal.web.numbers import WholeNumberField, whole_number

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")), SelectChoice("", _l("Not told"))]
ANSWER = {"yes": True, "no": False}


def _number(label):
    return WholeNumberField(label, validators=[Optional()])


class ComplaintForm(Form):
    year = _number(_l("Year"))
    received = _number(_l("Complaints received"))
    upheld = _number(_l("Complaints upheld"))


class OfficeForm(Form):
    office_id = HiddenField()
    step_free_entrance = RadioField(_l("Step-free entrance"), choices=YES_NO, default="", validate_choice=False)
    parking = RadioField(_l("Parking"), choices=YES_NO, default="", validate_choice=False)


class QualityForm(FlaskForm):
    staff_count = _number(_l("Number of staff"))
    continuity_percent = _number(_l("Staff continuity (%)"))
    languages = MultiCheckboxField(_l("Languages your staff speak with clients"), choices=[], validate_choice=False)
    ownership_fi = TextAreaField(_l("Who owns the company, in Finnish"), validators=[Optional()])
    ownership_sv = TextAreaField(_l("Who owns the company, in Swedish"), validators=[Optional()])
    founded_year = _number(_l("Year founded"))
    complaints = FieldList(FormField(ComplaintForm), min_entries=COMPLAINT_ROWS, max_entries=COMPLAINT_ROWS)
    offices = FieldList(FormField(OfficeForm))

    def fill(self, quality, offices: list) -> None:
        """The form as the provider last sent it (or empty), with a row for each of its offices."""
        told = {office["office_id"]: office for office in (quality.offices if quality else [])}
        if quality is not None:
            for name in ("staff_count", "continuity_percent", "founded_year", "ownership_fi", "ownership_sv",
                         "languages"):
                self[name].data = getattr(quality, name)
            for entry, row in zip(self.complaints, quality.complaints):
                entry.form.year.data, entry.form.received.data, entry.form.upheld.data = (
                    row["year"], row["received"], row["upheld"])
        while len(self.offices):
            self.offices.pop_entry()
        for office in offices:
            answers = told.get(office.id, {})
            self.offices.append_entry({"office_id": str(office.id),
                                       "step_free_entrance": _answer(answers.get("step_free_entrance")),
                                       "parking": _answer(answers.get("parking"))})

    def error_items(self) -> list[tuple[str, str]]:
        """(#field, message) for the error summary, the fields of each row of complaints and office included."""
        fields = [field for field in self if not isinstance(field, FieldList)]
        fields += [row_field for rows in (self.complaints, self.offices) for entry in rows for row_field in entry.form]
        return [("#" + field.id, message) for field in fields for message in field.errors]

    def report(self) -> QualityReport:
        complaints = tuple(ComplaintYear(row.year.data, row.received.data or 0, row.upheld.data or 0)
                           for row in (entry.form for entry in self.complaints) if row.year.data is not None)
        offices = tuple(OfficeAccess(whole_number(entry.form.office_id.data, 1) or 0,
                                     ANSWER.get(entry.form.step_free_entrance.data),
                                     ANSWER.get(entry.form.parking.data)) for entry in self.offices)
        return QualityReport(self.staff_count.data, self.continuity_percent.data, self.founded_year.data,
                             (self.ownership_fi.data or "").strip(), (self.ownership_sv.data or "").strip(),
                             tuple(self.languages.data or ()), complaints, offices)


def _answer(told: bool | None) -> str:
    return "" if told is None else "yes" if told else "no"
