"""Whom the help at the foot of every page speaks to (templates/components/help.html): each audience is told whom
to ask in its own matters, and never another's advice."""

from enum import StrEnum

from portal.domain.roles import Role


class Audience(StrEnum):
    PUBLIC = "public"  # not signed in: the advice line and the case manager
    CLIENT = "client"  # the client, or someone acting for one (the help names the client)
    HOLDER = "holder"  # a relative who has not chosen whom to act for: the advice line
    CASE_MANAGER = "case_manager"  # the county's personal budget team; the line to give clients
    PROVIDER = "provider"  # the provider's contact at the county: its personal budget team
    COUNTY = "county"  # the county's staff: its IT support; the line the others are given


STAFF = {Role.CASE_MANAGER: Audience.CASE_MANAGER, Role.PROVIDER: Audience.PROVIDER, Role.ADMIN: Audience.COUNTY}


def help_audience(user, acting) -> Audience:
    """The audience of a request: its signed-in user (or none), and for whom they act (or none)."""
    if not user.is_authenticated:
        return Audience.PUBLIC
    if user.role in STAFF:
        return STAFF[user.role]
    return Audience.CLIENT if acting is not None else Audience.HOLDER
