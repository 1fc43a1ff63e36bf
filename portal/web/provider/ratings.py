"""The clients' ratings of the provider, shown without their names, and the provider's one answer to each."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.domain.providers import MAX_COMMENT
from portal.domain.roles import Role
from portal.services.use_cases import provider
from portal.web.access import role_required
from portal.web.once import binding
from portal.web.paging import where_from_query
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Your answer"), validators=[
        DataRequired(_l("Write your answer")),
        Length(max=MAX_COMMENT, message=_l("Use at most %(max)d characters", max=MAX_COMMENT))])


@routes.get("/ratings")
@role_required(Role.PROVIDER)
def ratings():
    shown = provider.ratings_given(current_user.provider_id, where_from_query())
    return render_template("provider/ratings.html", page=shown.page, unanswered=shown.unanswered)


@routes.route("/ratings/<int:rating_id>", methods=["GET", "POST"])
@role_required(Role.PROVIDER)
@binding("answer_rating")
def answer_rating(rating_id: int):
    form = AnswerForm()
    if form.validate_on_submit():
        saved = provider.answer_rating(current_user, rating_id, form.answer.data, now())
        if saved:
            flash(_("Your answer has been saved. Clients see it under the rating."), "success")
            return redirect(url_for("provider.ratings"), 303)
        if saved is False:
            flash(_("This rating had already been answered, and a rating can be answered only once. Your new "
                    "answer was not saved."), "info")
            return redirect(url_for("provider.answer_rating", rating_id=rating_id), 303)
    shown = provider.rating_to_answer(current_user.provider_id, rating_id)
    if shown is None:
        abort(404)
    return render_template("provider/rating_answer.html", rating=shown[0], service=shown[1], form=form)
