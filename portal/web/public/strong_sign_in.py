"""Signing in with strong e-identification (OpenID Connect, portal/web/oidc.py), and coming back from signing out
of it. Offered only when OIDC_ISSUER is set; the demo's passwords work either way."""

import logging
from datetime import date

from flask import abort, current_app, flash, jsonify, make_response, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.services.use_cases import public as use_cases
from portal.web import oidc
from portal.web.access import public
from portal.web.i18n import current_language
from portal.web.limits import per_address_whatever_method
from portal.web.routing import Routes
from portal.web.security import allowing_forms_to

routes = Routes()
log = logging.getLogger(__name__)

UNREACHABLE = _l("The identification service is not answering just now. Try again in a while, or sign in with your "
                 "username and password.")
REFUSALS = {
    oidc.Refusal.CANCELLED: _l("The identification was cancelled, so you have not signed in. You can start again."),
    oidc.Refusal.STALE: _l("The sign-in had expired or was begun in another window, so you have not signed in. "
                           "Start the sign-in again."),
    oidc.Refusal.FAILED: _l("The identification could not be confirmed, so you have not signed in. Try again. If it "
                            "happens again, call the advice line."),
}


def _offered() -> None:
    if not oidc.offered():
        abort(404)


def _back_to_sign_in(message):
    flash(message, "important")
    return redirect(url_for("public.sign_in"))


@routes.get("/sign-in/strong")
@public
@per_address_whatever_method("RATE_LIMIT_SIGN_IN")
def strong_sign_in():
    """Off to the identity provider, in the reader's language."""
    _offered()
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    try:
        return oidc.redirect_to_provider(current_language())
    except oidc.Unreachable:
        return _back_to_sign_in(UNREACHABLE)


@routes.get("/sign-in/strong/return")
@public
@per_address_whatever_method("RATE_LIMIT_SIGN_IN")
def strong_sign_in_return():
    """Back from the identity provider: the person it identified signed in, or a page that says why not."""
    _offered()
    try:
        who = oidc.identified()
    except oidc.Unreachable:
        return _back_to_sign_in(UNREACHABLE)
    except oidc.Refused as refused:
        log.warning("A strong sign-in was refused: %s", refused.why.value)
        return _back_to_sign_in(REFUSALS[refused.why])
    config = current_app.config
    user = use_cases.sign_in_strongly(who.identity_code, config["IDENTITY_KEY_SECRET"], date.today(),
                                      current_app.extensions["mandate_register"], config["SUOMI_FI_ISSUE_CODE"])
    if user is None:
        return provider_sign_out_page("public/strong_unknown.html", who.id_token)
    oidc.start_strong_session(user, who)
    return redirect(url_for("public.index"))


def provider_sign_out_page(template: str, id_token: str):
    """A page with the form that signs out of the identity provider too (its address allowed to the page's forms);
    without it when the provider cannot be asked."""
    end = oidc.end_session(id_token)
    response = make_response(render_template(template, end=end))
    return allowing_forms_to(response, end.origin) if end else response


@routes.get("/signed-out")
@public
def signed_out():
    """Where the identity provider sends the browser back after ending its session too."""
    return render_template("public/signed_out.html", confirmed=oidc.offered() and oidc.provider_signed_out())


@routes.get("/sign-in/strong/keys")
@public
def strong_sign_in_keys():
    """Our public keys (JWKS), for the identity provider."""
    _offered()
    return jsonify(oidc.public_keys())
