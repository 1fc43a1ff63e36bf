"""The pages anyone may open: the start page, signing in and out, the language, the accessibility statement."""

from flask import Blueprint

from portal.web.public import becoming_a_provider, decision_code, notifications, routes, strong_sign_in, where_to_turn


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("public", __name__)
    routes.routes.add_to(blueprint)
    notifications.routes.add_to(blueprint)
    where_to_turn.routes.add_to(blueprint)
    decision_code.routes.add_to(blueprint)
    strong_sign_in.routes.add_to(blueprint)
    becoming_a_provider.routes.add_to(blueprint)
    return blueprint
