"""What a provider tells about its quality, which the county approves before clients see it, and the county's
own supervision findings."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portal.domain.states import Lifecycle

MAX_STAFF = 100_000
FIRST_YEAR = 1800
MAX_TEXT = 2000
MIN_RATINGS_FOR_AVERAGE = 5  # an average of fewer ratings says more about one client than about the provider


class QualityStatus(StrEnum):
    SUBMITTED = "submitted"  # the provider sent it; the county has not looked yet
    APPROVED = "approved"  # clients see the latest approved one
    RETURNED = "returned"  # the county asks the provider to fix it, with a message


QUALITY_LIFECYCLE = Lifecycle(QualityStatus, {QualityStatus.SUBMITTED}, {
    (QualityStatus.SUBMITTED, QualityStatus.APPROVED),
    (QualityStatus.SUBMITTED, QualityStatus.RETURNED),
})


class FindingKind(StrEnum):
    """What the county's supervision of a provider found, from the mildest."""

    NO_REMARKS = "no_remarks"  # a visit found nothing to remark on
    GUIDANCE = "guidance"  # ohjaus / handledning
    REMARK = "remark"  # huomautus / anmärkning
    ORDER = "order"  # määräys / föreläggande: something must be put right by a date


@dataclass(frozen=True)
class ComplaintYear:
    year: int
    received: int
    upheld: int


def complaint_problem(row: ComplaintYear, founded_year: int | None, this_year: int) -> str | None:
    if not (founded_year or FIRST_YEAR) <= row.year <= this_year:
        return "year_range"
    if not 0 <= row.received <= MAX_STAFF or not 0 <= row.upheld:
        return "count_range"
    if row.upheld > row.received:
        return "upheld_over_received"
    return None


def founded_problem(year: int | None, today: date) -> str | None:
    if year is None:
        return None
    return None if FIRST_YEAR <= year <= today.year else "year_range"


def continuity_problem(percent: int | None) -> str | None:
    return None if percent is None or 0 <= percent <= 100 else "percent_range"


def staff_problem(count: int | None) -> str | None:
    return None if count is None or 0 <= count <= MAX_STAFF else "count_range"
