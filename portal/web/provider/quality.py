"""The provider's quality information: what clients may compare besides the price, sent for the county's
approval. Clients see only the version the county approved."""

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.domain.quality import MAX_TEXT, SPOKEN_LANGUAGES, quality_problems
from portal.domain.roles import Role
from portal.services.quality import QualityProblems
from portal.services.use_cases import provider
from portal.web import labels
from portal.web.access import role_required
from portal.web.once import binding
from portal.web.provider.quality_form import QualityForm
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()

PROBLEMS = {
    "staff_count": {"count_range": _l("Enter a number of staff from 0 to 100 000.")},
    "continuity_percent": {"percent_range": _l("Enter a share from 0 to 100.")},
    "founded_year": {"year_range": _l("Enter a year from 1800 to this year.")},
    "ownership_fi": {"too_long": _l("Use at most %(num)s characters", num=MAX_TEXT)},
    "ownership_sv": {"too_long": _l("Use at most %(num)s characters", num=MAX_TEXT)},
    "languages": {"unknown_language": _l("Choose the languages from the list.")},
}
COMPLAINT_PROBLEMS = {  # the field of the row that is wrong, and what to do
    "year_range": ("year", _l("Enter a year from the year the company was founded to this year.")),
    "year_twice": ("year", _l("Give each year only once.")),
    "count_range": ("received", _l("Enter numbers of complaints from 0 to 100 000.")),
    "upheld_over_received": ("upheld", _l("Complaints upheld cannot be more than the complaints received.")),
    "no_year": ("year", _l("Enter the year of these complaints.")),
}
NOT_YOUR_OFFICES = _l("The form named an office that is not yours. Nothing was sent. Reload the page and send the "
                      "form again.")


@routes.route("/quality", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("send_quality")
def quality():
    shown, form = provider.quality_page(current_user.provider_id), QualityForm()
    form.languages.choices = [SelectChoice(code, labels.language_name(code)) for code in SPOKEN_LANGUAGES]
    if not form.is_submitted():
        form.fill(shown.latest, shown.offices)
        return _page(form, shown, [])
    valid = form.validate() & _years_given(form)  # both, so that every error is shown at once
    problems = quality_problems(form.report(), {office.id for office in shown.offices}, date.today())
    if valid and not problems:
        try:
            provider.send_quality(current_user.provider_id, current_user, form.report(), now())
        except QualityProblems as refused:  # an office moved meanwhile
            problems = refused.problems
        else:
            flash(_("Your quality information has been sent to the county. Clients see it once the county "
                    "approves it."), "success")
            return redirect(url_for("provider.quality"), 303)
    return _page(form, shown, _mark(form, problems))


def _page(form: QualityForm, shown, other_errors: list):
    offices = {office.id: office for office in shown.offices}
    return render_template("provider/quality.html", form=form, shown=shown, offices=offices,
                           errors=form.error_items() + other_errors)


def _years_given(form: QualityForm) -> bool:
    """Each row of complaints with numbers but no year marked; whether every row had its year."""
    missing = [entry.form.year for entry in form.complaints if entry.form.year.data is None
               and not entry.form.year.errors and (entry.form.received.data or entry.form.upheld.data) is not None]
    for year in missing:
        year.errors.append(COMPLAINT_PROBLEMS["no_year"][1])
    return not missing


def _mark(form: QualityForm, problems: dict[str, str]) -> list:
    """The form's fields marked with what is wrong; the errors that belong to no field, for the summary."""
    rows = [entry.form for entry in form.complaints if entry.form.year.data is not None]
    for key, code in problems.items():
        if key.startswith("complaints-"):
            name, message = COMPLAINT_PROBLEMS[code]
            rows[int(key.removeprefix("complaints-"))][name].errors.append(message)
        elif key in PROBLEMS:
            form[key].errors = [*form[key].errors, PROBLEMS[key][code]]
    return [("#offices", NOT_YOUR_OFFICES)] if "offices" in problems else []
