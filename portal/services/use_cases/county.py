"""What the county's staff ask of the portal: prices and follow-up limits, settlements, figures and
reports, providers' applications and price changes, users and their sessions, feedback."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from portal.db.models import (County, LetterBatch, Municipality, Provider, ProviderApplication, ProviderOffering,
                              ProviderQuality, ServiceType, User)
from portal.domain.applications import ApplicationStatus
from portal.domain.feedback import FeedbackStatus
from portal.domain.quality import FindingKind, QualityStatus
from portal.domain.reports import ReportBy
from portal.domain.sessions import Ended
from portal.services import (applications, auth, client_pages, county, feedback, letters, overview_figures, plans,
                             quality, reports, settlements, user_sessions)
from portal.services.paging import Page, Where
from portal.services.work import use_case


@dataclass(frozen=True)
class PricesPage:
    county: County
    service_types: list[ServiceType]


@use_case
def prices_page(db: Session) -> PricesPage:
    """The county's follow-up limits and the service catalogue with its reference prices."""
    return PricesPage(county.the_county.within(db), plans.catalogue(db))


@use_case
def set_follow_up_limits(db: Session, low_percent: int, high_percent: int) -> None:
    """The follow-up limits saved for the county."""
    county.set_follow_up_limits(db, low_percent, high_percent)


@use_case
def service_type(db: Session, service_type_id: int) -> ServiceType | None:
    """The kind of service whose price rules are shown, or None if there is none."""
    return county.service_type(db, service_type_id)


@use_case
def set_price_rules(db: Session, service_type_id: int, rules: county.PriceRules) -> None:
    """The price rules saved for the kind of service, for plans drawn up from now on."""
    county.set_price_rules(db, county.service_type(db, service_type_id), rules)


@use_case
def settlements_of_month(db: Session, month: date, paid: settlements.Paid | None,
                         where: Where) -> settlements.MonthOverview:
    """The providers' settlements of the month, a page at a time, with the month's sums."""
    return settlements.month_overview(db, month, paid, where)


@use_case
def mark_settlement_paid(db: Session, provider_id: int, month: date, user: User,
                         today: date) -> settlements.Settled | None:
    """The provider's month marked as paid (or as it was, if it had been); None if it has nothing to settle."""
    try:
        return settlements.settle(db, provider_id, month, user, today)
    except LookupError:
        return None


@use_case
def clients_in_settlement(db: Session, provider_id: int, month: date) -> list[int]:
    """The clients whose data the provider's settlement month holds, for the access log of its export."""
    return settlements.clients_in_month(db, provider_id, month)


@use_case
def county_figures(db: Session, year: int) -> overview_figures.CountyFigures:
    """The county's year in figures: clients, budget granted and used, providers, satisfaction."""
    return overview_figures.county_figures(db, year)


@use_case
def budget_report(db: Session, by: ReportBy, asked_year: int, this_year: int) -> reports.Report:
    """The budget report grouped as asked, for the year asked if it has a budget, else the latest that has."""
    known = reports.years_with_budget(db) or [this_year]
    return reports.report(db, by, asked_year if asked_year in known else known[-1])


@use_case
def pending_price_changes(db: Session) -> list[ProviderOffering]:
    """The providers' new prices waiting for the county's decision."""
    return applications.pending_prices(db)


@use_case
def decide_price_change(db: Session, offering_id: int, approve: bool, today: date) -> None:
    """The new price approved or refused; ApplicationError if it has been decided already."""
    offering = applications.price_change(db, offering_id)
    if offering is None:
        raise applications.ApplicationError("status:decided")  # refused before: the row is gone
    applications.decide_price(db, offering, approve, today)


@use_case
def provider_applications(db: Session, status: str | None, where: Where) -> applications.ApplicationList:
    """The providers' sent applications, a page at a time, of one status or all."""
    return applications.application_list(db, status, where)


@dataclass(frozen=True)
class ApplicationPage:
    application: ProviderApplication
    municipalities: dict[int, Municipality]
    types: dict[str, ServiceType]


@use_case
def application_page(db: Session, application_id: int) -> ApplicationPage | None:
    """A sent application with the municipalities and services it names; None if there is none or a draft."""
    found = applications.application(db, application_id)
    if found is None or found.status == ApplicationStatus.DRAFT:
        return None
    return ApplicationPage(found, {m.id: m for m in client_pages.municipalities(db)},
                           {t.code: t for t in plans.catalogue(db)})


@use_case
def decide_application(db: Session, application_id: int, decision: str, message: str, today: date) -> None:
    """The application approved, rejected or sent back for more information; ApplicationError if not possible."""
    applications.decide(db, applications.application(db, application_id), decision, message, today)


@use_case
def user_named(db: Session, username: str) -> User | None:
    """The user with this username, if any."""
    return auth.user_by_username(db, username)


@dataclass(frozen=True)
class UserPage:
    user: User
    open_sessions: int


@use_case
def user_page(db: Session, user_id: int) -> UserPage | None:
    """The user and how many sessions they have open; None if there is no such user."""
    found = auth.user_by_id.within(db, user_id)
    return None if found is None else UserPage(found, user_sessions.open_count(db, found.id))


@use_case
def end_sessions_of(db: Session, user_id: int, now: datetime) -> int | None:
    """How many of the user's sessions the county ended; None if there is no such user."""
    if auth.user_by_id.within(db, user_id) is None:
        return None
    return user_sessions.end_all(db, user_id, now, Ended.BY_COUNTY)


@use_case
def feedback_inbox(db: Session, status: FeedbackStatus | None, where: Where, now: datetime) -> feedback.Inbox:
    """The feedback of one status, or (None) all not yet answered, oldest first, with the days left to reply."""
    return feedback.inbox(db, status, where, now)


@use_case
def feedback_page(db: Session, feedback_id: int, now: datetime) -> feedback.FeedbackPage | None:
    """One feedback with the days left to reply and who answered it; None if there is none."""
    return feedback.feedback_page(db, feedback_id, now)


@use_case
def change_feedback(db: Session, feedback_id: int, new: FeedbackStatus, reply: str, user: User, now: datetime) -> None:
    """The feedback moved to `new` with its reply; FeedbackError if refused, LookupError if there is none."""
    feedback.change(db, feedback_id, new, reply, user.id, now)


@use_case
def letters_page(db: Session) -> letters.LettersPage:
    """How many paper letters wait to be printed, and the latest batches."""
    return letters.letters_page(db)


@use_case
def make_letter_batch(db: Session, user: User, now: datetime) -> LetterBatch | None:
    """A batch of every waiting letter, to print; None when none was waiting."""
    return letters.make_batch(db, user, now)


@dataclass(frozen=True)
class LetterBatchPage:
    batch: LetterBatch
    letters: list[letters.Letter]
    county: County


@use_case
def letter_batch(db: Session, batch_id: int) -> LetterBatchPage | None:
    """A printed batch's letters, one page each, with the county's return address; None if there is no such batch."""
    batch = letters.batch_of(db, batch_id)
    if batch is None:
        return None
    return LetterBatchPage(batch, letters.letters_of(db, batch_id), county.the_county.within(db))


@use_case
def county_contacts(db: Session) -> county.Contacts:
    """Where to turn, as decisions and the "where to turn" page print it."""
    return county.contacts_of(county.the_county.within(db))


@use_case
def set_county_contacts(db: Session, contacts: county.Contacts) -> None:
    """The county's contacts saved, for decisions made from now on and the "where to turn" page."""
    county.set_contacts(db, contacts)


@use_case
def quality_waiting(db: Session, where: Where) -> Page:
    """Providers' quality information waiting for the county, the oldest first, a page at a time."""
    return quality.waiting(db, where)


@dataclass(frozen=True)
class QualityReview:
    version: ProviderQuality  # the version asked for
    approved: ProviderQuality | None  # the one clients see now, beside it
    offices: list  # the provider's offices
    findings: list  # the county's supervision findings of the provider, the latest first


@use_case
def quality_review(db: Session, quality_id: int) -> QualityReview | None:
    """A version of a provider's quality information beside the approved one; None if there is no such version."""
    version = quality.version(db, quality_id)
    if version is None:
        return None
    approved = quality.latest(db, version.provider_id, QualityStatus.APPROVED)
    return QualityReview(version, approved, quality.offices_of(db, [version.provider_id])[version.provider_id],
                         quality.findings_of(db, [version.provider_id])[version.provider_id])


@use_case
def decide_quality(db: Session, quality_id: int, approve: bool, message: str, user: User, now: datetime) -> None:
    """Approved, or returned with the message; AlreadyDecided if it was not waiting any more."""
    version = quality.version(db, quality_id)
    if version is None:
        raise quality.AlreadyDecided(quality_id)
    quality.decide(db, version, approve, message, user.id, now)


@dataclass(frozen=True)
class Findings:
    provider: Provider
    findings: list  # the latest first


@use_case
def findings_of(db: Session, provider_id: int) -> Findings | None:
    """The county's supervision findings of the provider; None if there is no such provider."""
    provider = quality.provider_named(db, provider_id)
    return Findings(provider, quality.findings_of(db, [provider_id])[provider_id]) if provider else None


@use_case
def record_finding(db: Session, provider_id: int, kind: FindingKind, found_on: date, put_right_by: date | None,
                   summary_fi: str, summary_sv: str, user: User, today: date) -> None:
    """The supervision finding saved; QualityProblems says what is wrong."""
    quality.record_finding(db, provider_id, kind, found_on, put_right_by, summary_fi, summary_sv, user.id, today)
