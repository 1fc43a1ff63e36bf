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


# Languages a provider may say its staff speak in practice (ISO 639-1): the national ones first, then the
# languages most spoken in Finland besides them.
SPOKEN_LANGUAGES = ("fi", "sv", "se", "en", "ru", "et", "ar", "so", "uk", "fa")
COMPLAINT_ROWS = 5  # years of complaints a provider tells at most
FINDINGS_SHOWN_YEARS = 3  # a comparison shows the supervision findings of the last three years


@dataclass(frozen=True)
class OfficeAccess:
    """An office's accessibility as the provider tells it; None: not told."""

    office_id: int
    step_free_entrance: bool | None
    parking: bool | None


@dataclass(frozen=True)
class QualityReport:
    """What a provider sends for the county's approval; None or empty: not told."""

    staff_count: int | None = None
    continuity_percent: int | None = None
    founded_year: int | None = None
    ownership_fi: str = ""
    ownership_sv: str = ""
    languages: tuple[str, ...] = ()
    complaints: tuple[ComplaintYear, ...] = ()
    offices: tuple[OfficeAccess, ...] = ()


def quality_problems(report: QualityReport, own_office_ids: set[int], today: date) -> dict[str, str]:
    """What is wrong in the report, field by field ("complaints-0" for the first row of complaints); empty when
    the county may read it. Only the provider's own offices may be told of."""
    problems = {
        "staff_count": staff_problem(report.staff_count),
        "continuity_percent": continuity_problem(report.continuity_percent),
        "founded_year": founded_problem(report.founded_year, today),
        "ownership_fi": "too_long" if len(report.ownership_fi) > MAX_TEXT else None,
        "ownership_sv": "too_long" if len(report.ownership_sv) > MAX_TEXT else None,
        "languages": None if set(report.languages) <= set(SPOKEN_LANGUAGES) else "unknown_language",
    }
    if len(report.complaints) > COMPLAINT_ROWS:
        problems["complaints"] = "too_many_rows"
    seen: set[int] = set()
    for number, row in enumerate(report.complaints):
        problem = complaint_problem(row, report.founded_year, today.year)
        if problem is None and row.year in seen:
            problem = "year_twice"
        seen.add(row.year)
        problems[f"complaints-{number}"] = problem
    if any(office.office_id not in own_office_ids for office in report.offices):
        problems["offices"] = "not_yours"
    return {field: problem for field, problem in problems.items() if problem is not None}


def finding_problems(kind: FindingKind, found_on: date, put_right_by: date | None, summary_fi: str, summary_sv: str,
                     today: date) -> dict[str, str]:
    """What is wrong in a supervision finding the county's staff record; empty when it may be saved. An order
    says by when it must be put right; nothing else has such a date."""
    problems = {
        "found_on": "future" if found_on > today else None,
        "put_right_by": (("missing" if put_right_by is None else "before_found" if put_right_by <= found_on else None)
                         if kind is FindingKind.ORDER else ("not_an_order" if put_right_by is not None else None)),
        "summary_fi": "missing" if not (summary_fi.strip() or summary_sv.strip()) else
        "too_long" if len(summary_fi) > MAX_TEXT else None,
        "summary_sv": "too_long" if len(summary_sv) > MAX_TEXT else None,
    }
    return {field: problem for field, problem in problems.items() if problem is not None}


def findings_shown_since(today: date) -> date:
    """The first day of the findings a comparison shows: three years back (29 February counts as 28th)."""
    year = today.year - FINDINGS_SHOWN_YEARS
    return today.replace(year=year, day=28) if (today.month, today.day) == (2, 29) else today.replace(year=year)


def visits_of_ten(continuity_percent: int) -> int:
    """Staff continuity as easy language says it: of ten visits, how many the client's usual workers make. Rounded
    half up, but 10 only at 100 % and 0 only at 0 %, so that "every time" and "never" are said only when true."""
    tenths = (continuity_percent + 5) // 10
    return min(max(tenths, 1 if continuity_percent > 0 else 0), 10 if continuity_percent >= 100 else 9)
