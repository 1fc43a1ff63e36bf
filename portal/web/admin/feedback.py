"""The county's feedback inbox: feedback given through the portal, oldest unanswered first with the
days left to reply (306/2019: within 14 days), and one feedback's page where staff record the reply.
The reply is sent by hand to the reply-to address; the portal keeps it, with who answered and when."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.feedback import FeedbackStatus, next_statuses
from portal.domain.roles import Role
from portal.services.feedback import FeedbackError
from portal.services.use_cases import county as staff
from portal.web import labels
from portal.web.access import role_required
from portal.web.admin.feedback_form import FeedbackReplyForm
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()


@routes.get("/feedback")
@role_required(Role.ADMIN)
def feedback_inbox():
    asked = request.args.get("status")
    status = FeedbackStatus(asked) if asked in set(FeedbackStatus) else None
    return render_template("admin/feedback_inbox.html", inbox=staff.feedback_inbox(status, where_from_query(), now()))


def _reply_problem(code: str) -> str:
    if code == "no_reply":
        return _("Write the reply before you mark the feedback as answered")
    return _("Use at most 4000 characters")


def _refused(refused: FeedbackError, new: FeedbackStatus) -> str:
    """Someone else moved the feedback first, or a move the lifecycle does not allow (a stale or forged form)."""
    if refused.status is FeedbackStatus.ANSWERED:
        return _("This feedback has already been answered. Your reply was not saved.")
    return _("This feedback is now “%(status)s” and cannot be marked “%(new)s”. Nothing was changed.",
             status=labels.feedback_status(refused.status), new=labels.feedback_status(new))


def _saved(new: FeedbackStatus) -> str:
    if new is FeedbackStatus.ANSWERED:
        return _("The reply has been saved and the feedback marked as answered.")
    return _("The feedback has been marked as in progress.")


@routes.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@binding("answer_feedback")
def feedback(feedback_id: int):
    page = staff.feedback_page(feedback_id, now())
    if page is None:
        abort(404)
    form = FeedbackReplyForm(data={"reply": page.received.feedback.reply})
    if form.validate_on_submit():
        new = FeedbackStatus(form.status.data)
        try:
            staff.change_feedback(feedback_id, new, form.reply.data or "", current_user, now())
        except FeedbackError as refused:
            if refused.status is None:
                form.reply.errors.append(_reply_problem(refused.code))
            else:
                flash(_refused(refused, new), "info")
                return redirect(url_for("admin.feedback", feedback_id=feedback_id), 303)
        else:
            flash(_saved(new), "success")
            return redirect(url_for("admin.feedback", feedback_id=feedback_id), 303)
    return render_template("admin/feedback.html", page=page, form=form,
                           moves=next_statuses(page.received.feedback.status))
