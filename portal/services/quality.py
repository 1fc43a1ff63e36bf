"""Providers' quality information: sent by the provider, approved or returned by the county, and read for the
comparison (only the latest approved version, never a waiting one); the county's supervision findings."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Provider, ProviderOffice, ProviderQuality, SupervisionFinding
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
    visits_of_ten,
)
from portal.services.paging import Page, Where, page_by_id

WAITING_PAGE = 25


class QualityProblems(ValueError):
    """The report or finding was refused: `problems` says what is wrong, field by field. Nothing was saved."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(problems)
        self.problems = problems


class AlreadyDecided(LookupError):
    """The county had already approved or returned this version; nothing was changed."""


def offices_of(session: Session, provider_ids: list[int]) -> dict[int, list[ProviderOffice]]:
    offices: dict[int, list[ProviderOffice]] = {provider_id: [] for provider_id in provider_ids}
    for office in session.scalars(select(ProviderOffice).where(ProviderOffice.provider_id.in_(provider_ids))
                                  .options(joinedload(ProviderOffice.municipality)).order_by(ProviderOffice.id)):
        offices[office.provider_id].append(office)
    return offices


def report_of(quality: ProviderQuality) -> QualityReport:
    return QualityReport(
        quality.staff_count, quality.continuity_percent, quality.founded_year, quality.ownership_fi,
        quality.ownership_sv, tuple(quality.languages),
        tuple(ComplaintYear(**row) for row in quality.complaints),
        tuple(OfficeAccess(**office) for office in quality.offices))


def _columns(report: QualityReport) -> dict:
    return dict(staff_count=report.staff_count, continuity_percent=report.continuity_percent,
                founded_year=report.founded_year, ownership_fi=report.ownership_fi, ownership_sv=report.ownership_sv,
                languages=list(report.languages), complaints=[asdict(row) for row in report.complaints],
                offices=[asdict(office) for office in report.offices])


def submit(session: Session, provider_id: int, user_id: int, report: QualityReport, now: datetime) -> ProviderQuality:
    """The report sent for the county's approval: it replaces the provider's version still waiting (by a
    conditional update, so a version the county decided meanwhile stays as it was decided), or is a new one."""
    own = {office.id for office in offices_of(session, [provider_id])[provider_id]}
    problems = quality_problems(report, own, now.date())
    if problems:
        raise QualityProblems(problems)
    waiting = latest(session, provider_id, QualityStatus.SUBMITTED)
    values = _columns(report) | dict(submitted_at=now, submitted_by_user_id=user_id)
    if waiting is not None and session.execute(
            update(ProviderQuality).where(ProviderQuality.id == waiting.id,
                                          ProviderQuality.status == QualityStatus.SUBMITTED).values(**values)
            .execution_options(synchronize_session=False)).rowcount == 1:
        session.refresh(waiting)
        return waiting
    quality = ProviderQuality(provider_id=provider_id, status=QualityStatus.SUBMITTED, **values)
    session.add(quality)
    session.flush()
    return quality


def latest(session: Session, provider_id: int, status: QualityStatus | None = None) -> ProviderQuality | None:
    query = select(ProviderQuality).where(ProviderQuality.provider_id == provider_id)
    if status is not None:
        query = query.where(ProviderQuality.status == status)
    return session.scalar(query.order_by(ProviderQuality.id.desc()).limit(1))


def waiting(session: Session, where: Where) -> Page:
    """The versions waiting for the county, the oldest first, a page at a time."""
    query = select(ProviderQuality).where(ProviderQuality.status == QualityStatus.SUBMITTED)
    return page_by_id(session, query, [ProviderQuality.submitted_at, ProviderQuality.id],
                   lambda quality: (quality.submitted_at, quality.id), where, WAITING_PAGE,
                   options=(joinedload(ProviderQuality.provider),))


def version(session: Session, quality_id: int) -> ProviderQuality | None:
    return session.scalar(select(ProviderQuality).where(ProviderQuality.id == quality_id)
                          .options(joinedload(ProviderQuality.provider)))


def decide(session: Session, quality: ProviderQuality, approve: bool, message: str, user_id: int,
           now: datetime) -> None:
    """The county approves the version (its offices' accessibility is copied to the offices in the same
    transaction) or returns it with a message; only a version still waiting, by a conditional update."""
    new = QualityStatus.APPROVED if approve else QualityStatus.RETURNED
    if not approve and not message.strip():
        raise QualityProblems({"message": "missing"})
    if not QUALITY_LIFECYCLE.allows(quality.status, new) or session.execute(
            update(ProviderQuality).where(ProviderQuality.id == quality.id,
                                          ProviderQuality.status == QualityStatus.SUBMITTED)
            .values(status=new, decided_at=now, decided_by_user_id=user_id, county_message=message.strip())
            .execution_options(synchronize_session=False)).rowcount != 1:
        raise AlreadyDecided(quality.id)
    if approve:
        for office in quality.offices:
            session.execute(update(ProviderOffice)
                            .where(ProviderOffice.id == office["office_id"],
                                   ProviderOffice.provider_id == quality.provider_id)
                            .values(step_free_entrance=office["step_free_entrance"], parking=office["parking"])
                            .execution_options(synchronize_session=False))
    session.expire_all()


def record_finding(session: Session, provider_id: int, kind: FindingKind, found_on: date, put_right_by: date | None,
                   summary_fi: str, summary_sv: str, user_id: int, today: date) -> SupervisionFinding:
    summary_fi, summary_sv = summary_fi.strip(), summary_sv.strip()
    problems = finding_problems(kind, found_on, put_right_by, summary_fi, summary_sv, today)
    if problems:
        raise QualityProblems(problems)
    finding = SupervisionFinding(provider_id=provider_id, kind=kind, found_on=found_on, put_right_by=put_right_by,
                                 summary_fi=summary_fi, summary_sv=summary_sv, recorded_by_user_id=user_id)
    session.add(finding)
    session.flush()
    return finding


def findings_of(session: Session, provider_ids: list[int], since: date | None = None) -> dict[int, list]:
    """The providers' supervision findings (from `since`, if given), the latest first."""
    query = select(SupervisionFinding).where(SupervisionFinding.provider_id.in_(provider_ids))
    if since is not None:
        query = query.where(SupervisionFinding.found_on >= since)
    found: dict[int, list] = {provider_id: [] for provider_id in provider_ids}
    for finding in session.scalars(query.order_by(SupervisionFinding.found_on.desc(), SupervisionFinding.id.desc())):
        found[finding.provider_id].append(finding)
    return found


def provider_named(session: Session, provider_id: int) -> Provider | None:
    return session.get(Provider, provider_id)


@dataclass(frozen=True)
class Shown:
    """What a client reads of one provider's quality: the latest approved version (None: nothing approved),
    the supervision findings of the last three years, and the offices with their accessibility."""

    approved: ProviderQuality | None
    findings: list = field(default_factory=list)
    offices: list = field(default_factory=list)

    @property
    def visits_of_ten(self) -> int | None:
        """Staff continuity as easy language says it ("8 times out of 10"); None when not told."""
        percent = self.approved.continuity_percent if self.approved else None
        return None if percent is None else visits_of_ten(percent)

    @property
    def latest_complaints(self) -> ComplaintYear | None:
        """The complaints of the latest year told; None when none are."""
        rows = report_of(self.approved).complaints if self.approved else ()
        return max(rows, key=lambda row: row.year, default=None)


def shown_for(session: Session, provider_ids: list[int], today: date) -> dict[int, Shown]:
    """Three queries for any number of providers: their latest approved versions, findings and offices."""
    newest = (select(func.max(ProviderQuality.id))
              .where(ProviderQuality.provider_id.in_(provider_ids), ProviderQuality.status == QualityStatus.APPROVED)
              .group_by(ProviderQuality.provider_id))
    approved = {quality.provider_id: quality
                for quality in session.scalars(select(ProviderQuality).where(ProviderQuality.id.in_(newest)))}
    findings = findings_of(session, provider_ids, findings_shown_since(today))
    offices = offices_of(session, provider_ids)
    return {provider_id: Shown(approved.get(provider_id), findings[provider_id], offices[provider_id])
            for provider_id in provider_ids}
