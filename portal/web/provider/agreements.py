"""A provider's service agreements: proposing the terms for a client it accepted, proposing again after the
client asked for changes, reading the agreement (on its page and as a PDF), and ending it with notice."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.use_cases import agreements as use
from portal.web.access import role_required
from portal.web.agreements import (REFUSED, NoticeForm, ProposalForm, agreement_pdf as pdf_of, show_notice_problem,
                                   show_terms_problems, terms_of, version_of)
from portal.web.audit import log_access
from portal.web.i18n import date_input, parse_date
from portal.web.once import binding
from portal.web.routing import Routes

routes = Routes()


def _filled(form: ProposalForm, page: use.AgreementPage) -> None:
    """A new proposal starts from the terms proposed last, or from the choice's first day."""
    agreement = page.agreement
    if request.method == "POST":
        return
    form.starts_on.data = date_input(agreement.starts_on if agreement else max(page.today, page.choice.valid_from))
    if agreement is not None:
        form.process(obj=agreement, starts_on=form.starts_on.data, version=str(agreement.version))


@routes.route("/clients/<int:choice_id>/agreement", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("propose_agreement")
def agreement(choice_id: int):
    today, form = date.today(), ProposalForm()
    page = use.provider_agreement(current_user.provider_id, choice_id, today)
    if page is None:
        abort(404)
    _filled(form, page)
    if form.validate_on_submit():
        try:
            use.propose(current_user, choice_id, terms_of(form), version_of(form), today)
        except use.AgreementError as error:
            if error.code != "terms":
                flash(str(REFUSED[error.code]), "info")
                return redirect(url_for("provider.agreement", choice_id=choice_id), 303)
            show_terms_problems(form, error)
        else:
            flash(_("The agreement has been sent to the client to accept."), "success")
            return redirect(url_for("provider.agreement", choice_id=choice_id), 303)
    if request.method == "GET":
        log_access(page.client_id, AccessAction.VIEW_AGREEMENT)
    return render_template("provider/agreement.html", page=page, form=form)


@routes.get("/clients/<int:choice_id>/agreement.pdf")
@role_required(Role.PROVIDER)
def agreement_pdf(choice_id: int):
    page = use.provider_agreement(current_user.provider_id, choice_id, date.today())
    if page is None or page.agreement is None:
        abort(404)
    response = pdf_of(page)
    log_access(page.client_id, AccessAction.VIEW_AGREEMENT)
    return response


@routes.route("/clients/<int:choice_id>/agreement/notice", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("end_agreement")
def notice(choice_id: int):
    today, form = date.today(), NoticeForm()
    page = use.provider_agreement(current_user.provider_id, choice_id, today)
    if page is None or not page.runs:
        abort(404)
    if form.validate_on_submit():
        try:
            use.provider_notice(current_user, choice_id, parse_date(form.last_day.data), form.reason.data or "", today)
        except use.AgreementError as error:
            show_notice_problem(form, error, page.earliest_end)
        else:
            flash(_("Notice has been given. The client has been told when the agreement ends."), "success")
            return redirect(url_for("provider.agreement", choice_id=choice_id), 303)
    if request.method == "GET":
        log_access(page.client_id, AccessAction.VIEW_AGREEMENT)
    return render_template("provider/agreement_notice.html", page=page, form=form)
