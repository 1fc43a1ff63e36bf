"""The client's side of planning: reading and accepting a proposed plan, and messages."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.plans import PlanError
from portal.services.use_cases import client
from portal.web.acting import client_data, current_acting
from portal.web.forms import ButtonForm, MessageForm
from portal.web.fragments import page_or_fragment
from portal.web.once import binding
from portal.web.numbers import whole_number
from portal.web.routing import Routes

routes = Routes()


@routes.route("/plan/proposal", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_PLAN, write=AccessAction.ACCEPT_PLAN)
@binding("plan_decision")
def proposal():
    form, message_form = ButtonForm(), MessageForm()
    posted = request.method == "POST" and form.validate_on_submit()
    decision = request.form.get("decision") if posted else None
    changes_asked = message_form.body.data if decision == "changes" and message_form.validate() else None
    sent_for = whole_number(request.form.get("plan"), 1) or 0
    try:
        answer = client.plan_proposal(current_user, current_acting().client.id, date.today(), sent_for,
                                      accept=decision == "accept", changes_asked=changes_asked)
    except PlanError:  # accepted meanwhile: nothing is issued twice
        return _accepted()
    if answer.proposal is None:
        # Accepted in another window, or by the relative: the plan it named is in force.
        if request.method == "POST" and answer.accepted_before:
            flash(_("This plan has already been accepted. It is in force."), "info")
            return redirect(url_for("client.overview"), 303)
        abort(404)
    plan = answer.proposal.plan
    if answer.accepted or answer.sent_back:
        g.access_detail = f"v{plan.version}"
    if answer.accepted:
        return _accepted()
    if answer.sent_back:
        flash(_("Your request has been sent to your case manager, who will contact you.") if current_acting().for_self
              else _("The request has been sent to the case manager, who will contact you or %(name)s.",
                     name=current_acting().client.full_name), "success")
        return redirect(url_for("client.messages"), 303)
    if posted and decision != "changes":
        abort(400)
    return render_template("client/proposal.html", proposal=answer.proposal, plan=plan, message_form=message_form)


def _accepted():
    flash(_("The plan has been accepted. The new budget is in force, and you can choose providers."), "success")
    return redirect(url_for("client.overview"), 303)


@routes.route("/messages", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_MESSAGES, write=AccessAction.SEND_MESSAGE)
@binding("send_message")
def messages():
    client_id, form = current_acting().client.id, MessageForm()
    if form.validate_on_submit():
        client.send_message(current_user, client_id, form.body.data, asks_for_review=request.form.get("review") == "yes")
        flash(_("Your message has been sent to your case manager.") if current_acting().for_self
              else _("The message has been sent to %(name)s's case manager.", name=current_acting().client.full_name),
              "success")
        return redirect(url_for("client.messages"), 303)
    thread = client.messages(client_id)
    return page_or_fragment("client/messages.html", "client/_message_thread.html", messages=thread, form=form)
