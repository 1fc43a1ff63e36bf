"""The words for domain codes, in the user's language."""

from flask_babel import ngettext
from flask_babel import lazy_gettext as _l

from portal.domain.access_log import AccessAction
from portal.domain.applications import ApplicationStatus
from portal.domain.budget import Band
from portal.domain.confirmations import Confirmation, DisputeReason
from portal.domain.decisions import SERVICE_VOUCHER_ACT, SOCIAL_WELFARE_ACT
from portal.domain.feedback import FeedbackKind, FeedbackStatus
from portal.domain.mandates import MandateSource, RequestedBy
from portal.domain.plans import PlanStatus
from portal.domain.providers import Specialism
from portal.domain.quality import QualityStatus
from portal.domain.roles import Role
from portal.domain.service_types import UNIT_OF, ServiceKind, Unit
from portal.web.i18n import current_language, get_locale

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


SPECIALISMS = {
    Specialism.MEMORY_DISORDERS: _l("Memory disorders"),
    Specialism.DISABILITIES: _l("Disabilities"),
    Specialism.FAMILY_CAREGIVER_RESPITE: _l("Respite for family caregivers"),
    Specialism.MENTAL_HEALTH: _l("Mental health"),
    Specialism.PALLIATIVE_CARE: _l("End-of-life care"),
}


def specialism_name(code: str) -> str:
    return str(SPECIALISMS[Specialism(code)])


def language_name(code: str) -> str:
    """The name of a language in the user's language, from the Unicode CLDR: "ruotsi", "finska"."""
    name = get_locale().languages.get(code, code)
    return name[:1].upper() + name[1:]


def service_name(code: str) -> str:
    return str(SERVICE_NAMES[ServiceKind(code)])


def unit_of(service_code: str) -> str:
    """The unit a kind of service is counted in: "hour" for home care."""
    return UNIT_OF[ServiceKind(service_code)].value


ROLES = {
    Role.CLIENT: _l("Client"),
    Role.RELATIVE: _l("Relative"),
    Role.CASE_MANAGER: _l("Case manager"),
    Role.PROVIDER: _l("Service provider"),
    Role.ADMIN: _l("County staff"),
    Role.DECISION_CODE: _l("Signed in with a code from a letter"),
}


def role_name(code: str) -> str:
    return str(ROLES[code])


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
                "This month, %(left)s of %(num)s hour is left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                "This month, %(left)s of %(num)s hours are left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                total,
                **values,
            )
        case Unit.VISIT:
            return ngettext(
                "This month, %(left)s of %(num)s visit is left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                "This month, %(left)s of %(num)s visits are left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                total,
                **values,
            )
        case Unit.MEAL:
            return ngettext(
                "This month, %(left)s of %(num)s meal is left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                "This month, %(left)s of %(num)s meals are left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                total,
                **values,
            )
        case Unit.DAY:
            return ngettext(
                "This month, %(left)s of %(num)s day is left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                "This month, %(left)s of %(num)s days are left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                total,
                **values,
            )
        case Unit.TRIP:
            return ngettext(
                "This month, %(left)s of %(num)s trip is left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                "This month, %(left)s of %(num)s trips are left. This month's budget is %(money_total)s, and "
                "%(money_left)s of it is left.",
                total,
                **values,
            )


ACTS = {  # the legal basis of a decision on the vouchers, by the acts' numbers in the statute book
    SERVICE_VOUCHER_ACT: _l("Act on Service Vouchers in Social Welfare and Health Care (569/2009)"),
    SOCIAL_WELFARE_ACT: _l("Social Welfare Act (1301/2014)"),
}


def act_name(number: str) -> str:
    return str(ACTS[number])


def municipality_name(municipality) -> str:
    """Municipalities have a Finnish and a Swedish name; English uses the Finnish one."""
    return municipality.name_sv if current_language() == "sv" else municipality.name_fi


ACCESS_ACTIONS = {
    AccessAction.VIEW_OVERVIEW: _l("Read the overview of the budget"),
    AccessAction.VIEW_PLAN: _l("Read the client plan"),
    AccessAction.VIEW_TIMELINE: _l("Read the timeline of the client plan"),
    AccessAction.VIEW_TRANSACTIONS: _l("Read what the budget has been used for"),
    AccessAction.VIEW_PROVIDERS: _l("Looked at providers for a service"),
    AccessAction.VIEW_ACCESS_LOG: _l("Read this list"),
    AccessAction.VIEW_MANDATES: _l("Read the mandates"),
    AccessAction.CHOOSE_PROVIDER: _l("Chose a provider"),
    AccessAction.RATE_PROVIDER: _l("Rated a provider"),
    AccessAction.GRANT_MANDATE: _l("Gave a mandate"),
    AccessAction.REQUEST_MANDATE: _l("Asked for a mandate"),
    AccessAction.CONFIRM_MANDATE: _l("Confirmed a mandate"),
    AccessAction.DECLINE_MANDATE: _l("Declined a request for a mandate"),
    AccessAction.REVOKE_MANDATE: _l("Revoked a mandate"),
    AccessAction.RECORD_PAPER_MANDATE: _l("Recorded a mandate given on paper"),
    AccessAction.START_ACTING: _l("Started to act on the client's behalf"),
    AccessAction.VIEW_CLIENT: _l("Read the client's information"),
    AccessAction.EDIT_PLAN: _l("Worked on a new version of the plan"),
    AccessAction.PROPOSE_PLAN: _l("Proposed a new plan"),
    AccessAction.ACCEPT_PLAN: _l("Accepted the plan"),
    AccessAction.ASK_PLAN_CHANGES: _l("Asked for changes to the proposed plan"),
    AccessAction.VIEW_MESSAGES: _l("Read the messages"),
    AccessAction.SEND_MESSAGE: _l("Sent a message"),
    AccessAction.PROVIDER_DECISION: _l("Answered the choice of provider"),
    AccessAction.RECORD_SERVICE: _l("Recorded a delivered service"),
    AccessAction.CORRECT_SERVICE: _l("Corrected a recorded service"),
    AccessAction.VIEW_CLIENT_LIST: _l("Saw the client on a list or in a search"),
    AccessAction.VIEW_RECORDINGS: _l("Saw the client's services on the list of recorded services"),
    AccessAction.EXPORT_SETTLEMENT: _l("Downloaded a settlement with the client's services"),
    AccessAction.VIEW_NOTIFICATIONS: _l("Read notifications about the client's matters"),
    AccessAction.PRINT_LETTERS: _l("Printed a letter about the client's matters"),
    AccessAction.VIEW_DECISIONS: _l("Opened the decisions on the service vouchers"),
    AccessAction.MAKE_SIGN_IN_CODE: _l("Printed a letter with a one-time sign-in code"),
    AccessAction.READ_REGISTER_MANDATES: _l("Signed in, and the mandate was updated from Suomi.fi e-Authorizations"),
    AccessAction.VIEW_SHARING: _l("Read what providers see of the client"),
    AccessAction.VIEW_AGREEMENT: _l("Read a service agreement"),
    AccessAction.PROPOSE_AGREEMENT: _l("Proposed the terms of a service agreement"),
    AccessAction.ACCEPT_AGREEMENT: _l("Accepted a service agreement"),
    AccessAction.ASK_AGREEMENT_CHANGES: _l("Asked for changes to a service agreement"),
    AccessAction.END_AGREEMENT: _l("Gave notice to end a service agreement"),
    AccessAction.VIEW_SERVICES_TO_CONFIRM: _l("Opened the services to confirm"),
    AccessAction.CONFIRM_SERVICES: _l("Confirmed recorded services"),
    AccessAction.DISPUTE_SERVICE: _l("Disputed a recorded service"),
    AccessAction.RESOLVE_DISPUTE: _l("Resolved a dispute of a recorded service"),
}

CORRECTION_REASONS = {
    "wrong_units": _l("Too many units were recorded"),
    "not_delivered": _l("The service was not delivered"),
    "duplicate": _l("The service was recorded twice"),
    "wrong_date": _l("The date was wrong"),
    "other": _l("Another reason"),
}


def correction_reason(code: str) -> str:
    return str(CORRECTION_REASONS[code])

BANDS = {
    Band.WEEKDAY: _l("on weekdays"),
    Band.EVENING: _l("in the evening"),
    Band.SATURDAY: _l("on Saturdays"),
    Band.SUNDAY: _l("on Sundays and holidays"),
}


def band_name(band: str) -> str:
    return str(BANDS[Band(band)])


def mandate_source(mandate) -> str:
    """Where a mandate came from: "Given in this service", "Given on paper", "Suomi.fi e-Authorization"."""
    if mandate.source == MandateSource.SUOMI_FI:
        return str(_l("Suomi.fi e-Authorization"))
    if mandate.requested_by == RequestedBy.CASE_MANAGER:
        return str(_l("Given on paper"))
    return str(_l("Given in this service"))


def access_action(code: str) -> str:
    return str(ACCESS_ACTIONS[AccessAction(code)])


def actor(entry) -> str:
    """Who did it, in plain words: their name and in what role."""
    name = entry.actor.display_name
    if entry.mandate_id is not None:
        return str(_l("%(name)s, with a mandate", name=name))
    match entry.actor_role:
        case Role.CASE_MANAGER:
            return str(_l("%(name)s, case manager", name=name))
        case Role.PROVIDER:
            return str(_l("%(name)s, service provider", name=name))
        case Role.ADMIN:
            return str(_l("%(name)s, county staff", name=name))
        case Role.DECISION_CODE:
            return str(_l("%(name)s, signed in with a code from a letter", name=name))
    return name


APPLICATION_STATUSES = {
    ApplicationStatus.DRAFT: _l("Draft, not sent"),
    ApplicationStatus.SUBMITTED: _l("Sent, waiting for a decision"),
    ApplicationStatus.MORE_INFO: _l("More information asked for"),
    ApplicationStatus.APPROVED: _l("Approved"),
    ApplicationStatus.REJECTED: _l("Rejected"),
}


def application_status(code: str) -> str:
    return str(APPLICATION_STATUSES[code])


QUALITY_STATUSES = {
    QualityStatus.SUBMITTED: _l("Waiting for the county's approval"),
    QualityStatus.APPROVED: _l("Approved: clients see it"),
    QualityStatus.RETURNED: _l("Returned to the provider"),
}


def quality_status(code: str) -> str:
    return str(QUALITY_STATUSES[QualityStatus(code)])


FEEDBACK_KINDS = {
    FeedbackKind.ACCESSIBILITY: _l("Accessibility"),
    FeedbackKind.OTHER: _l("Other feedback"),
}
FEEDBACK_STATUSES = {
    FeedbackStatus.NEW: _l("New"),
    FeedbackStatus.IN_PROGRESS: _l("In progress"),
    FeedbackStatus.ANSWERED: _l("Answered"),
}


def feedback_kind(code: str) -> str:
    return str(FEEDBACK_KINDS[FeedbackKind(code)])


def feedback_status(code: str) -> str:
    return str(FEEDBACK_STATUSES[FeedbackStatus(code)])


def days_to_reply(days: int) -> str:
    """The time left to reply, as the domain counts it: "6 days left", "Due today", "3 days late"."""
    if days > 0:
        return ngettext("%(num)s day left", "%(num)s days left", days)
    if days == 0:
        return str(_l("Due today"))
    return ngettext("%(num)s day late", "%(num)s days late", -days)


CONFIRMATIONS = {
    Confirmation.TO_CONFIRM: _l("Waits for confirmation"),
    Confirmation.CONFIRMED: _l("Confirmed"),
    Confirmation.AUTO_CONFIRMED: _l("Confirmed automatically"),
    Confirmation.DISPUTED: _l("Disputed"),
    Confirmation.RESOLVED: _l("Dispute resolved"),
}
DISPUTE_REASONS = {
    DisputeReason.NOT_DELIVERED: _l("The service was not delivered"),
    DisputeReason.WRONG_UNITS: _l("Fewer hours or visits were delivered than recorded"),
    DisputeReason.WRONG_DATE: _l("The service was delivered on another day"),
    DisputeReason.OTHER: _l("Something else"),
}


def confirmation(state: str) -> str:
    return str(CONFIRMATIONS[Confirmation(state)])


def dispute_reason(code: str) -> str:
    return str(DISPUTE_REASONS[DisputeReason(code)])
