"""Case managers' pages: their own clients, and mandates given on paper."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.db.models import Client
from portal.db.session import get_session
from portal.domain.access_log import AccessAction
from portal.domain.mandates import MandateError, Scope
from portal.services import access_log, mandates
from portal.web.access import role_required
from portal.web.case_manager.forms import PaperMandateForm
from portal.web.i18n import parse_date
from portal.web.mandate_errors import show_problem, valid_until_of

blueprint = Blueprint("case_manager", __name__, url_prefix="/case-manager")


def _own_client(client_id: int) -> Client:
    """A client assigned to this case manager; any other is not found."""
    client = get_session().scalar(
        select(Client)
        .where(Client.id == client_id, Client.case_manager_id == current_user.case_manager_id)
        .options(joinedload(Client.municipality))
    )
    if client is None:
        abort(404)
    return client


@blueprint.get("/clients")
@role_required("case_manager")
def clients():
    own = get_session().scalars(
        select(Client)
        .where(Client.case_manager_id == current_user.case_manager_id)
        .options(joinedload(Client.municipality))
        .order_by(Client.last_name, Client.first_name)
    ).all()
    return render_template("case_manager/clients.html", clients=own)


@blueprint.route("/clients/<int:client_id>/mandates", methods=["GET", "POST"])
@role_required("case_manager")
def client_mandates(client_id: int):
    db, today = get_session(), date.today()
    client = _own_client(client_id)
    form = PaperMandateForm()
    if form.validate_on_submit():
        try:
            mandate = mandates.record_paper(
                db, current_user, client.id, form.username.data, Scope(form.scope.data),
                valid_until_of(form), parse_date(form.signed_on.data), today,
            )
        except MandateError as problem:
            db.rollback()
            show_problem(form, problem)
        else:
            access_log.record(db, current_user, client.id, AccessAction.RECORD_PAPER_MANDATE, mandate.id)
            db.commit()
            flash(_("The mandate given on paper has been recorded. It is valid now."), "success")
            return redirect(url_for("case_manager.client_mandates", client_id=client.id), 303)
    given = mandates.given_by(db, client.id)
    if not form.errors:
        access_log.record(db, current_user, client.id, AccessAction.VIEW_MANDATES)
        db.commit()
    return render_template("case_manager/client_mandates.html", client=client, given=given, form=form, today=today)
