"""The words for domain codes, in the user's language."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.domain.plans import PlanStatus
from portal.domain.service_types import ServiceKind, Unit

SERVICE_NAMES = {
    ServiceKind.HOME_CARE: _l("Home care"),
    ServiceKind.HOME_HELP: _l("Home help and cleaning"),
    ServiceKind.MEALS: _l("Meal service"),
    ServiceKind.RESPITE_CARE: _l("Respite care"),
    ServiceKind.PERSONAL_ASSISTANCE: _l("Personal assistance"),
    ServiceKind.DAY_ACTIVITIES: _l("Day activities"),
    ServiceKind.TRANSPORT: _l("Transport service"),
}

PLAN_STATUSES = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.PROPOSED: _l("Proposed"),
    PlanStatus.ACCEPTED: _l("Accepted, in force"),
    PlanStatus.SUPERSEDED: _l("Replaced by a newer plan"),
}


def service_name(code: str) -> str:
    return str(SERVICE_NAMES[ServiceKind(code)])


def plan_status(code: str) -> str:
    return str(PLAN_STATUSES[PlanStatus(code)])


def quantity(unit: str, num: int) -> str:
    """A number of units: "1 hour", "12 meals"."""
    match Unit(unit):
        case Unit.HOUR:
            return ngettext("%(num)s hour", "%(num)s hours", num)
        case Unit.VISIT:
            return ngettext("%(num)s visit", "%(num)s visits", num)
        case Unit.MEAL:
            return ngettext("%(num)s meal", "%(num)s meals", num)
        case Unit.DAY:
            return ngettext("%(num)s day", "%(num)s days", num)
        case Unit.TRIP:
            return ngettext("%(num)s trip", "%(num)s trips", num)


def unit_name(unit: str) -> str:
    """The unit a price is per: "per hour"."""
    match Unit(unit):
        case Unit.HOUR:
            return str(_l("per hour"))
        case Unit.VISIT:
            return str(_l("per visit"))
        case Unit.MEAL:
            return str(_l("per meal"))
        case Unit.DAY:
            return str(_l("per day"))
        case Unit.TRIP:
            return str(_l("per trip"))


def left_this_month(unit: str, left: int, total: int, money_left: str, money_total: str) -> str:
    """The overview's sentence for one service line."""
    values = {"left": left, "money_left": money_left, "money_total": money_total}
    match Unit(unit):
        case Unit.HOUR:
            return ngettext(
                "You have %(left)s of %(num)s hour left this month (%(money_left)s of %(money_total)s).",
                "You have %(left)s of %(num)s hours left this month (%(money_left)s of %(money_total)s).",
                total,
                **values,
            )
        case Unit.VISIT:
            return ngettext(
                "You have %(left)s of %(num)s visit left this month (%(money_left)s of %(money_total)s).",
                "You have %(left)s of %(num)s visits left this month (%(money_left)s of %(money_total)s).",
                total,
                **values,
            )
        case Unit.MEAL:
            return ngettext(
                "You have %(left)s of %(num)s meal left this month (%(money_left)s of %(money_total)s).",
                "You have %(left)s of %(num)s meals left this month (%(money_left)s of %(money_total)s).",
                total,
                **values,
            )
        case Unit.DAY:
            return ngettext(
                "You have %(left)s of %(num)s day left this month (%(money_left)s of %(money_total)s).",
                "You have %(left)s of %(num)s days left this month (%(money_left)s of %(money_total)s).",
                total,
                **values,
            )
        case Unit.TRIP:
            return ngettext(
                "You have %(left)s of %(num)s trip left this month (%(money_left)s of %(money_total)s).",
                "You have %(left)s of %(num)s trips left this month (%(money_left)s of %(money_total)s).",
                total,
                **values,
            )
