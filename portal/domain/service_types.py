"""The kinds of service a plan can contain, and the unit each is counted in."""

from enum import StrEnum


class Unit(StrEnum):
    HOUR = "hour"
    VISIT = "visit"
    MEAL = "meal"
    DAY = "day"
    TRIP = "trip"


class ServiceKind(StrEnum):
    HOME_CARE = "home_care"
    HOME_HELP = "home_help"
    MEALS = "meals"
    RESPITE_CARE = "respite_care"
    PERSONAL_ASSISTANCE = "personal_assistance"
    DAY_ACTIVITIES = "day_activities"
    TRANSPORT = "transport"


UNIT_OF = {
    ServiceKind.HOME_CARE: Unit.HOUR,
    ServiceKind.HOME_HELP: Unit.HOUR,
    ServiceKind.MEALS: Unit.MEAL,
    ServiceKind.RESPITE_CARE: Unit.DAY,
    ServiceKind.PERSONAL_ASSISTANCE: Unit.HOUR,
    ServiceKind.DAY_ACTIVITIES: Unit.DAY,
    ServiceKind.TRANSPORT: Unit.TRIP,
}
