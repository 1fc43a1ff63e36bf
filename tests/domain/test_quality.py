"""The rules of providers' quality information and of the county's supervision findings."""

from datetime import date

from portal.domain.quality import (
    QUALITY_LIFECYCLE,
    ComplaintYear,
    FindingKind,
    OfficeAccess,
    QualityReport,
    QualityStatus,
    finding_problems,
    findings_shown_since,
    quality_problems,
)

TODAY = date(2026, 11, 15)


def test_a_report_that_tells_nothing_is_allowed_and_each_field_is_held_to_its_range():
    assert quality_problems(QualityReport(), set(), TODAY) == {}
    whole = QualityReport(staff_count=0, continuity_percent=100, founded_year=2026, languages=("fi", "se"),
                          complaints=(ComplaintYear(2026, 0, 0),), offices=(OfficeAccess(7, True, None),))
    assert quality_problems(whole, {7}, TODAY) == {}
    wrong = QualityReport(staff_count=-1, continuity_percent=101, founded_year=2027, ownership_sv="x" * 2001,
                          languages=("fi", "xx"))
    assert quality_problems(wrong, set(), TODAY) == {
        "staff_count": "count_range", "continuity_percent": "percent_range", "founded_year": "year_range",
        "ownership_sv": "too_long", "languages": "unknown_language"}


def test_complaints_upheld_are_at_most_those_received_each_year_once_and_not_before_the_company():
    report = QualityReport(founded_year=2010, complaints=(
        ComplaintYear(2025, 2, 3), ComplaintYear(2024, 1, 0), ComplaintYear(2024, 1, 1), ComplaintYear(2009, 0, 0),
        ComplaintYear(2023, -1, 0)))
    assert quality_problems(report, set(), TODAY) == {
        "complaints-0": "upheld_over_received", "complaints-2": "year_twice", "complaints-3": "year_range",
        "complaints-4": "count_range"}
    assert quality_problems(QualityReport(complaints=(ComplaintYear(2025, 1, 0),) * 6), set(), TODAY)["complaints"] \
        == "too_many_rows"


def test_only_the_providers_own_offices_may_be_told_of():
    report = QualityReport(offices=(OfficeAccess(1, True, True), OfficeAccess(2, False, None)))
    assert quality_problems(report, {1}, TODAY) == {"offices": "not_yours"}
    assert quality_problems(report, {1, 2}, TODAY) == {}


def test_an_order_has_a_date_to_put_it_right_and_nothing_else_has():
    found = date(2026, 10, 1)
    assert finding_problems(FindingKind.ORDER, found, None, "Puute", "", TODAY) == {"put_right_by": "missing"}
    assert finding_problems(FindingKind.ORDER, found, found, "Puute", "", TODAY) == {"put_right_by": "before_found"}
    assert finding_problems(FindingKind.ORDER, found, date(2027, 1, 1), "", "Brist", TODAY) == {}
    assert finding_problems(FindingKind.REMARK, found, date(2027, 1, 1), "Puute", "", TODAY) == {
        "put_right_by": "not_an_order"}
    assert finding_problems(FindingKind.GUIDANCE, date(2026, 12, 1), None, " ", "", TODAY) == {
        "found_on": "future", "summary_fi": "missing"}


def test_a_comparison_shows_three_years_of_findings():
    assert findings_shown_since(TODAY) == date(2023, 11, 15)
    assert findings_shown_since(date(2028, 2, 29)) == date(2025, 2, 28)


def test_the_county_decides_a_version_once():
    assert QUALITY_LIFECYCLE.allows(QualityStatus.SUBMITTED, QualityStatus.APPROVED)
    assert QUALITY_LIFECYCLE.allows(QualityStatus.SUBMITTED, QualityStatus.RETURNED)
    assert not QUALITY_LIFECYCLE.allows(QualityStatus.APPROVED, QualityStatus.RETURNED)
    assert not QUALITY_LIFECYCLE.allows(QualityStatus.RETURNED, QualityStatus.APPROVED)
