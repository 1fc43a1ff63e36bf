"""The relative's own pages: the mandates and for whom they act."""

from flask import Blueprint

from portal.web.relative import routes


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("relative", __name__)
    routes.routes.add_to(blueprint)
    return blueprint
