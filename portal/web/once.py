"""Binding forms are carried out once: a repeat of the same form shows the first result.

Each form carries a one-time key (the `csrf()` macro adds it). The first POST with a key
claims it in the transaction of its action; a second POST with the same key (a double
click, a slow connection and a second press, the back button) finds it and is sent to the
first one's result with "This was already saved", a normal page, never a second entry.
"""

from collections.abc import Callable
from functools import wraps

from flask import flash, g, make_response, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from portal.services import submissions

FIELD = "submission_key"


def _already(result_path: str) -> object:
    g.repeated_submission = True  # nothing was done: nothing to write to the access log
    flash(_("This was already saved. It was not saved a second time."), "info")
    return redirect(result_path or request.path, 303)


def _expired():
    title = _("Your form had expired")
    advice = _("For your security, forms stop working after a while. Go back, reload the page and send the form again.")
    return render_template("errors/error.html", title=title, advice=advice), 400


def binding(action: str) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def once(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            outcome = submissions.carry_out_once(
                request.form.get(FIELD, ""), current_user.id, action, lambda: make_response(view(*args, **kwargs)),
                lambda response: response.location if response.status_code in (302, 303) else None)
            if outcome.expired:
                return _expired()
            if outcome.earlier_path is not None:
                return _already(outcome.earlier_path)
            return outcome.result

        once.binding = action
        return once

    return decorate
