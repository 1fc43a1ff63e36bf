"""Become a service provider: what the county requires and buys, at what voucher values, in which
municipalities, and how the application goes; then the way to the application. Anyone may read it."""

from flask import render_template

from portal.domain.applications import DECIDED_WITHIN_DAYS
from portal.services.use_cases import public as use_cases
from portal.web.access import public
from portal.web.routing import Routes

routes = Routes()


@routes.get("/become-a-provider")
@public
def become_a_provider():
    return render_template("public/become_a_provider.html", buys=use_cases.what_the_county_buys(),
                           decided_within_days=DECIDED_WITHIN_DAYS)
