"""The client's service agreements, which a relative with a mandate reads too: the list, an agreement's page to
read and print, the same as a PDF to keep, accepting it or asking for changes, and ending it with notice (a relative
needs a mandate to act)."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.services.use_cases import agreements as use
from portal.web.acting import client_data, current_acting
from portal.web.agreements import ACCEPT, AnswerForm, NoticeForm, agreement_pdf as pdf_of, show_notice_problem, version_of
from portal.web.i18n import parse_date
from portal.web.once import binding
from portal.web.routing import Routes

routes = Routes()


def _client_id() -> int:
    return current_acting().client.id


@routes.get("/agreements")
@client_data(read=AccessAction.VIEW_AGREEMENT)
def agreements():
    return render_template("client/agreements.html", agreements=use.client_agreements(_client_id()), today=date.today())


def _page(choice_id: int) -> use.AgreementPage:
    page = use.client_agreement(_client_id(), choice_id, date.today())
    if page is None:
        abort(404)
    g.access_detail = page.choice.provider.name
    return page


@routes.get("/plan/choices/<int:choice_id>/agreement")
@client_data(read=AccessAction.VIEW_AGREEMENT)
def agreement(choice_id: int):
    page = _page(choice_id)
    form = AnswerForm(version=str(page.agreement.version) if page.agreement else "")
    return render_template("client/agreement.html", page=page, form=form)


@routes.get("/plan/choices/<int:choice_id>/agreement.pdf")
@client_data(read=AccessAction.VIEW_AGREEMENT)
def agreement_pdf(choice_id: int):
    page = _page(choice_id)
    if page.agreement is None:
        abort(404)
    return pdf_of(page, current_acting().client.full_name)


ANSWERED = {
    "accepted": lambda: _("The agreement has been accepted. The provider can now record services under it."),
    "changes_asked": lambda: _("Your message has been sent. The provider proposes the terms again."),
    "stale": lambda: _("The agreement had already been answered, or the provider changed it. Nothing was changed. "
                       "Read it again below."),
}


@routes.post("/plan/choices/<int:choice_id>/agreement")
@client_data(write=AccessAction.ACCEPT_AGREEMENT)
@binding("answer_agreement")
def answer(choice_id: int):
    page, form = _page(choice_id), AnswerForm()
    if form.validate_on_submit():
        try:
            answered = use.answer(current_user, _client_id(), choice_id, current_acting().for_self,
                                  form.answer.data == ACCEPT, version_of(form), form.message.data or "", date.today())
        except use.AgreementError:
            form.message.errors.append(_("Write what should be changed, so that the provider knows what to propose."))
        else:
            if answered is None:
                abort(404)
            g.write_action = None if form.answer.data == ACCEPT else AccessAction.ASK_AGREEMENT_CHANGES
            g.repeated_submission = not answered.changed  # nothing was done: nothing to write to the access log
            flash(ANSWERED[answered.agreement.status if answered.changed else "stale"](),
                  "success" if answered.changed else "info")
            return redirect(url_for("client.agreement", choice_id=choice_id), 303)
    return render_template("client/agreement.html", page=page, form=form), 400


@routes.route("/plan/choices/<int:choice_id>/agreement/notice", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_AGREEMENT, write=AccessAction.END_AGREEMENT)
@binding("end_agreement")
def notice(choice_id: int):
    today, page, form = date.today(), _page(choice_id), NoticeForm()
    if not page.runs:
        abort(404)
    if form.validate_on_submit():
        try:
            use.client_notice(current_user, _client_id(), choice_id, current_acting().for_self,
                              parse_date(form.last_day.data), form.reason.data or "", today)
        except use.AgreementError as error:
            show_notice_problem(form, error, page.earliest_end)
        else:
            flash(_("Notice has been given. The provider sees when the agreement ends."), "success")
            return redirect(url_for("client.agreement", choice_id=choice_id), 303)
    return render_template("client/agreement_notice.html", page=page, form=form)
