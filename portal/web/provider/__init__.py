"""The service provider's pages: the application, the clients, the services and the settlements."""

from flask import Blueprint

from portal.web.provider import applying, routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("provider", __name__, url_prefix="/provider")
    blueprint.before_request(routes.applicants_apply_first)
    for module in (routes, applying):
        module.routes.add_to(blueprint)
    return blueprint
