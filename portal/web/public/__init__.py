"""The pages anyone may open: the start page, signing in and out, the language, the accessibility statement."""

from flask import Blueprint

from portal.web.public import notifications, routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("public", __name__)
    routes.routes.add_to(blueprint)
    notifications.routes.add_to(blueprint)
    return blueprint
