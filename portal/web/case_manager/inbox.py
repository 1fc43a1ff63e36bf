"""The case manager's inbox: what her clients and their relatives write, unread first, each message
marked read or unread by a button (a plain form; with JavaScript, htmx swaps the message in place)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.use_cases import case_manager as use_cases
from portal.web.access import role_required
from portal.web.audit import log_access, log_reads
from portal.web.fragments import page_or_fragment, wants_fragment
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


@routes.get("/messages")
@role_required(Role.CASE_MANAGER)
def inbox():
    page = use_cases.inbox(current_user.case_manager_id, where_from_query())
    log_reads([item.client.id for item in page.rows], AccessAction.VIEW_MESSAGES, "inbox")
    return render_template("case_manager/inbox.html", page=page)


@routes.get("/messages/<int:message_id>")
@role_required(Role.CASE_MANAGER)
def message(message_id: int):
    """One message: a page of its own, or (for htmx, after it was marked) its item of the inbox."""
    item = use_cases.inbox_message(current_user.case_manager_id, message_id)
    if item is None:
        abort(404)
    log_access(item.client.id, AccessAction.VIEW_MESSAGES, "inbox")
    return page_or_fragment("case_manager/message.html", "case_manager/_inbox_item.html", item=item)


def _marked(message_id: int, read: bool):
    """The mark set (or found set already) and where to see it: the message's item for htmx, the message's
    page when it was marked there, else the inbox."""
    item = use_cases.mark_message(current_user.case_manager_id, message_id, read)
    if item is None:
        abort(404)
    name = item.client.full_name
    flash(_("%(name)s: the message is marked as read.", name=name) if read
          else _("%(name)s: the message is marked as unread.", name=name), "success")
    if wants_fragment() or request.form.get("return_to") == "message":
        return redirect(url_for("case_manager.message", message_id=message_id), 303)
    return redirect(url_for("case_manager.inbox") + f"#message-{message_id}", 303)


@routes.post("/messages/<int:message_id>/read")
@role_required(Role.CASE_MANAGER)
@binding("mark_message_read")
def mark_read(message_id: int):
    return _marked(message_id, read=True)


@routes.post("/messages/<int:message_id>/unread")
@role_required(Role.CASE_MANAGER)
@binding("mark_message_unread")
def mark_unread(message_id: int):
    return _marked(message_id, read=False)
