"""Rules for recording a delivered service against a voucher, and for correcting one."""

from datetime import date, timedelta
from enum import StrEnum

MAX_DAYS_BACK = 60


class CorrectionReason(StrEnum):
    WRONG_UNITS = "wrong_units"
    NOT_DELIVERED = "not_delivered"
    DUPLICATE = "duplicate"
    WRONG_DATE = "wrong_date"
    OTHER = "other"


class RecordingError(ValueError):
    """A recording or correction that is refused; the message is a code the web layer words,
    and the details (units left, dates) are what the sentence needs."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


def recording_problem(
    service_date: date | None,
    units: int | None,
    today: date,
    period_start: date,
    period_end: date,
) -> str | None:
    """Why this service cannot be recorded on this voucher; None when it can."""
    if service_date is None:
        return "no_date"
    if units is None or units <= 0:
        return "no_units"
    if service_date > today:
        return "future"
    if service_date < today - timedelta(days=MAX_DAYS_BACK):
        return "too_old"
    if not period_start <= service_date <= period_end:
        return "outside_period"
    return None


def next_quantity_from(service_date: date, period_end: date) -> date | None:
    """When the next month's quantity becomes available: the first of the next month,
    if the plan still runs then."""
    following = date(service_date.year + (service_date.month == 12), service_date.month % 12 + 1, 1)
    return following if following <= period_end else None
