"""The case manager's pages: the caseload, the plans and the follow-up."""

from flask import Blueprint

from portal.web.case_manager import routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("case_manager", __name__, url_prefix="/case-manager")
    routes.routes.add_to(blueprint)
    return blueprint
