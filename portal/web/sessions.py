"""Signed-in sessions: who the user is, checked against the server's sessions on every request.

A session ends when the user signs out, after 20 idle minutes, 12 hours after signing in,
when the password is changed, or when the county ends it. Every response to a signed-in user
says in X-Idle-Seconds-Left how long the session has left, for the page's idle warning. Requests the page makes by itself
(htmx polling, marked with the X-Background-Request header) never count as activity.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user

from portal.domain.sessions import Ended
from portal.services import auth, user_sessions
from portal.web.fragments import wants_fragment

login_manager = LoginManager()
login_manager.login_view = "public.sign_in"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

TOKEN = "sid"
BACKGROUND_HEADER = "X-Background-Request"
IDLE_HEADER = "X-Idle-Seconds-Left"
ENDED_MESSAGES = {
    Ended.IDLE: _l("You were signed out because you had not done anything for a while."),
    Ended.ABSOLUTE: _l("You were signed out because you had been signed in for 12 hours. Sign in again to go on."),
    Ended.PASSWORD_CHANGED: _l("You were signed out because the password was changed. Sign in with the new password."),
    Ended.BY_COUNTY: _l("Your session was ended by the county's staff. Sign in again to go on."),
}


def now() -> datetime:
    """The time; tests set CLOCK to a clock they control."""
    return current_app.config.get("CLOCK", lambda: datetime.now(UTC))()


def is_background() -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "1"


@login_manager.user_loader
def _load_user(user_id: str):
    if "session_user_id" not in g or str(g.session_user_id) != user_id:
        return None  # only a session the server knows of signs anyone in
    return auth.user_by_id(int(user_id))


def _check_session():
    if request.endpoint == "static":
        return None
    token = session.get(TOKEN)
    if token is None:
        if "_user_id" in session:
            session.clear()
        return None
    config, moment = current_app.config, now()
    checked = user_sessions.checked_and_kept(token, moment, config["IDLE_TIMEOUT"], config["ABSOLUTE_TIMEOUT"],
                                            is_background())
    if checked.user_id is not None:
        g.session_user_id, g.session_idle_until = checked.user_id, checked.idle_until
        return None
    logout_user()
    session.clear()
    message = ENDED_MESSAGES.get(checked.ended)
    if message is None:
        return None  # signed out elsewhere, or a copied cookie: simply not signed in
    flash(message, "info")
    response = redirect(url_for("public.sign_in"), 303)
    if wants_fragment():
        response.headers["HX-Redirect"] = url_for("public.sign_in")
    return response


def start_session(user, signed_in_with: str = "password", id_token: str | None = None) -> None:
    """A fresh session, with a new id, for the user who has just signed in (with a password, or another way)."""
    session.clear()
    # A form drawn later in this same request needs a token of the new session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    session[TOKEN] = user_sessions.begin(user, now(), signed_in_with=signed_in_with, id_token=id_token)
    g.session_user_id = user.id
    login_user(user)


def renew_session_id() -> None:
    """A new session id for the same sign-in (when the user starts acting for someone else)."""
    token = session.get(TOKEN)
    if token is not None and current_user.is_authenticated:
        session[TOKEN] = user_sessions.begin_anew(token, current_user, now())


def end_session() -> None:
    token = session.get(TOKEN)
    if token is not None:
        user_sessions.sign_out(token, now())
    logout_user()
    session.clear()


def idle_seconds_left() -> int:
    """Seconds until the session ends unless the user does something (the page's warning counts them)."""
    until = g.get("session_idle_until")
    if until is None:
        return int(current_app.config["IDLE_TIMEOUT"].total_seconds())
    return max(0, int((until - now()).total_seconds()))


def _tell_idle_seconds_left(response):
    """What a fetch or an htmx request renewed, or did not, for the page's warning to count from."""
    if "session_idle_until" in g:
        response.headers[IDLE_HEADER] = str(idle_seconds_left())
    return response


def current_token() -> str | None:
    return session.get(TOKEN)


def init_app(app: Flask) -> None:
    # A secure cookie's name says so to the browser: sent only over HTTPS, only to this host, path /.
    app.config["SESSION_COOKIE_NAME"] = "__Host-session" if app.config["SESSION_COOKIE_SECURE"] else "session"
    login_manager.init_app(app)
    app.before_request(_check_session)
    app.after_request(_tell_idle_seconds_left)
