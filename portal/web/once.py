"""Binding forms are carried out once: a repeat of the same form shows the first result.

Each form carries a one-time key (the `csrf()` macro adds it). The first POST with a key
claims it in the transaction of its action; a second POST with the same key (a double
click, a slow connection and a second press, the back button) finds it and is sent to the
first one's result with "This was already saved", a normal page, never a second entry. A form whose
result is shown only in its own answer (a letter with a sign-in code) names with `shown_once` where a repeat goes.

Someone who is not signed in (feedback) has no user to keep a key with: their browser's signed
session keeps the last keys it sent instead (see `_once_without_account`).
"""

from collections.abc import Callable
from functools import wraps

from flask import flash, g, make_response, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user
from portal.services import submissions

FIELD = "submission_key"
SHOWN_ONCE = "once_result_path"
SENT_WITHOUT_ACCOUNT = "sent_forms"  # in the session of a browser not signed in: key -> where its result is
KEPT_WITHOUT_ACCOUNT = 10


def _already(result_path: str) -> object:
    g.repeated_submission = True  # nothing was done: nothing to write to the access log
    flash(_("This was already saved. It was not saved a second time."), "info")
    return redirect(result_path or request.path, 303)


def _expired():
    title = _("Your form had expired")
    advice = _("For your security, forms stop working after a while. Go back, reload the page and send the form again.")
    return render_template("errors/error.html", title=title, advice=advice), 400


def _once_without_account(run: Callable) -> object:
    """A binding form sent by someone not signed in: a repeat from the same browser (the back button, a
    second press after the first answer) shows the first result. The keys are kept in the browser's signed
    session, since a submission in the database needs a user; so two presses at the very same moment are
    not told apart (with JavaScript the button waits while the form is sent)."""
    key = request.form.get(FIELD, "")
    if not submissions.is_key(key):
        return _expired()
    sent = dict(session.get(SENT_WITHOUT_ACCOUNT) or {})
    if key in sent:
        return _already(sent[key])
    response = run()
    if response.status_code in (302, 303):
        sent[key] = response.location
        session[SENT_WITHOUT_ACCOUNT] = dict(list(sent.items())[-KEPT_WITHOUT_ACCOUNT:])
    return response


def shown_once(result_path: str) -> None:
    """This binding POST answers with its result itself (a code to print, shown only this once), not with a
    redirect: a repeat of the form goes to `result_path`, which says what was done, instead."""
    g.setdefault(SHOWN_ONCE, result_path)


def _result_path(response) -> str | None:
    return response.location if response.status_code in (302, 303) else g.get(SHOWN_ONCE)


def binding(action: str) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def once(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            if not current_user.is_authenticated:
                return _once_without_account(lambda: make_response(view(*args, **kwargs)))
            outcome = submissions.carry_out_once(
                request.form.get(FIELD, ""), current_user.id, action, lambda: make_response(view(*args, **kwargs)),
                _result_path)
            if outcome.expired:
                return _expired()
            if outcome.earlier_path is not None:
                return _already(outcome.earlier_path)
            return outcome.result

        once.binding = action
        return once

    return decorate
