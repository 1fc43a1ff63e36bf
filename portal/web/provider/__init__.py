"""The service provider's pages: the application, the clients, the services, the settlements and the
clients' ratings."""

from flask import Blueprint

from portal.web.provider import agreements, applying, disputes, quality, ratings, routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("provider", __name__, url_prefix="/provider")
    blueprint.before_request(routes.applicants_apply_first)
    for module in (routes, applying, ratings, quality, agreements, disputes):
        module.routes.add_to(blueprint)
    return blueprint
