"""The client confirms or disputes the services a provider recorded.

Each recorded service waits for the client's (or a relative's) confirmation until 14 days after the later
of its month's end and the day it was recorded; after that it counts as confirmed, so a client who never
signs in blocks nothing. A disputed service is held out of the provider's settlement until the provider
corrects it or the case manager resolves the dispute; then its held amount is released.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.domain.plans import month_start, next_month

CONFIRMATION_DAYS = 14
MAX_REASON = 2000


class Confirmation(StrEnum):
    TO_CONFIRM = "to_confirm"  # the client can still confirm or dispute it
    CONFIRMED = "confirmed"  # by the client or a relative
    AUTO_CONFIRMED = "auto_confirmed"  # nobody disputed it in time
    DISPUTED = "disputed"  # held out of the settlement until resolved
    RESOLVED = "resolved"  # a dispute the provider's correction or the case manager ended


class DisputeReason(StrEnum):
    NOT_DELIVERED = "not_delivered"
    WRONG_UNITS = "wrong_units"
    WRONG_DATE = "wrong_date"
    OTHER = "other"


class Resolution(StrEnum):
    CORRECTED = "corrected"  # the provider corrected the recording
    STANDS = "stands"  # the case manager found the recording right
    CREDITED = "credited"  # the case manager credited units back to the voucher


class ConfirmationError(ValueError):
    """A confirmation, dispute or resolution that cannot be made; the message is a code."""


def month_end(day: date) -> date:
    return next_month(month_start(day)) - timedelta(days=1)


def confirm_by(service_date: date, recorded_on: date) -> date:
    """The last day the client can confirm or dispute a recorded service."""
    return max(month_end(service_date), recorded_on) + timedelta(days=CONFIRMATION_DAYS)


def still_to_confirm_from(today: date) -> tuple[date, date]:
    """Where a look for services still to confirm on the day starts: a service can still be confirmed when its
    month began on or after the first date returned, or it was recorded on or after the second (the two ways
    `confirm_by` can lie ahead)."""
    since = today - timedelta(days=CONFIRMATION_DAYS)
    return month_start(since), since


def confirmation_of(service_date: date, recorded_on: date, confirmed: bool, disputed: bool, resolved: bool,
                    today: date) -> Confirmation:
    """Where a recorded service stands on the day."""
    if disputed:
        return Confirmation.RESOLVED if resolved else Confirmation.DISPUTED
    if confirmed:
        return Confirmation.CONFIRMED
    if today > confirm_by(service_date, recorded_on):
        return Confirmation.AUTO_CONFIRMED
    return Confirmation.TO_CONFIRM


def dispute_problem(state: Confirmation, reason: str, note: str) -> str | None:
    """Why the service cannot be disputed now, as a code; None when it can."""
    if state is Confirmation.DISPUTED or state is Confirmation.RESOLVED:
        return "already_disputed"
    if state is not Confirmation.TO_CONFIRM:
        return "too_late" if state is Confirmation.AUTO_CONFIRMED else "confirmed"
    if reason not in set(DisputeReason):
        return "no_reason"
    if reason == DisputeReason.OTHER and not note.strip():
        return "no_note"
    if len(note.strip()) > MAX_REASON:
        return "too_long"
    return None


def held_by_dispute(charged_cents: int, credited_cents: int) -> int:
    """What a dispute holds out of the settlement: the budget charged for the recording less what was
    credited back before it."""
    return max(charged_cents - credited_cents, 0)


def not_answered(events: int, confirmed: int, held: int, resolved: int) -> int:
    """A month's services neither confirmed nor disputed: confirmed automatically once their days are over."""
    return events - confirmed - held - resolved


def resolution_problem(resolution: str, units: int | None, units_left: int) -> str | None:
    """Why the case manager's resolution cannot be made, as a code; None when it can."""
    if resolution not in (Resolution.STANDS, Resolution.CREDITED):
        return "no_resolution"
    if resolution == Resolution.CREDITED and (units is None or not 0 < units <= units_left):
        return "no_units"
    return None


@dataclass(frozen=True)
class MonthToConfirm:
    """An ended month whose recorded services wait for the client's answer, as the overview tells it."""

    month: date
    services: int
    last_day: date  # the first of their last days to confirm, as the month's page says


def months_to_confirm(unanswered: Iterable[tuple[date, date]], today: date) -> list[MonthToConfirm]:
    """The ended months with services still to confirm on the day, the oldest first. `unanswered` gives the day
    and the recording day of each service neither confirmed nor disputed; a month still running is left out."""
    last_days: dict[date, list[date]] = {}
    for service_date, recorded_on in unanswered:
        last_day = confirm_by(service_date, recorded_on)
        if month_end(service_date) < today <= last_day:
            last_days.setdefault(month_start(service_date), []).append(last_day)
    return [MonthToConfirm(month, len(days), min(days)) for month, days in sorted(last_days.items())]
