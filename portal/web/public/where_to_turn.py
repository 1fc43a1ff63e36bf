"""Where to turn: asking the case manager, requesting a review of a decision, making a complaint, and the social
welfare ombudsman, with the county's contacts. Anyone may open it; a client reading it for herself sees her
own case manager."""

from flask import render_template
from flask_login import current_user

from portal.domain.decisions import REVIEW_DAYS
from portal.services.use_cases import public as use_cases
from portal.web.access import open_to_decision_code, public
from portal.web.acting import current_acting
from portal.web.routing import Routes

routes = Routes()


@routes.get("/where-to-turn")
@open_to_decision_code
@public
def where_to_turn():
    acting = current_acting() if current_user.is_authenticated else None
    own_client_id = acting.client.id if acting is not None and acting.for_self else None
    return render_template("public/where_to_turn.html", page=use_cases.where_to_turn(own_client_id),
                           review_days=REVIEW_DAYS)
