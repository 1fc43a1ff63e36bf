"""Error pages that say what happened and what to do, in the user's language."""

import re

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

ERROR_TEXTS = {
    400: (_l("The request could not be handled"), _l("Go back, reload the page and try again.")),
    403: (_l("You do not have access to this page"), _l("If you think you should have access, contact the advice line.")),
    404: (_l("Page not found"), _l("Check the address, or go back to the previous page.")),
    405: (_l("The request could not be handled"), _l("Go back, reload the page and try again.")),
    429: (_l("Too many tries in a short time"), _l("For your security, this form can be sent only a few times in a while. Wait a few minutes and try again.")),
    500: (_l("Sorry, there is a problem with the service"), _l("Try again later. Nothing you saved has been lost.")),
}


def _render(status: int):
    title, advice = ERROR_TEXTS.get(status, ERROR_TEXTS[500])
    return render_template("errors/error.html", title=title, advice=advice), status


def _http_error(error: HTTPException):
    return _render(error.code or 500)


def _csrf_error(_error: CSRFError):
    title = _l("Your form had expired")
    advice = _l("For your security, forms stop working after a while. Go back, reload the page and send the form again.")
    return render_template("errors/error.html", title=title, advice=advice), 400


# Control characters (NUL and the like) have no place in anything a person types.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_control_characters():
    values = list(request.args.values()) + (list(request.form.values()) if request.method == "POST" else [])
    if any(_CONTROL.search(value) for value in values):
        title = _l("The form could not be read")
        advice = _l("It had characters that cannot be typed on a keyboard. Go back, remove them and send it again.")
        return render_template("errors/error.html", title=title, advice=advice), 400
    return None


def init_app(app: Flask) -> None:
    app.before_request(_refuse_control_characters)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, lambda _error: _render(500))
