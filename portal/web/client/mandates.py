"""The client's own mandates, and the log of who has read their information."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.mandates import MandateError, MandateStatus, Scope
from portal.services.use_cases import client
from portal.web.acting import client_data, current_acting, own_client_data
from portal.web.client.forms import GrantMandateForm
from portal.web.easy import readable
from portal.web.forms import ButtonForm
from portal.web.once import binding
from portal.web.mandate_errors import show_problem, valid_until_of
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


def _own_client_id() -> int:
    return current_acting().client.id


@routes.get("/mandates")
@own_client_data(read=AccessAction.VIEW_MANDATES)
def mandate_list():
    return render_template(readable("client/mandates.html"), given=client.given_mandates(_own_client_id()), today=date.today())


@routes.route("/mandates/new", methods=["GET", "POST"])
@own_client_data()
@binding("grant_mandate")
def grant_mandate():
    """The form, then a page to check it, then the mandate: valid at once."""
    form = GrantMandateForm()
    changing = "change" in request.form
    if form.validate_on_submit() and not changing:
        valid_until = valid_until_of(form)
        try:
            given = client.give_mandate(current_user, _own_client_id(), form.username.data, Scope(form.scope.data),
                                        valid_until, date.today(), confirmed=form.confirm.data == "yes")
        except MandateError as problem:
            show_problem(form, problem)
        else:
            if given.mandate is None:
                return render_template("client/mandate_check.html", form=form, holder=given.holder, valid_until=valid_until)
            flash(_("You gave %(name)s a mandate. It is valid now.", name=given.holder.display_name), "success")
            return redirect(url_for("client.mandate_list"), 303)
    form.confirm.data = ""
    return render_template("client/mandate_form.html", form=form)


def _decisions() -> dict:
    return {
        "confirm": (MandateStatus.ACTIVE, _("The mandate is now valid.")),
        "decline": (MandateStatus.DECLINED, _("You declined the request.")),
        "revoke": (MandateStatus.REVOKED, _("The mandate has been revoked. It stopped at once.")),
    }


@routes.route("/mandates/<int:mandate_id>/decision", methods=["GET", "POST"])
@own_client_data()
@binding("decide_mandate")
def decide_mandate(mandate_id: int):
    """Confirm or decline a request for a mandate, or revoke one in force."""
    form = ButtonForm()
    posted = form.validate_on_submit()
    status, message = _decisions().get(request.form.get("decision", ""), (None, "")) if posted else (None, "")
    try:
        shown = client.decide_mandate(current_user, _own_client_id(), mandate_id, date.today(), status)
    except MandateError as problem:  # decided meanwhile, or a mandate changed only in Suomi.fi
        return _decided_before(str(problem))
    if shown is None:
        abort(404)
    if shown.decided_before:
        return _decided_before()
    if posted and status is None:
        abort(400)
    if shown.decided:
        flash(message, "success")
        return redirect(url_for("client.mandate_list"), 303)
    return render_template("client/mandate_decision.html", mandate=shown.mandate, form=form)


def _decided_before(problem: str = ""):
    flash(_("This mandate was given in Suomi.fi e-Authorizations. You can change or revoke it only there, at "
            "suomi.fi/e-authorizations. Nothing was changed.") if problem == "in_register"
          else _("This mandate has already been decided. Nothing was changed."), "info")
    return redirect(url_for("client.mandate_list"), 303)


@routes.get("/access-log")
@client_data(read=AccessAction.VIEW_ACCESS_LOG)
def access_log_page():
    shown = current_acting().client
    page = client.client_access_log(shown.id, where_from_query())
    g.access_detail = f"rows {page.first_number}-{page.last_number}"
    return render_template(readable("client/access_log.html"), log=page, client=shown)
