"""The county approves providers' quality information (or returns it with a message), and records what its
supervision of a provider found."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.quality import MAX_TEXT, FindingKind
from portal.domain.roles import Role
from portal.services.quality import AlreadyDecided, QualityProblems
from portal.services.use_cases import county as staff
from portal.web.access import role_required
from portal.web.i18n import date_input, parse_date
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()

TOO_LONG = _l("Use at most %(num)s characters", num=MAX_TEXT)
KINDS = {FindingKind.NO_REMARKS: _l("No remarks"), FindingKind.GUIDANCE: _l("Guidance"),
         FindingKind.REMARK: _l("Remark"), FindingKind.ORDER: _l("Order to put something right")}
FINDING_PROBLEMS = {
    "future": _l("The date cannot be in the future."),
    "missing": _l("Enter the date by which the order must be put right."),
    "before_found": _l("The date to put it right must be after the day of the finding."),
    "not_an_order": _l("Only an order has a date to put it right by. Leave it empty."),
}


class QualityDecisionForm(FlaskForm):
    message = TextAreaField(_l("Message to the provider"), validators=[Optional(), Length(max=MAX_TEXT, message=TOO_LONG)])


class FindingForm(FlaskForm):
    kind = RadioField(_l("What the supervision found"), choices=[SelectChoice(kind.value, label) for kind, label in KINDS.items()],
                      validators=[InputRequired(_l("Choose what the supervision found"))])
    found_on = StringField(_l("Date of the finding"))
    put_right_by = StringField(_l("To be put right by (only for an order)"))
    summary_fi = TextAreaField(_l("Summary in Finnish"), validators=[Optional(), Length(max=MAX_TEXT, message=TOO_LONG)])
    summary_sv = TextAreaField(_l("Summary in Swedish"), validators=[Optional(), Length(max=MAX_TEXT, message=TOO_LONG)])


@routes.get("/quality")
@role_required(Role.ADMIN)
def quality_list():
    return render_template("admin/quality_list.html", page=staff.quality_waiting(where_from_query()))


@routes.route("/quality/<int:quality_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("decide_quality")
def quality_review(quality_id: int):
    review, form = staff.quality_review(quality_id), QualityDecisionForm()
    if review is None:
        abort(404)
    if form.validate_on_submit():
        approve = request.form.get("decision") == "approve"
        try:
            staff.decide_quality(quality_id, approve, form.message.data or "", current_user, now())
        except AlreadyDecided:
            flash(_("This version had already been decided. Nothing was changed."), "info")
            return redirect(url_for("admin.quality_list"), 303)
        except QualityProblems:
            form.message.errors.append(_("Write to the provider what to correct before you return it."))
        else:
            flash(_("The quality information has been approved. Clients see it now.") if approve else
                  _("The quality information has been returned to the provider with your message."), "success")
            return redirect(url_for("admin.quality_list"), 303)
    return render_template("admin/quality_review.html", review=review, form=form)


@routes.route("/providers/<int:provider_id>/findings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("record_finding")
def findings(provider_id: int):
    found, form, today = staff.findings_of(provider_id), FindingForm(), date.today()
    if found is None:
        abort(404)
    if form.validate_on_submit() and _dates_read(form, today):
        try:
            staff.record_finding(provider_id, FindingKind(form.kind.data), parse_date(form.found_on.data),
                                 parse_date(form.put_right_by.data), form.summary_fi.data or "",
                                 form.summary_sv.data or "", current_user, today)
        except QualityProblems as refused:
            _mark(form, refused.problems)
        else:
            flash(_("The supervision finding has been saved. Clients see it when they compare providers."), "success")
            return redirect(url_for("admin.findings", provider_id=provider_id), 303)
    return render_template("admin/findings.html", found=found, form=form)


def _dates_read(form: FindingForm, today: date) -> bool:
    """Whether the dates are dates; each one that is not is marked on the form."""
    example = _("Enter the date as day.month.year, for example %(example)s.", example=date_input(today))
    if parse_date(form.found_on.data) is None:
        form.found_on.errors.append(example)
    if (form.put_right_by.data or "").strip() and parse_date(form.put_right_by.data) is None:
        form.put_right_by.errors.append(example)
    return not (form.found_on.errors or form.put_right_by.errors)


def _mark(form: FindingForm, problems: dict[str, str]) -> None:
    for name, code in problems.items():
        if name.startswith("summary"):
            message = TOO_LONG if code == "too_long" else _("Write a summary in Finnish or in Swedish.")
            form[name].errors.append(message)
        else:
            form[name].errors.append(FINDING_PROBLEMS[code])
