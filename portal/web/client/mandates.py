"""The client's own mandates, and the log of who has read their information."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.db.session import get_session
from portal.domain.access_log import AccessAction
from portal.domain.mandates import MandateError, MandateStatus, Scope
from portal.services import access_log, mandates
from portal.web.acting import client_data, current_acting, own_client_data
from portal.web.client.forms import GrantMandateForm
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
    given = mandates.given_by(get_session(), _own_client_id())
    return render_template("client/mandates.html", given=given, today=date.today())


@routes.route("/mandates/new", methods=["GET", "POST"])
@own_client_data()
@binding("grant_mandate")
def grant_mandate():
    """The form, then a page to check it, then the mandate: valid at once."""
    db, today = get_session(), date.today()
    form = GrantMandateForm()
    changing = "change" in request.form
    if form.validate_on_submit() and not changing:
        valid_until = valid_until_of(form)
        try:
            if form.confirm.data != "yes":
                holder = mandates.check_grant(db, _own_client_id(), form.username.data, valid_until, today)
                return render_template("client/mandate_check.html", form=form, holder=holder, valid_until=valid_until)
            mandate = mandates.grant(db, _own_client_id(), form.username.data, Scope(form.scope.data), valid_until, today)
        except MandateError as problem:
            db.rollback()
            show_problem(form, problem)
        else:
            access_log.record(db, current_user, _own_client_id(), AccessAction.GRANT_MANDATE, mandate.id)
            db.commit()
            flash(_("You gave %(name)s a mandate. It is valid now.", name=mandate.holder.display_name), "success")
            return redirect(url_for("client.mandate_list"), 303)
    form.confirm.data = ""
    return render_template("client/mandate_form.html", form=form)


@routes.route("/mandates/<int:mandate_id>/decision", methods=["GET", "POST"])
@own_client_data()
@binding("decide_mandate")
def decide_mandate(mandate_id: int):
    """Confirm or decline a request for a mandate, or revoke one in force."""
    db, today = get_session(), date.today()
    mandate = mandates.of_client(db, _own_client_id(), mandate_id)
    if mandate is None:
        abort(404)
    if mandate.status not in (MandateStatus.REQUESTED, MandateStatus.ACTIVE):
        flash(_("This mandate has already been decided. Nothing was changed."), "info")
        return redirect(url_for("client.mandate_list"), 303)
    form = ButtonForm()
    if form.validate_on_submit():
        decisions = {
            "confirm": (MandateStatus.ACTIVE, AccessAction.CONFIRM_MANDATE, _("The mandate is now valid.")),
            "decline": (MandateStatus.DECLINED, AccessAction.DECLINE_MANDATE, _("You declined the request.")),
            "revoke": (MandateStatus.REVOKED, AccessAction.REVOKE_MANDATE, _("The mandate has been revoked. It stopped at once.")),
        }
        decision = decisions.get(request.form.get("decision", ""))
        if decision is None:
            abort(400)
        status, action, message = decision
        try:
            mandates.decide(db, mandate, status, today)
        except MandateError:
            db.rollback()
            flash(_("This mandate has already been decided. Nothing was changed."), "info")
            return redirect(url_for("client.mandate_list"), 303)
        access_log.record(db, current_user, mandate.client_id, action, mandate.id)
        db.commit()
        flash(message, "success")
        return redirect(url_for("client.mandate_list"), 303)
    return render_template("client/mandate_decision.html", mandate=mandate, form=form)


@routes.get("/access-log")
@client_data(read=AccessAction.VIEW_ACCESS_LOG)
def access_log_page():
    db = get_session()
    client = current_acting().client
    page = access_log.entries_for(db, client.id, where_from_query())
    g.access_detail = f"rows {page.first_number}-{page.last_number}"
    return render_template("client/access_log.html", log=page, client=client)
