"""What the provider's pages ask of the services: the clients who chose them, recording services and
corrections, prices, settlements, and a company's application to become a provider."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from portal.db.models import Municipality, ProviderApplication, ProviderQuality, ProviderChoice, ProviderRating, ProviderOffering, ServiceEvent, ServiceType, User
from portal.domain.access_log import AccessAction
from portal.domain.ledger import MonthPosition
from portal.domain.providers import ChoiceStatus
from portal.domain.recording import RecordingError
from portal.domain.quality import QualityReport, QualityStatus
from portal.services import access_log, applications, client_pages, plans, provider_work, quality, ratings, settlements, sharing
from portal.services.paging import Page, Where
from portal.services.work import use_case

ALREADY_ANSWERED = "already_answered"


@dataclass(frozen=True)
class ClientList:
    page: Page  # of ProviderChoice
    counts: dict[ChoiceStatus, int]
    status: ChoiceStatus  # the status whose clients are shown
    clients: list[sharing.ClientSeen]  # the page's rows as the provider may see them

    @property
    def client_ids(self) -> list[int]:
        return [choice.plan_line.plan.client_id for choice in self.page.rows]


@use_case
def client_list(db: Session, provider_id: int, today: date, asked: str | None, where: Where) -> ClientList:
    """The provider's clients of the status asked for: those waiting for an answer first, if any."""
    counts = provider_work.client_counts(db, provider_id, today)
    status = ChoiceStatus(asked) if asked in counts else (
        ChoiceStatus.PENDING if counts[ChoiceStatus.PENDING] else ChoiceStatus.ACCEPTED)
    page = provider_work.clients_page(db, provider_id, today, status, where)
    return ClientList(page, counts, status, sharing.as_seen(db, provider_id, page.rows, today))


@use_case
def answer_client(db: Session, user: User, choice_id: int, accept: bool, reason: str, today: date) -> ProviderChoice | None:
    """The provider accepts or declines a client who chose them, logged in the client's access log;
    None when the client is not theirs. RecordingError when the answer is refused or was given already."""
    choice = provider_work.choice_of(db, user.provider_id, choice_id, today)
    if choice is None:
        return None
    if provider_work.decide(db, choice, accept, reason).already:
        raise RecordingError(ALREADY_ANSWERED)  # nothing was written; nothing is kept
    access_log.record(db, user, choice.plan_line.plan.client_id, AccessAction.PROVIDER_DECISION,
                      detail="accepted" if accept else "declined")
    return choice


@dataclass(frozen=True)
class RecordingPage:
    choice: ProviderChoice
    client_id: int
    unit: str  # of the service, as the refusals name it
    month: MonthPosition | None  # this month's quantity on the voucher, and how much of it is used
    seen: sharing.ClientSeen  # the client as the provider may see them


@use_case
def recording_page(db: Session, provider_id: int, choice_id: int, today: date) -> RecordingPage | None:
    """A client's service to record a visit of, with this month's quantity; None when not the provider's client."""
    choice = provider_work.choice_of(db, provider_id, choice_id, today)
    if choice is None:
        return None
    line = choice.plan_line
    month = provider_work.month_of_line(db, line.voucher_id, today) if line.voucher_id else None
    seen = sharing.as_seen(db, provider_id, [choice], today)[0]
    return RecordingPage(choice, line.plan.client_id, line.service_type.unit, month, seen)


@use_case
def record_service(db: Session, user: User, choice_id: int, service_date: date | None, units: int | None,
                   today: date) -> None:
    """A delivered service recorded and charged to the client's voucher, logged in the client's access log,
    or RecordingError with nothing saved."""
    recorded = provider_work.record(db, user.provider_id, user, choice_id, service_date, units, today)
    access_log.record(db, user, recorded.client_id, AccessAction.RECORD_SERVICE)


@dataclass(frozen=True)
class RecordedService:
    event: ServiceEvent
    named: bool  # the provider may see the client's name now (else their client number)


@use_case
def recorded_service(db: Session, provider_id: int, event_id: int, today: date) -> RecordedService | None:
    """One of the provider's recordings with its corrections, to correct; None when not theirs."""
    event = provider_work.event_of(db, provider_id, event_id)
    if event is None:
        return None
    client_id = event.plan_line.plan.client_id
    return RecordedService(event, sharing.names_seen(db, provider_id, [client_id], today)[client_id])


@use_case
def correct_service(db: Session, user: User, event_id: int, units: int | None, reason: str, note: str,
                    today: date) -> date:
    """Units of a recording credited back to the voucher, logged in the client's access log: the month
    the credit is settled in. RecordingError with nothing saved when it is refused."""
    event = provider_work.event_of(db, user.provider_id, event_id)
    if event is None:
        raise LookupError("not this provider's recording")
    correction = provider_work.correct(db, user.provider_id, user, event.id, units, reason, note, today)
    access_log.record(db, user, event.plan_line.plan.client_id, AccessAction.CORRECT_SERVICE)
    return correction.settlement_month


@dataclass(frozen=True)
class ServicesPage:
    statement: settlements.StatementPage
    named: dict[int, bool]  # whether the provider may see each client's name now (else their client number)

    @property
    def client_ids(self) -> list[int]:
        return self.statement.client_ids


@use_case
def services_of_month(db: Session, provider_id: int, month: date, showing: settlements.Showing,
                      where: Where, today: date) -> ServicesPage:
    """A page of the services the provider recorded in a month, or of the credits settled in it."""
    statement = settlements.statement_page(db, provider_id, month, showing, where)
    return ServicesPage(statement, sharing.names_seen(db, provider_id, statement.client_ids, today))


@dataclass(frozen=True)
class Prices:
    catalogue: list[ServiceType]  # the services a price may be given for
    offerings: list[ProviderOffering]  # the provider's prices, approved and waiting


@use_case
def prices(db: Session, provider_id: int) -> Prices:
    """The provider's prices, approved and waiting, and the services a new price may be given for."""
    return Prices(plans.catalogue(db), applications.prices_of(db, provider_id))


@use_case
def propose_price(db: Session, provider_id: int, service_type_id: int, cents: int, valid_from: date,
                  today: date) -> ProviderOffering:
    """A new price sent to the county, in force once approved; ApplicationError when one is given from that day."""
    return applications.propose_price(db, provider_id, service_type_id, cents, valid_from, today)


@use_case
def settlement_of_month(db: Session, provider_id: int, month: date) -> settlements.MonthTotal | None:
    """What the county pays the provider for a month, and whether it is settled."""
    return settlements.month_total(db, provider_id, month)


@use_case
def clients_in_settlement(db: Session, provider_id: int, month: date) -> list[int]:
    """The clients whose data a settlement month's file holds (each export is logged for them)."""
    return settlements.clients_in_month(db, provider_id, month)


@dataclass(frozen=True)
class ApplicationPage:
    application: ProviderApplication | None  # none before the first save
    municipalities: list[Municipality]
    catalogue: list[ServiceType]  # the services a price is asked for


@use_case
def application_page(db: Session, user_id: int | None) -> ApplicationPage:
    """The company's application to become a provider, if the signed-in applicant has one, and what its form offers."""
    application = applications.application_of(db, user_id) if user_id is not None else None
    return ApplicationPage(application, client_pages.municipalities(db), plans.catalogue(db))


@dataclass(frozen=True)
class NewAccount:
    username: str
    password: str
    display_name: str


@dataclass(frozen=True)
class SavedApplication:
    application: ProviderApplication
    user: User  # the applicant's account, new at the first save
    problems: list[str]  # field:problem codes, what is still to be filled in before sending


@use_case
def save_application(db: Session, user_id: int | None, account: NewAccount, values: dict) -> SavedApplication:
    """The application saved as a draft, with an account made for it at the first save; ApplicationError
    when the account cannot be made or the application has been sent already."""
    application = applications.application_of(db, user_id) if user_id is not None else None
    if application is None:
        application = applications.new_draft(db, account.username, account.password, account.display_name)
    else:
        db.refresh(application)  # as it is now, not as the page read it
    applications.save(db, application, values)
    return SavedApplication(application, application.user, applications.problems(db, application))


@use_case
def send_application(db: Session, user_id: int) -> bool:
    """The applicant's application sent to the county; False when there is none, ApplicationError when incomplete."""
    application = applications.application_of(db, user_id)
    if application is None:
        return False
    applications.submit(db, application)
    return True


@dataclass(frozen=True)
class QualityPage:
    offices: list  # the provider's offices, whose accessibility it tells
    latest: ProviderQuality | None  # the latest version sent, in any status
    approved: ProviderQuality | None  # the one clients see


@use_case
def quality_page(db: Session, provider_id: int) -> QualityPage:
    """The provider's quality information: what it sent last, its status and the county's message."""
    return QualityPage(quality.offices_of(db, [provider_id])[provider_id], quality.latest(db, provider_id),
                       quality.latest(db, provider_id, QualityStatus.APPROVED))


@use_case
def send_quality(db: Session, provider_id: int, user: User, report: QualityReport, now: datetime) -> None:
    """The quality information sent for the county's approval; QualityProblems says what is wrong."""
    quality.submit(db, provider_id, user.id, report, now)


@use_case
def ratings_given(db: Session, provider_id: int, where: Where) -> ratings.ProviderRatings:
    """The clients' ratings of the provider, without their names, a page at a time."""
    return ratings.ratings_of_provider(db, provider_id, where)


@use_case
def rating_to_answer(db: Session, provider_id: int, rating_id: int) -> tuple[ProviderRating, str] | None:
    """One of the provider's ratings and its service's code; None when it is not theirs."""
    return ratings.rating_for_provider(db, provider_id, rating_id)


@use_case
def answer_rating(db: Session, user: User, rating_id: int, text: str, now: datetime) -> bool | None:
    """The provider's one answer to a rating: False when it was answered already (nothing changed), None when
    the rating is not theirs. ValueError with a code when the text cannot be saved."""
    if ratings.rating_for_provider(db, user.provider_id, rating_id) is None:
        return None
    return ratings.answer(db, user.provider_id, rating_id, text, user.id, now)
