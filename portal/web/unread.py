"""The case manager's unread messages beside "Messages" in her navigation: one indexed count a request,
made only when her navigation (or a message swapped in place) shows it."""

from flask import g, get_template_attribute
from flask_login import current_user
from markupsafe import Markup

from portal.domain.roles import Role
from portal.services.use_cases import case_manager as case_manager_use_cases


def unread_messages() -> int | None:
    """How many messages from her clients and their relatives the signed-in case manager has not read;
    None for anybody else."""
    if not current_user.is_authenticated or current_user.role != Role.CASE_MANAGER:
        return None
    if "unread_messages" not in g:
        g.unread_messages = case_manager_use_cases.unread_messages(current_user.case_manager_id)
    return g.unread_messages


def inbox_label(label) -> Markup:
    """The navigation's "Messages" with a badge that says how many are unread: "Messages 3 unread"."""
    return Markup(get_template_attribute("components/unread.html", "inbox_label")(str(label), unread_messages()))
