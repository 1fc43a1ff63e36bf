"""The case manager's pages: the caseload, the plans and the follow-up."""

from flask import Blueprint

from portal.web.case_manager import decision_codes, decisions, disputes, inbox, line_follow_up, routes, timeline


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("case_manager", __name__, url_prefix="/case-manager")
    for module in (routes, timeline, inbox, line_follow_up, decisions, decision_codes, disputes):
        module.routes.add_to(blueprint)
    return blueprint
