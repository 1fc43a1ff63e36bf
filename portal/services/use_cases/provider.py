"""What the provider's pages ask of the services: the clients who chose them, recording services and
corrections, prices, settlements, and a company's application to become a provider."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from portal.db.models import Municipality, ProviderApplication, ProviderChoice, ProviderOffering, ServiceEvent, ServiceType, User
from portal.domain.access_log import AccessAction
from portal.domain.ledger import MonthPosition
from portal.domain.providers import ChoiceStatus
from portal.domain.recording import RecordingError
from portal.services import access_log, applications, client_pages, plans, provider_work, settlements
from portal.services.paging import Page, Where
from portal.services.work import use_case

ALREADY_ANSWERED = "already_answered"


@dataclass(frozen=True)
class ClientList:
    page: Page  # of ProviderChoice
    counts: dict[ChoiceStatus, int]
    status: ChoiceStatus  # the status whose clients are shown

    @property
    def client_ids(self) -> list[int]:
        return [choice.plan_line.plan.client_id for choice in self.page.rows]


@use_case
def client_list(db: Session, provider_id: int, today: date, asked: str | None, where: Where) -> ClientList:
    """The provider's clients of the status asked for: those waiting for an answer first, if any."""
    counts = provider_work.client_counts(db, provider_id, today)
    status = ChoiceStatus(asked) if asked in counts else (
        ChoiceStatus.PENDING if counts[ChoiceStatus.PENDING] else ChoiceStatus.ACCEPTED)
    return ClientList(provider_work.clients_page(db, provider_id, today, status, where), counts, status)


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


@use_case
def recording_page(db: Session, provider_id: int, choice_id: int, today: date) -> RecordingPage | None:
    """A client's service to record a visit of, with this month's quantity; None when not the provider's client."""
    choice = provider_work.choice_of(db, provider_id, choice_id, today)
    if choice is None:
        return None
    line = choice.plan_line
    month = provider_work.month_of_line(db, line.voucher_id, today) if line.voucher_id else None
    return RecordingPage(choice, line.plan.client_id, line.service_type.unit, month)


@use_case
def record_service(db: Session, user: User, choice_id: int, service_date: date | None, units: int | None,
                   today: date) -> None:
    """A delivered service recorded and charged to the client's voucher, logged in the client's access log,
    or RecordingError with nothing saved."""
    recorded = provider_work.record(db, user.provider_id, user, choice_id, service_date, units, today)
    access_log.record(db, user, recorded.client_id, AccessAction.RECORD_SERVICE)


@use_case
def recorded_service(db: Session, provider_id: int, event_id: int) -> ServiceEvent | None:
    """One of the provider's recordings with its corrections, to correct; None when not theirs."""
    return provider_work.event_of(db, provider_id, event_id)


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


@use_case
def services_of_month(db: Session, provider_id: int, month: date, showing: settlements.Showing,
                      where: Where) -> settlements.StatementPage:
    """A page of the services the provider recorded in a month, or of the credits settled in it."""
    return settlements.statement_page(db, provider_id, month, showing, where)


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
