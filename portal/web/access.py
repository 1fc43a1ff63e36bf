"""Who may open a view. Every view says so: an architecture test checks it."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def public(view: Callable) -> Callable:
    """Anyone may open this view, signed in or not."""
    view.access = "public"
    return view


def signed_in(view: Callable) -> Callable:
    """Any signed-in user may open this view."""
    wrapped = login_required(view)
    wrapped.access = "signed_in"
    return wrapped


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    """Only a signed-in user of one of these roles may open this view; others get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access = "|".join(roles)
        return wrapped

    return decorate
