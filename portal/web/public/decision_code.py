"""Signing in with a decision's number and the one-time code of its letter, to the limited view.

For people without online banking codes: the case manager prints the code in a letter (see
case_manager/decision_codes.py). What the sign-in opens is marked on each view (`open_to_decision_code`).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.services import auth
from portal.services.decision_codes import SIGNED_IN_WITH
from portal.services.use_cases import public as use_cases
from portal.web.access import open_to_decision_code, public
from portal.web.i18n import time_of_day
from portal.web.limits import per_address
from portal.web.public.forms import DecisionCodeForm
from portal.web.routing import Routes
from portal.web.sessions import now, start_session

routes = Routes()


@routes.route("/sign-in/code", methods=["GET", "POST"])
@open_to_decision_code
@per_address("RATE_LIMIT_SIGN_IN")
@public
def decision_code_sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = DecisionCodeForm()
    if form.validate_on_submit():
        try:
            signed = use_cases.sign_in_with_decision_code(form.number.data, form.code.data, request.remote_addr or "",
                                                          now())
        except auth.TooManyAttempts as wait:
            form.number.errors.append(_("Too many failed attempts. For your security, you can try again at %(time)s.",
                                        time=time_of_day(wait.until)))
        else:
            if signed is not None:
                start_session(signed.user, signed_in_with=SIGNED_IN_WITH)
                flash(_("You signed in with the code of decision %(number)s. You can see the service vouchers and "
                        "decisions of %(name)s, and compare and choose providers.", number=signed.decision.number,
                        name=signed.user.display_name), "success")
                return redirect(url_for("client.overview"), 303)
            form.number.errors.append(_("The decision number or the code is wrong, or the code has expired or has "
                                        "already been used. Check them and try again."))
    return render_template("public/decision_code_sign_in.html", form=form)
