"""The county staff's pages: applications, prices, settlements, reports, users, feedback and paper letters."""

from flask import Blueprint

from portal.web.admin import contacts, feedback, letters, quality, routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("admin", __name__, url_prefix="/admin")
    routes.routes.add_to(blueprint)
    feedback.routes.add_to(blueprint)
    letters.routes.add_to(blueprint)
    contacts.routes.add_to(blueprint)
    quality.routes.add_to(blueprint)
    return blueprint
