"""Signed-in sessions: who the user is, and signing out after a quiet spell."""

import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user

from portal.db.models import User
from portal.db.session import get_session

login_manager = LoginManager()
login_manager.login_view = "public.sign_in"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

LAST_SEEN = "last_seen"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return get_session().get(User, int(user_id)) if user_id.isdigit() else None


def _sign_out_when_idle():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = time.time()
    idle_limit = current_app.config["IDLE_TIMEOUT"].total_seconds()
    last_seen = session.get(LAST_SEEN, now)
    if now - last_seen > idle_limit:
        logout_user()
        session.clear()
        flash(_l("You were signed out because you had not done anything for a while."), "info")
        response = redirect(url_for("public.sign_in"), 303)
        if request.headers.get("HX-Request"):
            response.headers["HX-Redirect"] = url_for("public.sign_in")
        return response
    session[LAST_SEEN] = now
    return None


def start_session(user: User) -> None:
    """A fresh session for the user who has just signed in."""
    session.clear()
    # A form drawn later in this same request needs a token of the new session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user)
    session[LAST_SEEN] = time.time()


def end_session() -> None:
    logout_user()
    session.clear()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(_sign_out_when_idle)
