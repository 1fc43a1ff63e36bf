"""Pages anyone may open: signing in and out, language, the accessibility statement, feedback."""

from datetime import date
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markdown_it import MarkdownIt
from markupsafe import Markup

from portal.domain.feedback import FeedbackKind
from portal.domain.roles import Role
from portal.services import auth, mandates
from portal.services.use_cases import public as use_cases
from portal.web.access import open_to_decision_code, public, signed_in
from portal.web import oidc
from portal.web.acting import current_acting
from portal.web.easy import readable, remember
from portal.web.i18n import LANGUAGE_COOKIE, current_language, time_of_day
from portal.web.public.forms import FeedbackForm, PasswordForm, SignInForm
from portal.web.public.strong_sign_in import provider_sign_out_page
from portal.web.limits import per_address
from portal.web.redirects import safe_path
from portal.web.once import binding
from portal.web.sessions import current_token, end_session, now, renew_session_id, start_session
from portal.web.routing import Routes

routes = Routes()

STATEMENTS = Path(__file__).resolve().parents[3] / "accessibility"


def _home_of(user) -> str:
    """Where a user lands after signing in: holders of mandates first say whom they act for."""
    if mandates.valid_held_by(user.id, date.today()):
        return url_for("relative.choose")
    return _own_home(user)


def _own_home(user) -> str:
    return {
        Role.CLIENT: url_for("client.overview"),
        Role.RELATIVE: url_for("relative.home"),
        Role.CASE_MANAGER: url_for("case_manager.clients"),
        Role.ADMIN: url_for("admin.overview"),
        Role.PROVIDER: url_for("provider.clients" if user.provider_id else "provider.apply"),
        Role.DECISION_CODE: url_for("client.overview"),
    }.get(user.role, url_for("public.home"))


@routes.get("/")
@open_to_decision_code
@public
def index():
    if current_user.is_authenticated:
        acting = current_acting()
        return redirect(url_for("client.overview") if acting else _home_of(current_user))
    return redirect(url_for("public.sign_in"))


@routes.route("/sign-in", methods=["GET", "POST"])
@open_to_decision_code
@per_address("RATE_LIMIT_SIGN_IN")
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(_home_of(current_user))
    form = SignInForm()
    refused = None
    if form.validate_on_submit():
        try:
            user = use_cases.sign_in(form.username.data, form.password.data, request.remote_addr or "", now())
        except auth.TooManyAttempts as wait:
            user, refused = None, _("Too many failed attempts. For your security, you can try again at %(time)s.",
                                    time=time_of_day(wait.until))
        if user is not None:
            start_session(user)
            return redirect(safe_path(request.args.get("next")) or _home_of(user), 303)
        form.username.errors.append(refused or _("The username or password is wrong. Check them and try again."))
    return render_template(readable("public/sign_in.html"), form=form)


@routes.post("/sign-out")
@open_to_decision_code
@public
def sign_out():
    if current_user.is_authenticated:
        id_token = oidc.session_id_token()
        end_session()
        if id_token:  # signed in strongly: the identity provider's session ends too
            return provider_sign_out_page("public/signing_out.html", id_token)
        flash(_("You have signed out."), "info")
    return redirect(url_for("public.sign_in"), 303)


@routes.get("/home")
@open_to_decision_code
@signed_in
def home():
    if current_user.role in tuple(Role):
        return redirect(_own_home(current_user))
    return render_template("public/home.html")


PASSWORD_PROBLEMS = {
    "wrong": ("current", _l("The current password is wrong.")),
    "short": ("new", _l("Use a password of at least 12 characters.")),
    "mismatch": ("repeated", _l("The two new passwords are not the same. Enter the new password again.")),
    "same": ("new", _l("Choose a password other than the current one.")),
}


@routes.route("/account/password", methods=["GET", "POST"])
@signed_in
@binding("change_password")
def change_password():
    """A new password ends every other session of the user at once."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            use_cases.change_password(current_user, form.current.data, form.new.data, form.repeated.data, now(),
                                      current_token())
        except ValueError as problem:
            field, message = PASSWORD_PROBLEMS[str(problem)]
            form[field].errors.append(message)
        else:
            renew_session_id()
            flash(_("Your password has been changed. You were signed out everywhere else."), "success")
            return redirect(url_for("public.index"), 303)
    return render_template("public/password.html", form=form)


@routes.post("/session/extend")
@open_to_decision_code
@signed_in
def extend_session():
    """Called by the idle warning's "Stay signed in": the request itself renews the session."""
    return "", 204


@routes.get("/language/<any(fi, sv, en):code>")
@open_to_decision_code
@public
def language(code: str):
    """A standard language; it ends reading in easy language."""
    return remember(_choose_language(code), easy=False)


@routes.get("/language/<any(fi, sv):code>/easy")
@open_to_decision_code
@public
def easy_language(code: str):
    """Finnish or Swedish read in easy language: selkosuomi, lättläst svenska (portal/web/easy.py)."""
    return remember(_choose_language(code), easy=True)


def _choose_language(code: str):
    response = redirect(safe_path(request.args.get("next")) or "/", 303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@routes.get("/accessibility")
@open_to_decision_code
@public
def accessibility():
    source = STATEMENTS / f"statement.{current_language()}.md"
    if not source.exists():
        abort(404)
    body = MarkdownIt("commonmark", {"html": False}).render(source.read_text(encoding="utf-8"))
    return render_template("public/accessibility.html", statement=Markup(body))


def _feedback_form(about: FeedbackKind | None):
    """Feedback on anything (`about` None, from every page's footer), or on accessibility (from the statement):
    the person says what it is about; the thanks are a page of their own, shown again to a repeat."""
    form = FeedbackForm(data={"kind": about.value} if about else None)
    if form.validate_on_submit():
        use_cases.send_feedback(FeedbackKind(form.kind.data), form.page.data or "", form.message.data,
                                form.reply_to.data or "")
        return redirect(url_for("public.feedback_sent"), 303)
    return render_template("public/feedback.html", form=form, about=about)


@routes.route("/feedback", methods=["GET", "POST"])
@open_to_decision_code
@public
@per_address("RATE_LIMIT_FEEDBACK")
@binding("give_feedback")
def feedback():
    return _feedback_form(None)


@routes.route("/accessibility/feedback", methods=["GET", "POST"])
@open_to_decision_code
@public
@per_address("RATE_LIMIT_FEEDBACK")
@binding("give_feedback")
def accessibility_feedback():
    return _feedback_form(FeedbackKind.ACCESSIBILITY)


@routes.get("/feedback/sent")
@open_to_decision_code
@public
def feedback_sent():
    return render_template("public/feedback_sent.html")
