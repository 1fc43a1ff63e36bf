"""The client's pages, which a relative with a mandate also opens for the client."""

from flask import Blueprint

from portal.web.client import decisions, mandates, plan_proposal, providers, routes, timeline


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("client", __name__)
    for module in (routes, mandates, plan_proposal, providers, timeline, decisions):
        module.routes.add_to(blueprint)
    return blueprint
