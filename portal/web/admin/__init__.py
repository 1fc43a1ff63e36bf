"""The county staff's pages: applications, prices, settlements, reports and users."""

from flask import Blueprint

from portal.web.admin import routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("admin", __name__, url_prefix="/admin")
    routes.routes.add_to(blueprint)
    return blueprint
