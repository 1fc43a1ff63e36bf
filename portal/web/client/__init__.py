"""The client's pages, which a relative with a mandate also opens for the client."""

from flask import Blueprint

from portal.web.client import agreements, confirmations, decisions, mandates, plan_proposal, providers, routes, sharing, timeline


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("client", __name__)
    for module in (routes, mandates, plan_proposal, providers, timeline, decisions, sharing, agreements, confirmations):
        module.routes.add_to(blueprint)
    return blueprint
