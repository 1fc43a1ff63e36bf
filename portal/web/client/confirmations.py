"""The client's (or a relative's) services to confirm: confirm all that the page showed, or dispute a row."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.confirmations import ConfirmationError
from portal.domain.plans import iso_month, month_of_iso
from portal.services.use_cases import confirmations
from portal.web.acting import client_data, current_acting
from portal.web.confirmation_forms import ConfirmAllForm, DisputeForm
from portal.web.confirmation_words import dispute_problem
from portal.web.numbers import whole_number
from portal.web.once import binding
from portal.web.routing import Routes

routes = Routes()


@routes.route("/services-to-confirm", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_SERVICES_TO_CONFIRM, write=AccessAction.CONFIRM_SERVICES)
@binding("confirm_services")
def services_to_confirm():
    """The month's services and where each stands; "Confirm all" posts what the page showed back to it."""
    if request.method == "POST":
        return _confirm_all(ConfirmAllForm())
    today = date.today()
    shown = confirmations.services_to_confirm(current_acting().client.id, month_of_iso(request.args.get("month")), today)
    form = ConfirmAllForm(data={"month": iso_month(shown.month), "up_to": shown.up_to_id})
    return render_template("confirmations/to_confirm.html", shown=shown, form=form, today=today)


def _confirm_all(form: ConfirmAllForm):
    month, up_to = month_of_iso(form.month.data), whole_number(form.up_to.data, 0)
    if not form.validate_on_submit() or month is None or up_to is None:
        abort(400)
    try:
        count = confirmations.confirm_all(current_user, current_acting().client.id, month, up_to, date.today())
    except ConfirmationError:
        count = 0
    flash(ngettext("%(num)d service was confirmed.", "%(num)d services were confirmed.", count) if count else
          _("No services were waiting for confirmation on the page. Nothing was changed."), "success" if count else "info")
    return redirect(url_for("client.services_to_confirm", month=iso_month(month)), 303)


@routes.route("/services-to-confirm/<int:event_id>/dispute", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_SERVICES_TO_CONFIRM, write=AccessAction.DISPUTE_SERVICE)
@binding("dispute_service")
def dispute(event_id: int):
    acting, today = current_acting(), date.today()
    row = confirmations.service_to_dispute(acting.client.id, event_id, today)
    if row is None:
        abort(404)
    form = DisputeForm()
    if form.validate_on_submit():
        try:
            confirmations.dispute(current_user, acting.client.id, acting.for_self, event_id, form.reason.data,
                                  form.note.data or "", today)
        except ConfirmationError as problem:
            dispute_problem(form, str(problem))
        else:
            flash(_("The service was disputed. It is held out of the provider's payment until the dispute is resolved."), "success")
            return redirect(url_for("client.services_to_confirm", month=iso_month(row.event.service_date)), 303)
    return render_template("confirmations/dispute.html", row=row, form=form), 200
