"""Who may open a view. Every view says so: an architecture test checks it.

Someone signed in with a decision's code sees a limited view: only the views marked
`open_to_decision_code` (the vouchers, the providers, choosing one, the decisions). One check before every
request refuses them every other view, so that a new view is closed to them until someone opens it.
"""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.domain.roles import Role

OPEN_TO_DECISION_CODE = "open_to_decision_code"


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


def open_to_decision_code(view: Callable) -> Callable:
    """Someone signed in with a decision's code may open this view too (the view's own check still applies)."""
    setattr(view, OPEN_TO_DECISION_CODE, True)
    return view


def _limited() -> bool:
    return current_user.is_authenticated and current_user.role == Role.DECISION_CODE


def opens(endpoint: str) -> bool:
    """Whether the signed-in user's sign-in lets them open the endpoint's view: for links and navigation."""
    return not _limited() or getattr(current_app.view_functions.get(endpoint), OPEN_TO_DECISION_CODE, False)


def _only_the_limited_view():
    if request.endpoint in (None, "static") or opens(request.endpoint):
        return None
    title = _("This page cannot be opened with a code from a letter")
    advice = _("You signed in with the decision number and a one-time code, so you can see only your service "
               "vouchers, the providers and your decisions, and choose a provider.")
    link = (url_for("client.overview"), _("Go to your service vouchers"))
    return render_template("errors/error.html", title=title, advice=advice, link=link), 403


def init_app(app: Flask) -> None:
    """After the session is checked (`sessions.init_app`), before any view."""
    app.before_request(_only_the_limited_view)
    app.jinja_env.globals.update(opens=opens)
