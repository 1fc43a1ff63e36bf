"""Pages for people who act for others: choosing whom to act for, and asking for mandates."""

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.domain.mandates import MandateError, Scope, validity_problem
from portal.services import mandates
from portal.services.use_cases import relative
from portal.web.access import signed_in
from portal.web.acting import start_acting
from portal.web.easy import readable
from portal.web.i18n import date_numeric
from portal.web.labels import mandate_source
from portal.web.mandate_errors import show_problem, valid_until_of
from portal.web.limits import per_account, per_address
from portal.web.once import binding
from portal.web.relative.forms import ChooseWhomForm, RequestMandateForm
from portal.web.routing import Routes

routes = Routes()
MYSELF = "self"


@routes.route("/act-for", methods=["GET", "POST"])
@signed_in
def choose():
    """Never straight into someone else's data: the user says whom they act for."""
    held = mandates.valid_held_by(current_user.id, date.today())
    form = ChooseWhomForm()
    scope_words = {Scope.VIEW: _("can view"), Scope.ACT: _("can act")}
    form.whom.choices = [SelectChoice(MYSELF, _("Myself"))] + [
        SelectChoice(
            str(m.id),
            _("%(name)s (%(scope)s, valid until %(date)s) – %(source)s", name=m.client.full_name,
              scope=scope_words[Scope(m.scope)], date=date_numeric(m.valid_until), source=mandate_source(m)),
        )
        for m in held
    ]
    if form.validate_on_submit():
        mandate = next((m for m in held if str(m.id) == form.whom.data), None)
        start_acting(mandate)
        if mandate is None:
            flash(_("You are now handling your own matters."), "switch")
            return redirect(url_for("client.overview" if current_user.client_id else "relative.home"), 303)
        relative.start_acting_for(current_user, mandate)
        flash(_("You are now acting on behalf of %(name)s.", name=mandate.client.full_name), "switch")
        return redirect(url_for("client.overview"), 303)
    return render_template("relative/choose.html", form=form, held=held)


@routes.get("/my-mandates")
@signed_in
def home():
    """The mandates the user holds, and the requests still waiting."""
    mine = relative.my_mandates(current_user.id)
    return render_template(readable("relative/home.html"), held=mine.held, waiting=mine.waiting, today=date.today())


@routes.route("/my-mandates/request", methods=["GET", "POST"])
@per_account("RATE_LIMIT_MANDATE_REQUEST_ACCOUNT")
@per_address("RATE_LIMIT_MANDATE_REQUEST_ADDRESS")
@signed_in
@binding("request_mandate")
def request_mandate():
    """The same answer whether or not the details match a client: nobody learns who is one."""
    today, form = date.today(), RequestMandateForm()
    if form.validate_on_submit():
        valid_until = valid_until_of(form)
        problem = validity_problem(valid_until, today)
        if problem:
            show_problem(form, MandateError(problem))
        elif form.confirm.data != "yes":
            return render_template("relative/request_check.html", form=form, valid_until=valid_until)
        else:
            relative.request_mandate(current_user, form.client_number.data, form.last_name.data,
                                     Scope(form.scope.data), valid_until, today)
            flash(_("Your request has been sent. If the client number and the last name match, the person is asked to "
                    "confirm it. The mandate becomes valid when they do."), "success")
            return redirect(url_for("relative.home"), 303)
    return render_template("relative/request.html", form=form)
