"""The case manager resolves the open disputes of a client's recorded services: the recording stands, or
units are credited back to the voucher."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.confirmations import ConfirmationError
from portal.domain.roles import Role
from portal.services.use_cases import confirmations
from portal.web.access import role_required
from portal.web.audit import log_access
from portal.web.confirmation_forms import ResolveForm
from portal.web.confirmation_words import resolve_problem
from portal.web.once import binding
from portal.web.routing import Routes

routes = Routes()


@routes.get("/clients/<int:client_id>/disputes")
@role_required(Role.CASE_MANAGER)
def client_disputes(client_id: int):
    found = confirmations.client_disputes(current_user.case_manager_id, client_id)
    if found is None:
        abort(404)
    page = render_template("confirmations/client_disputes.html", disputes=found, client_id=client_id)
    log_access(client_id, AccessAction.VIEW_CLIENT, "disputes")
    return page


@routes.route("/clients/<int:client_id>/disputes/<int:dispute_id>", methods=["GET", "POST"])
@role_required(Role.CASE_MANAGER)
@binding("resolve_dispute")
def resolve(client_id: int, dispute_id: int):
    found = confirmations.dispute_of_client(current_user.case_manager_id, client_id, dispute_id)
    if found is None and request.method == "POST" and confirmations.resolved_dispute_of_client(
            current_user.case_manager_id, client_id, dispute_id):
        return _resolved_already(client_id)
    if found is None:
        abort(404)
    form = ResolveForm()
    if form.validate_on_submit():
        try:
            confirmations.resolve_dispute(current_user, client_id, dispute_id, form.resolution.data, form.units.data,
                                          form.note.data or "", date.today())
        except ConfirmationError as problem:
            if str(problem) == "resolved":
                return _resolved_already(client_id)
            resolve_problem(form, str(problem))
        else:
            log_access(client_id, AccessAction.RESOLVE_DISPUTE)
            flash(_("The dispute has been resolved. The amount held is released to the provider's settlement."), "success")
            return redirect(url_for("case_manager.client_disputes", client_id=client_id), 303)
    log_access(client_id, AccessAction.VIEW_CLIENT, "dispute")
    return render_template("confirmations/resolve.html", dispute=found, form=form, client_id=client_id)


def _resolved_already(client_id: int):
    """A second answer to a dispute resolved meanwhile (another window, a colleague, the provider's correction)."""
    flash(_("The dispute had already been resolved. Nothing was changed."), "info")
    return redirect(url_for("case_manager.client_disputes", client_id=client_id), 303)
