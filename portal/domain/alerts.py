"""Telling clients and their relatives in time: which alerts are due, once per event, and to whom.

An alert is due when something has happened (a plan was proposed, a provider accepted or
declined, a mandate waits for the client, the case manager wrote) or when a service line's state
calls for it (little left, it will run out before the period ends, the period ends soon, it has
not been used for six weeks). Each alert has an event key; a recipient gets one alert per key,
so that asking again whether it is due never sends it twice. A key names the event, not the day
it was noticed: the same low balance is one event until the budget is granted anew.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.domain.confirmations import confirm_by, month_end
from portal.domain.forecast import Forecast
from portal.domain.plans import iso_month, month_of_iso
from portal.domain.states import Lifecycle

LOW_LEFT_PERCENT = 20
PERIOD_ENDING_DAYS = 30
UNUSED_DAYS = 6 * 7


class AlertKind(StrEnum):
    LOW_LEFT = "low_left"  # under 20 % of a line's budget left
    RUNS_OUT_EARLY = "runs_out_early"  # at its pace, a line's budget runs out before the period ends
    PERIOD_ENDING = "period_ending"  # the plan period ends within 30 days
    UNUSED = "unused"  # a line with a provider has not been used for six weeks
    PLAN_PROPOSED = "plan_proposed"
    PROVIDER_ACCEPTED = "provider_accepted"
    PROVIDER_DECLINED = "provider_declined"
    MANDATE_TO_CONFIRM = "mandate_to_confirm"  # a relative asks the client for a mandate
    MESSAGE = "message"  # from the case manager
    DECISION_MADE = "decision_made"  # the county's decision on the vouchers; a letter prints the whole decision
    AGREEMENT_PROPOSED = "agreement_proposed"  # a provider proposes the terms of a service agreement
    AGREEMENT_ENDING = "agreement_ending"  # the provider gave notice: the agreement ends on a day
    SERVICES_TO_CONFIRM = "services_to_confirm"  # a month's recorded services wait for the client's confirmation


class Channel(StrEnum):
    """How a person is told: always in the portal; by e-mail or by a paper letter too if they chose so."""

    PORTAL = "portal"
    EMAIL = "email"
    LETTER = "letter"


class Delivery(StrEnum):
    """An alert's way out of the portal, by e-mail or letter."""

    NONE = "none"  # the portal only
    WAITING = "waiting"
    CLAIMED = "claimed"  # a sender is sending it now
    SENT = "sent"  # e-mailed, or printed in a letter batch
    FAILED = "failed"  # given up: the address refused it, or a sender stopped in the middle


DELIVERY = Lifecycle(
    Delivery,
    starts=(Delivery.NONE, Delivery.WAITING),
    moves=(
        (Delivery.WAITING, Delivery.CLAIMED),
        (Delivery.CLAIMED, Delivery.SENT),
        (Delivery.CLAIMED, Delivery.WAITING),  # the server could not be reached: try again later
        (Delivery.CLAIMED, Delivery.FAILED),
        (Delivery.WAITING, Delivery.SENT),  # a letter, put in a printed batch
    ),
)

MAX_ATTEMPTS = 5
# A claim older than this belongs to a sender that stopped; the alert may or may not have left.
# It is not sent again (never twice), but marked failed for the county to see.
CLAIM_EXPIRES = timedelta(minutes=30)

# Only these go to the client alone; everything else goes to the client and to each relative who
# holds a valid mandate (a relative may see the client's name and matters).
FOR_THE_CLIENT_ONLY = frozenset({AlertKind.MANDATE_TO_CONFIRM})


@dataclass(frozen=True)
class Due:
    kind: AlertKind
    key: str
    day: date | None = None  # the date the alert speaks of: the run-out day, the period's end


@dataclass(frozen=True)
class LineState:
    """What the line alerts look at, for one service line of the plan in force."""

    voucher_id: int
    granted_cents: int
    left_cents: int
    period_end: date
    line_start: date  # the voucher's first day
    has_provider: bool  # an accepted provider serves the line
    last_used_on: date | None
    forecast: Forecast | None


def low_left(granted_cents: int, left_cents: int) -> bool:
    return granted_cents > 0 and left_cents * 100 < granted_cents * LOW_LEFT_PERCENT


def line_alerts(line: LineState, today: date) -> list[Due]:
    """The alerts a service line calls for today. Keys hold what makes a new event: a new grant
    (a revised plan) may make a low balance news again; a new stretch without use is a new event."""
    due = []
    grant = f"{line.voucher_id}:{line.granted_cents}"
    if low_left(line.granted_cents, line.left_cents):
        due.append(Due(AlertKind.LOW_LEFT, f"low:{grant}"))
    elif line.forecast is not None and not line.forecast.lasts_the_period:
        due.append(Due(AlertKind.RUNS_OUT_EARLY, f"runs-out:{grant}", line.forecast.runs_out_on))
    since = line.last_used_on or line.line_start
    if line.has_provider and (today - since).days >= UNUSED_DAYS and today <= line.period_end:
        due.append(Due(AlertKind.UNUSED, f"unused:{line.voucher_id}:{since.isoformat()}"))
    return due


def period_alert(plan_id: int, period_end: date, today: date) -> Due | None:
    if today <= period_end and (period_end - today).days <= PERIOD_ENDING_DAYS:
        return Due(AlertKind.PERIOD_ENDING, f"period-ends:{plan_id}", period_end)
    return None


def plan_proposed(plan_id: int) -> Due:
    return Due(AlertKind.PLAN_PROPOSED, f"plan-proposed:{plan_id}")


def provider_decided(choice_id: int, accepted: bool) -> Due:
    kind = AlertKind.PROVIDER_ACCEPTED if accepted else AlertKind.PROVIDER_DECLINED
    return Due(kind, f"choice-decided:{choice_id}")


def agreement_proposed(agreement_id: int, version: int) -> Due:
    """Each proposal of terms is an event of its own: the client answers each version."""
    return Due(AlertKind.AGREEMENT_PROPOSED, f"agreement-proposed:{agreement_id}:{version}")


def agreement_ending(agreement_id: int, last_day: date) -> Due:
    return Due(AlertKind.AGREEMENT_ENDING, f"agreement-ending:{agreement_id}:{last_day.isoformat()}", last_day)


def mandate_to_confirm(mandate_id: int) -> Due:
    return Due(AlertKind.MANDATE_TO_CONFIRM, f"mandate-request:{mandate_id}")


def message_from_case_manager(message_id: int) -> Due:
    return Due(AlertKind.MESSAGE, f"message:{message_id}")


DECISION_KEY = "decision:"


def decision_made(decision_id: int, decided_on: date) -> Due:
    return Due(AlertKind.DECISION_MADE, f"{DECISION_KEY}{decision_id}", decided_on)


def decision_of(due_key: str) -> int | None:
    """The decision an alert's key names (its letter prints the decision), or None."""
    number = due_key.removeprefix(DECISION_KEY)
    return int(number) if due_key.startswith(DECISION_KEY) and number.isascii() and number.isdigit() else None


SERVICES_KEY = "services-to-confirm:"


def services_to_confirm(client_id: int, month: date, first_recorded_on: date, today: date) -> Due | None:
    """A month's recorded services that wait for the client's confirmation, told once the month has ended and
    while the days to confirm last; the day is the last one to confirm the first-recorded of them (those
    recorded later may be confirmed longer). One event per client and month, however often it is asked."""
    last_day = confirm_by(month, first_recorded_on)
    if today <= month_end(month) or today > last_day:
        return None
    return Due(AlertKind.SERVICES_TO_CONFIRM, f"{SERVICES_KEY}{client_id}:{iso_month(month)}", last_day)


def services_month_of(due_key: str) -> date | None:
    """The month whose services an alert's key says wait for confirmation, or None."""
    client, _colon, month = due_key.removeprefix(SERVICES_KEY).partition(":")
    if not due_key.startswith(SERVICES_KEY) or not (client.isascii() and client.isdigit()):
        return None
    return month_of_iso(month)


def first_delivery(channel: Channel) -> Delivery:
    return Delivery.NONE if channel == Channel.PORTAL else Delivery.WAITING


def after_failure(attempts: int) -> Delivery:
    """A sender could not hand the e-mail to the server: try again, up to MAX_ATTEMPTS in all."""
    return Delivery.FAILED if attempts >= MAX_ATTEMPTS else Delivery.WAITING
