"""The client's side of planning: reading and accepting a proposed plan, and messages."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.db.session import get_session
from portal.domain.access_log import AccessAction
from portal.domain.plans import PlanError, PlanStatus
from portal.services import plans
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
    db, today, client_id = get_session(), date.today(), current_acting().client.id
    proposed = plans.proposal_of(db, client_id, today)
    if proposed is None:
        # Accepted in another window, or by the relative: the plan it named is in force.
        sent_for = plans.plan_of_client(db, client_id, whole_number(request.form.get("plan"), 1) or 0)
        if request.method == "POST" and sent_for is not None and sent_for.status == PlanStatus.ACCEPTED:
            flash(_("This plan has already been accepted. It is in force."), "info")
            return redirect(url_for("client.overview"), 303)
        abort(404)
    plan = proposed.plan
    form, message_form = ButtonForm(), MessageForm()
    if request.method == "POST" and form.validate_on_submit():
        decision = request.form.get("decision")
        if decision == "accept":
            try:
                plans.accept(db, client_id, plan.id, today)
            except PlanError:
                db.rollback()  # accepted meanwhile: nothing is issued twice
            else:
                g.access_detail = f"v{plan.version}"
                db.commit()
            flash(_("The plan has been accepted. The new budget is in force, and you can choose providers."), "success")
            return redirect(url_for("client.overview"), 303)
        if decision == "changes" and message_form.validate():
            plans.send_back(db, client_id, plan.id)
            plans.send_message(db, current_user, client_id, message_form.body.data)
            db.commit()
            g.access_detail = f"v{plan.version}"
            flash(_("Your request has been sent to your case manager, who will contact you."), "success")
            return redirect(url_for("client.messages"), 303)
        if decision != "changes":
            abort(400)
    return render_template("client/proposal.html", proposal=proposed, plan=plan, message_form=message_form)


@routes.route("/messages", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_MESSAGES, write=AccessAction.SEND_MESSAGE)
@binding("send_message")
def messages():
    db, client_id = get_session(), current_acting().client.id
    form = MessageForm()
    if form.validate_on_submit():
        review = request.form.get("review") == "yes"
        plans.send_message(db, current_user, client_id, form.body.data, asks_for_review=review)
        db.commit()
        flash(_("Your message has been sent to your case manager."), "success")
        return redirect(url_for("client.messages"), 303)
    thread = plans.messages_of(db, client_id)
    return page_or_fragment("client/messages.html", "client/_message_thread.html", messages=thread, form=form)
